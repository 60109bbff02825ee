"""Render a brief as Markdown, JSON or one self-contained HTML page.

All three are pure functions of the ``Brief``: same brief, same bytes. Markdown (``render_md``) and
HTML (``render_html``) read one section model (``render_sections``): the brief as an ordered list of
typed sections holding exactly what a reader sees, so the two formats cannot drift apart; each only
formats. Sources are numbered in the brief's article order and every summary sentence points at
them with ``[n]`` marks; in HTML each citation links to the exact source sentence.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from newsbrief.errors import ConfigError
from newsbrief.model import Brief
from newsbrief.render_md import md_escape, to_markdown
from newsbrief.render_model import (
    ClaimsSection,
    EntitiesSection,
    Header,
    QuotesSection,
    Section,
    SourcesSection,
    SummarySection,
    TimelineSection,
    Warnings,
)
from newsbrief.render_sections import MAX_ENTITIES, plural, sections, speaker_note

__all__ = [
    "FORMATS",
    "MAX_ENTITIES",
    "ClaimsSection",
    "EntitiesSection",
    "Header",
    "QuotesSection",
    "Section",
    "SourcesSection",
    "SummarySection",
    "TimelineSection",
    "Warnings",
    "md_escape",
    "plural",
    "render",
    "sections",
    "speaker_note",
    "to_html",
    "to_json",
    "to_markdown",
]

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


def to_html(brief: Brief) -> str:
    """``brief`` as one self-contained HTML page (``newsbrief.render_html.to_html``).

    Imported on first use: the page's templates need Jinja2, which a Markdown or JSON brief at the
    command line should not pay for (~0.05 CPU s).
    """
    from newsbrief.render_html import to_html as page

    return page(brief)


def to_json(brief: Brief) -> str:
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=2) + "\n"
