"""Render a brief as Markdown, JSON or one self-contained HTML page.

All three are pure functions of the ``Brief``: same brief, same bytes. Markdown and HTML read one
section model (``sections``): the brief as an ordered list of typed sections holding exactly what a
reader sees (counts, notes, citation numbers), so the two formats cannot drift apart; each only
formats. Sources are numbered in the brief's article order and every summary sentence points at
them with ``[n]`` marks. HTML comes from Jinja2 templates (``newsbrief/templates``) with autoescape
on: every piece of article text is escaped (it is untrusted input) and each citation links to the
exact source sentence, which the page highlights when it is the link target.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import ClassVar
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from newsbrief.errors import ConfigError
from newsbrief.model import Article, Brief, Citation, SummarySentence

FORMATS = ("md", "json", "html")
MAX_ENTITIES = 25  # Markdown and HTML list the most mentioned; JSON carries them all
CLAIM_GROUPS = (
    ("agree", "Reported by several outlets"),
    ("conflict", "Conflicts"),
    ("unique", "Reported by one outlet only"),
)


def render(brief: Brief, fmt: str = "md") -> str:
    """``brief`` as text in ``fmt``: ``md`` (Markdown), ``json`` (the ``newsbrief.brief/1`` schema,
    docs/brief.schema.json) or ``html`` (one self-contained page, no scripts). A pure function:
    same brief, same bytes. Raises ``ConfigError`` for another format. Cost: linear in the brief;
    HTML splits every article into sentences again (no models loaded).
    """
    renderers: dict[str, Callable[[Brief], str]] = {"md": to_markdown, "json": to_json, "html": to_html}
    if fmt not in renderers:
        raise ConfigError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return renderers[fmt](brief)


def to_json(brief: Brief) -> str:
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# The section model


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


@dataclass(frozen=True, slots=True)
class EntitiesSection:
    kind: ClassVar[str] = "entities"  # the template that shows it: templates/entities.html

    items: tuple[EntityItem, ...]
    more: int  # entities left out (in the JSON only)


@dataclass(frozen=True, slots=True)
class VariantItem:
    status: str
    number: int
    outlet: str
    text: str


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


@dataclass(frozen=True, slots=True)
class EventItem:
    date: str
    precision: str
    inferred: bool
    text: str
    cites: tuple[Mark, ...]


@dataclass(frozen=True, slots=True)
class TimelineSection:
    kind: ClassVar[str] = "timeline"  # the template that shows it: templates/timeline.html

    items: tuple[EventItem, ...]


@dataclass(frozen=True, slots=True)
class ClaimItem:
    text: str  # the claim, or for a conflict what differs
    cites: tuple[Mark, ...]
    outlets: int


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
            )
            for e in brief.entities[:MAX_ENTITIES]
        )
        out.append(EntitiesSection(items, max(0, len(brief.entities) - MAX_ENTITIES)))
    if brief.quotes:
        quotes = []
        for q in brief.quotes:
            variants = tuple(
                VariantItem(v.status, numbers[v.citation.article_id], v.outlet, v.text)
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
                ClaimItem(c.detail if status == "conflict" else c.text, marks(c.citations), len(c.outlets))
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
                    a.url if _safe_url(a.url) else "",
                    numbers.get(copies.get(a.id, ""), 0),
                    _paragraphs(a) if source_text else (),
                )
                for a in brief.articles
            )
        )
    )
    return out


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
    first, last = brief.story.first_seen, brief.story.last_seen
    if first is None or last is None:
        return ""
    a, b = first.date().isoformat(), last.date().isoformat()
    return a if a == b else f"{a} to {b}"


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


# ---------------------------------------------------------------------------------------------
# Markdown


def _md_numbers(marks: tuple[Mark, ...]) -> str:
    return "".join(f"[{n}]" for n in sorted({m.number for m in marks}))


def to_markdown(brief: Brief) -> str:
    lines: list[str] = []
    warnings: list[str] = []  # Markdown gives warnings last, as a footer
    for section in sections(brief):
        match section:
            case Header():
                span = ", ".join(p for p in (*section.counts, section.span) if p)
                lines += [f"# {md_escape(section.title)}", "", f"*{span}*", "", "## Summary", ""]
            case Warnings():
                warnings = list(section.items)
            case SummarySection():
                if not section.lines:
                    lines += ["*No sentence of these articles can stand alone in a summary.*", ""]
                lines += [_md_summary_line(s) for s in section.lines]
            case EntitiesSection():
                lines += ["", "## Entities", ""]
                for e in section.items:
                    extra = f"; also {md_escape(e.aliases)}" if e.aliases else ""
                    extra += f"; titles: {md_escape(e.titles)}" if e.titles else ""
                    lines.append(
                        f"- **{md_escape(e.name)}** ({md_escape(e.kind)}){extra} — mentions: "
                        f"{md_escape(e.mentions)} {_md_numbers(e.cites)}"
                    )
                if section.more:
                    lines.append(f"- … {section.more} more in the JSON output")
            case QuotesSection():
                lines += ["", "## Quotes", ""]
                for q in section.items:
                    note = f" — {q.outlets} outlets" if q.outlets > 1 else ""
                    lines.append(
                        f"- “{md_escape(q.text)}” — **{md_escape(q.speaker)}** {_md_numbers(q.cites)}{note}"
                    )
                    lines += [
                        f"  - {v.status} in [{v.number}] {md_escape(v.outlet)}: “{md_escape(v.text)}”"
                        for v in q.variants
                    ]
            case TimelineSection():
                lines += ["", "## Timeline", ""]
                for t in section.items:
                    flag = ", inferred date" if t.inferred else ""
                    lines.append(
                        f"- **{md_escape(t.date)}** ({md_escape(t.precision)}{flag}) {md_escape(t.text)} "
                        f"{_md_numbers(t.cites)}"
                    )
            case ClaimsSection():
                lines += ["", "## Agreement and conflict", ""]
                for g in section.groups:
                    lines += [f"### {g.heading}", ""]
                    for c in g.items:
                        marks = _md_numbers(c.cites)
                        if g.status == "agree":
                            lines.append(
                                f"- {md_escape(c.text)} {marks} — {c.outlets} of {section.total} outlets"
                            )
                        elif g.status == "conflict":
                            lines.append(f"- **{md_escape(c.text)}** {marks}")
                        else:
                            lines.append(f"- {md_escape(c.text)} {marks}")
                    lines.append("")
                while lines and not lines[-1]:
                    lines.pop()
            case SourcesSection():
                lines += ["", "## Sources", ""]
                for src in section.items:
                    a = src.article
                    title_part = f" — {md_escape(a.title)}" if a.title else ""
                    url_part = f" {_md_url(src.url)}" if src.url else ""
                    copy = f" — copy of [{src.original}]" if src.original else ""
                    lines.append(
                        f"{src.number}. **{md_escape(a.outlet)}**{title_part} ({src.date}){url_part}{copy}"
                    )
    for w in warnings:
        lines += ["", f"> warning: {md_escape(w)}"]
    return "\n".join(lines).rstrip() + "\n"


def _md_summary_line(s: SummaryLine) -> str:
    also = _md_numbers(s.evidence)
    note = ", ".join(n for n in (s.note, s.carried) if n)
    extra = f" — {note}" + (f", also {also}" if also else "") if note else ""
    related = f" — related: {_md_numbers(s.related)}" if s.related else ""
    said = f" *({md_escape(s.speaker)}, quoted)*" if s.speaker else ""
    return f"- {md_escape(s.text)}{said} {_md_numbers(s.cites)}{extra}{related}"


# ---------------------------------------------------------------------------------------------
# HTML


_CSS = """
body{font:16px/1.55 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d2430;background:#f7f7f5}
main{max-width:1100px;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0}.meta{color:#5b6472;margin:0 0 1rem}
section{background:#fff;border:1px solid #e3e3de;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
ol.summary li{margin:.45rem 0}a.cite{text-decoration:none;font-size:.8em;vertical-align:super;margin-left:1px}
.badge{display:inline-block;font-size:.75em;background:#e8f0fe;color:#1a4fb5;border-radius:10px;padding:0 .5em;
margin-left:.4em}.badge.one{background:#f1f1ee;color:#5b6472}
article.source{border-top:1px solid #eee;padding-top:.6rem;margin-top:.6rem}article.source h3{margin:.2rem 0;
font-size:1.05rem}.src-meta{color:#5b6472;font-size:.9em}.said{color:#5b6472;font-style:italic}.sent:target,.sent.hl{background:#ffe58a;
outline:2px solid #f0b400;border-radius:2px}p.para{margin:.4rem 0}
ol.timeline{list-style:none;margin:0;padding:0 0 0 1.4rem;border-left:3px solid #c9d3e3;position:relative}
ol.timeline li.event{position:relative;margin:0 0 1rem;padding-left:.4rem}
ol.timeline li.event::before{content:"";position:absolute;left:-1.95rem;top:.35rem;width:.8rem;height:.8rem;
border-radius:50%;background:#1a4fb5;border:2px solid #fff}ol.timeline li.inferred::before{background:#9aa6b8}
ol.timeline time{font-weight:600}blockquote{display:inline;margin:0;font-style:italic}
ul.claims.conflict li{color:#8a1c1c}ul.entities li,ul.quotes li,ul.claims li{margin:.4rem 0}
.related{color:#5b6472;font-size:.9em}
"""


@cache
def _templates() -> jinja2.Environment:
    """The page templates, autoescaped. Template lines are joined without their line breaks and
    indentation (``_Joined``), so the markup can be laid out readably and the page stays compact."""
    return jinja2.Environment(
        loader=_Joined("newsbrief", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


class _Joined(jinja2.PackageLoader):
    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool] | None]:
        source, filename, uptodate = super().get_source(environment, template)
        return "".join(line.strip() for line in source.splitlines()), filename, uptodate


def to_html(brief: Brief) -> str:
    page = (
        _templates()
        .get_template("brief.html")
        .render(sections=sections(brief, source_text=True), css=Markup(_CSS))
    )
    return "<!doctype html>\n" + page + "\n"


def _safe_url(url: str) -> bool:
    """Only web links become links: ``javascript:``, ``data:`` and the like never do."""
    return url.lower().startswith(("http://", "https://"))


# Markdown is rendered to HTML by whoever reads it, usually with raw HTML passed through, so every
# untrusted string (article text, titles, outlets, names, quotes) is made inert: ``<`` and ``>`` as
# entities (every renderer decodes those to text, while a backslash before ``<`` is CommonMark only),
# the characters that open emphasis, code or links backslash-escaped, and line breaks folded, so no
# text can start a heading, list, HTML block or link of its own. Source: CommonMark 0.31, sections
# 2.4 (backslash escapes), 4.6 (HTML blocks), 6.5-6.6 (links and autolinks).
_MD_ESCAPES = str.maketrans(
    {"<": "&lt;", ">": "&gt;", "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]"}
)


def md_escape(text: str) -> str:
    """``text`` as inert Markdown: it reads the same, and renders as text, never as markup or a link."""
    return " ".join(text.split()).translate(_MD_ESCAPES)


def _md_url(url: str) -> str:
    """An http(s) URL as a Markdown autolink; characters that could end or break it are %-encoded."""
    return "<" + quote(url, safe="!#$%&'()*+,-./:;=?@[]^_`{|}~") + ">"
