"""A story's documents as the stages after splitting see them, and the spans they pick.

``Doc`` (an article with its sentences), ``Pick`` (a selected sentence span) and ``Budget`` (a
summary length) are read by summarization, support, coverage and analysis alike, so they live
beside the data model rather than in any one stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.errors import ConfigError
from newsbrief.model import Article, Sentence


@dataclass(frozen=True, slots=True)
class Budget:
    """Summary length in whitespace-separated words (the unit every ROUGE protocol uses).

    ``overflow`` lets the last selected sentence run past the budget, for callers that cut it at
    the budget (the evaluation protocols do); a brief keeps whole sentences, so it never overflows.
    Raises ``ConfigError`` when ``words`` is below 1.
    """

    words: int
    overflow: bool = False

    def __post_init__(self) -> None:
        if self.words < 1:
            raise ConfigError(f"word budget must be at least 1, got {self.words}")


@dataclass(frozen=True, slots=True)
class Doc:
    """One article of a story with its sentences (views into ``article.text``)."""

    article: Article
    sentences: tuple[Sentence, ...]

    def text(self, index: int) -> str:
        return self.sentences[index].text(self.article)


@dataclass(frozen=True, slots=True)
class Pick:
    """A selected span: sentence ``index`` of document ``doc``, characters ``[start, end)`` of the article."""

    doc: int
    index: int
    start: int
    end: int

    def text(self, docs: Sequence[Doc]) -> str:
        return docs[self.doc].article.text[self.start : self.end]


def whole(doc_index: int, doc: Doc, position: int) -> Pick:
    """The whole sentence at ``position`` of ``doc`` (a pick keeps the sentence's own index, which
    differs from its position when a caller hides some sentences from the summarizer)."""
    s = doc.sentences[position]
    return Pick(doc_index, s.index, s.start, s.end)
