"""The mention and title records the analysis sections share (see ``entities.EntityIndex``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """One mention of a merged entity: where it is, and which entity it resolved to."""

    doc: int
    start: int
    end: int
    entity: str  # the merged entity's name
    kind: str
    possessive: bool = False
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class TitleMention:
    """A title or role an outlet gives an entity, with the span that says it."""

    entity: str
    title: str
    head: str
    doc: int
    start: int
    end: int
    former: bool
