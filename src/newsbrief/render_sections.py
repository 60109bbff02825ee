"""The brief as a reader sees it: an ordered list of typed sections (records in ``render_model``)
holding exactly what a reader is shown (counts, notes, citation numbers, sentence anchors), read by
both the Markdown (``render_md``) and the HTML (``render_html``) renderers, so the two cannot drift
apart; each only formats. Sources are numbered in the brief's article order; a sentence's anchor is
``s<source number>-<sentence index>``.
"""

from __future__ import annotations

from collections.abc import Callable

from newsbrief.model import Article, Brief, Citation, Claim, SummarySentence
from newsbrief.render_model import (
    ClaimGroup,
    ClaimItem,
    ClaimsSection,
    EntitiesSection,
    EntityItem,
    EventItem,
    Header,
    Mark,
    QuoteItem,
    QuotesSection,
    Section,
    Segment,
    Side,
    SourceItem,
    SourcesSection,
    SummaryLine,
    SummarySection,
    TimelineSection,
    VariantItem,
    Warnings,
)
from newsbrief.story_title import time_span

MAX_ENTITIES = 25  # Markdown and HTML list the most mentioned; JSON carries them all
CLAIM_GROUPS = (
    ("agree", "Reported by several outlets"),
    ("conflict", "Conflicts"),
    ("unique", "Reported by one outlet only"),
)
WIRE_HEADING = "Carried word for word by several outlets, one source"
# spaCy's entity kinds as a reader groups them: GPE (countries, cities) and LOC (rivers, regions)
# are both places; Google News and Ground News show one "places" list.
ENTITY_GROUPS = {
    "PERSON": "People",
    "ORG": "Organizations",
    "NORP": "Groups",
    "GPE": "Places",
    "LOC": "Places",
}


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
            for wire in (False, True) if status == "agree" else (False,):
                # an agreement whose other outlets only carry the words verbatim (wire copy) is
                # one source: listed apart, never under "several outlets"
                claims = tuple(
                    ClaimItem(
                        c.detail if status == "conflict" else c.text,
                        marks(c.citations),
                        len(c.outlets),
                        _sides(brief, c, mark) if status == "conflict" else (),
                    )
                    for c in brief.claims
                    if c.status == status and (status != "agree" or (len(c.outlets) < 2) == wire)
                )
                if claims:
                    groups.append(ClaimGroup(status, WIRE_HEADING if wire else heading, claims))
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
    """The outlets whose copies carry the sentence verbatim: shown, never counted as support (a
    copy of the whole article, or wire copy inside another outlet's story)."""
    names = sorted(
        {brief.article(c.article_id).outlet for c in sentence.citations[1:]} - set(sentence.support)
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
