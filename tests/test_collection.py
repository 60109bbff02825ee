"""The collection service: one stored story has one brief, whichever adapter asks for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from collection_corpus import write_corpus
from newsbrief import incremental
from newsbrief import story_title as story_title_module
from newsbrief.cli import cli
from newsbrief.collection import CollectionService, Page, StoryQuery
from newsbrief.model import Article
from newsbrief.pipeline import BriefOptions, make_brief
from newsbrief.runner import RunOptions, run
from newsbrief.serve import ServeOptions, create_app


def test_cli_http_and_run_give_one_stored_story_the_same_brief(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", shards=2)
    out = tmp_path / "out"
    run(corpus, out, RunOptions(brief=BriefOptions(words=40)))
    db = out / "news.sqlite"
    from_run = {b["story"]["id"]: b for b in map(json.loads, (out / "briefs.jsonl").read_text().splitlines())}
    stored = {
        json.loads(line)["id"]: json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()
    }
    # the dam story: several outlets and a wire copy, and a stored title that is no article's own
    story_id = max(stored, key=lambda k: len(stored[k]["articles"]))

    result = CliRunner().invoke(
        cli, ["brief", "--db", str(db), "--story", story_id, "-f", "json", "-w", "40"]
    )
    assert result.exit_code == 0, result.output
    from_cli = json.loads(result.stdout)

    app = create_app(db, options=ServeOptions(warm_model=False))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(f"/v1/stories/{story_id}/brief?format=json&words=40")
        assert response.status_code == 200, response.text
        from_http = response.json()
        listed = client.get("/v1/stories?limit=100").json()["stories"]

    with CollectionService(db) as collection:
        row = collection.story(story_id)
        in_process = collection.brief(story_id, BriefOptions(words=40)).to_dict()
    assert row is not None
    assert from_cli == from_http == from_run[story_id] == in_process
    assert from_cli["story"]["id"] == story_id
    assert from_cli["story"]["title"] == row[0].title == stored[story_id]["title"]
    assert next(s for s in listed if s["id"] == story_id)["title"] == row[0].title


def test_stories_query_and_page(tmp_path: Path) -> None:
    db = tmp_path / "news.sqlite"
    from newsbrief.ingest import load_articles

    articles = load_articles(write_corpus(tmp_path / "corpus"))
    with CollectionService(db, create=True) as collection:
        done = collection.ingest(articles, batch_size=4)
        assert (done.report.added, done.articles, done.copies, done.total_stories) == (11, 11, 1, 4)
        everything = collection.stories()
        assert everything.total == 4 and len(everything.stories) == 4
        paged = [r for k in range(4) for r in collection.stories(page=Page(limit=1, offset=k)).stories]
        assert paged == list(everything.stories)
        chess = collection.stories(StoryQuery(text="sorensen reykjavik"))
        assert chess.total == 1 and "chess" in chess.stories[0].title.casefold()
        assert collection.story("nope") is None and collection.articles("nope") == []


# A ferry fire told by three outlets: two print one headline, and the article whose words the others
# share most (the centre of the story's terms) has a headline of its own. A brief titles the story
# with the headline two outlets share; so must the collection, in every mode that stores a story.
FERRY = [
    (
        "harbour-news.example",
        "Ferry Solvang burns off Kessholm; all 212 aboard rescued",
        "The passenger ferry Solvang caught fire off Kessholm island on Friday night and all 212 passengers "
        "and crew were taken off by lifeboats and fishing boats. The blaze started in the engine room, the "
        "coast guard said, and the ferry was towed to Varnes harbour on Saturday. Captain Aino Rask said "
        "the crew sealed the engine room and the fire burned out before dawn.",
    ),
    (
        "coast-daily.example",
        "Everyone saved as fire guts Kessholm ferry",
        "Fishing boats joined lifeboats to take all 212 passengers off the burning ferry Solvang near Kessholm "
        "island late on Friday, the coast guard said. Skipper Olle Brandt of the trawler Maren said his crew "
        "pulled 40 passengers from a drifting lifeboat in heavy swell. Passengers spent the night in the "
        "Kessholm school gym, where volunteers brought blankets, soup and dry clothes.",
    ),
    (
        "island-radio.example",
        "Everyone saved as fire guts Kessholm ferry",
        "Captain Aino Rask said her crew sealed the engine room of the Solvang before the ferry was towed to "
        "Varnes harbour on Saturday. Investigators from the maritime authority boarded the blackened vessel "
        "at the quay and took the fuel pumps away for testing. Rask said a leaking fuel line was the likeliest "
        "cause, though the authority has not ruled on it.",
    ),
]


# A bridge collapse told by three outlets, none with a headline and each opening on a sentence that
# leans on what came before ("It was …", "They said …"): no article offers a headline, so the title is
# an article's opening words, and which article's must not depend on the surface (the brief once fell
# back on its summary's first sentence, a batch run on the most central article by its term vector,
# the fixed-stories path on the earliest article).
BRIDGE = [
    (
        "rail-watch.example",
        "",
        "It was just after six in the morning when the old Dalby rail bridge gave way under a freight "
        "train. They said nobody was hurt, although three wagons fell into the Orrin river. He had warned "
        "the rail company about cracks in the bridge piers, the local councillor Anna Vesk said on Tuesday.",
    ),
    (
        "dalby-post.example",
        "",
        "It took rescuers an hour to reach the three freight wagons that fell into the Orrin river when "
        "the Dalby rail bridge collapsed on Tuesday morning. They found the driver unhurt in the "
        "locomotive, which stayed on the track. She had warned the rail company about cracks in the bridge "
        "piers last year, councillor Anna Vesk said.",
    ),
    (
        "kerrow-radio.example",
        "",
        "It is the second bridge failure on the Orrin line in ten years. They closed the line between "
        "Dalby and Kerrow after three wagons of a freight train fell into the river on Tuesday. She had "
        "reported cracks in the bridge piers to the rail company, councillor Anna Vesk said.",
    ),
]
TOLD = {
    "ferry": (FERRY, "Everyone saved as fire guts Kessholm ferry"),
    "no headline": (
        BRIDGE,
        "It took rescuers an hour to reach the three freight wagons that fell into the Orrin…",
    ),
}


def _ferry_articles(told: list[tuple[str, str, str]] = FERRY) -> list[Article]:
    return [
        Article(id=f"ferry{n}", title=title, text=text, outlet=outlet, source=f"{outlet}/ferry")
        for n, (outlet, title, text) in enumerate(told)
    ]


def _stored_title(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str, articles: list[Article]) -> str:
    """The title of the one story ``articles`` make in a collection: written by ``run``, or ingested
    one article at a time (each batch finds the story stored before it), with stories reopened or
    fixed."""
    db = tmp_path / "news.sqlite"
    if mode == "run":
        corpus = tmp_path / "corpus.jsonl"
        corpus.write_text(
            "".join(
                json.dumps({"id": a.id, "title": a.title, "text": a.text, "source_domain": a.outlet}) + "\n"
                for a in articles
            )
        )
        run(corpus, tmp_path / "out", RunOptions(briefs=False))
        db = tmp_path / "out" / "news.sqlite"
    else:
        if mode == "ingest, stories fixed":
            monkeypatch.setattr(incremental, "REOPEN_LIMIT", 0)
        with CollectionService(db, create=True) as collection:
            for article in articles:
                collection.ingest([article], batch_size=1)
    with CollectionService(db) as collection:
        listed = collection.stories()
        assert listed.total == 1
        return listed.stories[0].title


@pytest.mark.parametrize("story", sorted(TOLD))
@pytest.mark.parametrize("mode", ["run", "ingest", "ingest, stories fixed"])
def test_a_stored_story_has_the_title_a_brief_of_its_articles_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str, story: str
) -> None:
    told, title = TOLD[story]
    articles = _ferry_articles(told)
    expected = make_brief(articles, BriefOptions(words=40, analyze=False)).story.title
    assert expected == title
    assert _stored_title(tmp_path, monkeypatch, mode, articles) == expected


@pytest.mark.parametrize("mode", ["run", "ingest", "ingest, stories fixed"])
def test_a_story_longer_than_its_title_window_is_titled_over_its_earliest_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    # titled over its two earliest articles (ids ferry0 and ferry1: the articles are undated), a
    # story has the title a brief of all three shows; the third article, later in that order, is
    # read by no one, on any path (the fixed-stories path keeps the stored title without reading)
    monkeypatch.setattr(story_title_module, "TITLE_ARTICLES", 2)
    articles = _ferry_articles()
    expected = make_brief(articles, BriefOptions(words=40, analyze=False)).story.title
    assert expected == story_title_module.story_title(articles[:2])
    assert expected != "Everyone saved as fire guts Kessholm ferry"  # the title over all three
    assert _stored_title(tmp_path, monkeypatch, mode, articles) == expected
