"""The web pages: the story list, a story's page and the ad-hoc form, rendered on the server.

A story's page is the brief's own HTML (``render_html``: the same templates and markup as
``newsbrief brief --format html``) inside the site's shell, which adds the stylesheet and the script
(``assets/app.js``: behaviour only, it draws nothing). The story list is rendered here from the
collection: titles (chosen by ``story_title``, as everywhere), a lead, coverage and time span,
grouped by day; its filters and page are in the URL. Everything interpolated is escaped: the shell
with ``html.escape``, the rest by the autoescaping templates.

Assets are served by Starlette's ``StaticFiles`` from the package's ``assets`` folder (``serve.app``);
this module reads them once only to put a content version in their URLs.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Protocol
from urllib.parse import urlencode

from newsbrief.model import Article
from newsbrief.render_html import brief_markup, render_template
from newsbrief.render_model import date_label
from newsbrief.story_title import is_junk, story_lead, time_span

STORY_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
PAGE_SIZE = 20  # stories a list page shows

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


# -- the story list ----------------------------------------------------------------------------


class StoryLike(Protocol):
    """A listed story as the server's collection gives it (``serve.source.StoryEntry``)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def article_ids(self) -> tuple[str, ...]: ...
    @property
    def outlets(self) -> tuple[str, ...]: ...
    @property
    def first_seen(self) -> datetime | None: ...
    @property
    def last_seen(self) -> datetime | None: ...


class Listing(Protocol):
    """What the list needs from a collection (``serve.source.Collection`` has it)."""

    def stories(
        self, *, limit: int, offset: int, since: datetime | None, until: datetime | None, query: str | None
    ) -> tuple[Sequence[StoryLike], int]: ...

    def articles(self, story_id: str) -> list[Article]: ...


@dataclass(frozen=True, slots=True)
class ListQuery:
    """The list's state, all of it in the URL: search words, a date range, the first story shown."""

    q: str = ""
    since: str = ""  # YYYY-MM-DD or ""
    until: str = ""
    offset: int = 0

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> tuple[ListQuery, tuple[str, ...]]:
        """The query in ``params`` and a note for each value left out because it is not valid."""
        notes = []
        q = " ".join(params.get("q", "").split())[:200]
        dates = {}
        for name in ("since", "until"):
            value = params.get(name, "").strip()
            try:
                dates[name] = date.fromisoformat(value).isoformat() if value else ""
            except ValueError:
                dates[name] = ""
                notes.append(f"“{value[:40]}” is not a date (YYYY-MM-DD); the {name} filter is off")
        if dates["since"] and dates["until"] and dates["since"] > dates["until"]:
            notes.append(
                f"the since date ({dates['since']}) is after the until date ({dates['until']}): "
                "no story can match; swap them to see the stories between"
            )
        raw = params.get("offset", "0").strip() or "0"
        offset = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 7 else 0
        return cls(q, dates["since"], dates["until"], offset), tuple(notes)

    def url(self, offset: int) -> str:
        params = {k: v for k, v in (("q", self.q), ("since", self.since), ("until", self.until)) if v}
        if offset:
            params["offset"] = str(offset)
        return "/?" + urlencode(params) if params else "/"


@dataclass(frozen=True, slots=True)
class StoryCard:
    """One story as the list shows it."""

    id: str
    title: str
    lead: str
    span: str
    outlets: tuple[str, ...]  # independent outlets (copies are not outlets)
    articles: int  # original articles
    copies: int


def _day(when: datetime | None) -> str:
    if when is None:
        return "Undated"
    return when.strftime("%A, ") + date_label(when.date().isoformat())


