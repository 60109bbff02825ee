"""The collection file's schema: ordered migration steps keyed by SQLite's ``user_version``.

Step k takes a file from ``user_version`` k to k + 1; a new schema change is a new step appended to
``MIGRATIONS``, never an edit of an old one. ``store.Collection`` runs the steps a file lacks in one
transaction when it opens the file writable.
"""

from __future__ import annotations

__all__ = ["APPLICATION", "MIGRATIONS", "READABLE_FROM", "SCHEMA_VERSION", "TABLES"]

APPLICATION = "newsbrief.collection"

_SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    published REAL,
    outlet TEXT NOT NULL,
    record TEXT NOT NULL,
    text_key TEXT NOT NULL,
    signature BLOB NOT NULL,
    duplicate_of TEXT,
    story_id TEXT NOT NULL
);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_text ON articles (text_key);
CREATE TABLE bands (key INTEGER NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (key, article_id))
    WITHOUT ROWID;
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    title_score REAL NOT NULL,
    first_seen REAL,
    last_seen REAL,
    size INTEGER NOT NULL,
    total BLOB NOT NULL
);
CREATE INDEX stories_last ON stories (last_seen);
"""
TABLES = frozenset({"meta", "articles", "bands", "stories"})

# The schema's history as ordered steps: step k takes a file from ``user_version`` k to k + 1. A new
# schema change is a new step appended here (never an edit of an old one); opening a file writable
# runs the steps it lacks in one transaction.
_SCHEMA_2 = """
CREATE VIRTUAL TABLE article_search USING fts5(
    title, text, content='', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO article_search (rowid, title, text)
    SELECT rowid, coalesce(json_extract(record, '$.title'), ''), json_extract(record, '$.text')
    FROM articles WHERE duplicate_of IS NULL;
"""
# 3: rendered briefs (``newsbrief.briefcache``): the latest of each (story, words, format), with the
# article set and the newsbrief version it was made of, so a server restart serves them at once.
_SCHEMA_3 = """
CREATE TABLE briefs (
    story_id TEXT NOT NULL,
    words INTEGER NOT NULL,
    format TEXT NOT NULL,
    version TEXT NOT NULL,
    maker TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (story_id, words, format)
) WITHOUT ROWID;
"""
# 4: exact story vectors (issue 17, round 4). Clustering compares exact centred TF-IDF cosines
# instead of a 2,048-dimension projection, so a story's vector sum is kept as its sparse part
# (``terms``: packed bucket ids and values, ``store.pack_sparse``) and its weight (``termvectors.Total``),
# and the collection's centre as a sparse sum of unit rows (meta ``center_terms``). The projected
# sums cannot be converted: ``stories.total`` is left as it was and no longer read (new rows write an
# empty blob), the projected centre (meta ``center``) is dropped, and ingest rebuilds the exact ones
# from the stored articles when it first needs them (``incremental``: a story whose ``terms`` is NULL).
_SCHEMA_4 = """
ALTER TABLE stories ADD COLUMN terms BLOB;
ALTER TABLE stories ADD COLUMN weight REAL;
DELETE FROM meta WHERE key = 'center';
"""
MIGRATIONS: tuple[str, ...] = (
    f"{_SCHEMA_1}INSERT INTO meta VALUES ('application', '{APPLICATION}');",
    # 2: full-text search over the original articles' titles and texts (SQLite FTS5, contentless:
    # the text is stored once, in ``articles.record``; copies are not indexed, as they are not shown)
    _SCHEMA_2,
    _SCHEMA_3,
    _SCHEMA_4,
)
SCHEMA_VERSION = len(MIGRATIONS)
# A read-only open (which cannot migrate) accepts files from this version on: the steps after it
# add only caches (``briefcache`` finds no table and misses) and the vectors that only ingest reads.
READABLE_FROM = 2
