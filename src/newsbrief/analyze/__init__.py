"""Cross-outlet analysis of one story: entities, quotes, timeline, and agreement and conflict.

Order: parse every article once (spaCy tagger + NER, offsets into ``Article.text``) → merge entities
across spellings and outlets → quotes, attributed to merged entities → dated timeline → claims
aligned across outlets (TF-IDF, then MiniLM on the strongest pairs) and checked for conflicts. Each
section is also a function of its own; ``analyze`` shares the one parse between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsbrief.analyze.claims import ClaimOptions, find_claims
from newsbrief.analyze.context import StoryContext, parse
from newsbrief.analyze.entities import build_index, extract_entities
from newsbrief.analyze.quotes import extract_quotes
from newsbrief.analyze.timeline import build_timeline
from newsbrief.datefind import find_dates
from newsbrief.docs import Doc
from newsbrief.model import Claim, Entity, Quote, Record, TimelineEvent

if TYPE_CHECKING:
    from newsbrief.align import Alignment


@dataclass(frozen=True, slots=True)
class Analysis(Record):
    """The four analysis sections of a brief."""

    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    claims: tuple[Claim, ...] = ()


def analyze(
    docs: Sequence[Doc], *, claims: ClaimOptions | None = None, alignment: Alignment | None = None
) -> Analysis:
    """Entities, quotes, timeline and claims of the story made of ``docs`` (one parse for all).

    ``alignment``: the story's alignment of facts (``newsbrief.align.align`` of the same docs), so
    that claims agree with the summary's support; computed here when not given.
    """
    if not docs:
        return Analysis()
    ctx = parse(docs)
    index = build_index(ctx)
    return Analysis(
        entities=index.entities,
        quotes=extract_quotes(ctx, index),
        timeline=build_timeline(ctx, index),
        claims=find_claims(ctx, index, claims, alignment=alignment),
    )


__all__ = [
    "Analysis",
    "ClaimOptions",
    "StoryContext",
    "analyze",
    "build_timeline",
    "extract_entities",
    "extract_quotes",
    "find_claims",
    "find_dates",
    "parse",
]
