import random
from dataclasses import replace
from datetime import UTC, datetime

from collection_corpus import records
from newsbrief.cluster import (
    ClusterOptions,
    StoryIndex,
    Vectorizer,
    cluster_batch,
    document_frequencies,
    term_counts,
    timestamp,
)
from newsbrief.ingest import article_from_record
from newsbrief.model import Article


def _articles() -> list[Article]:
    return [
        article_from_record(r, source=f"t:{n}") for n, r in enumerate(records()) if "wire-b" not in r["url"]
    ]


def _cluster(articles: list[Article]) -> list[tuple[str, tuple[str, ...], str]]:
    terms = [term_counts(a) for a in articles]
    vectors = Vectorizer(document_frequencies(terms), len(terms)).transform(terms)
    return [(s.id, s.article_ids, s.title) for s in cluster_batch(articles, vectors)]


def _by_slug(articles: list[Article], groups: list[tuple[str, tuple[str, ...], str]]) -> list[list[str]]:
    slug = {a.id: a.url.rsplit("/", 1)[1] for a in articles}
    return sorted(sorted(slug[i] for i in ids) for _sid, ids, _t in groups)


def test_batch_clustering_finds_the_stories_and_splits_a_story_that_returns_weeks_later() -> None:
    articles = _articles()
    assert _by_slug(articles, _cluster(articles)) == [
        ["chess0", "chess1", "chess2"],
        ["dam-return"],
        ["dam0", "dam1", "dam2", "wire-a"],
        ["rates0", "rates1"],
    ]


def test_batch_clustering_does_not_depend_on_input_order() -> None:
    articles = _articles()
    expected = _cluster(articles)
    for seed in range(3):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        assert _cluster(shuffled) == expected


def test_undated_articles_ignore_the_time_window() -> None:
    articles = [replace(a, published=None) for a in _articles()]
    groups = _by_slug(articles, _cluster(articles))
    assert ["chess0", "chess1", "chess2"] in groups
    assert any("dam-return" in g and "dam0" in g for g in groups)


def test_incremental_index_joins_in_time_and_starts_a_new_story_after_the_window() -> None:
    articles = sorted(_articles(), key=lambda a: (timestamp(a.published) or 0.0, a.id))
    terms = [term_counts(a) for a in articles]
    vectors = Vectorizer(document_frequencies(terms), len(terms)).transform(terms)
    index = StoryIndex([], ClusterOptions())
    story = {
        a.url.rsplit("/", 1)[1]: index.add(a.id, timestamp(a.published), v).id
        for a, v in zip(articles, vectors, strict=True)
    }
    assert story["dam0"] == story["dam1"] == story["dam2"]
    assert story["dam-return"] != story["dam0"]
    assert story["chess0"] != story["dam0"]
    late = datetime(2024, 3, 5, tzinfo=UTC)
    assert timestamp(late) == late.timestamp()
