"""Read articles from files, directories, globs and stdin into cleaned ``Article`` records.

Pipeline for each input: resolve paths → read bytes → refuse binary → decode (UTF-8, then a logged
cp1252/latin-1 fallback) → parse by format (text, HTML via trafilatura, JSON / JSONL records in the
news-please or trafilatura shape) → clean (``clean.clean_text``) → check it is English → ``Article``.

Problems with one input are logged and that input is skipped, so one bad line never costs a whole
batch; ``strict=True`` turns every skip into an ``InputError``. Nothing is skipped silently.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlparse

from newsbrief.clean import clean_text
from newsbrief.dates import parse_datetime
from newsbrief.errors import InputError
from newsbrief.language import detect_language, not_english
from newsbrief.model import Article, stable_id

log = logging.getLogger("newsbrief")

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

MAX_ARTICLE_BYTES = 5_000_000  # a single article larger than this is not an article
MIN_WORDS = 5

# Field names, in order of preference, of the JSON shapes we read.
_TEXT_KEYS = ("maintext", "text", "body", "content", "article")
_TITLE_KEYS = ("title", "headline")
_DATE_KEYS = ("date_publish", "published", "date", "publish_date", "pubdate")
_OUTLET_KEYS = ("outlet", "source_domain", "sitename", "hostname", "source")


class Skip(Exception):
    """One input cannot be used; the message says why. Raised inside ingest, logged or made fatal."""


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """How forgiving ingest is. ``strict`` makes any skipped input an error."""

    strict: bool = False
    min_words: int = MIN_WORDS
    english_only: bool = True


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
    files = list(_resolve(sources))
    loaded = _Collector(opts)
    for n, item in enumerate(files, 1):
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            loaded.add_many(_parse_bytes(stream.read(), "<stdin>", suffix="", stem="stdin"), "<stdin>")
        else:
            path = Path(item)
            loaded.add_many(_read_path(path), str(path))
        if progress:
            progress(n, len(files))
    return loaded.finish(files)


def article_from_record(record: Any, *, source: str) -> Article:
    """Build an article from one JSON object (news-please, trafilatura or newsbrief shape)."""
    if not isinstance(record, dict):
        raise Skip(f"expected a JSON object, got {type(record).__name__}")
    if isinstance(record.get("docs"), list):
        raise Skip("this is a stories file (objects with 'docs'); use `newsbrief summarize-batch` for it")
    text = next((record[k] for k in _TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    if text is None:
        raise Skip(f"no article text (expected one of the fields {', '.join(_TEXT_KEYS)})")
    url = _str(record.get("url"))
    outlet = next((_str(record[k]) for k in _OUTLET_KEYS if _str(record.get(k))), "") or _host(url)
    published = next((d for k in _DATE_KEYS if (d := _date(record.get(k))) is not None), None)
    language = _str(record.get("language")).lower()
    if language and not language.startswith("en"):
        raise Skip(f"language is {language!r}; newsbrief reads English articles only")
    return article_from_text(
        text,
        source=source,
        title=next((_str(record[k]) for k in _TITLE_KEYS if _str(record.get(k))), ""),
        outlet=outlet,
        url=url,
        published=published,
        article_id=_str(record.get("id")),
    )


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
    """Clean ``text`` and wrap it as an ``Article``; raise ``Skip`` when nothing usable is left."""
    if len(text) > MAX_ARTICLE_BYTES:
        raise Skip(f"article text is {len(text):,} characters; the limit is {MAX_ARTICLE_BYTES:,}")
    cleaned = clean_text(text, title=title)
    if len(cleaned.text.split()) < min_words:
        raise Skip("no article text left after removing page furniture" if text.strip() else "empty article")
    language = detect_language(cleaned.text)
    outlet = outlet or (Path(source.split(":")[0]).stem if source and not source.startswith("<") else "")
    return Article(
        id=article_id or (stable_id(outlet, url) if url else stable_id(cleaned.text)),
        text=cleaned.text,
        title=cleaned.title,
        outlet=outlet or "unknown",
        url=url,
        published=published or cleaned.published,
        language=language,
        source=source,
    )


# ---------------------------------------------------------------------------------------------
# paths and formats


def _resolve(sources: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    for raw in sources:
        item = os.fspath(raw)
        if item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(s.startswith(".") for s in p.parts)
            )
            if not found:
                kinds = ", ".join(sorted(SUFFIXES))
                raise InputError(f"directory {item} contains no article files ({kinds})")
            yield from found
        elif path.exists():
            yield item
        elif glob.has_magic(item):
            matches = sorted(p for p in glob.glob(item, recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError(f"no files match {item}")
            yield from matches
        else:
            raise InputError(f"no such file or directory: {item}")


def _read_path(path: Path) -> Iterator[Article | Skip]:
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as fh:
                yield from _parse_jsonl(fh, str(path))
            return
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES * (10 if suffix in JSON_SUFFIXES else 1):
            yield Skip(f"file is {size:,} bytes, too large for one article (use .jsonl for collections)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skip(f"cannot read file: {exc.strerror or exc}")
        return
    yield from _parse_bytes(data, str(path), suffix=suffix, stem=path.stem)


def _parse_bytes(data: bytes, source: str, *, suffix: str, stem: str) -> Iterator[Article | Skip]:
    try:
        text = decode_bytes(data, source)
    except Skip as skip:
        yield skip
        return
    if not text.strip():
        yield Skip("empty file")
        return
    kind = _sniff(text, suffix)
    if kind == "jsonl":
        yield from _parse_jsonl(text.splitlines(keepends=True), source)
    elif kind == "json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            if suffix in JSON_SUFFIXES or text.lstrip().startswith("["):
                yield Skip(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
                return
            yield from _parse_jsonl(text.splitlines(keepends=True), source)
            return
        records = value if isinstance(value, list) else [value]
        for i, record in enumerate(records):
            yield _guard_record(record, f"{source}[{i}]")
    elif kind == "html":
        yield _guard(lambda: _article_from_html(text, source), source)
    else:
        yield _guard(lambda: article_from_text(text, source=source), source)


def _parse_jsonl(lines: Iterable[bytes | str], source: str) -> Iterator[Article | Skip]:
    for lineno, line in enumerate(lines, 1):
        where = f"{source}:{lineno}"
        if isinstance(line, bytes):
            try:
                line = decode_bytes(line, where, quiet_binary=True)
            except Skip as skip:
                yield _located(skip, where)
                continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _located(Skip(f"malformed JSON ({exc.msg} at column {exc.colno})"), where)
            continue
        yield _guard_record(record, where)


def _article_from_html(html: str, source: str) -> Article:
    import trafilatura  # imported here: costs ~0.5 s and only HTML input needs it

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    doc = doc.as_dict() if doc is not None and not isinstance(doc, dict) else doc
    if not isinstance(doc, dict) or not _str(doc.get("text")):
        raise Skip("no article text found in the HTML page")
    url = _str(doc.get("url"))
    return article_from_text(
        _str(doc.get("text")),
        source=source,
        title=_str(doc.get("title")),
        outlet=_str(doc.get("sitename")) or _str(doc.get("hostname")) or _host(url),
        url=url,
        published=_date(doc.get("date")),
    )


def _sniff(text: str, suffix: str) -> str:
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = text.lstrip()[:512].lower()
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.match(
        r"<(head|body|article|div|p)\b", head
    ):
        return "html"
    return "text"


def decode_bytes(data: bytes, source: str, *, quiet_binary: bool = False) -> str:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252/latin-1.

    Binary data (NUL bytes or many control characters) raises ``Skip`` instead of producing mojibake.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise Skip("invalid UTF-16 text") from exc
    head = data[:8192]
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    if b"\x00" in head or (head and controls / len(head) > 0.05):
        raise Skip("binary data, not text" if quiet_binary else "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        for encoding in ("cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            log.warning("%s: not valid UTF-8 (byte %d); read as %s", source, exc.start, encoding)
            return text
    raise Skip("undecodable text")  # pragma: no cover - latin-1 decodes any byte string


# ---------------------------------------------------------------------------------------------
# helpers


class _Collector:
    """Keeps articles in order, drops duplicate ids and non-English text, and reports every skip."""

    def __init__(self, options: LoadOptions) -> None:
        self.options = options
        self.articles: list[Article] = []
        self.ids: dict[str, str] = {}
        self.skipped: list[str] = []
        self.foreign: list[tuple[str, str]] = []  # (source, language code)

    def add_many(self, items: Iterable[Article | Skip], default_source: str) -> None:
        for item in items:
            if isinstance(item, Skip):
                where = getattr(item, "where", default_source)
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
            self._skip(
                f"{article.source}: duplicate article id {article.id} (first seen in {first}); skipped"
            )
            return
        self.ids[article.id] = article.source
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


def _guard(build: Callable[[], Article], where: str) -> Article | Skip:
    try:
        return build()
    except Skip as skip:
        return _located(skip, where)


def _guard_record(record: Any, where: str) -> Article | Skip:
    try:
        return article_from_record(record, source=where)
    except Skip as skip:
        return _located(skip, where)


def _located(skip: Skip, where: str) -> Skip:
    skip.where = where  # type: ignore[attr-defined]
    return skip


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _host(url: str) -> str:
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.")


def _date(value: Any) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) else None
