"""RSS 0.9x/1.0/2.0 and Atom feeds → one ``FeedItem`` per entry (parsed by feedparser).

A feed is recognised by its XML root (``rss``, ``rdf:RDF``, ``feed``), not by its file name: feeds
are saved as .xml, .rss, .atom or with no suffix at all.

For each entry the article text is, in order of preference:
1. the full content (RSS ``content:encoded``, Atom ``content``); HTML is marked up by the caller
   through the same extractor as pages (``is_html``);
2. the summary (RSS ``description``, Atom ``summary``) when it is long enough to be an article
   (``MIN_SUMMARY_WORDS``): most feeds carry only a teaser there, which is no article;
3. else the entry is a ``Skip`` naming it.

A feed that is not well-formed XML (often one cut off mid-download) is read as far as feedparser's
lenient parser goes, with a warning that its last entry may be incomplete.

Title (as text: markup and entities of an HTML title removed), link and the raw date string (``pubDate`` / ``published`` / ``updated``, as written, so the
time and zone are kept) come from the entry; the outlet is the host of the entry's link without
"www.", else the host of the channel's link, else the channel's title.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlparse
from xml.sax import SAXParseException

from newsbrief.skip import Skip

log = logging.getLogger("newsbrief")

# A summary this long is an article, not a teaser (teasers run one to three sentences, ~20-60 words).
MIN_SUMMARY_WORDS = 80
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml", ".rdf"})

# The root element, after the XML declaration, comments, processing instructions and a doctype.
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>\s*)*\s*", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(r"<((?:[\w.-]+:)?(?:rss|RDF|feed))[\s>/]")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry: its text (HTML when ``is_html``) and raw metadata strings."""

    where: str  # "feed.xml#3 'Title'"
    text: str
    is_html: bool
    title: str = ""
    url: str = ""
    date: str = ""  # as the feed wrote it; parsed and checked by the caller
    outlet: str = ""


def is_feed(text: str) -> bool:
    """Whether ``text`` is an XML document whose root is an RSS, RDF (RSS 1.0) or Atom element."""
    head = text[:4096].lstrip("\ufeff")
    prolog = _PROLOG.match(head)
    rest = head[prolog.end() if prolog else 0 :]
    return _ROOT.match(rest) is not None


def read_feed(data: bytes, source: str) -> Iterator[FeedItem | Skip]:
    """The entries of the feed in ``data``, in feed order; unusable entries are ``Skip``.

    A document feedparser cannot read as a feed at all is one ``Skip``. Cost: feedparser's parse
    (a few ms per entry) plus, in the caller, one HTML extraction per entry with HTML content.
    """
    import feedparser  # imported here: only feed input needs it

    # a stream, never the bytes themselves: feedparser reads a string that looks like a URL or a
    # path by fetching or opening it
    parsed: Any = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False)
    entries = list(parsed.get("entries") or [])
    if not entries:
        why = parsed.get("bozo_exception") if parsed.get("bozo") else None
        yield Skip(f"feed has no entries{f' ({why})' if why else ''}").at(source)
        return
    channel = parsed.get("feed") or {}
    fallback = _host(_str(channel.get("link"))) or _str(channel.get("title"))
    # A relative entry link ("/news/2024/budget") is resolved against the channel's link, else the
    # feed's own URL: feedparser resolves only against an xml:base, which few RSS feeds carry.
    base = next((b for b in (_str(channel.get("link")), source) if _absolute(b)), "")
    if parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), SAXParseException):
        # feedparser reads on past an XML error with a lenient parser, so the entries are there,
        # but one cut off by the error (a download that stopped) loses its text or its end
        log.warning(
            "%s: the feed is not well-formed XML (%s); read as far as it goes: %d entr%s, the last "
            "may be incomplete",
            source,
            parsed["bozo_exception"],
            len(entries),
            "y" if len(entries) == 1 else "ies",
        )
    for n, entry in enumerate(entries, 1):
        title = _title(entry)
        url = _str(entry.get("link"))
        if url and base and not _absolute(url):
            url = urljoin(base, url)
        where = f"{source}#{n}" + (f" {title[:60]!r}" if title else "")
        # dict.get: FeedParserDict.get maps a missing "published" to "updated" with a warning
        date = _str(dict.get(entry, "published")) or _str(dict.get(entry, "updated"))
        outlet = _host(url) or fallback
        content = _content(entry)
        if content is not None:
            value, is_html = content
        else:
            summary = _str(entry.get("summary"))
            detail = entry.get("summary_detail") or {}
            is_html = _str(detail.get("type")).lower() in _HTML_TYPES
            words = len(_visible(summary).split()) if is_html else len(summary.split())
            if words < MIN_SUMMARY_WORDS:
                what = f"a {words}-word summary" if summary else "no summary"
                yield Skip(
                    f"feed entry has no full content and {what} (an article needs {MIN_SUMMARY_WORDS})"
                ).at(where)
                continue
            value = summary
        yield FeedItem(
            where=where, text=value, is_html=is_html, title=title, url=url, date=date, outlet=outlet
        )


def _title(entry: Any) -> str:
    """The entry's title as text: a title feedparser marks as HTML (escaped markup in RSS, Atom's
    ``type="html"``) loses its tags and entities ("Council <b>approves</b> &amp; more" →
    "Council approves & more"); a plain one is as written."""
    title = _str(entry.get("title"))
    detail = entry.get("title_detail") or {}
    if _str(detail.get("type")).lower() not in _HTML_TYPES:
        return title
    title = re.sub(r"<(?:br|/?p|/?div|/?li|/?h\d)\b[^>]*>", " ", title, flags=re.IGNORECASE)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", title)).split())


def _content(entry: Any) -> tuple[str, bool] | None:
    """The longest full-content block of ``entry`` and whether it is HTML, or ``None``."""
    blocks = [b for b in entry.get("content") or [] if _str(b.get("value"))]
    if not blocks:
        return None
    best = max(blocks, key=lambda b: len(_str(b.get("value"))))
    return _str(best.get("value")), _str(best.get("type")).lower() in _HTML_TYPES


def _visible(html: str) -> str:
    return re.sub(r"<[^>]*>", " ", html)


def _absolute(url: str) -> bool:
    """Whether ``url`` is a whole web address (``http(s)://host/...``), a base a link can be resolved on."""
    try:
        parts = urlparse(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _host(url: str) -> str:
    try:
        host = urlparse(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
