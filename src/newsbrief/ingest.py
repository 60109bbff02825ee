"""Read articles from files, directories, globs and stdin into cleaned ``Article`` records.

Pipeline for each input: resolve paths (and fetch http(s) URLs, ``fetch``) → read bytes (gunzip
``.jsonl.gz``, ``.html.gz`` and any ``.gz`` of a suffix we read, and gzip data under any name) →
refuse binary → decode (BOM, UTF-8, declared charset, bad bytes
replaced; ``decode.decode_bytes``) → parse by format (text, HTML via ``ingest_html``, JSON / JSONL
records in the news-please or trafilatura shape, RSS/Atom feeds via ``ingest_feed``, recognised by
content) → repair mojibake (ftfy) → clean (``clean.clean_text``) → check dates and language →
``Article``. WARC archives (``.warc``, ``.warc.gz``) are streamed record by record (``ingest_warc``),
each HTML page going through the same steps.

This module finds and reads the inputs and dispatches by format; ``records`` builds each article
from what a format yields, the same way for every reader.

Every repair (mojibake, bad bytes) and every dropped field (an implausible date) is a warning that
names the file or record.

Problems with one input are logged and that input is skipped, so one bad line never costs a whole
batch; ``strict=True`` turns every skip into an ``InputError``. Nothing is skipped silently.
"""

from __future__ import annotations

import codecs
import glob
import gzip
import io
import logging
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from newsbrief import records
from newsbrief.decode import decode_bytes, utf16_without_bom
from newsbrief.errors import InputError
from newsbrief.fetch import Fetched, fetch_pages, is_url
from newsbrief.ingest_feed import FEED_SUFFIXES, is_feed, read_feed
from newsbrief.ingest_warc import WARC_SUFFIX, WarcPage, WarcTally, read_warc
from newsbrief.language import not_english
from newsbrief.model import Article
from newsbrief.records import (
    MIN_WORDS,
    article_from_feed,
    article_from_html,
    article_from_page,
    article_from_record,
    article_from_text,
    host_of,
    json_lines,
    load_json,
)
from newsbrief.skip import Skip

__all__ = [
    "JSONL_SUFFIXES",
    "LoadOptions",
    "Skip",
    "article_from_record",
    "article_from_text",
    "decode_bytes",
    "is_article_file",
    "load_articles",
    "load_json",
    "read_file",
    "walk",
]

log = logging.getLogger("newsbrief")

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES | {WARC_SUFFIX}
# Compressed files are read as what they contain ("feed.jsonl.gz" is JSONL, "page.html.gz" a page).
GZIP_SUFFIXES = frozenset(f"{s}.gz" for s in SUFFIXES)

MAX_ARTICLE_BYTES = records.MAX_ARTICLE_BYTES


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """How forgiving ingest is. ``strict`` makes any skipped input an error. ``exclude``: files
    (any spelling of their path) that directory walks and globs leave out, such as the command's
    own output (``brief articles/ -o articles/brief.md`` run twice must not brief its last brief).
    """

    strict: bool = False
    min_words: int = MIN_WORDS
    english_only: bool = True
    exclude: frozenset[str] = frozenset()


def load_articles(
    sources: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    options: LoadOptions | None = None,
    stdin: BinaryIO | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Article]:
    """Load every article found under ``sources`` (``"-"`` reads ``stdin``), in a stable order.

    Raises ``InputError`` when a path does not exist, when nothing usable is found, or (with
    ``options.strict``) on the first skipped input.
    """
    opts = options or LoadOptions()
    if isinstance(sources, str | os.PathLike):
        sources = [sources]
    resolved = list(_resolve(sources, {os.path.realpath(p) for p in opts.exclude}))
    files = [item for item in resolved if isinstance(item, str)]
    loaded = _Collector(opts)
    for skip in (item for item in resolved if isinstance(item, Skip)):
        loaded.add_many([skip], skip.where or "")
    urls = [item for item in files if is_url(item)]
    # fetched all at once (a few at a time) before parsing: the network waits overlap
    fetched = (
        dict(zip(urls, fetch_pages(urls, max_bytes=MAX_ARTICLE_BYTES * 10), strict=True)) if urls else {}
    )
    for n, item in enumerate(files, 1):
        if item in fetched:
            loaded.add_many(_read_fetched(fetched[item], item), item)
        elif item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            loaded.add_many(_read_stdin(stream), "<stdin>")
        else:
            path = Path(item)
            loaded.add_many(_read_path(path), str(path))
        if progress:
            progress(n, len(files))
    return loaded.finish(files)


# ---------------------------------------------------------------------------------------------
# paths and formats


