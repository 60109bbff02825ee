"""The brief as Markdown: one line per item, every untrusted string made inert (``md_escape``)."""

from __future__ import annotations

import re
from urllib.parse import quote

from newsbrief.model import Brief
from newsbrief.render_model import (
    ClaimsSection,
    EntitiesSection,
    Header,
    Mark,
    QuotesSection,
    SourcesSection,
    SummaryLine,
    SummarySection,
    TimelineSection,
    Warnings,
)
from newsbrief.render_sections import sections


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
    # the note names the outlets of copies (their own metadata): as inert as any other outlet name
    note = ", ".join(n for n in (s.note, md_escape(s.carried)) if n)
    extra = f" — {note}" + (f", also {also}" if also else "") if note else ""
    related = f" — related: {_md_numbers(s.related)}" if s.related else ""
    said = f" *({md_escape(s.speaker)}, quoted)*" if s.speaker else ""
    return f"- {md_escape(s.text)}{said} {_md_numbers(s.cites)}{extra}{related}"


# Markdown is rendered to HTML by whoever reads it, usually with raw HTML passed through, so every
# untrusted string (article text, titles, outlets, names, quotes) is made inert: ``<`` and ``>`` as
# entities (every renderer decodes those to text, while a backslash before ``<`` is CommonMark only),
# the characters that open emphasis, code or links backslash-escaped, and line breaks folded, so no
# text can start a heading, list, HTML block or link of its own. Source: CommonMark 0.31, sections
# 2.4 (backslash escapes), 4.5 (fenced code), 4.6 (HTML blocks), 6.5-6.6 (links and autolinks).
_MD_ESCAPES = str.maketrans(
    {
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        # "~~~" opens a fenced code block as "```" does (4.5), which swallowed the line; "~~x~~"
        # strikes text through in GitHub's Markdown
        "~": "\\~",
    }
)


# What opens a block when it starts a line or a list item's text: a bullet, a rule, a heading, an
# ordered item's number ("1." / "1)"). CommonMark 0.31, sections 4.1-4.2 and 5.2-5.3.
_BLOCK_START = re.compile(r"^(?:[-+](?=\s|$)|-{3,}|#{1,6}(?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))")

_CLOSING_HASHES = re.compile(r"(?<= )(#+)$")


def md_escape(text: str) -> str:
    """``text`` as inert Markdown: it reads the same, and renders as text, never as markup or a link.

    A leading bullet, ``#`` or item number is backslash-escaped too: a summary sentence that the
    page's list gave as "- Headline ..." would otherwise render as a list inside its list item."""
    text = " ".join(text.split()).translate(_MD_ESCAPES)
    # a heading's closing sequence ("... #") would be dropped from a title (CommonMark 4.2)
    text = _CLOSING_HASHES.sub(r"\\\1", text)
    start = _BLOCK_START.match(text)
    if start is None:
        return text
    if start[0][0].isdigit():
        return f"{start[0]}\\{text[start.end() :]}"
    return f"\\{text}"


def _md_url(url: str) -> str:
    """An http(s) URL as a Markdown autolink; characters that could end or break it are %-encoded."""
    return "<" + quote(url, safe="!#$%&'()*+,-./:;=?@[]^_`{|}~") + ">"
