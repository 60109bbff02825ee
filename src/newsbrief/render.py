"""Render a brief as Markdown, JSON or one self-contained HTML page.

All three are pure functions of the ``Brief``: same brief, same bytes. Sources are numbered in the
brief's article order and every summary sentence points at them with ``[n]`` marks. In HTML every
piece of article text is escaped (it is untrusted input) and each citation links to the exact source
sentence, which the page highlights when it is the link target.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from urllib.parse import quote

from newsbrief.errors import ConfigError
from newsbrief.model import Article, Brief, Citation, Claim, Entity, SummarySentence

FORMATS = ("md", "json", "html")


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


def _marks(citations: tuple[Citation, ...], numbers: dict[str, int]) -> list[int]:
    return sorted({numbers[c.article_id] for c in citations})


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


def to_markdown(brief: Brief) -> str:
    numbers = _numbers(brief)
    total, noun = _independent(brief)
    copies = _copies(brief)
    title = brief.story.title or "Untitled story"
    lines = [f"# {md_escape(title)}", ""]
    span = ", ".join(p for p in (*_counts(brief), _span(brief)) if p)
    lines += [f"*{span}*", "", "## Summary", ""]
    if not brief.summary.sentences:
        lines += ["*No sentence of these articles can stand alone in a summary.*", ""]
    speakers = _speakers(brief)
    for s in brief.summary.sentences:
        marks = "".join(f"[{n}]" for n in _marks(s.citations, numbers))
        also = "".join(f"[{n}]" for n in _marks(s.evidence, numbers))
        note = ", ".join(
            n for n in (_support_note(len(s.support), total, noun), _carried(brief, s, copies)) if n
        )
        extra = f" — {note}" + (f", also {also}" if also else "") if note else ""
        who = speaker_note(brief, s, speakers)
        said = f" *({md_escape(who)}, quoted)*" if who else ""
        lines.append(f"- {md_escape(s.text)}{said} {marks}{extra}")
    lines += _analysis_markdown(brief, numbers)
    lines += ["", "## Sources", ""]
    for a in brief.articles:
        title_part = f" — {md_escape(a.title)}" if a.title else ""
        url_part = f" {_md_url(a.url)}" if _safe_url(a.url) else ""
        copy = f" — copy of [{numbers[copies[a.id]]}]" if a.id in copies and copies[a.id] in numbers else ""
        lines.append(f"{numbers[a.id]}. **{md_escape(a.outlet)}**{title_part} ({_date(a)}){url_part}{copy}")
    for w in brief.warnings:
        lines += ["", f"> warning: {md_escape(w)}"]
    return "\n".join(lines).rstrip() + "\n"


def _span(brief: Brief) -> str:
    first, last = brief.story.first_seen, brief.story.last_seen
    if first is None or last is None:
        return ""
    a, b = first.date().isoformat(), last.date().isoformat()
    return a if a == b else f"{a} to {b}"


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
"""


def to_html(brief: Brief) -> str:
    esc = html.escape
    numbers = _numbers(brief)
    total, noun = _independent(brief)
    copies = _copies(brief)
    title = brief.story.title or "Untitled story"
    items = []
    speakers = _speakers(brief)
    for s in brief.summary.sentences:
        who = speaker_note(brief, s, speakers)
        said = f' <span class="said">({esc(who)}, quoted)</span>' if who else ""
        links = "".join(
            f'<a class="cite" href="#{_anchor(numbers, c)}" title="{esc(brief.article(c.article_id).outlet)}">'
            f"[{numbers[c.article_id]}]</a>"
            for c in s.citations
        )
        also = "".join(
            f'<a class="cite" href="#{_anchor(numbers, c)}" title="also reported by '
            f'{esc(brief.article(c.article_id).outlet)}">[{numbers[c.article_id]}]</a>'
            for c in s.evidence
        )
        note = _support_note(len(s.support), total, noun)
        badge = (
            f'<span class="badge{"" if len(s.support) > 1 else " one"}">{esc(note)}</span>' if note else ""
        )
        carried = _carried(brief, s, copies)
        said += f' <span class="said">({esc(carried)})</span>' if carried else ""
        items.append(f"<li>{esc(s.text)}{said} {links}{badge}{' also ' + also if also else ''}</li>")
    sources = [_source_html(a, numbers[a.id], numbers.get(copies.get(a.id, ""), 0)) for a in brief.articles]
    meta = " · ".join(_counts(brief)) + (f" · {esc(_span(brief))}" if _span(brief) else "")
    warnings = "".join(f'<p class="meta">warning: {esc(w)}</p>' for w in brief.warnings)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body><main>"
        f'<h1>{esc(title)}</h1><p class="meta">{meta}</p>{warnings}'
        f'<section><h2>Summary</h2><ol class="summary">{"".join(items)}</ol></section>'
        f"{_analysis_html(brief, numbers)}"
        f"<section><h2>Sources</h2>{''.join(sources)}</section>"
        "</main></body></html>\n"
    )