def _resolve(sources: Iterable[str | os.PathLike[str]], exclude: set[str]) -> Iterator[str | Skip]:
    for raw in sources:
        item = os.fspath(raw)
        if item == "-" or is_url(item):
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            found, unreadable = walk(path, lambda p: _kind_suffix(p)[0] in SUFFIXES)
            if not found:
                kinds = ", ".join(sorted(SUFFIXES | GZIP_SUFFIXES))
                for skip in unreadable:
                    log.warning("%s: %s; skipped", skip.where, skip)
                raise InputError(f"directory {item} contains no article files ({kinds})")
            yield from unreadable
            yield from _without(found, exclude)
        elif path.exists():
            yield item
        elif glob.has_magic(item):
            matches = sorted(p for p in glob.glob(item, recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError(f"no files match {item}")
            yield from _without(matches, exclude)
        else:
            raise InputError(f"no such file or directory: {item}")


def _without(found: list[str], exclude: set[str]) -> Iterator[str]:
    for path in found:
        if exclude and os.path.realpath(path) in exclude:
            log.info("%s: left out, it is this command's output", path)
        else:
            yield path


def walk(root: Path, wanted: Callable[[Path], bool]) -> tuple[list[str], list[Skip]]:
    """The files under the directory ``root`` whose path ``wanted`` accepts, sorted; hidden files
    and folders (a name starting with ".") are left out, judged below ``root`` only (``root``
    itself may be "../articles" or sit in "~/.cache"). And, located at each, a ``Skip`` for what
    is there but cannot be read as a file: a broken symbolic link, a named pipe, socket or device
    (reading one may wait for ever), a symbolic link to a directory (not followed: it may loop
    back), a folder that cannot be listed (no permission). Never raises.
    """
    files: list[str] = []
    skips: list[Skip] = []

    def unlisted(exc: OSError) -> None:  # os.walk (like Path.rglob) would pass over it unsaid
        where = exc.filename or str(root)
        skips.append(Skip(f"cannot read this folder: {exc.strerror or exc}").at(str(where)))

    for folder, dirs, names in os.walk(root, onerror=unlisted):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # hidden folders are not entered
        for d in dirs:
            if (here / d).is_symlink():
                skips.append(
                    Skip("a symbolic link to a directory, not followed (give it as an input)").at(
                        str(here / d)
                    )
                )
        for name in names:
            p = here / name
            if name.startswith(".") or not wanted(p):
                continue
            if p.is_file():
                files.append(str(p))
            elif p.is_symlink():
                skips.append(Skip(f"broken symbolic link (to {os.readlink(p)})").at(str(p)))
            else:
                skips.append(Skip("not a regular file (a named pipe, socket or device)").at(str(p)))
    return sorted(files), sorted(skips, key=lambda skip: skip.where or "")


def is_article_file(path: Path) -> bool:
    """Whether ``path``'s name says a format the loader reads ("a.html", "feed.jsonl.gz")."""
    return _kind_suffix(path)[0] in SUFFIXES


def _kind_suffix(path: Path) -> tuple[str, bool]:
    """(the suffix that says the format, whether gzip-compressed): "a.jsonl.gz" → (".jsonl", True)."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        inner = Path(path.stem).suffix.lower()
        if f"{inner}.gz" in GZIP_SUFFIXES:
            return inner, True
    return suffix, False


def read_file(
    path: str | os.PathLike[str], *, report: Callable[[str], None] | None = None
) -> Iterator[Article | Skip]:
    """The articles of one file of any format ``load_articles`` reads, and a ``Skip`` for each
    unusable part, in file order (for the batch runner, which reads its shards one by one).

    ``report`` receives summary lines (a WARC archive's "3 pages read; skipped ..."); by default
    they are logged. Never raises for bad content: every problem is a ``Skip``.
    """
    return _read_path(Path(path), report=report)


def _read_path(path: Path, *, report: Callable[[str], None] | None = None) -> Iterator[Article | Skip]:
    suffix, compressed = _kind_suffix(path)
    if suffix == WARC_SUFFIX:
        yield from _read_warc(path, report or (lambda line: log.info("%s", line)))
        return
    limit = MAX_ARTICLE_BYTES * (10 if suffix in JSON_SUFFIXES | FEED_SUFFIXES else 1)
    try:
        if suffix in JSONL_SUFFIXES:
            with gzip.open(path, "rb") if compressed else path.open("rb") as fh:
                yield from _parse_jsonl(_jsonl_lines(fh, str(path)), str(path))
            return
        if compressed:
            with gzip.open(path, "rb") as fh:
                data = fh.read(limit + 1)
            size = len(data)
        else:
            with path.open("rb") as fh:
                # read at most limit + 1 bytes: a pipe or a device ("/dev/zero") has no size to check
                size = os.fstat(fh.fileno()).st_size
                data = b"" if size > limit else fh.read(limit + 1)
        if size > limit or len(data) > limit:
            big = f"{size:,} bytes" if size > limit else f"over {limit:,} bytes"
            yield Skip(f"file is {big}, too large for one article (use .jsonl for collections)")
            return
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield Skip(f"not a readable gzip file ({exc or 'truncated'})")
        return
    except OSError as exc:
        yield Skip(f"cannot read file: {exc.strerror or exc}")
        return
    yield from _parse_bytes(data, str(path), suffix=suffix, stem=path.stem)


def _parse_bytes(data: bytes, source: str, *, suffix: str, stem: str) -> Iterator[Article | Skip]:
    if data[:2] == b"\x1f\x8b":
        # gzip on stdin, or under a name without .gz (a page a downloader saved as the server sent
        # it, Content-Encoding and all): read it as what it contains
        limit = MAX_ARTICLE_BYTES * (1 if suffix in HTML_SUFFIXES | TEXT_SUFFIXES else 10)
        try:
            data = gzip.GzipFile(fileobj=io.BytesIO(data)).read(limit + 1)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            yield Skip(f"not a readable gzip file ({exc or 'truncated'})")
            return
        if len(data) > limit:
            yield Skip("compressed input is too large to read at once (use a .jsonl.gz file)")
            return
    try:
        text = decode_bytes(data, source)
    except Skip as skip:
        yield skip
        return
    if not text.strip():
        yield Skip("empty file")
        return
    kind = _sniff(text, suffix)
    if kind == "feed":
        # feedparser reads the bytes itself: it honours the feed's own encoding declaration
        for item in read_feed(data, source):
            yield item if isinstance(item, Skip) else _guard(partial(article_from_feed, item), item.where)
    elif kind == "xml":
        yield Skip("an XML file that is not an RSS or Atom feed")
    elif kind == "jsonl":
        yield from _parse_jsonl(_json_lines_of(text), source)
    elif kind == "json":
        try:
            value = load_json(text)
        except Skip as skip:
            if suffix in JSON_SUFFIXES or text.lstrip().startswith("["):
                yield skip
                return
            yield from _parse_jsonl(_json_lines_of(text), source)
            return
        records = value if isinstance(value, list) else [value]
        for i, record in enumerate(records):
            yield _guard_record(record, f"{source}[{i}]")
    elif kind == "html":
        yield _guard(lambda: article_from_html(text, source), source)
    else:
        yield _guard(lambda: article_from_text(text, source=source), source)


def _read_stdin(stream: BinaryIO) -> Iterator[Article | Skip]:
    # bounded as a file is: a JSON collection or a feed at most (JSON lines stream from files)
    limit = MAX_ARTICLE_BYTES * 10
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield Skip(f"standard input is over {limit:,} bytes, too large to read at once (use a .jsonl file)")
        return
    yield from _parse_bytes(data, "<stdin>", suffix="", stem="stdin")


def _json_lines_of(text: str) -> list[str]:
    """The lines of JSON-lines ``text``: split at "\\n" only. JSON may hold U+2028, U+0085 and other
    characters ``str.splitlines`` breaks at, raw inside a string; split there, a record is lost."""
    return text.split("\n")


def _jsonl_lines(fh: Any, source: str) -> Iterable[bytes | str]:
    """The lines of a JSON-lines file: its bytes, line by line (each decoded on its own, so one bad
    line costs one line), or, for a file in UTF-16 or UTF-32 (a BOM, or UTF-16's NUL bytes), its
    decoded text: split on b"\\n", such a file's lines would start in the middle of a character."""
    head: bytes = fh.peek(4096)[:4096]
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32")):
        if head.startswith(bom):
            return io.TextIOWrapper(fh, encoding=encoding, errors="replace")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return io.TextIOWrapper(fh, encoding="utf-16", errors="replace")
    unmarked = utf16_without_bom(head)
    if unmarked:
        log.warning("%s: UTF-16 without a byte-order mark; read as %s", source, unmarked.upper())
        return io.TextIOWrapper(fh, encoding=unmarked, errors="replace")
    return fh  # type: ignore[no-any-return]


def _parse_jsonl(lines: Iterable[bytes | str], source: str) -> Iterator[Article | Skip]:
    for where, record in json_lines(lines, source):
        yield record if isinstance(record, Skip) else _guard_record(record, where)


def _read_warc(path: Path, report: Callable[[str], None]) -> Iterator[Article | Skip]:
    """The pages of one WARC archive as articles, streamed; one summary line to ``report``."""
    tally = WarcTally()
    read = skips = 0
    try:
        with path.open("rb") as fh:
            for item in read_warc(fh, str(path), tally, max_bytes=MAX_ARTICLE_BYTES):
                result = (
                    item if isinstance(item, Skip) else _guard(partial(article_from_page, item), item.where)
                )
                read += isinstance(result, Article)
                skips += isinstance(result, Skip)
                yield result
    except OSError as exc:
        yield Skip(f"cannot read file: {exc.strerror or exc}")
        return
    if read or skips:
        report(tally.summary(str(path), read))
    else:  # nothing else is said about this file: the counts say why it gave nothing
        yield Skip(f"no article in this WARC archive ({tally.counts(read)})")


def _read_fetched(result: Fetched | Skip, url: str) -> Iterator[Article | Skip]:
    """A fetched URL: a page as an archived page is read (its address and host kept), anything
    else (a feed, JSON) by content as a file is."""
    if isinstance(result, Skip):
        yield result
        return
    if result.content_type in ("text/html", "application/xhtml+xml") or (
        not result.content_type
        and result.body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
    ):
        if len(result.body) > MAX_ARTICLE_BYTES:
            yield Skip(f"page is {len(result.body):,} bytes, too large for one article").at(url)
            return
        page = WarcPage(where=url, payload=result.body, url=result.url, captured="", charset=result.charset)
        yield _guard(partial(article_from_page, page), url)
        return
    yield from _parse_bytes(result.body, url, suffix="", stem=host_of(result.url) or "page")


def _sniff(text: str, suffix: str) -> str:
    if is_feed(text):
        return "feed"  # by content: feeds are saved under any name (.xml, .rss, .php, none)
    if suffix in FEED_SUFFIXES:
        return "xml"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in HTML_SUFFIXES:
        return "html"
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if suffix in TEXT_SUFFIXES:
        # a whole page saved under a text name ("curl URL > story.txt") is a page: read as text,
        # its head and tags would be the article. Markup inside a text (a .md's inline tag) is not.
        return "html" if head.startswith(("<!doctype html", "<html")) else "text"
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.match(
        r"<(head|body|article|div|p)\b", head
    ):
        return "html"
    return "text"


# ---------------------------------------------------------------------------------------------
# helpers


class _Collector:
    """Keeps articles in order, drops duplicate ids and non-English text, and reports every skip."""

    def __init__(self, options: LoadOptions) -> None:
        self.options = options
        self.articles: list[Article] = []
        self.ids: dict[str, Article] = {}
        self.skipped: list[str] = []
        self.foreign: list[tuple[str, str]] = []  # (source, language code)

    def add_many(self, items: Iterable[Article | Skip], default_source: str) -> None:
        for item in items:
            if isinstance(item, Skip):
                where = item.where or default_source
                self._skip(f"{where}: {item}; skipped")
            else:
                self._add(item)

    def _add(self, article: Article) -> None:
        if self.options.english_only and article.language != "en":
            self.foreign.append((article.source, article.language))
            self._skip(
                f"{article.source}: {not_english(article.language)}; newsbrief reads English only; skipped"
            )
            return
        first = self.ids.get(article.id)
        if first is not None:
            self._skip(f"{article.source}: {repeat_reason(article, first)}")
            return
        self.ids[article.id] = article
        if not self.articles:
            for message in self.skipped:
                log.warning("%s", message)
        self.articles.append(article)

    def _skip(self, message: str) -> None:
        if self.options.strict:
            raise InputError(message.removesuffix("; skipped") + " (--strict)")
        self.skipped.append(message)
        if self.articles:  # until something loads, hold warnings: if nothing does, the error says it once
            log.warning("%s", message)

    def finish(self, files: list[str]) -> list[Article]:
        if self.articles:
            return self.articles
        where = files[0] if len(files) == 1 else f"{len(files)} inputs"
        if len(self.skipped) == 1:
            message = self.skipped[0].removesuffix("; skipped")
            if self.foreign:
                source, language = self.foreign[0]
                message = f"{source}: no English articles ({not_english(language)})"
            raise InputError(message)
        for message in self.skipped:
            log.warning("%s", message)
        if self.foreign and len(self.foreign) == len(self.skipped):
            raise InputError(f"{where}: no English articles (newsbrief reads English only)")
        raise InputError(f"no usable articles in {where} ({len(self.skipped)} skipped, see warnings)")


def repeat_reason(article: Article, first: Article) -> str:
    """Why ``article``, whose id ``first`` (read before) already has, is not read again.

    An article's id is its link (with the outlet), else its text: the same text under two file
    names is one article, read once; the same id with other text is another version of one
    article (a re-crawl, an edit), of which the first read is kept.
    """
    if article.text == first.text:
        return f"the same article as {first.source} (same text); read once"
    return (
        f"duplicate article id {article.id} (first seen in {first.source}) with other text, "
        "another version of the same article; the first kept, this one skipped"
    )


def _guard(build: Callable[[], Article], where: str) -> Article | Skip:
    try:
        return build()
    except Skip as skip:
        return skip.at(skip.where or where)


def _guard_record(record: Any, where: str) -> Article | Skip:
    try:
        return article_from_record(record, source=where)
    except Skip as skip:
        return skip.at(skip.where or where)
