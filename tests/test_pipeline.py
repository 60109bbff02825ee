"""The brief of the bundled seeds, and the guarantees every brief makes."""

from __future__ import annotations

import random

from newsbrief.model import Article
from newsbrief.pipeline import BriefOptions, make_brief
from newsbrief.render import render
from newsbrief.summarize.text import words

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
