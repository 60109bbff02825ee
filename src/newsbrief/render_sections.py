"""The brief as a reader sees it: an ordered list of typed sections holding exactly what a reader
is shown (counts, notes, citation numbers, sentence anchors), read by both the Markdown
(``render_md``) and the HTML (``render_html``) renderers, so the two cannot drift apart; each only
formats. Sources are numbered in the brief's article order; a sentence's anchor is
``s<source number>-<sentence index>``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from newsbrief.model import Article, Brief, Citation, Claim, SummarySentence
from newsbrief.story_title import time_span

MAX_ENTITIES = 25  # Markdown and HTML list the most mentioned; JSON carries them all
CLAIM_GROUPS = (
    ("agree", "Reported by several outlets"),
    ("conflict", "Conflicts"),
    ("unique", "Reported by one outlet only"),
)
# spaCy's entity kinds as a reader groups them: GPE (countries, cities) and LOC (rivers, regions)
# are both places; Google News and Ground News show one "places" list.
ENTITY_GROUPS = {
    "PERSON": "People",
    "ORG": "Organizations",
    "NORP": "Groups",
    "GPE": "Places",
    "LOC": "Places",
}
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


def sections(brief: Brief, *, source_text: bool = False) -> list[Section]:
    """The brief as a reader sees it, in page order: header, warnings, summary, entities, quotes,
    timeline, claims, sources (analysis sections only when not empty). ``source_text`` splits each
    source into paragraphs of sentences (HTML shows them; it costs one sentence split per article).
    """
    numbers = _numbers(brief)
    total, noun = _independent(brief)
    copies = _copies(brief)
    speakers = _speakers(brief)

    def mark(c: Citation) -> Mark:
        return Mark(numbers[c.article_id], _anchor(numbers, c), brief.article(c.article_id).outlet)

    def marks(citations: tuple[Citation, ...], per_article: bool = False) -> tuple[Mark, ...]:
        """One mark per cited sentence (or per article), in source order."""
        seen: set[tuple[str, int]] = set()
        out = []
        for c in sorted(citations, key=lambda c: (numbers[c.article_id], c.sentence_index)):
            key = (c.article_id, -1 if per_article else c.sentence_index)
            if key not in seen:
                seen.add(key)
                out.append(mark(c))
        return tuple(out)

    summary_cited: dict[str, frozenset[int]] = {}
    for s in brief.summary.sentences:
        for c in (*s.citations, *s.evidence):
            summary_cited[c.article_id] = summary_cited.get(c.article_id, frozenset()) | {c.sentence_index}

    out: list[Section] = [Header(brief.story.title or "Untitled story", tuple(_counts(brief)), _span(brief))]
    if brief.warnings:
        out.append(Warnings(brief.warnings))
    out.append(
        SummarySection(
            tuple(
                SummaryLine(
                    text=s.text,
                    cites=tuple(mark(c) for c in s.citations),
                    support=len(s.support),
                    note=_support_note(len(s.support), total, noun),
                    carried=_carried(brief, s, copies),
                    evidence=tuple(mark(c) for c in s.evidence),
                    related=marks(s.related, per_article=True),
                    speaker=speaker_note(brief, s, speakers),
                )
                for s in brief.summary.sentences
            )
        )
    )
    if brief.entities:
        items = tuple(
            EntityItem(
                e.name,
                ", ".join(
                    [e.kind.lower(), *(["ambiguous: " + ", ".join(e.candidates)] if e.candidates else [])]
                ),
                ", ".join(e.aliases),
                "; ".join(e.titles),
                ", ".join(f"{m.outlet} {m.count}" for m in e.mentions),
                marks(e.citations, per_article=True),
                ENTITY_GROUPS.get(e.kind, "Other"),
                sum(m.count for m in e.mentions),
                tuple(m.anchor for m in marks(e.citations)),
            )
            for e in brief.entities[:MAX_ENTITIES]
        )
        out.append(EntitiesSection(items, max(0, len(brief.entities) - MAX_ENTITIES)))
    if brief.quotes:
        quotes = []
        for q in brief.quotes:
            variants = tuple(
                VariantItem(
                    v.status, numbers[v.citation.article_id], v.outlet, v.text, _anchor(numbers, v.citation)
                )
                for v in q.variants
                if v.status != "full" and len(q.variants) > 1
            )
            outlets = len({v.outlet for v in q.variants})
            quotes.append(
                QuoteItem(q.text, q.speaker or "unattributed", marks(q.citations), outlets, variants)
            )
        out.append(QuotesSection(tuple(quotes)))
    if brief.timeline:
        events = tuple(
            EventItem(t.date, t.precision, t.inferred, t.text, marks(t.citations)) for t in brief.timeline
        )
        out.append(TimelineSection(events))
    if brief.claims:
        groups = []
        for status, heading in CLAIM_GROUPS:
            claims = tuple(
                ClaimItem(
                    c.detail if status == "conflict" else c.text,
                    marks(c.citations),
                    len(c.outlets),
                    _sides(brief, c, mark) if status == "conflict" else (),
                )
                for c in brief.claims
                if c.status == status
            )
            if claims:
                groups.append(ClaimGroup(status, heading, claims))
        # claims count independent outlets, as summary support does
        out.append(ClaimsSection(tuple(groups), total))
    out.append(
        SourcesSection(
            tuple(
                SourceItem(
                    numbers[a.id],
                    a,
                    _date(a),
                    safe_url(a.url),
                    numbers.get(copies.get(a.id, ""), 0),
                    _paragraphs(a) if source_text else (),
                    summary_cited.get(a.id, frozenset()),
                )
                for a in brief.articles
            )
        )
    )
    return out


def _sides(brief: Brief, claim: Claim, mark: Callable[[Citation], Mark]) -> tuple[Side, ...]:
    """A conflict's cited sentences as its outlets print them, in the claim's order."""
    out = []
    for c in claim.citations:
        text = brief.article(c.article_id).text
        out.append(Side(mark(c), " ".join(text[c.start : c.end].split())))
    return tuple(out)


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


def _numbers(brief: Brief) -> dict[str, int]:
    return {a.id: n for n, a in enumerate(brief.articles, 1)}


def _date(article: Article) -> str:
    return article.published.date().isoformat() if article.published else "undated"


def plural(n: int, noun: str, many: str = "") -> str:
    """The noun as ``n`` of it reads: plural("article") is "article" for 1, "articles" otherwise."""
    return noun if n == 1 else (many or noun + "s")


def _counted(n: int, noun: str, many: str = "") -> str:
    return f"{n} {plural(n, noun, many)}"


def _support_note(outlets: int, total: int, noun: str = "outlets") -> str:
    if total <= 1:
        return ""
    return f"{outlets} of {total} {noun}"


def _counts(brief: Brief) -> list[str]:
    """The header's counts: copies are never counted as outlets ("25 articles, 12 independent
    outlets, 13 copies"); a brief without copies reads "3 articles, 3 outlets"."""
    st = brief.stats
    if not st.copies:
        return [_counted(st.articles, "article"), _counted(st.outlets, "outlet")]
    return [
        _counted(st.articles, "article"),
        _counted(st.independent_outlets, "independent outlet"),
        _counted(st.copies, "copy", "copies"),
    ]


