import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from newsbrief import incremental
from newsbrief.model import Article
from newsbrief.runner import cluster_prepared
from newsbrief.store import SCHEMA_VERSION, Collection, prepare
from test_cluster import _articles


def _article(slug: str, day: int, title: str, text: str) -> Article:
    return Article(
        id=slug,
        text=text,
        title=title,
        outlet=f"{slug}.example",
        url=f"https://{slug}.example/{slug}",
        published=datetime(2024, 5, day, 9, tzinfo=UTC),
    )


# Two first reports of one ferry accident that share few words (the fire; the closed strait), and a
# follow-up that tells both: batch mode puts all three in one story.
FIRE = _article(
    "fire",
    20,
    "Ferry fire",
    "A passenger ferry named Aurora caught fire near Skarholm harbour on Monday, and coastguard boats "
    "rescued all 212 passengers from the burning vessel before it sank in the strait. Harbour master "
    "Ingrid Voss said the fire started in the engine room.",
)
STRAIT = _article(
    "strait",
    20,
    "Strait closed",
    "Shipping in the Tessel strait stayed closed on Monday evening while divers from the navy searched "
    "the wreck for fuel leaks. Environment minister Karl Odden warned fishermen about oil near the "
    "Tessel lighthouse and the northern islands.",
)
FOLLOW_UP = _article(
    "follow-up",
    21,
    "After the ferry fire",
    "A day after the Aurora ferry fire near Skarholm harbour, shipping in the Tessel strait reopened. "
    "Navy divers searched the wreck and found no fuel leaks, environment minister Karl Odden told "
    "fishermen near the Tessel lighthouse, and harbour master Ingrid Voss praised the coastguard boats "
    "for rescuing all 212 passengers from the burning vessel.",
)


def test_a_later_article_joins_two_stored_stories_that_batch_mode_finds_as_one(tmp_path: Path) -> None:
    articles = [*_articles(), FIRE, STRAIT, FOLLOW_UP]
    batch = cluster_prepared([prepare(a) for a in articles]).stories
    assert any(set(s.article_ids) == {"fire", "strait", "follow-up"} for s in batch)
    with Collection(tmp_path / "news.sqlite", create=True) as c:
        c.ingest([*_articles(), FIRE, STRAIT], batch_size=1)
        first = c.story_of_article("fire")
        assert c.story_of_article("strait") != first  # alone, the two reports are two stories
        c.ingest([FOLLOW_UP], batch_size=1)
        assert {c.story_of_article(s) for s in ("fire", "strait", "follow-up")} == {first}  # the older id
        assert first in {row.id for row in c.stories()}
        assert len(c.stories()) == len({c.story_of_article(a.id) for a in _articles()}) + 1


def test_incremental_ingest_one_article_at_a_time_finds_the_batch_mode_stories(tmp_path: Path) -> None:
    articles = _articles()
    batch = {frozenset(s.article_ids) for s in cluster_prepared([prepare(a) for a in articles]).stories}
    for size in (1, 3):
        with Collection(tmp_path / f"news-{size}.sqlite", create=True) as c:
            c.ingest(articles, batch_size=size)
            found: dict[str, set[str]] = {}
            for a in articles:
                found.setdefault(c.story_of_article(a.id), set()).add(a.id)
            ids = {row.id for row in c.stories()}
        assert {frozenset(g) for g in found.values()} == batch
        assert ids == set(found)  # no story row is left without articles


def _as_schema_3(db: Path) -> None:
    """Rewrite a collection into the layout newsbrief wrote before exact story vectors (schema 3):
    2,048-dimension projected sums in ``stories.total`` and ``meta.center``, no ``terms``/``weight``."""
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE stories DROP COLUMN terms")
    con.execute("ALTER TABLE stories DROP COLUMN weight")
    projected = np.full(2048, 0.01, dtype=np.float32)
    con.execute("UPDATE stories SET total = ?", (projected.tobytes(),))
    con.execute("DELETE FROM meta WHERE key = 'center_terms'")
    con.execute("INSERT INTO meta VALUES ('center', ?)", (projected.astype(np.float64).tobytes(),))
    con.execute("PRAGMA user_version = 3")
    con.commit()
    con.close()