MAX_ENTITIES = 25  # Markdown and HTML list the most mentioned; JSON carries them all


def _md_marks(citations: tuple[Citation, ...], numbers: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in _marks(citations, numbers))


def _entity_line(e: Entity) -> str:
    parts = [e.kind.lower()]
    if e.candidates:
        parts.append("ambiguous: " + ", ".join(e.candidates))
    return ", ".join(parts)


def _mentions(e: Entity) -> str:
    return ", ".join(f"{m.outlet} {m.count}" for m in e.mentions)


def _claims(brief: Brief, status: str) -> list[Claim]:
    return [c for c in brief.claims if c.status == status]


def _analysis_markdown(brief: Brief, numbers: dict[str, int]) -> list[str]:
    lines: list[str] = []
    total = _independent(brief)[0]  # claims count independent outlets, as summary support does
    if brief.entities:
        lines += ["", "## Entities", ""]
        for e in brief.entities[:MAX_ENTITIES]:
            extra = ""
            if e.aliases:
                extra += f"; also {md_escape(', '.join(e.aliases))}"
            if e.titles:
                extra += f"; titles: {md_escape('; '.join(e.titles))}"
            lines.append(
                f"- **{md_escape(e.name)}** ({md_escape(_entity_line(e))}){extra} — mentions: "
                f"{md_escape(_mentions(e))} {_md_marks(e.citations, numbers)}"
            )
        if len(brief.entities) > MAX_ENTITIES:
            lines.append(f"- … {len(brief.entities) - MAX_ENTITIES} more in the JSON output")
    if brief.quotes:
        lines += ["", "## Quotes", ""]
        for q in brief.quotes:
            who = q.speaker or "unattributed"
            outlets = len({v.outlet for v in q.variants})
            note = f" — {outlets} outlets" if outlets > 1 else ""
            lines.append(
                f"- “{md_escape(q.text)}” — **{md_escape(who)}** {_md_marks(q.citations, numbers)}{note}"
            )
            if len(q.variants) > 1:
                for v in q.variants:
                    if v.status != "full":
                        lines.append(
                            f"  - {v.status} in [{numbers[v.citation.article_id]}] {md_escape(v.outlet)}: "
                            f"“{md_escape(v.text)}”"
                        )
    if brief.timeline:
        lines += ["", "## Timeline", ""]
        for t in brief.timeline:
            flag = ", inferred date" if t.inferred else ""
            lines.append(
                f"- **{md_escape(t.date)}** ({md_escape(t.precision)}{flag}) {md_escape(t.text)} "
                f"{_md_marks(t.citations, numbers)}"
            )
    if brief.claims:
        lines += ["", "## Agreement and conflict", ""]
        sections = (
            ("agree", "Reported by several outlets"),
            ("conflict", "Conflicts"),
            ("unique", "Reported by one outlet only"),
        )
        for status, heading in sections:
            claims = _claims(brief, status)
            if not claims:
                continue
            lines += [f"### {heading}", ""]
            for c in claims:
                marks = _md_marks(c.citations, numbers)
                if status == "agree":
                    lines.append(f"- {md_escape(c.text)} {marks} — {len(c.outlets)} of {total} outlets")
                elif status == "conflict":
                    lines.append(f"- **{md_escape(c.detail)}** {marks}")
                else:
                    lines.append(f"- {md_escape(c.text)} {marks}")
            lines.append("")
        while lines and not lines[-1]:
            lines.pop()
    return lines


def _cites_html(
    brief: Brief, citations: tuple[Citation, ...], numbers: dict[str, int], *, per_article: bool = False
) -> str:
    """Citation links, one per cited sentence (or, with ``per_article``, to each article's first)."""
    esc = html.escape
    seen: set[tuple[str, int]] = set()
    links = []
    for c in sorted(citations, key=lambda c: (numbers[c.article_id], c.sentence_index)):
        key = (c.article_id, -1 if per_article else c.sentence_index)
        if key in seen:
            continue
        seen.add(key)
        links.append(
            f'<a class="cite" href="#{_anchor(numbers, c)}" title="{esc(brief.article(c.article_id).outlet)}">'
            f"[{numbers[c.article_id]}]</a>"
        )
    return "".join(links)


