from __future__ import annotations

from newsbrief.model import Article
from newsbrief.split import split_article, split_spans


def test_sentences_are_views_with_exact_offsets() -> None:
    text = "Robert C. O'Brien spoke on Jan. 11 in the U.S. capital. He said talks would resume.\nA new paragraph starts here."
    article = Article(id="a", text=text)
    sentences = split_article(article)
    assert [s.text(article) for s in sentences] == [
        "Robert C. O'Brien spoke on Jan. 11 in the U.S. capital.",
        "He said talks would resume.",
        "A new paragraph starts here.",
    ]
    assert all(text[s.start : s.end] == s.text(article) for s in sentences)
    assert [s.index for s in sentences] == [0, 1, 2]


def test_no_sentence_crosses_a_paragraph() -> None:
    spans = split_spans("A headline without a period\nThe first sentence of the story.")
    assert len(spans) == 2


def test_a_quoted_headline_with_a_period_stays_one_sentence() -> None:
    text = (
        "A New York Times article read “Happy Birthday, Trump Tells Kim. Not Enough, North Korea Says,” "
        "with a subheading. The next sentence stands alone."
    )
    spans = split_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "A New York Times article read “Happy Birthday, Trump Tells Kim. Not Enough, North Korea Says,” with a subheading.",
        "The next sentence stands alone.",
    ]


def test_an_unclosed_quote_does_not_swallow_the_paragraph() -> None:
    text = "He said “we will see. Nothing is decided yet. Talks go on."
    assert len(split_spans(text)) == 3
