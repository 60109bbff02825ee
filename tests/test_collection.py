"""The collection service: one stored story has one brief, whichever adapter asks for it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from collection_corpus import write_corpus
from newsbrief.cli import cli
from newsbrief.collection import CollectionService, Page, StoryQuery
from newsbrief.pipeline import BriefOptions
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
        assert chess.total == 1 and chess.stories[0].title.startswith("Chess final")
        assert collection.story("nope") is None and collection.articles("nope") == []
