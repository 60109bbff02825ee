"""Rendered briefs kept in the collection file (table ``briefs``, schema step 3 of ``store``).

A brief costs seconds of model work and is deterministic, so the server keeps each story's latest
brief, in every format it renders, beside the articles: after a restart it is served at once.

Invalidation is by key, never by a hook in ingest: each row records the ``version`` it was made of
(a hash of the story's title and article ids, copies included, computed by the caller) and the
``maker`` (the newsbrief version and brief schema). A reader compares both with the story as it is
now: a matching row is the story's brief; an older version is the brief of an earlier article set,
which a caller may serve while it makes the new one; another maker is not used at all. Storage
only: one row per (story, words, format), replaced when a newer brief is kept.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from newsbrief import __version__
from newsbrief.model import SCHEMA_VERSION as BRIEF_SCHEMA
from newsbrief.store import Collection

MAKER = f"newsbrief {__version__}; {BRIEF_SCHEMA}"  # briefs from another release are not reused


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
    this newsbrief (``MAKER``), replacing what was kept; one transaction. Raises ``sqlite3.Error``
    (the caller names the file), e.g. on a read-only collection."""
    with store.transaction():
        store.db.execute("DELETE FROM briefs WHERE story_id = ? AND words = ?", (story_id, words))
        store.db.executemany(
            "INSERT INTO briefs VALUES (?, ?, ?, ?, ?, ?)",
            [(story_id, words, fmt, version, MAKER, body) for fmt, body in sorted(bodies.items())],
        )
