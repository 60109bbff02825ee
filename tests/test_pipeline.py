"""The brief of the bundled seeds, and the guarantees every brief makes."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from newsbrief.align import align
from newsbrief.model import Article
from newsbrief.pipeline import BriefOptions, make_brief
from newsbrief.render import render
from newsbrief.text import words

BOILERPLATE = (
    "Most viewed articles",
    "Recent Features",
    "Credit: Flickr",
    "button that move",
    "Please direct comments",
    "(Reuters)",
    "2011The",
    "Posted on :",
    "By Hwang Joon-bum",
)


def test_seed_brief_cites_all_three_outlets(seed_brief) -> None:  # type: ignore[no-untyped-def]
    cited = {
        seed_brief.article(c.article_id).outlet for s in seed_brief.summary.sentences for c in s.citations
    }
    assert len(cited) == 3
    assert seed_brief.stats.outlets == 3


def test_cross_outlet_support_is_reported(seed_brief) -> None:  # type: ignore[no-untyped-def]
    agreed = [c for c in seed_brief.claims if c.status == "agree"]
    assert agreed, "the seeds share facts across outlets; some fact must be reported twice"
    supported = [s for s in seed_brief.summary.sentences if len(s.support) >= 2]
    for s in supported:
        own = {seed_brief.article(c.article_id).outlet for c in s.citations}
        others = {seed_brief.article(c.article_id).outlet for c in s.evidence}
        assert set(s.support) == own | others
        assert not own & others


def test_every_citation_span_contains_its_sentence(seed_brief) -> None:  # type: ignore[no-untyped-def]
    for s in seed_brief.summary.sentences:
        assert s.citations
        for c in s.citations:
            article = seed_brief.article(c.article_id)
            assert s.text in article.text[c.start : c.end]
        for c in s.evidence:
            assert seed_brief.article(c.article_id).text[c.start : c.end]


def test_summary_respects_the_word_budget(seed_articles) -> None:  # type: ignore[no-untyped-def]
    for budget in (40, 100, 250):
        brief = make_brief(seed_articles, BriefOptions(words=budget))
        assert 0 < brief.summary.words <= budget
        assert brief.summary.words == sum(words(s.text) for s in brief.summary.sentences)


def test_no_boilerplate_in_any_output(seed_brief) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("md", "json", "html"):
        out = render(seed_brief, fmt)
        for junk in BOILERPLATE:
            assert junk not in out, (fmt, junk)


def test_same_input_in_any_order_gives_identical_output(seed_articles, seed_brief) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(reversed(seed_articles))
    again = make_brief(shuffled)
    for fmt in ("md", "json", "html"):
        assert render(again, fmt) == render(seed_brief, fmt)


def test_single_article_still_gets_a_brief(seed_articles) -> None:  # type: ignore[no-untyped-def]
    brief = make_brief(seed_articles[:1], BriefOptions(words=80))
    assert brief.summary.sentences
    assert all(s.support == (seed_articles[0].outlet,) for s in brief.summary.sentences)
    assert "outlets" not in render(brief, "md").split("## Sources")[0].split("## Summary")[1]


def test_five_hundred_articles_in_one_call(seed_articles) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    pool = [s for a in seed_articles for s in a.text.split("\n") if len(s.split()) > 8]
    articles = []
    for i in range(500):
        paragraphs = rng.sample(pool, 6)
        articles.append(Article(id=f"a{i:03d}", text="\n".join(paragraphs), outlet=f"outlet{i % 40}"))
    brief = make_brief(articles, BriefOptions(words=120))
    assert brief.stats.articles == 500
    assert 0 < brief.summary.words <= 120
    for s in brief.summary.sentences:
        c = s.citations[0]
        assert s.text in brief.article(c.article_id).text[c.start : c.end]


def test_no_summary_sentence_restates_another(seed_brief) -> None:  # type: ignore[no-untyped-def]
    sources = [
        (s.citations[0].article_id, s.citations[0].sentence_index) for s in seed_brief.summary.sentences
    ]
    for s in seed_brief.summary.sentences:
        said = {(c.article_id, c.sentence_index) for c in s.evidence}
        assert not said & set(sources), "two summary sentences are one fact told by two outlets"


def test_words_freed_by_a_dropped_restatement_are_refilled(seed_brief) -> None:  # type: ignore[no-untyped-def]
    # The seeds hold ~1,400 words on one story: a 150-word brief has plenty to choose from.
    assert seed_brief.summary.words >= 0.7 * 150


# -- copies are one source: syndication and near-duplicates ---------------------------------------

WIRE_STORY = (
    "Flood barriers on the Selm river failed on Saturday night, forcing the evacuation of 2,300 people "
    "from the low districts of Amberg.\n\n"
    "The regional water authority said the barrier had been rated for a once-in-fifty-years flood, but "
    "three days of rain pushed the river a metre above that level.\n\n"
    "Emergency crews worked through the night to move elderly residents from two care homes near the "
    "river to a sports hall on higher ground.\n\n"
    "Mayor Lotte Brandt said the city would pay for temporary housing and asked residents not to return "
    "until engineers had inspected the damaged embankment.\n\n"
    "Rail services between Amberg and the coast were suspended after water covered the tracks near the "
    "old freight yard."
)
OWN_REPORT = (
    "Amberg mayor Lotte Brandt promised temporary housing for families forced out of their homes when "
    "the Selm river broke through its flood barrier.\n\n"
    "Residents of the Kessel quarter described water rising to window height within an hour, and many "
    "left with nothing but their documents.\n\n"
    "Insurers estimate the damage at more than forty million euros, a figure the chamber of commerce "
    "called a blow to the shops along the river front."
)
MONDAY_LEAD = (
    "Caldera Metals said on Monday it would shut the second blast furnace at Harwick for six weeks of "
    "repairs, sending four hundred workers home on full pay while engineers replace the lining."
)
THURSDAY_LEAD = (
    "Workers at the Harwick steelworks voted on Thursday to strike over a pay offer they called an insult, "
    "the first walkout at the plant in thirty years, with picket lines planned from next week."
)
STEEL_BACKGROUND = "\n\n".join(
    [
        "The Harwick steelworks opened in 1962 on the south bank of the Morrow estuary and at its peak "
        "employed more than eleven thousand people across three blast furnaces and a rolling mill.",
        "Production fell steadily through the 1990s as cheaper imports arrived, and the plant changed hands "
        "twice before the current owner, Caldera Metals, bought it out of administration.",
        "Caldera promised a new electric arc furnace that would cut emissions by two thirds, but the project "
        "has been delayed while the company negotiated a grant with the regional development agency.",
        "Local councillors say the town depends on the plant for roughly one job in five, and the supply "
        "firms around the estuary would struggle if the furnaces went cold for any length of time.",
        "Unions have long argued that energy prices, not wages, decide whether the site can compete, and "
        "they have asked ministers for a guaranteed power tariff like those offered to plants abroad.",
    ]
)


def _dated(aid: str, outlet: str, title: str, text: str, when: datetime) -> Article:
    return Article(id=aid, text=text, title=title, outlet=outlet, published=when)


@pytest.fixture(scope="module")
def wire_articles() -> list[Article]:
    sunday = datetime(2024, 5, 12, 6, 0, tzinfo=UTC)
    return [
        _dated("wire", "Wire Service", "Selm barriers fail", WIRE_STORY, sunday),
        # the same text, under another outlet's name and headline, two hours later
        _dated(
            "copy",
            "Amberg Courier",
            "Thousands flee as river breaks through",
            WIRE_STORY,
            sunday + timedelta(hours=2),
        ),
        _dated(
            "own",
            "Valley Times",
            "Mayor promises housing after flood",
            OWN_REPORT,
            sunday + timedelta(hours=5),
        ),
    ]


@pytest.fixture(scope="module")
def wire_brief(wire_articles):  # type: ignore[no-untyped-def]
    return make_brief(wire_articles, BriefOptions(words=120))


def test_a_verbatim_copy_is_counted_as_a_copy_not_an_outlet(wire_brief) -> None:  # type: ignore[no-untyped-def]
    stats = wire_brief.stats
    assert (stats.articles, stats.outlets, stats.independent_outlets, stats.copies) == (3, 3, 2, 1)
    assert [(c.article_id, c.original_id) for c in stats.copy_of] == [("copy", "wire")]
    md, html = render(wire_brief, "md"), render(wire_brief, "html")
    assert "*3 articles, 2 independent outlets, 1 copy, 2024-05-12*" in md
    assert '<p class="meta">3 articles · 2 independent outlets · 1 copy · 2024-05-12</p>' in html
    assert "copy of [1]" in md.split("## Sources")[1] and 'copy of <a href="#source-1">[1]</a>' in html


def test_wire_sentences_count_one_independent_outlet(wire_brief) -> None:  # type: ignore[no-untyped-def]
    wire_only = [
        s
        for s in wire_brief.summary.sentences
        if s.citations[0].article_id in ("wire", "copy") and not s.evidence
    ]
    assert wire_only, "the wire story's sentences must reach the brief"
    md = render(wire_brief, "md")
    for s in wire_only:
        assert s.support == ("Wire Service",)  # one source, not two; picked from the original
        assert {c.article_id for c in s.citations} == {"wire", "copy"}  # the copy is cited as a copy
        line = next(line for line in md.splitlines() if s.text in line)
        assert "2 of 3" not in line and "1 of 2 independent outlets" in line
        assert "also carried verbatim by Amberg Courier" in line
    for s in wire_brief.summary.sentences:
        assert "Amberg Courier" not in s.support and s.citations[0].article_id != "copy"


def test_an_original_and_its_copy_never_agree_with_each_other(wire_brief) -> None:  # type: ignore[no-untyped-def]
    from newsbrief.dedupe import independence_keys

    keys = independence_keys(wire_brief.articles)
    assert keys["wire"] == keys["copy"] != keys["own"]
    for c in wire_brief.claims:
        if c.status == "agree":
            assert len({keys[x.article_id] for x in c.citations}) >= 2, c
            assert "Amberg Courier" not in c.outlets, c  # the copy's outlet is not a second voice
    # nor in the rest of the analysis: no quote, mention or event is counted for the copy
    assert all(m.outlet != "Amberg Courier" for e in wire_brief.entities for m in e.mentions)
    assert all(v.outlet != "Amberg Courier" for q in wire_brief.quotes for v in q.variants)
    cited = [c for t in wire_brief.timeline for c in t.citations] + [
        c for x in wire_brief.claims for c in x.citations
    ]
    assert all(c.article_id != "copy" for c in cited)


def test_the_same_articles_count_the_same_in_paths_and_db_mode(tmp_path, wire_articles, wire_brief) -> None:  # type: ignore[no-untyped-def]
    from newsbrief.store import Collection

    with Collection(tmp_path / "news.sqlite", create=True) as collection:
        report = collection.ingest(wire_articles)
        (row,) = collection.stories()
        _row, stored = collection.story(row.id, copies=True)
    assert report.copies == 1 and (row.articles, row.copies, row.outlets) == (2, 1, 2)
    from_db = make_brief(stored, BriefOptions(words=120, analyze=False))
    assert from_db.stats == wire_brief.stats


def test_a_copy_s_headline_does_not_title_the_brief(tmp_path, wire_articles, wire_brief) -> None:  # type: ignore[no-untyped-def]
    # a collection titles a story over its originals; a brief of the same files, copy included, must
    # show that title too, not the copy's headline ("Thousands flee ...") tipping the choice
    from newsbrief.store import Collection

    with Collection(tmp_path / "news.sqlite", create=True) as collection:
        collection.ingest(wire_articles)
        (row,) = collection.stories()
    originals = [a for a in wire_articles if a.id != "copy"]
    assert wire_brief.story.title == row.title == make_brief(originals, BriefOptions(words=40)).story.title


def test_two_events_sharing_background_paragraphs_are_both_briefed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newsbrief.store import Collection

    monday = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
    articles = [
        _dated(
            "mon", "Daily Post", "Furnace shut for repairs", MONDAY_LEAD + "\n\n" + STEEL_BACKGROUND, monday
        ),
        _dated(
            "thu",
            "Evening Star",
            "Harwick workers vote to strike",
            THURSDAY_LEAD + "\n\n" + STEEL_BACKGROUND,
            monday + timedelta(days=3),
        ),
    ]
    brief = make_brief(articles, BriefOptions(words=120, analyze=False))
    assert (brief.stats.copies, brief.stats.independent_outlets) == (0, 2)
    leads = {a.text.split("\n")[0] for a in brief.articles}
    assert leads == {MONDAY_LEAD, THURSDAY_LEAD}
    # in a collection neither report is linked to the other as a copy, so neither leaves its story
    with Collection(tmp_path / "news.sqlite", create=True) as collection:
        assert collection.ingest(articles).copies == 0
        shown = {a.id for row in collection.stories() for a in collection.story(row.id)[1]}
    assert shown == {"mon", "thu"}


def test_support_counts_an_original_and_its_copy_as_one_source(wire_articles) -> None:  # type: ignore[no-untyped-def]
    from newsbrief.dedupe import independence_keys
    from newsbrief.docs import whole
    from newsbrief.order import order_articles
    from newsbrief.pipeline import make_docs
    from newsbrief.support import find_support

    quoted = "Rail services between Amberg and the coast were suspended after water covered the tracks near the old freight yard."
    own = wire_articles[2]
    own = Article(
        id=own.id,
        text=own.text + "\n\n" + quoted,
        title=own.title,
        outlet=own.outlet,
        published=own.published,
    )
    articles = order_articles([*wire_articles[:2], own])
    docs = make_docs(articles)
    d = next(k for k, doc in enumerate(docs) if doc.article.id == "own")
    position = next(i for i in range(len(docs[d].sentences)) if docs[d].text(i) == quoted)
    pick = whole(d, docs[d], position)
    keys = independence_keys(articles)
    (supported,) = find_support(docs, [pick], align(docs, keys))
    # the sentence is in the wire story and its copy verbatim: both are cited, one source counts
    assert {c.article_id for c in supported.citations} == {"own", "wire", "copy"}
    assert supported.support == ("Valley Times", "Wire Service")
    (without_keys,) = find_support(docs, [pick], align(docs))
    # without the copy's key the alignment still sees wire copy (sentences shared word for word)
    assert without_keys.support == ("Valley Times", "Wire Service")