def _analysis_html(brief: Brief, numbers: dict[str, int]) -> str:
    esc = html.escape
    parts: list[str] = []
    total = _independent(brief)[0]  # claims count independent outlets, as summary support does
    if brief.entities:
        items = []
        for e in brief.entities[:MAX_ENTITIES]:
            aliases = f' <span class="src-meta">also {esc(", ".join(e.aliases))}</span>' if e.aliases else ""
            titles = f'<div class="src-meta">{esc("; ".join(e.titles))}</div>' if e.titles else ""
            items.append(
                f'<li><strong>{esc(e.name)}</strong> <span class="badge one">{esc(_entity_line(e))}</span>'
                f'{aliases}{titles}<div class="src-meta">mentions: {esc(_mentions(e))} '
                f"{_cites_html(brief, e.citations, numbers, per_article=True)}</div></li>"
            )
        parts.append(f'<section><h2>Entities</h2><ul class="entities">{"".join(items)}</ul></section>')
    if brief.quotes:
        items = []
        for q in brief.quotes:
            outlets = len({v.outlet for v in q.variants})
            badge = f'<span class="badge">{outlets} outlets</span>' if outlets > 1 else ""
            variants = "".join(
                f'<li class="src-meta">{esc(v.status)} in [{numbers[v.citation.article_id]}] {esc(v.outlet)}: '
                f"“{esc(v.text)}”</li>"
                for v in q.variants
                if v.status != "full" and len(q.variants) > 1
            )
            items.append(
                f"<li><blockquote>“{esc(q.text)}”</blockquote> — <strong>{esc(q.speaker or 'unattributed')}"
                f"</strong> {_cites_html(brief, q.citations, numbers)}{badge}"
                f"{f'<ul>{variants}</ul>' if variants else ''}</li>"
            )
        parts.append(f'<section><h2>Quotes</h2><ul class="quotes">{"".join(items)}</ul></section>')
    if brief.timeline:
        items = [
            f'<li class="event{" inferred" if t.inferred else ""}"><time datetime="{esc(t.date)}">{esc(t.date)}</time>'
            f' <span class="src-meta">{esc(t.precision)}{", inferred date" if t.inferred else ""}</span>'
            f"<div>{esc(t.text)} {_cites_html(brief, t.citations, numbers)}</div></li>"
            for t in brief.timeline
        ]
        parts.append(f'<section><h2>Timeline</h2><ol class="timeline">{"".join(items)}</ol></section>')
    if brief.claims:
        blocks = []
        for status, heading in (
            ("agree", "Reported by several outlets"),
            ("conflict", "Conflicts"),
            ("unique", "Reported by one outlet only"),
        ):
            claims = _claims(brief, status)
            if not claims:
                continue
            items = []
            for c in claims:
                cites = _cites_html(brief, c.citations, numbers)
                if status == "agree":
                    items.append(
                        f'<li>{esc(c.text)} {cites}<span class="badge">{len(c.outlets)} of {total} outlets</span></li>'
                    )
                elif status == "conflict":
                    items.append(f'<li class="conflict"><strong>{esc(c.detail)}</strong> {cites}</li>')
                else:
                    items.append(f"<li>{esc(c.text)} {cites}</li>")
            blocks.append(f'<h3>{esc(heading)}</h3><ul class="claims {status}">{"".join(items)}</ul>')
        parts.append(f"<section><h2>Agreement and conflict</h2>{''.join(blocks)}</section>")
    return "".join(parts)


def _anchor(numbers: dict[str, int], c: Citation) -> str:
    return f"s{numbers[c.article_id]}-{c.sentence_index}"


def _source_html(article: Article, number: int, original: int = 0) -> str:
    """The article text with every sentence wrapped in an anchor a citation can point at."""
    from newsbrief.split import split_article

    esc = html.escape
    text = article.text
    paragraphs: list[str] = []
    current: list[str] = []
    cursor = 0
    for s in split_article(article):
        if "\n" in text[cursor : s.start] and current:
            paragraphs.append("".join(current))
            current = []
        gap = text[cursor : s.start].replace("\n", "")
        current.append(esc(gap))
        current.append(f'<span class="sent" id="s{number}-{s.index}">{esc(text[s.start : s.end])}</span>')
        cursor = s.end
    if current:
        paragraphs.append("".join(current))
    body = "".join(f'<p class="para">{p}</p>' for p in paragraphs)
    link = (
        f' · <a href="{esc(article.url)}" rel="noopener noreferrer">link</a>'
        if _safe_url(article.url)
        else ""
    )
    heading = esc(article.title) if article.title else "<em>untitled</em>"
    if original:  # a copy: its text is the original's, not a second source
        link += f' · copy of <a href="#source-{original}">[{original}]</a>'
    return (
        f'<article class="source" id="source-{number}"><h3>[{number}] {heading}</h3>'
        f'<div class="src-meta">{esc(article.outlet)} · {esc(_date(article))}{link}</div>{body}</article>'
    )


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
