"""Rendering details that every format shares."""

from __future__ import annotations

from newsbrief.model import Article, Brief, Citation, Quote, Stats, Story, Summary, SummarySentence
from newsbrief.render import render

TEXT = "Jane Roe, the fire chief, spoke on Monday. “The building was empty when the fire started.”"


def _brief(sentence: str) -> Brief:
    article = Article(id="a1", text=TEXT, outlet="Daily <b>Example</b>")
    start = TEXT.index(sentence)
    cite = Citation("a1", 1, start, start + len(sentence))
    quote_start = TEXT.index("“")
    quote = Quote(
        text=TEXT[quote_start:], speaker="Jane Roe", citations=(Citation("a1", 1, quote_start, len(TEXT)),)
    )
    return Brief(
        story=Story(id="s1", article_ids=("a1",), title="Fire <script>alert(1)</script>"),
        articles=(article,),
        summary=Summary(
            (SummarySentence(sentence, (cite,), ("Daily <b>Example</b>",)),), method="test", words=8
        ),
        stats=Stats(articles=1, outlets=1, sentences=2, words=16),
        quotes=(quote,),
    )


def test_a_quoted_summary_sentence_names_its_speaker() -> None:
    brief = _brief("“The building was empty when the fire started.”")
    assert "*(Jane Roe, quoted)*" in render(brief, "md")
    assert '<span class="said">(Jane Roe, quoted)</span>' in render(brief, "html")


def test_no_speaker_note_when_the_sentence_names_the_speaker() -> None:
    brief = _brief("Jane Roe, the fire chief, spoke on Monday.")
    assert "quoted)" not in render(brief, "md")


def test_untrusted_text_is_escaped_in_html() -> None:
    page = render(_brief("Jane Roe, the fire chief, spoke on Monday."), "html")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>Example</b>" not in page


def test_one_article_from_one_outlet_is_counted_in_the_singular() -> None:
    brief = _brief("Jane Roe, the fire chief, spoke on Monday.")
    assert "*1 article, 1 outlet" in render(brief, "md")
    assert "1 article · 1 outlet" in render(brief, "html")