def _independent(brief: Brief) -> tuple[int, str]:
    """The total a summary sentence's support is out of, and what it counts."""
    if brief.stats.copies:
        return brief.stats.independent_outlets, "independent outlets"
    return brief.stats.outlets, "outlets"


def _copies(brief: Brief) -> dict[str, str]:
    return {c.article_id: c.original_id for c in brief.stats.copy_of}


def _carried(brief: Brief, sentence: SummarySentence, copies: dict[str, str]) -> str:
    """The outlets whose copies carry the sentence verbatim: shown, never counted as support."""
    names = sorted(
        {brief.article(c.article_id).outlet for c in sentence.citations if c.article_id in copies}
        - set(sentence.support)
    )
    return "also carried verbatim by " + ", ".join(names) if names else ""


def _speakers(brief: Brief) -> dict[tuple[str, int], str]:
    """Speaker of each quoted source sentence, from the quotes analysis: (article, sentence) → name."""
    found: dict[tuple[str, int], str] = {}
    for q in brief.quotes:
        if not q.speaker:
            continue
        for c in (*q.citations, *(v.citation for v in q.variants)):
            found.setdefault((c.article_id, c.sentence_index), q.speaker)
    return found


def speaker_note(brief: Brief, sentence: SummarySentence, speakers: dict[tuple[str, int], str]) -> str:
    """Who is speaking in a quoted summary sentence that does not name them itself ("" otherwise).

    Summary sentences are exact source text, so a quotation whose speaker is named in the sentence
    before it would reach the reader without a speaker; the quotes analysis knows who it is.
    """
    for c in sentence.citations:
        speaker = speakers.get((c.article_id, c.sentence_index))
        if speaker and speaker.split()[-1] not in sentence.text:
            return speaker
    return ""


def _span(brief: Brief) -> str:
    return time_span(brief.story.first_seen, brief.story.last_seen)


def _anchor(numbers: dict[str, int], c: Citation) -> str:
    return f"s{numbers[c.article_id]}-{c.sentence_index}"


def _paragraphs(article: Article) -> tuple[tuple[Segment, ...], ...]:
    """The article text as paragraphs of sentences; a line break between sentences starts a new
    paragraph, and the text between sentences is kept (without its line breaks)."""
    from newsbrief.split import split_article

    text = article.text
    paragraphs: list[tuple[Segment, ...]] = []
    current: list[Segment] = []
    cursor = 0
    for s in split_article(article):
        if "\n" in text[cursor : s.start] and current:
            paragraphs.append(tuple(current))
            current = []
        current.append(Segment(text[cursor : s.start].replace("\n", ""), s.index, text[s.start : s.end]))
        cursor = s.end
    if current:
        paragraphs.append(tuple(current))
    return tuple(paragraphs)


def safe_url(url: str) -> str:
    """``url`` when it is a web link, else "": ``javascript:``, ``data:`` and the like never become links."""
    return url if url.lower().startswith(("http://", "https://")) else ""