def _groups(c: Collection, articles: list[Article]) -> set[frozenset[str]]:
    found: dict[str, set[str]] = {}
    for a in articles:
        found.setdefault(c.story_of_article(a.id), set()).add(a.id)
    return {frozenset(g) for g in found.values()}


@pytest.mark.parametrize("reopen_limit", [incremental.REOPEN_LIMIT, 0])
def test_a_collection_from_before_exact_vectors_opens_and_keeps_ingesting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reopen_limit: int
) -> None:
    """A schema-3 file reads as it is, upgrades when opened writable without losing a row, and
    the next ingest rebuilds the exact centre and story sums from the stored articles (re-clustering
    the open stories, or with them fixed: ``reopen_limit`` 0)."""
    articles = [*_articles(), FIRE, STRAIT, FOLLOW_UP]
    batch = {frozenset(s.article_ids) for s in cluster_prepared([prepare(a) for a in articles]).stories}
    db = tmp_path / "news.sqlite"
    with Collection(db, create=True) as c:
        c.ingest(articles[:-1], batch_size=4)
        before = [(r.id, r.title) for r in c.stories()]
    _as_schema_3(db)
    with Collection(db, readonly=True) as c:  # a reader needs no exact vectors
        assert [(r.id, r.title) for r in c.stories()] == before
    monkeypatch.setattr(incremental, "REOPEN_LIMIT", reopen_limit)
    with Collection(db) as c:
        assert [(r.id, r.title) for r in c.stories()] == before
        assert c.center_terms() is None  # not convertible: rebuilt by the next ingest
        c.ingest([FOLLOW_UP], batch_size=1)
        assert c.center_terms() is not None
        ferry = c.story_of_article("follow-up")
        if reopen_limit:  # the open stories are re-clustered: the follow-up joins the two reports
            assert _groups(c, articles) == batch
        else:  # stored stories stay fixed: it joins one of them, on its sum rebuilt from its articles
            assert ferry in {c.story_of_article("fire"), c.story_of_article("strait")}
            assert _groups(c, _articles()) == {g for g in batch if "fire" not in g}
        (terms,) = c.db.execute("SELECT terms FROM stories WHERE id = ?", (ferry,)).fetchone()
        assert terms is not None  # the story it joined is saved with its exact sum
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM meta WHERE key = 'center'").fetchone()[0] == 0
    con.close()


def test_with_open_stories_fixed_ingest_still_finds_the_batch_mode_stories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over ``REOPEN_LIMIT`` open articles, stored stories stay fixed and new articles join them on
    exact cosines with the stored sparse sums (``storyindex.StoryIndex``)."""
    articles = _articles()
    batch = {frozenset(s.article_ids) for s in cluster_prepared([prepare(a) for a in articles]).stories}
    monkeypatch.setattr(incremental, "REOPEN_LIMIT", 0)
    with Collection(tmp_path / "news.sqlite", create=True) as c:
        c.ingest(articles, batch_size=3)
        assert _groups(c, articles) == batch


def test_an_article_that_comes_again_with_other_text_is_named_not_dropped_unsaid(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import dataclasses
    import logging

    with Collection(tmp_path / "news.sqlite", create=True) as store:
        incremental.ingest(store, [FIRE, STRAIT])
        updated = dataclasses.replace(
            FIRE, text=FIRE.text + " Update: investigators blamed a fuel leak.", source="feed.jsonl:7"
        )
        with caplog.at_level(logging.WARNING, logger="newsbrief"):
            report = incremental.ingest(store, [updated, STRAIT])  # STRAIT as it was: nothing to say
        assert report.already_stored == 2 and report.added == 0
    assert [r.getMessage() for r in caplog.records] == [
        "1 article came again under an id already stored but with different text (an updated "
        "version?); the stored version is kept: feed.jsonl:7 (fire)"
    ]
