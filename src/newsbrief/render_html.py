"""The brief as one self-contained HTML page, from Jinja2 templates (``newsbrief/templates``).

Autoescape is on: every piece of article text is escaped (it is untrusted input). The page is the
same markup the web server shows (``web.story_page`` wraps the ``<main>`` of this page in its own
shell), styled by the same stylesheet (``assets/app.css``, inlined here), and it works without any
script: each citation is a link to its source sentence, which the page shows and highlights when it
is the link target (CSS ``:target``). On the server, ``assets/app.js`` adds behaviour only: source
tabs, a highlight that stays in view, a sheet that opens the cited sentence in place on a phone,
entity chips that highlight their mentions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from newsbrief.model import Brief
from newsbrief.render_sections import sections

BODY_START = "<!-- brief -->"  # the markers around the brief's markup, which the server's page reuses
BODY_END = "<!-- /brief -->"


@cache
def stylesheet() -> str:
    """The page's stylesheet (``assets/app.css``), read once: the static page inlines it and the
    server serves it, so both look the same."""
    return resources.files("newsbrief").joinpath("assets/app.css").read_text(encoding="utf-8")


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
    """``brief`` as one self-contained page (no scripts, inline styles); its ``<main>`` holds the
    brief's markup between ``BODY_START`` and ``BODY_END``. Pure: same brief, same bytes."""
    page = (
        _templates()
        .get_template("brief.html")
        .render(sections=sections(brief, source_text=True), css=Markup(stylesheet()))
    )
    return "<!doctype html>\n" + page + "\n"


def render_template(name: str, **context: object) -> str:
    """Template ``name`` of ``newsbrief/templates`` rendered with ``context`` (autoescaped)."""
    return _templates().get_template(name).render(**context)


def brief_markup(page: str) -> str:
    """The brief's markup inside a page ``to_html`` made (what the web server's page shows).
    Raises ``ValueError`` for a page without the markers."""
    start, end = page.index(BODY_START), page.index(BODY_END)
    return page[start + len(BODY_START) : end]
