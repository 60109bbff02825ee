import random
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from collection_corpus import records
from newsbrief.cluster import (
    CENTER_MIN_DOCUMENTS,
    CentredRows,
    ClusterOptions,
    Vectorizer,
    cluster_batch,
    cluster_vectors,
    document_frequencies,
    internal_mean,
    lead_title,
    linked,
    mean_vector,
    merge_margin,
    pool_vectors,
    required,
    story_id,
    term_counts,
)
from newsbrief.ingest import article_from_record
from newsbrief.model import Article
from newsbrief.order import timestamp
from newsbrief.storyindex import OpenStory, StoryIndex


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
        a.url.rsplit("/", 1)[1]: index.add(a.id, timestamp(a.published), vectors.take([i])).id
        for i, a in enumerate(articles)
    }
    assert story["dam0"] == story["dam1"] == story["dam2"]
    assert story["dam-return"] != story["dam0"]
    assert story["chess0"] != story["dam0"]
    late = datetime(2024, 3, 5, tzinfo=UTC)
    assert timestamp(late) == late.timestamp()


# The bar, cohesion and link-count rules on their own: every candidate pair counts (``link_share``
# is tested by itself below).
ALL_LINKS = ClusterOptions(link_share=0.0)


def _rows(dense: np.ndarray) -> CentredRows:
    """Synthetic unit rows as the clustering reads them (not centred: they are built centred)."""
    return CentredRows.of(sp.csr_matrix(dense))


def _synthetic(groups: list[list[float]], topic: float, dims: int = 64) -> np.ndarray:
    """Unit rows: every row shares ``topic`` with all others, and ``within`` with its own group."""
    n = sum(len(g) for g in groups)
    rows = np.zeros((n, dims), dtype=np.float32)
    r = 0
    for g, members in enumerate(groups):
        for within in members:
            rows[r, 0] = np.sqrt(topic)
            rows[r, 1 + g] = np.sqrt(within)
            rows[r, 10 + r] = np.sqrt(1.0 - topic - within)
            r += 1
    return rows


def test_the_bar_falls_with_the_number_of_article_pairs_but_never_below_the_floor() -> None:
    opts = ClusterOptions(threshold=0.12, floor=0.05, size_exponent=0.25)
    assert float(required(opts, 1.0)) == 0.12
    assert float(required(opts, 9.0)) < float(required(opts, 4.0)) < 0.12
    assert float(required(opts, 10_000.0)) == 0.05
    assert float(required(ClusterOptions(threshold=0.1, size_exponent=0.0), 50.0)) == 0.1


def test_broad_story_grows_from_groups_while_single_articles_need_the_full_threshold() -> None:
    # two groups of three (cosine 0.48 inside a group) and 0.08 between the groups: 0.08 is below
    # the bar for two single articles (0.09) but above the one for 3 x 3 pairs (0.09 / 9 ** 0.25).
    vectors = _synthetic([[0.4] * 3, [0.4] * 3], topic=0.08)
    times: list[float | None] = [None] * len(vectors)
    no_cohesion = replace(ALL_LINKS, cohesion=0.0)
    assert cluster_vectors(_rows(vectors), times, no_cohesion) == [[0, 1, 2, 3, 4, 5]]
    fixed = replace(ALL_LINKS, size_exponent=0.0, cohesion=0.0)
    assert cluster_vectors(_rows(vectors), times, fixed) == [[0, 1, 2], [3, 4, 5]]
    # two single articles at 0.08 stay apart under the default bar
    assert cluster_vectors(_rows(_synthetic([[0.0], [0.0]], topic=0.08)), [None, None]) == [[0], [1]]


def test_a_tight_story_does_not_absorb_a_loosely_related_one_but_a_loose_story_does() -> None:
    times: list[float | None] = [None] * 6
    # tight events (0.48 inside) sharing 0.08: 0.08 < 0.35 x 0.48, two events on one topic stay apart
    tight = _synthetic([[0.4] * 3, [0.4] * 3], topic=0.08)
    assert cluster_vectors(_rows(tight), times, ALL_LINKS) == [[0, 1, 2], [3, 4, 5]]
    # loose parts of one broad story (0.18 inside) sharing the same 0.08: 0.08 > 0.35 x 0.18, one story
    loose = _synthetic([[0.1] * 3, [0.1] * 3], topic=0.08)
    assert cluster_vectors(_rows(loose), times, ALL_LINKS) == [[0, 1, 2, 3, 4, 5]]