def card(story: StoryLike, articles: list[Article]) -> StoryCard | None:
    """The story as a card, or None when it is junk (``story_title.is_junk``). ``articles``: the
    story's stored articles, copies included (the lead is chosen from its originals)."""
    originals = [a for a in articles if a.id in set(story.article_ids)] or articles
    if is_junk(originals):
        return None
    return StoryCard(
        story.id,
        story.title,
        story_lead(originals, story.title),
        time_span(story.first_seen, story.last_seen),
        story.outlets,
        len(story.article_ids),
        max(0, len(articles) - len(originals)),
    )


def _day_after(day: str) -> datetime | None:
    """The end of ``day`` (YYYY-MM-DD) as a bound: the next midnight, UTC; ``None`` (no bound) for
    the calendar's last day, which has no next."""
    try:
        return datetime.fromisoformat(day).replace(tzinfo=UTC) + timedelta(days=1)
    except OverflowError:
        return None


def stories_page(collection: Listing, query: ListQuery, notes: tuple[str, ...] = ()) -> str:
    """The story list page for ``query``: newest first, grouped by the day of each story's latest
    article, junk left out (and counted). Blocking (SQLite): call it from a worker thread."""
    since = datetime.fromisoformat(query.since).replace(tzinfo=UTC) if query.since else None
    until = _day_after(query.until) if query.until else None
    entries, total = collection.stories(
        limit=PAGE_SIZE, offset=query.offset, since=since, until=until, query=query.q or None
    )
    days: dict[str, list[StoryCard]] = {}
    hidden = 0
    for entry in entries:
        found = card(entry, collection.articles(entry.id))
        if found is None:
            hidden += 1
            continue
        days.setdefault(_day(entry.last_seen), []).append(found)
    last = query.offset + len(entries)
    if not total:
        status = "No stories match."
    else:
        status = f"{total} {'story' if total == 1 else 'stories'}"
        if total > len(entries):
            status += f", {query.offset + 1}–{last} on this page" if entries else ", none on this page"
    if hidden:
        status += f" · {hidden} single short {'page' if hidden == 1 else 'pages'} (no news story) left out"
    body = render_template(
        "stories.html",
        query=query,
        notes=notes,
        status=status,
        days=list(days.items()),
        newer=query.url(_newer(query.offset, total)) if query.offset else None,
        older=query.url(last) if last < total else None,
    )
    title = f"Stories matching “{query.q}” — newsbrief" if query.q else "Stories — newsbrief"
    return _page(title, "stories", body)


def _newer(offset: int, total: int) -> int:
    """Where the "Newer" link of the page at ``offset`` goes: the page before it, or from past the
    end of the list (an old link, a hand-edited URL) the last page that has stories, not a walk
    back through empty pages."""
    if offset >= total:
        return max(0, (total - 1) // PAGE_SIZE * PAGE_SIZE)
    return max(0, offset - PAGE_SIZE)


# -- one story ---------------------------------------------------------------------------------


def story_page(story_id: str, brief_html: str) -> str:
    """A story's page: the markup of its brief's HTML (``render_html.to_html``) in the site's shell.
    Raises ``ValueError`` when ``brief_html`` is not such a page."""
    markup = brief_markup(brief_html)
    start = brief_html.find("<title>")
    title = html.unescape(brief_html[start + 7 : brief_html.find("</title>", start)]) if start >= 0 else ""
    return _page(f"{title or 'Story'} — newsbrief", "story", markup, {"story-id": story_id})


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


_ERROR_HEADINGS = {404: "Not found", 422: "Not a valid address", 503: "Unavailable"}


def error_page(status: int, message: str) -> str:
    """What a browser shows for a page request that failed (an unknown story id, a malformed one,
    the collection unreadable): the site's shell with the reason and a way back, not raw JSON."""
    heading = _ERROR_HEADINGS.get(
        status, "Something went wrong" if status >= 500 else "Cannot show this page"
    )
    body = (
        f"<h1>{html.escape(heading)}</h1><p>{html.escape(message)}</p>"
        '<p><a href="/">Back to the stories</a></p>'
    )
    return _page(f"{heading} — newsbrief", "error", body)
