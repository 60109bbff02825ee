"""The web page's HTML shells and its static assets.

The pages are small shells: the browser script (``assets/app.js``) fetches the API's JSON and builds
the page with DOM calls, so one renderer draws both stored stories and ad-hoc briefs. Anything
interpolated here is escaped, though the only value is a story id already checked against
``STORY_ID_PATTERN``.

Assets are served by Starlette's ``StaticFiles`` from the package's ``assets`` folder (``serve.app``);
this module reads them once only to put a content version in their URLs.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from functools import cache
from importlib import resources

STORY_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"

_ASSET_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True, slots=True)
class Asset:
    """One static file held in memory, with a content hash for its ETag."""

    name: str
    body: bytes
    media_type: str
    etag: str


@cache
def assets() -> dict[str, Asset]:
    """Every servable asset by file name, read from the package once per process."""
    found: dict[str, Asset] = {}
    for entry in resources.files("newsbrief").joinpath("assets").iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1] if "." in entry.name else ""
        if entry.is_file() and suffix in _ASSET_TYPES:
            body = entry.read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            found[entry.name] = Asset(entry.name, body, _ASSET_TYPES[suffix], etag)
    return found


def _asset_url(name: str) -> str:
    """Asset URL with a content version, so a browser never mixes an old script with a new page."""
    asset = assets().get(name)
    version = asset.etag.strip('"') if asset else "0"
    return f"/assets/{name}?v={version}"


def _page(title: str, page: str, body: str, data: dict[str, str] | None = None) -> str:
    attrs = "".join(f' data-{k}="{html.escape(v)}"' for k, v in (data or {}).items())
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        f'<link rel="stylesheet" href="{_asset_url("app.css")}">'
        f'<script src="{_asset_url("app.js")}" defer></script>'
        f'</head><body data-page="{page}"{attrs}>'
        '<header class="top"><nav><a class="brand" href="/">newsbrief</a>'
        '<a href="/">Stories</a><a href="/brief">Ad-hoc brief</a>'
        '<a href="/v1/openapi.json">API schema</a></nav></header>'
        f"<main>{body}</main></body></html>\n"
    )


def stories_page() -> str:
    """The story list: newest first, with a text and date filter and paging."""
    body = (
        "<h1>Stories</h1>"
        '<form id="filters" class="filters" role="search">'
        '<label>Search<input type="search" name="q" maxlength="200" placeholder="words in title or text"></label>'
        '<label>Since<input type="date" name="since"></label>'
        '<label>Until<input type="date" name="until"></label>'
        '<button type="submit">Filter</button></form>'
        '<p id="list-status" class="muted" aria-live="polite"></p>'
        '<ul id="story-list" class="stories"></ul>'
        '<div class="pager"><button type="button" id="prev" disabled>Newer</button>'
        '<button type="button" id="next" disabled>Older</button></div>'
        "<noscript><p>This page needs JavaScript; the same data is at <a href=/v1/stories>/v1/stories</a>.</p></noscript>"
    )
    return _page("Stories — newsbrief", "stories", body)


def story_page(story_id: str) -> str:
    """One story's brief; the script fetches ``/v1/stories/{id}/brief?format=json`` and draws it."""
    body = '<div id="brief" class="brief" aria-live="polite"><p class="muted">Loading brief…</p></div>'
    return _page("Story — newsbrief", "story", body, {"story-id": story_id})


def adhoc_page() -> str:
    """The paste-or-upload form; its brief is made on the server and nothing is stored."""
    body = (
        "<h1>Ad-hoc brief</h1>"
        '<section class="card"><form id="adhoc-form" class="adhoc">'
        '<p class="hint">Paste articles as JSON (a list of objects with <code>text</code>, <code>title</code>, '
        "<code>outlet</code>, <code>url</code>, <code>published</code>; news-please records work too), as "
        "JSON lines, or as plain text with articles separated by a line <code>---</code>. Nothing is stored.</p>"
        '<textarea name="articles" aria-label="Articles" spellcheck="false"></textarea>'
        '<div class="row"><label>Or upload files <input type="file" name="files" multiple '
        'accept=".json,.jsonl,.ndjson,.txt,.md"></label>'
        '<label>Words <input type="number" name="words" value="150" min="10" max="2000"></label>'
        '<button type="submit">Make brief</button><span id="adhoc-status" class="muted" aria-live="polite"></span>'
        "</div></form></section>"
        '<div id="brief" class="brief"></div>'
    )
    return _page("Ad-hoc brief — newsbrief", "adhoc", body)
