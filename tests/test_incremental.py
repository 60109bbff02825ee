from datetime import UTC, datetime
from pathlib import Path

from newsbrief.model import Article
from newsbrief.runner import cluster_prepared
from newsbrief.store import Collection, prepare
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