def test_between_two_stories_the_cohesion_guard_reads_the_looser_one() -> None:
    times: list[float | None] = [None] * 6
    # a tight pair of near-identical reports (0.68 inside) and a loose broad story (0.18 inside)
    # sharing 0.08: below 0.35 x 0.68, above 0.35 x 0.18 -- the pair joins the broad story
    rows = _synthetic([[0.6] * 2, [0.1] * 4], topic=0.08)
    assert cluster_vectors(_rows(rows), times, ALL_LINKS) == [[0, 1, 2, 3, 4, 5]]
    # a single report at the same 0.08 from the tight pair alone is held off by the pair's own 0.68
    lone = _synthetic([[0.6] * 2, [0.0]], topic=0.08)
    assert cluster_vectors(_rows(lone), [None] * 3) == [[0, 1], [2]]


def _two_events(explainer_other: float) -> np.ndarray:
    """Two events on one subject (two air crashes): 13 reports each, every one sharing the subject
    (0.2) with all others and its event (0.15-0.45) with its own reports; one explainer of the
    first event also recalls the second (``explainer_other``). Rows 0-13: first event, 14-26: second.
    """
    dims = 64
    weights = np.linspace(0.45, 0.15, 13)
    rows = [[0.2, w, 0.0] for w in weights] + [[0.2, 0.2, explainer_other]] + [[0.2, 0.0, w] for w in weights]
    out = np.zeros((len(rows), dims), dtype=np.float32)
    for r, (subject, first, second) in enumerate(rows):
        out[r, :3] = np.sqrt([subject, first, second])
        out[r, 10 + r] = np.sqrt(1.0 - subject - first - second)  # what each report says alone
    return out


def test_two_events_on_one_subject_stay_apart_when_few_neighbour_links_join_them() -> None:
    rows = _two_events(explainer_other=0.12)
    opts = ClusterOptions()
    first, second = rows[:14].sum(axis=0), rows[14:].sum(axis=0)
    mean = float(first @ second) / (14 * 13)
    looser = float(np.fmin(*internal_mean([first @ first, second @ second], [14, 13])))
    # average link alone would merge them: the subject lifts the mean cross cosine over both bars
    assert float(merge_margin(opts, np.array(mean), np.array(14.0 * 13), np.array(looser))) > 0.0
    # but each report's 12 nearest neighbours are its own event's; only the explainer reaches over
    assert cluster_vectors(_rows(rows), [None] * len(rows), opts) == [list(range(14)), list(range(14, 27))]
    # the same when dated: the second crash a week after the first, reported over the next days
    day = 86_400.0
    times: list[float | None] = [k * 0.3 * day for k in range(14)] + [(7 + k * 0.3) * day for k in range(13)]
    assert cluster_vectors(_rows(rows), times, opts) == [list(range(14)), list(range(14, 27))]


def test_one_link_per_article_of_the_smaller_story_is_enough() -> None:
    assert linked(1, 1, 40)  # an article joining a story: it was considered through its one link
    assert not linked(3, 14, 13)
    assert linked(13, 14, 13)
    assert linked(7, 7, 30)  # only 7 articles of one side are within the window of the other
    # stories small enough that every article's neighbours reach the other merge as before
    loose = _synthetic([[0.1] * 3, [0.1] * 3], topic=0.08)
    assert cluster_vectors(_rows(loose), [None] * 6, ALL_LINKS) == [[0, 1, 2, 3, 4, 5]]


def test_a_neighbour_far_below_the_article_s_nearest_one_is_no_link() -> None:
    # two events on one subject, three reports each (0.48 inside, 0.08 across): each report's spare
    # neighbour slots fill with the other event, at a sixth of its best cosine. Counted, those pairs
    # join the events whenever the bars allow; at under half the best cosine they are not links.
    rows = _synthetic([[0.4] * 3, [0.4] * 3], topic=0.08)
    no_cohesion = replace(ALL_LINKS, cohesion=0.0)
    assert cluster_vectors(_rows(rows), [None] * 6, no_cohesion) == [[0, 1, 2, 3, 4, 5]]
    assert cluster_vectors(_rows(rows), [None] * 6, replace(no_cohesion, link_share=0.5)) == [
        [0, 1, 2],
        [3, 4, 5],
    ]


