"""The summarizer interface and its registry of names."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

from newsbrief.docs import Budget, Doc, Pick
from newsbrief.errors import ConfigError


class Summarizer(ABC):
    """Select sentences of ``docs`` that fit ``budget``; results come in reading order."""

    name: str = ""

    @abstractmethod
    def select(self, docs: Sequence[Doc], budget: Budget) -> list[Pick]:
        """Return picks whose words add up to at most ``budget.words`` (plus one more sentence
        when ``budget.overflow``), in reading order."""


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
