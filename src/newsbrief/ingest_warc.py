"""WARC archives (.warc, .warc.gz; CC-NEWS writes one gzip member per record) → HTML pages.

Every ``response`` record of an HTTP 200 with an HTML payload is a ``WarcPage``: its bytes, its
URL (``WARC-Target-URI``) and its capture time (``WARC-Date``, the fallback when the page states
no publication date). Every other record is counted in a ``WarcTally``, not warned about one by
one: a crawl holds a request and often a metadata record per page, and listing each would bury
the warnings that matter.

An archive cut short (a copy that stopped, a crawl that died) is said, never read as if whole:
warcio ends quietly at a record whose header is cut or whose block stops before its
Content-Length, so the bytes left unread and the last record's remaining length are checked; a
page whose payload is cut is a ``Skip``, not half an article.

Streaming: warcio's ``ArchiveIterator`` reads one record at a time and skips the payloads not read,
so memory is one page (at most ``max_bytes``) whatever the archive's size.
"""

from __future__ import annotations

import gzip
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from newsbrief.decode import http_charset
from newsbrief.skip import Skip

WARC_SUFFIX = ".warc"  # also read gzip-compressed, as ".warc.gz"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One archived HTML page: raw payload bytes (HTTP transfer and content encodings undone)."""

    where: str  # "crawl.warc.gz#7 https://example.com/a"
    payload: bytes
    url: str
    captured: str  # WARC-Date, ISO 8601 (UTC)
    charset: str = ""  # the HTTP Content-Type header's charset, as written ("" when it gave none)


@dataclass(slots=True)
class WarcTally:
    """What one archive held besides the pages read (mutable: filled while the archive streams)."""

    pages: int = 0  # HTML 200 responses handed on
    non_html: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    other_records: int = 0  # request, metadata, warcinfo, revisit, resource...

    def summary(self, source: str, read: int) -> str:
        """One line: "x.warc.gz: 3 pages read; skipped 2 non-HTML, 1 status 404, 4 request/metadata
        records" (``read`` is how many pages became articles; the rest are "without an article")."""
        return f"{source}: {self.counts(read)}"

    def counts(self, read: int) -> str:
        """The summary without the archive's name."""
        parts = []
        if self.pages > read:
            parts.append(f"{self.pages - read} without an article (see warnings)")
        if self.non_html:
            parts.append(f"{self.non_html} non-HTML")
        for status, n in sorted(self.statuses.items()):
            parts.append(f"{n} status {status}")
        if self.other_records:
            parts.append(
                f"{self.other_records} request/metadata record{'' if self.other_records == 1 else 's'}"
            )
        line = f"{read} page{'' if read == 1 else 's'} read"
        return f"{line}; skipped {', '.join(parts)}" if parts else line


def read_warc(
    stream: BinaryIO, source: str, tally: WarcTally, *, max_bytes: int
) -> Iterator[WarcPage | Skip]:
    """The HTML pages of the archive in ``stream``, in archive order; counts the rest in ``tally``.

    A page over ``max_bytes`` is a ``Skip``; an archive that stops being readable (not WARC,
    truncated, corrupt gzip) ends with one ``Skip`` saying after which record, keeping the pages
    before it; a page cut by the end of the file is a ``Skip``. Cost: one pass, decompressing each gzip member once.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        if not _starts_as_warc(stream):
            yield Skip("not a WARC archive (it does not start with a WARC/1.x record header)").at(source)
            return
        records = ArchiveIterator(stream)
        record = None
        cut_page = False
        for n, record in enumerate(records, 1):
            page = _page(record, source, n, tally, max_bytes)
            if isinstance(page, WarcPage) and _cut_short(record):
                # its payload was read to the end of the file: the page is only its first part
                page = Skip("page is cut short: the archive ends inside it").at(page.where)
                cut_page = True
            if page is not None:
                yield page
        # warcio ends quietly where an archive is cut short: a record whose block stops before its
        # Content-Length, or a last record (or gzip member) whose header cannot be read
        if record is not None and _cut_short(record) and not cut_page:
            yield Skip(f"the archive is cut short inside record {n}; the records before it were read").at(
                source
            )
        elif stream.tell() > records.offset:
            unread = stream.tell() - records.offset
            at = f"after record {n}" if n else "in its first record"
            kept = f"; the {n} record{'' if n == 1 else 's'} before them were read" if n else ""
            yield Skip(
                f"the archive is cut short or damaged {at} ({unread:,} bytes that are no complete record){kept}"
            ).at(source)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
        after = f" after record {n}" if n else ""
        yield Skip(f"not a readable WARC archive{after} ({str(exc).strip() or type(exc).__name__})").at(
            source
        )


def _page(record: Any, source: str, n: int, tally: WarcTally, max_bytes: int) -> WarcPage | Skip | None:
    if record.rec_type != "response":
        tally.other_records += 1
        return None
    http = record.http_headers
    if http is None:  # dns: and other non-HTTP captures
        tally.non_html += 1
        return None
    status = http.get_statuscode()
    if status != "200":
        tally.statuses[status] += 1
        return None
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
    where = f"{source}#{n} {url}" if url else f"{source}#{n}"
    content_type = http.get_header("Content-Type") or ""
    kind = content_type.split(";")[0].strip().lower()
    if kind and kind not in _HTML_TYPES:
        tally.non_html += 1  # its payload is never read (the iterator skips over it)
        return None
    payload = record.content_stream().read(max_bytes + 1)
    if not kind and not _looks_like_html(payload):
        tally.non_html += 1
        return None
    tally.pages += 1
    if len(payload) > max_bytes:
        return Skip(f"page is over {max_bytes:,} bytes, too large for one article").at(where)
    return WarcPage(
        where=where,
        payload=payload,
        url=url,
        captured=(record.rec_headers.get_header("WARC-Date") or "").strip(),
        charset=http_charset(content_type),
    )


def _cut_short(record: Any) -> bool:
    """Whether the file ended inside the record: before its declared Content-Length (once read to
    its end, warcio's ``LimitReader`` has nothing left), or inside its header (every WARC record
    has a Content-Length; warcio reads a header cut before it as a record holding the rest)."""
    if record.rec_headers.get_header("Content-Length") is None:
        return True
    return int(getattr(record.raw_stream, "limit", 0) or 0) > 0


def _starts_as_warc(stream: BinaryIO) -> bool:
    """Whether the (seekable) stream's first record starts "WARC/", gzip-compressed or not; warcio
    reads any other text as a record of an older format instead of refusing it."""
    head = stream.read(2)
    stream.seek(0)
    if head == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=stream) as unzipped:
            head = unzipped.read(5)
        stream.seek(0)
    else:
        head = stream.read(5)
        stream.seek(0)
    return head.startswith(b"WARC/")


def _looks_like_html(payload: bytes) -> bool:
    head = payload[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))