def test_a_long_dated_story_stays_whole_though_its_months_link_only_where_they_meet() -> None:
    # one report a day for two months; each month's reports are closer to each other (0.5) than to
    # the other month's (0.3), and candidate pairs lie within the 7-day window
    days, dims = 60, 128
    rows = np.zeros((days, dims), dtype=np.float32)
    for d in range(days):
        rows[d, 0], rows[d, 1 + d // 30], rows[d, 10 + d] = np.sqrt([0.3, 0.2, 0.5])
    times: list[float | None] = [d * 86_400.0 for d in range(days)]
    # the months meet in 22 candidate pairs, fewer than the 30 reports of either, but every report
    # within a week of the other month (7 on each side) has one: one story
    assert cluster_vectors(_rows(rows), times) == [list(range(days))]


def test_incremental_index_applies_the_same_cohesion_rule() -> None:
    tight = _synthetic([[0.4] * 3, [0.0]], topic=0.08)  # a tight story, then a loosely related article
    index = StoryIndex([], ClusterOptions())
    ids = [index.add(f"a{i}", None, _rows(tight[i : i + 1])).id for i in range(len(tight))]
    assert ids[0] == ids[1] == ids[2] != ids[3]
    loose = _synthetic([[0.1] * 3, [0.0]], topic=0.08)
    index = StoryIndex([], ClusterOptions(threshold=0.05))  # lets the loose story form from single articles
    ids = [index.add(f"b{i}", None, _rows(loose[i : i + 1])).id for i in range(len(loose))]
    assert ids[0] == ids[1] == ids[2] == ids[3]


def test_centring_removes_the_shared_direction_and_keeps_empty_rows_empty() -> None:
    vectors = _synthetic([[0.3, 0.3], [0.3, 0.3]], topic=0.2)
    vectors = np.vstack([vectors, np.zeros((1, vectors.shape[1]), dtype=np.float32)])
    rows = CentredRows.of(sp.csr_matrix(vectors), vectors[:4].mean(axis=0).astype(np.float64))
    sims = rows.cosines(slice(0, 5), slice(0, 5))
    assert np.allclose(np.diag(sims)[:4], 1.0)
    assert not sims[4].any()  # a row without terms stays empty: it never joins a story
    assert sims[0, 1] > 0.0 > sims[0, 2]  # the shared topic (0.2 before) no longer links the groups
    # a few articles' mean is mostly their own stories: shrunk, not subtracted whole
    total = vectors[:4].sum(axis=0, dtype=np.float64)
    assert np.allclose(mean_vector(total, 4), total / CENTER_MIN_DOCUMENTS)
    assert np.allclose(mean_vector(total, 400), total / 400)


def test_pool_vectors_do_not_depend_on_input_order_and_can_skip_centring() -> None:
    articles = sorted(_articles(), key=lambda a: a.id)
    terms = [term_counts(a) for a in articles]
    rows, df, total = pool_vectors(terms)
    assert df.sum() == sum(len(t.indices) for t in terms)
    assert np.allclose(total, np.asarray(Vectorizer(df, len(terms)).unit(terms).sum(axis=0)).ravel())
    everything = np.arange(len(terms))
    plain, _df, _total = pool_vectors(terms, ClusterOptions(center=False))
    unit = Vectorizer(df, len(terms)).unit(terms)
    assert np.allclose(plain.cosines(everything, everything), (unit @ unit.T).toarray())
    assert not np.allclose(plain.cosines(everything, everything), rows.cosines(everything, everything))


def test_incremental_ingest_keeps_the_running_centre_in_the_collection(tmp_path: Path) -> None:
    from newsbrief.store import Collection

    articles = _articles()
    with Collection(tmp_path / "news.sqlite", create=True) as c:
        c.ingest(articles, batch_size=4)
        centre = c.center_terms()
    # the sum of every original's unit row, each counted once (IDF as each batch had it)
    assert centre is not None and centre.any()
    assert np.isclose(
        np.linalg.norm(centre), np.linalg.norm(pool_vectors([term_counts(a) for a in articles])[2]), rtol=0.2
    )


def _stored(rows: np.ndarray, spans: list[tuple[str, int, int]]) -> list[OpenStory]:
    return [OpenStory(sid, _rows(rows).total(range(lo, hi)), hi - lo, None, None) for sid, lo, hi in spans]


def test_a_batch_joins_stored_stories_or_founds_new_ones_together() -> None:
    # stored story a (three articles); new: two more of a, and three of a new event arriving together
    rows = _synthetic([[0.4] * 5, [0.4] * 3], topic=0.06)
    ids = ["n0", "n1", "n2", "n3", "n4"]
    index = StoryIndex(_stored(rows, [("story-a", 0, 3)]))
    joined = [s.id for s in index.add_batch(ids, [None] * 5, _rows(rows[3:8]))]
    assert joined == ["story-a", "story-a"] + [story_id("n2")] * 3  # named after its earliest article
    assert [s.size for s in index.stories] == [5, 3]
    # the same batch in another order gives the same stories
    order = [4, 2, 0, 3, 1]
    again = StoryIndex(_stored(rows, [("story-a", 0, 3)]))
    shuffled = [s.id for s in again.add_batch([ids[i] for i in order], [None] * 5, _rows(rows[3:8][order]))]
    assert shuffled == [joined[i] for i in order]


def test_stored_stories_never_merge_even_when_they_would_in_batch_mode() -> None:
    # two groups of three at 0.06 from each other: one story in batch mode without the cohesion rule
    rows = _synthetic([[0.4] * 4, [0.4] * 3], topic=0.06)
    opts = replace(ALL_LINKS, cohesion=0.0)
    assert cluster_vectors(_rows(rows[[0, 1, 2, 4, 5, 6]]), [None] * 6, opts) == [[0, 1, 2, 3, 4, 5]]
    index = StoryIndex(_stored(rows, [("story-a", 0, 3), ("story-b", 4, 7)]), opts)
    assert index.add_batch(["n0"], [None], _rows(rows[3:4]))[0].id in {"story-a", "story-b"}
    assert sorted(s.size for s in index.stories) == [3, 4]


def test_a_batch_respects_the_time_window_of_stored_stories() -> None:
    rows = _synthetic([[0.4] * 4], topic=0.0)
    day = 86_400.0
    stored = OpenStory("old", _rows(rows).total(range(3)), 3, 0.0, 2 * day)
    index = StoryIndex([stored], ClusterOptions())
    late, soon = index.add_batch(["late", "soon"], [30 * day, 5 * day], _rows(np.vstack([rows[3], rows[3]])))
    assert soon.id == "old"
    assert late.id == story_id("late")


def test_an_untitled_story_is_named_by_its_first_words_after_the_wire_dateline() -> None:
    text = "NAIROBI, May 4 (Xinhua) — Maize farmers near the capital expect a smaller harvest after the dry spell, a survey found."
    assert lead_title(Article(id="a", text=text), words=6) == "Maize farmers near the capital expect…"
    assert lead_title(Article(id="b", text=text, title="Nairobi maize")) == "Nairobi maize"
    assert lead_title(Article(id="c", text="Short text here.")) == "Short text here."


def test_debris_stays_alone_and_does_not_join_the_stories_it_was_crawled_with() -> None:
    from newsbrief.runner import cluster_prepared
    from newsbrief.store import prepare

    widget = (
        "Tweet with a location. You can add location information to your Tweets, such as your city or "
        "precise location, from the web and via third-party applications. You always have the option "
        "to delete your Tweet location history. Learn more about location information to your Tweets "
        "and how to turn it off in your settings."
    )
    articles = _articles()
    # the same widget page crawled next to the dam story and next to the chess story
    junk = [
        replace(articles[0], id="junk-dam", title="", text=widget),
        replace(articles[3], id="junk-chess", title="", text=widget),
    ]
    assert term_counts(junk[0]).indices.size == 0
    clustered = cluster_prepared([prepare(a) for a in articles + junk])
    assert "junk-dam" not in clustered.links and "junk-chess" not in clustered.links
    groups = [set(s.article_ids) for s in clustered.stories]
    assert {"junk-dam"} in groups and {"junk-chess"} in groups
    assert _by_slug(
        articles, [(s.id, s.article_ids, s.title) for s in clustered.stories if len(s.article_ids) > 1]
    ) == [
        ["chess0", "chess1", "chess2"],
        ["dam0", "dam1", "dam2", "wire-a"],
        ["rates0", "rates1"],
    ]
