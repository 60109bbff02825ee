"""The story parse: an article longer than spaCy's max_length is parsed in pieces, not a crash."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsbrief.analyze.context import nlp, parse
from newsbrief.model import Article
from newsbrief.pipeline import make_docs

PARAGRAPH = "Mayor Jane Roe said on Tuesday that the Acme warehouse in Springfield would reopen in May.\n"


@pytest.fixture
def small_max_length() -> Iterator[int]:
    # The real limit is 1,000,000 characters; the same code path at 2,000 keeps the test fast.
    model = nlp()
    old = model.max_length
    model.max_length = 2_000
    try:
        yield model.max_length
    finally:
        model.max_length = old


def test_article_longer_than_max_length_is_parsed_in_pieces(small_max_length: int) -> None:
    text = PARAGRAPH * 60  # ~5,400 characters, well over the limit
    assert len(text) > small_max_length
    (doc,) = make_docs([Article(id="long", text=text, outlet="a")])
    context = parse([doc])
    parsed = context.parsed[0]
    # offsets stay offsets into the whole article, in every piece
    assert all(text[t.start : t.end] == t.text for t in parsed.tokens)
    assert list(parsed.token_starts) == sorted(parsed.token_starts)
    people = [e for e in parsed.ents if e.label == "PERSON"]
    assert len(people) >= 50 and all(text[e.start : e.end] == e.text == "Jane Roe" for e in people)
    assert parsed.tokens[-1].end > len(text) - len(PARAGRAPH)
