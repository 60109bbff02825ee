"""The section model of a rendered brief: frozen records holding exactly what a reader is shown
(counts, notes, citation numbers, sentence anchors), in the order ``render_sections.sections``
gives them. Markdown and HTML only format these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from newsbrief.model import Article

ENTITY_GROUP_ORDER = ("People", "Organizations", "Places", "Groups", "Other")


@dataclass(frozen=True, slots=True)
class Mark:
    """One citation as a reader follows it: source ``number`` [n], the ``anchor`` of the cited
    sentence (``s<n>-<sentence index>``) and the source's outlet."""

    number: int
    anchor: str
    outlet: str


@dataclass(frozen=True, slots=True)
class Header:
    kind: ClassVar[str] = "header"  # the template that shows it: templates/header.html

    title: str
    counts: tuple[str, ...]  # "25 articles", "12 independent outlets", "13 copies"
    span: str  # "2020-01-13 to 2020-01-15", or "" when undated


@dataclass(frozen=True, slots=True)
class Warnings:
    kind: ClassVar[str] = "warnings"  # the template that shows it: templates/warnings.html

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """A summary sentence as shown. ``cites``: its verbatim sources; ``evidence``: outlets saying
    the same in their own words (counted in ``support``); ``related``: outlets reporting part of it
    (shown, never counted); ``note``: "2 of 3 outlets" ("" for a one-outlet story); ``carried``:
    the copies carrying it verbatim; ``speaker``: who speaks in a quotation that does not say."""

    text: str
    cites: tuple[Mark, ...]
    support: int
    note: str
    carried: str
    evidence: tuple[Mark, ...]
    related: tuple[Mark, ...]
    speaker: str


@dataclass(frozen=True, slots=True)
class SummarySection:
    kind: ClassVar[str] = "summary"  # the template that shows it: templates/summary.html

    lines: tuple[SummaryLine, ...]


@dataclass(frozen=True, slots=True)
class EntityItem:
    name: str
    kind: str  # "person", or "person, ambiguous: Kim Jong-un, Kim Yo-jong"
    aliases: str
    titles: str
    mentions: str  # "Reuters 3, AP 1"
    cites: tuple[Mark, ...]  # one per article
    group: str = "Other"  # People, Organizations, Places, Groups or Other (ENTITY_GROUPS)
    count: int = 0  # mentions in all outlets
    anchors: tuple[str, ...] = ()  # every sentence that names it, in source order


@dataclass(frozen=True, slots=True)
class EntitiesSection:
    kind: ClassVar[str] = "entities"  # the template that shows it: templates/entities.html

    items: tuple[EntityItem, ...]
    more: int  # entities left out (in the JSON only)

    @property
    def groups(self) -> tuple[tuple[str, tuple[EntityItem, ...]], ...]:
        """The items by group, in ``ENTITY_GROUP_ORDER``, each group in the items' order."""
        return tuple(
            (g, tuple(e for e in self.items if e.group == g))
            for g in ENTITY_GROUP_ORDER
            if any(e.group == g for e in self.items)
        )


@dataclass(frozen=True, slots=True)
class VariantItem:
    status: str
    number: int
    outlet: str
    text: str
    anchor: str = ""  # the sentence it is in


@dataclass(frozen=True, slots=True)
class QuoteItem:
    text: str
    speaker: str
    cites: tuple[Mark, ...]
    outlets: int
    variants: tuple[VariantItem, ...]  # the truncated or altered ones


@dataclass(frozen=True, slots=True)
class QuotesSection:
    kind: ClassVar[str] = "quotes"  # the template that shows it: templates/quotes.html

    items: tuple[QuoteItem, ...]

    @property
    def speakers(self) -> tuple[tuple[str, tuple[QuoteItem, ...]], ...]:
        """The quotes by speaker ("who said what"): the most quoted first, then by name;
        "unattributed" last; each speaker's quotes in the brief's order."""
        by: dict[str, list[QuoteItem]] = {}
        for q in self.items:
            by.setdefault(q.speaker, []).append(q)
        order = sorted(by, key=lambda n: (n == "unattributed", -len(by[n]), n.casefold()))
        return tuple((n, tuple(by[n])) for n in order)


@dataclass(frozen=True, slots=True)
class EventItem:
    date: str
    precision: str
    inferred: bool
    text: str
    cites: tuple[Mark, ...]

    @property
    def label(self) -> str:
        """The date as a reader reads it: "13 Jan 2020", "Jan 2020" or "2020"."""
        return date_label(self.date)


@dataclass(frozen=True, slots=True)
class TimelineSection:
    kind: ClassVar[str] = "timeline"  # the template that shows it: templates/timeline.html

    items: tuple[EventItem, ...]


@dataclass(frozen=True, slots=True)
class Side:
    """One outlet's side of a conflict: its cited sentence, in full, and where it is."""

    mark: Mark
    sentence: str


@dataclass(frozen=True, slots=True)
class ClaimItem:
    text: str  # the claim, or for a conflict what differs
    cites: tuple[Mark, ...]
    outlets: int
    sides: tuple[Side, ...] = ()  # a conflict's cited sentences, side by side


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    status: str  # agree | conflict | unique
    heading: str
    items: tuple[ClaimItem, ...]


@dataclass(frozen=True, slots=True)
class ClaimsSection:
    kind: ClassVar[str] = "claims"  # the template that shows it: templates/claims.html

    groups: tuple[ClaimGroup, ...]
    total: int  # independent outlets a claim's count is out of


@dataclass(frozen=True, slots=True)
class Segment:
    """Source text between two sentences (``gap``) and the sentence after it."""

    gap: str
    index: int
    text: str


@dataclass(frozen=True, slots=True)
class SourceItem:
    number: int
    article: Article
    date: str
    url: str  # "" unless an http(s) link
    original: int  # the number of the article this one copies, 0 when it is no copy
    paragraphs: tuple[tuple[Segment, ...], ...]  # only when asked for (HTML shows the text)
    cited: frozenset[int] = frozenset()  # indices of the sentences the summary cites


@dataclass(frozen=True, slots=True)
class SourcesSection:
    kind: ClassVar[str] = "sources"  # the template that shows it: templates/sources.html

    items: tuple[SourceItem, ...]


Section = (
    Header
    | Warnings
    | SummarySection
    | EntitiesSection
    | QuotesSection
    | TimelineSection
    | ClaimsSection
    | SourcesSection
)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_label(iso: str) -> str:
    """An ISO date prefix as a reader reads it: "2020-01-13" → "13 Jan 2020", "2020-01" → "Jan
    2020", "2020" → "2020"; anything else as given."""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return iso
