"""One article from one record: a JSON object or a text with its metadata, repaired and cleaned.

Every reader (files, JSON lines, feeds, WARC pages, fetched URLs, the HTTP API, the batch and the
evaluations) ends here, so an article is built, and refused, the same way whatever carried it.
``Skip`` names what is missing or wrong; nothing is dropped silently.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import urlparse

from newsbrief.clean import clean_text
from newsbrief.controls import strip_controls
from newsbrief.dates import as_utc_if_naive, read_datetime
from newsbrief.decode import decode_bytes, repair_text
from newsbrief.ingest_feed import FeedItem
from newsbrief.ingest_html import HtmlArticle, extract_html
from newsbrief.ingest_warc import WarcPage
from newsbrief.language import detect_language, not_english
from newsbrief.model import Article, stable_id
from newsbrief.skip import Skip

__all__ = [
    "MAX_ARTICLE_BYTES",
    "MIN_WORDS",
    "article_from_feed",
    "article_from_html",
    "article_from_page",
    "article_from_record",
    "article_from_text",
    "count_words",
    "host_of",
    "json_lines",
    "load_json",
    "outlet_name",
    "read_date",
    "strip_controls",
]

log = logging.getLogger("newsbrief")

MAX_ARTICLE_BYTES = 5_000_000  # a single article larger than this is not an article
MIN_WORDS = 5

# Field names, in order of preference, of the JSON shapes we read.
_TEXT_KEYS = ("maintext", "text", "body", "content", "article")
_TITLE_KEYS = ("title", "headline")
_DATE_KEYS = ("date_publish", "published", "date", "publish_date", "pubdate")
_OUTLET_KEYS = ("outlet", "source_domain", "sitename", "hostname", "source")
_META_KEYS = (*_TITLE_KEYS, *_DATE_KEYS, *_OUTLET_KEYS, "url", "id", "language")


def article_from_record(record: Any, *, source: str) -> Article:
    """Build an article from one JSON object (news-please, trafilatura or newsbrief shape).

    A text field holding HTML (a whole page, or a body of block elements) is read through the page
    extractor, as a page file is; the record's own title, URL, outlet and date come first. Raises
    ``Skip`` naming what is missing or wrong. The outlet is the record's outlet field, else
    the host of its ``url`` without "www.", else (in ``article_from_text``) the file's name.
    """
    if isinstance(record, list):
        raise Skip("this is a JSON array, not one article; use .json for an array or one object per line")
    if not isinstance(record, dict):
        raise Skip(f"expected a JSON object, got {_json_kind(record)}")
    if isinstance(record.get("docs"), list):
        raise Skip("this is a stories file (objects with 'docs'); use `newsbrief summarize-batch` for it")
    text = next((record[k] for k in _TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    if text is None:
        wrong = next(
            (k for k in _TEXT_KEYS if record.get(k) is not None and not isinstance(record[k], str)), None
        )
        if wrong is not None:
            raise Skip(f"the article text field {wrong!r} is {_json_kind(record[wrong])}, not text")
        inner = next(
            (k for k, v in record.items() if isinstance(v, list) and v and isinstance(v[0], dict)), None
        )
        if inner is not None:  # an API's envelope ({"status": "ok", "articles": [...]})
            raise Skip(
                f"no article text: this object holds {len(record[inner])} records under {inner!r}; "
                "give that list as a JSON array, or one object per line"
            )
        raise Skip(f"no article text (expected one of the fields {', '.join(_TEXT_KEYS)})")
    for key in _META_KEYS:
        value = record.get(key)
        if key in _DATE_KEYS and _epoch(value):
            continue  # read below, as its digits would be
        if value is not None and not isinstance(value, str):
            # read as text only: a number or a list is not guessed at, but never dropped unsaid
            log.warning("%s: field %r is %s, not text; ignored", source, key, _json_kind(value))
    page = _markup(text)
    url = _str(record.get("url")) or (page.url if page else "")
    outlet = (
        next((outlet_name(record[k]) for k in _OUTLET_KEYS if _str(record.get(k))), "")
        or host_of(url)
        or (outlet_name(page.outlet) if page else "")
    )
    published = None
    for key in _DATE_KEYS:
        value = record.get(key)
        if _epoch(value):  # Unix time as a JSON number: read as the same digits in a string are
            value = str(int(value))
        if published is None and _str(value):
            published = read_date(value, source, f"date field {key!r}")
    if published is None and page is not None and page.date:
        published = read_date(page.date, source, "the page's publication date")
    language = _str(record.get("language")).lower()
    if language and not language.startswith("en"):
        raise Skip(f"language is {language!r}; newsbrief reads English articles only")
    return article_from_text(
        page.text if page else text,
        source=source,
        title=next((_str(record[k]) for k in _TITLE_KEYS if _str(record.get(k))), "")
        or (page.title if page else ""),
        outlet=outlet,
        url=url,
        published=published,
        article_id=_str(record.get("id")),
    )


# A record's text that is markup: a whole page (a crawler's raw HTML, a page uploaded in the web
# form) or a fragment of block elements (a CMS export's body). Read as text, its tags and head
# would be the article ("<!DOCTYPE html><html><head>..." as its title).
_PAGE = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_FRAGMENT = re.compile(
    r"\s*<(?:p|div|article|section|h[1-6]|ul|ol|blockquote|span|br|figure|header|main)\b", re.I
)
_CLOSING = re.compile(r"</(?:p|div|article|section|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _markup(text: str) -> HtmlArticle | None:
    """``text`` read through the page extractor when it is HTML (a page, or a fragment that opens
    with a block element and closes one), else ``None``. Raises ``Skip`` when the markup holds no
    article text."""
    if _PAGE.match(text):
        return extract_html(text)
    if _FRAGMENT.match(text) and _CLOSING.search(text):
        # read whole as one article's body, as a feed entry's HTML content is
        return extract_html(f"<html><body><article>{text}</article></body></html>")
    return None


def article_from_text(
    text: str,
    *,
    source: str,
    title: str = "",
    outlet: str = "",
    url: str = "",
    published: datetime | None = None,
    article_id: str = "",
    min_words: int = MIN_WORDS,
) -> Article:
    """Repair, clean and wrap ``text`` as an ``Article``; raise ``Skip`` when nothing usable is left.

    Mojibake in ``text`` or ``title`` is repaired with a warning naming ``source``. A publication
    time without a zone is read as UTC (as ordering and clustering read it), so every ``published``
    carries an offset and serializes in one format (``dates.iso8601``).
    """
    if len(text) > MAX_ARTICLE_BYTES:
        raise Skip(f"article text is {len(text):,} characters; the limit is {MAX_ARTICLE_BYTES:,}")
    text, example = repair_text(text)
    if example:
        log.warning("%s: repaired mis-decoded characters (mojibake), e.g. %s", source, example)
    title, example = repair_text(title)
    if example:
        log.warning("%s: repaired mis-decoded characters (mojibake) in the title, e.g. %s", source, example)
    # after the repair: C1 bytes are part of what mojibake is made of ("â€\x9d" is "”")
    text, title, outlet, url = (strip_controls(value) for value in (text, title, outlet, url))
    if not text.strip():
        raise Skip("empty article")
    given = count_words(text)
    if given < min_words:
        raise Skip(
            f"too short to be an article ({given} word{'' if given == 1 else 's'}; at least {min_words})"
        )
    cleaned = clean_text(text, title=title)
    if count_words(cleaned.text) < min_words:
        # the cleaning rules read the shapes of English lines, and may leave nothing of another
        # language's text: then its language is the reason, not furniture
        language = detect_language(text)
        if language != "en":
            raise Skip(f"{not_english(language)}; newsbrief reads English only")
        raise Skip("no article text left after removing page furniture")
    language = detect_language(cleaned.text)
    outlet = outlet or (_file_stem(source) if source and not source.startswith("<") else "")
    when = published or cleaned.published
    return Article(
        id=article_id or (stable_id(outlet, url) if url else stable_id(cleaned.text)),
        text=cleaned.text,
        title=cleaned.title,
        outlet=outlet or "unknown",
        url=url,
        published=as_utc_if_naive(when).replace(microsecond=0) if when else None,
        language=language,
        source=source,
    )


# Scripts written without spaces between words (Han, kana, Thai, Lao, Myanmar, Khmer): each
# character counts as a word, so a Chinese or Japanese article is long enough to be named as
# the language it is, not refused as empty.
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_UNSPACED}]|[^\s{_UNSPACED}]+")


def count_words(text: str) -> int:
    """Words in ``text``: runs between white space, and each character of a script written
    without spaces. Cost: one regex pass."""
    return sum(1 for _ in _WORD.finditer(text))


def load_json(text: str | bytes) -> Any:
    """``json.loads`` that raises ``Skip`` instead of ``JSONDecodeError`` or ``RecursionError``.

    The one JSON parser of every input reader (articles, shards, stories files for the batch and
    the evaluations), so a bad line reads the same everywhere. Python's parser recurses once per
    nesting level, so a line of 100,000 "[" exhausts the stack; no record we read is nested more
    than a few levels, so that line is skipped, not fatal.
    """
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Skip(f"malformed JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:
        raise Skip("JSON nested too deeply to be a record") from exc
    if (isinstance(text, str) and _SURROGATE_ESCAPE.search(text)) or (
        isinstance(text, bytes) and _SURROGATE_ESCAPE_BYTES.search(text)
    ):
        try:
            record = _without_lone_surrogates(record)
        except RecursionError as exc:
            raise Skip("JSON nested too deeply to be a record") from exc
    return record


# JSON may escape half of a UTF-16 pair alone ("\ud800"); Python reads it as a lone surrogate,
# which no UTF-8 output can hold, so every later write (a brief, a summary line) would fail on it.
# It becomes U+FFFD, as a bad UTF-8 byte does. Pairs ("\ud83c\udf89") are read as one character.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    return value


def article_from_html(html: str, source: str) -> Article:
    """A web page as an article: the extractor's text, title, outlet (else the URL's host) and date."""
    page = extract_html(html)
    return article_from_text(
        page.text,
        source=source,
        title=page.title,
        outlet=outlet_name(page.outlet) or host_of(page.url),
        url=page.url,
        published=read_date(page.date, source, "the page's publication date"),
    )


def article_from_page(page: WarcPage) -> Article:
    """An archived page: the archive's URL and host over the page's own claims (a crawl records
    where the page was found), the page's publication date, else the capture time."""
    html = decode_bytes(page.payload, page.where, charset=page.charset)
    extracted = extract_html(html)
    published = (
        read_date(extracted.date, page.where, "the page's publication date") if extracted.date else None
    )
    if published is None and page.captured:
        published = read_date(page.captured, page.where, "WARC-Date")
    url = page.url or extracted.url
    return article_from_text(
        extracted.text,
        source=page.where,
        title=extracted.title,
        outlet=host_of(url) or outlet_name(extracted.outlet),
        url=url,
        published=published,
    )


