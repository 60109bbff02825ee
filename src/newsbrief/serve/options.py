"""The server's options, media types and content security policies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BeforeValidator

# The page itself: scripts and styles from this origin only, no inline code, no framing, no plugins.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The self-contained HTML brief carries its stylesheet inline and has no script at all.
BRIEF_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

MEDIA_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
Format = Literal["json", "md", "html"]


def format_name(value: object) -> object:
    """A format named in any case ("JSON", "Md") is that format, as the command line's ``-f`` reads
    it; anything else goes on to the route's validation (422 naming the choices)."""
    return value.strip().lower() if isinstance(value, str) else value


FormatParam = Annotated[Format, BeforeValidator(format_name)]
# The word budgets a request may ask for: the routes validate with these, and the cached-brief fast
# path (``Service.cached_brief``) checks the same bounds before it answers without routing.
MIN_WORDS, MAX_WORDS = 10, 2000


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """Limits and sizes of one server, in one keyword-only object."""

    max_body_bytes: int = 10_000_000  # larger bodies get 413 before they are read
    max_articles: int = 1000  # per POST /v1/articles
    max_brief_articles: int = 200  # per POST /v1/brief: an ad-hoc brief is made while the client waits
    cache_entries: int = 512  # briefs kept in memory (each in every format)
    model_workers: int = 1  # worker processes making briefs; each loads the models once (~1 GB)
    max_waiting_briefs: int = 32  # ad-hoc briefs queued beyond this get 503 instead of a long wait
    words: int = 150  # default summary budget
    story_ttl: float = 1.0  # seconds a story's article ids are trusted before SQLite is asked again
    warm_model: bool = True  # load the models in the worker at start-up, not on the first request
