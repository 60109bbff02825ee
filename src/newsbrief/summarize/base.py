"""The summarizer interface and the value objects it trades in."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsbrief.errors import ConfigError
from newsbrief.model import Article, Sentence


@dataclass(frozen=True, slots=True)
class Budget:
    """Summary length in whitespace-separated words (the unit every ROUGE protocol uses).

    ``overflow`` lets the last selected sentence run past the budget, for callers that cut it at
    the budget (the evaluation protocols do); a brief keeps whole sentences, so it never overflows.
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


class Summarizer(ABC):
    """Select sentences of ``docs`` that fit ``budget``; results come in reading order."""

    name: str = ""

    @abstractmethod
    def select(self, docs: Sequence[Doc], budget: Budget) -> list[Pick]:
        """Return picks whose words add up to at most ``budget.words`` (plus one more sentence
        when ``budget.overflow``), in reading order."""


def whole(doc_index: int, doc: Doc, position: int) -> Pick:
    """The whole sentence at ``position`` of ``doc`` (a pick keeps the sentence's own index, which
    differs from its position when a caller hides some sentences from the summarizer)."""
    s = doc.sentences[position]
    return Pick(doc_index, s.index, s.start, s.end)


def _registry() -> dict[str, Callable[[], Summarizer]]:
    from newsbrief.summarize.ilp import ConceptILP
    from newsbrief.summarize.lead import Lead
    from newsbrief.summarize.lexrank import LexRank
    from newsbrief.summarize.textrank import TextRank

    return {"newsbrief": ConceptILP, "lead": Lead, "lexrank": LexRank, "textrank": TextRank}


def summarizer_names() -> list[str]:
    return sorted(_registry())


def get_summarizer(name: str) -> Summarizer:
    """The summarizer called ``name``; ``ConfigError`` lists the valid names otherwise."""
    registry = _registry()
    if name not in registry:
        raise ConfigError(f"unknown summarizer {name!r}; choose one of: {', '.join(sorted(registry))}")
    return registry[name]()