def article_from_feed(item: FeedItem) -> Article:
    """A feed entry as an article: HTML content through the page extractor, the entry's own
    title, link, date and outlet kept over whatever the extractor finds in the fragment."""
    text = item.text
    if item.is_html:
        # a fragment: wrapped as one article so the extractor reads all of it as the body
        text = extract_html(f"<html><body><article>{item.text}</article></body></html>").text
    return article_from_text(
        text,
        source=item.where,
        title=item.title,
        outlet=item.outlet,
        url=item.url,
        published=read_date(item.date, item.where, "the entry's date") if item.date else None,
    )


def json_lines(lines: Iterable[bytes | str], source: str) -> Iterator[tuple[str, Any]]:
    """``(where, record)`` for each non-blank line of a JSON-lines input, ``where`` being
    ``"source:lineno"``; streamed, one line at a time.

    A line that cannot be decoded or parsed gives a ``Skip`` (located at its line) in place of its
    record, and each reader decides whether that skips the line or ends the input. A first line
    that opens a JSON array gives one ``Skip`` at ``source`` and ends the input: an array
    (often pretty-printed over many lines) is one hint, not a warning per line. The one JSON-lines
    reader of articles, shards and stories files.
    """
    first = True
    for lineno, raw in enumerate(lines, 1):
        where = f"{source}:{lineno}"
        if isinstance(raw, bytes):
            try:
                line = decode_bytes(raw, where, quiet_binary=True)
            except Skip as skip:
                yield where, skip.at(where)
                continue
        else:
            line = raw
        if not line.strip():
            continue
        if first and line.lstrip().startswith("["):
            yield (
                source,
                Skip("this is a JSON array; use .json for it, or write one object per line").at(source),
            )
            return
        first = False
        try:
            yield where, load_json(line)
        except Skip as skip:
            yield where, skip.at(where)


def _epoch(value: Any) -> TypeGuard[int | float]:
    """Whether ``value`` is a JSON number that can be a Unix time (seconds or milliseconds)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value == value
        and abs(value) < 1e15
    )


def _json_kind(value: Any) -> str:
    """What a JSON value is, in JSON's words ("a number", "an array"), for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def host_of(url: str) -> str:
    """The host of ``url`` without "www." ("www.example.com/a" without a scheme works too)."""
    url = url.strip()
    if url and "//" not in url:
        url = "//" + url
    try:
        host = urlparse(url).hostname or ""
    except ValueError:  # a malformed netloc such as "[::1"
        return ""
    return host.removeprefix("www.")


def outlet_name(value: Any) -> str:
    """An outlet field as given, except that a bare host name loses its "www." ("www.bbc.co.uk")."""
    name = _str(value)
    if re.fullmatch(r"www\.[\w-]+(\.[\w-]+)+", name, flags=re.IGNORECASE):
        return name[4:]
    return name


def _file_stem(source: str) -> str:
    """The outlet a plain file implies: its name without suffixes ("feeds/bbc.jsonl.gz:3" → "bbc")."""
    name = Path(re.sub(r":\d+$|\[\d+\]$", "", source)).name
    return name.split(".")[0] if not name.startswith(".") else name


def read_date(value: Any, source: str, field: str) -> datetime | None:
    """A publication date, or ``None`` with a warning naming ``source`` when it is unusable."""
    if not isinstance(value, str):
        return None
    when, why = read_datetime(value)
    if why:
        log.warning("%s: %s %r is %s; dropped", source, field, value[:80], why)
    return when
