"""Group articles into stories: one cheap sparse vector per article, average-link merging, time-aware.

Why this design: embedding every article with MiniLM runs ~80 texts/s per thread, so 100k articles
would take most of an hour on two cores. A hashed TF-IDF vector of title + body tokens costs well
under a millisecond and separates stories (same people, places, numbers) well; on the labelled
pools (docs/scale.md) MiniLM vectors of title + lead clustered worse than it, not better.

Order of work:
1.-3. ``term_counts``, ``Vectorizer``, centring: ``newsbrief.termvectors`` (re-exported here);
   every cosine below is the exact centred TF-IDF cosine (``CentredRows``), nothing is projected;
4. ``cluster_batch`` — exact nearest neighbours (sparse products) inside a sliding time window, then
   average-link agglomeration over those candidate pairs: two stories merge while the mean cosine
   between their articles clears a bar that falls with the number of article pairs (``required``:
   ``threshold`` for two single articles, down to ``floor`` for large stories) and is at least
   ``cohesion`` times the mean cosine inside the looser of the two (``merge_margin``), only when
   enough nearest-neighbour links run between them (``linked``: one per article of the smaller;
   a neighbour at under ``link_share`` of the article's best cosine is no link),
   and only when no gap longer than ``window_days`` opens between their articles. (``storyindex.StoryIndex``
   is the incremental version over stories that stay fixed; ``incremental`` re-clusters the open
   stories with ``cluster_batch`` instead, up to a size.)

Everything is sorted canonically (date, then id) first and ties break on that order, so the result
does not depend on input order.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsbrief.model import Article, stable_id
from newsbrief.order import canonical_order, timestamp
from newsbrief.partition import Partition
from newsbrief.story_title import TITLE_WORDS, headline, story_title
from newsbrief.termvectors import CENTER_MIN_DOCUMENTS as CENTER_MIN_DOCUMENTS
from newsbrief.termvectors import FEATURES as FEATURES
from newsbrief.termvectors import MAX_WORDS as MAX_WORDS
from newsbrief.termvectors import CentredRows as CentredRows
from newsbrief.termvectors import TermCounts as TermCounts
from newsbrief.termvectors import Total as Total
from newsbrief.termvectors import Vectorizer as Vectorizer
from newsbrief.termvectors import document_frequencies as document_frequencies
from newsbrief.termvectors import mean_vector as mean_vector
from newsbrief.termvectors import term_counts as term_counts
from newsbrief.termvectors import unit_sum as unit_sum
from newsbrief.text import content_start

DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """Every clustering knob; the defaults are the ones evaluated in docs/scale.md."""

    threshold: float = 0.09  # mean centred cosine at or above which two single articles merge
    floor: float = 0.05  # the lowest bar two large stories must clear (see ``required``)
    size_exponent: float = 0.25  # how fast the bar falls with the number of article pairs (0: fixed)
    cohesion: float = 0.35  # a story only takes in what is this close to it, relative to itself (0: off)
    window_days: float = 7.0  # a story never has a gap longer than this between its articles
    neighbors: int = 12  # candidate neighbours kept per article (also the unit of ``linked``)
    # a neighbour is a candidate pair only at >= this share of the article's best cosine: a story of
    # fewer than ``neighbors`` articles leaves spare slots that fill with another event on the same
    # subject (docs/tuning.md, round 4; 0: every neighbour counts)
    link_share: float = 0.5
    center: bool = True  # subtract the collection's mean vector before comparing articles


def required(options: ClusterOptions, pairs: float | npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The mean cosine two stories must reach to merge, given how many article pairs they span.

    A mean over many cross pairs is a steadier estimate than one pair's cosine, so the bar falls as
    ``threshold / pairs ** size_exponent`` (0.25, not the 0.5 of independent pairs: articles of one
    story are correlated), but never below ``floor``. Broad stories with many articles, none very
    close to all others, can then grow, while two single articles still need ``threshold``.
    """
    bar = options.threshold / np.power(np.asarray(pairs, dtype=np.float64), options.size_exponent)
    return np.maximum(bar, min(options.floor, options.threshold))


def internal_mean(squares: npt.ArrayLike, sizes: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The mean cosine between a story's articles, from the sum of their unit vectors (NaN below 2).

    ``squares``: each story's ``total · total``, which sums the cosines of all ordered pairs,
    self-pairs included; each self-pair adds 1. ``sizes``: the stories' article counts.
    """
    sq = np.asarray(squares, dtype=np.float64)
    n = np.asarray(sizes, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n >= 2, (sq - n) / (n * (n - 1)), np.nan)


def merge_margin(
    options: ClusterOptions,
    mean: npt.NDArray[np.float64],
    pairs: npt.NDArray[np.float64],
    internal: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """How far pairs of stories are from merging: negative means no merge, larger means merge first.

    Two conditions, both needed: the mean cosine between two stories clears the size-dependent bar
    (``required``), and it is at least ``cohesion`` times ``internal``: the internal mean cosine
    (``internal_mean``) of the story that has two or more articles, or of the looser of two such
    stories (NaN when neither has two articles yet). The second keeps a tight story of one event
    from absorbing another single report on the same topic (two shootings, two studies of one
    disease) just because the bar for large stories is low, while a loose, broad story still takes
    in its loosely related articles. Between two stories of 2+ articles it reads the looser one,
    so that a tight pair of near-identical reports can still join the broad story they belong to;
    reading the tighter one there cost duc2006 0.06-0.11 B³ F1 per half (docs/tuning.md, round 3).
    Two events on one subject that are both stories already are held apart by ``linked`` instead.
    Measured on the labelled pools in docs/scale.md.
    """
    margin = mean - required(options, pairs)
    if options.cohesion <= 0.0:
        return margin
    guard = mean - options.cohesion * internal
    return np.where(np.isnan(guard), margin, np.minimum(margin, guard))


def linked(links: int, reach_a: int, reach_b: int) -> bool:
    """Whether two stories are joined by enough nearest-neighbour links to be one story.

    ``links`` counts the candidate pairs (each article's ``neighbors`` nearest others) that run
    between the two; ``reach_a`` and ``reach_b`` count the articles of each that could be in such a
    pair at all (within ``window_days`` of the other story; every article when either is undated).
    Two stories of one event, or parts of one broad story, are interwoven: their articles are each
    other's neighbours. Two events on one subject (two air crashes, two storms) can still have a
    mean cross cosine that clears the bar, through the subject's vocabulary, while each article's
    nearest neighbours lie in its own event, so only a few pairs link them. Rule: at least one link
    per article of the side with fewer articles in reach (the relative interconnectivity of
    Karypis, Han & Kumar's Chameleon, 1999, at its natural unit). Counting only the articles in
    reach keeps a long dated story whole: its weeks are compared only where they meet. An article
    joining a story always passes: it is only considered through a link.
    """
    return links >= min(reach_a, reach_b)


def pool_vectors(
    counts: Sequence[TermCounts], options: ClusterOptions | None = None
) -> tuple[CentredRows, npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Vectors for a whole set (batch mode): IDF and centre from the set itself.

    Returns the centred rows, the document frequencies and the sum of the uncentred unit rows (F
    floats: what a collection keeps so that later, incremental ingests centre on the same mean).
    ``counts`` should be in canonical order so the float sums, and with them the result, do not
    depend on input order.
    """
    opts = options or ClusterOptions()
    df = document_frequencies(counts)
    unit = Vectorizer(df, len(counts)).unit(counts)
    total = unit_sum(unit)
    centre = mean_vector(total, len(counts)) if opts.center else None
    return CentredRows.of(unit, centre), df, total


# ---------------------------------------------------------------------------------------------
# batch clustering


def _candidate_pairs(
    rows: CentredRows, times: Sequence[float | None], options: ClusterOptions
) -> list[tuple[int, int, float]]:
    """Each article's nearest neighbours (exact sparse search) among articles it could share a story with.

    ``rows`` and ``times`` are in canonical order: dated articles first, by time. With
    ``link_share``, a neighbour counts only when its cosine is at least that share of the article's
    cosine to its nearest one.
    """
    n = len(rows)
    dated = sum(t is not None for t in times)
    stamps = np.array([t if t is not None else 0.0 for t in times[:dated]], dtype=np.float64)
    window = options.window_days * DAY
    k = options.neighbors
    pairs: list[tuple[int, int, float]] = []
    block = 256
    for start in range(0, n, block):
        stop = min(start + block, n)
        if stop <= dated:  # a block of dated articles: compare within the time window only
            lo = int(np.searchsorted(stamps, stamps[start] - window, side="left"))
            hi = int(np.searchsorted(stamps, stamps[stop - 1] + window, side="right"))
        else:  # undated articles may join any story
            lo, hi = 0, n
        cand = np.arange(lo, hi)
        sims = rows.cosines(slice(start, stop), slice(lo, hi))
        local = np.arange(start, stop)
        sims[cand[None, :] == local[:, None]] = -1.0
        if stop <= dated:
            gap = np.abs(stamps[cand][None, :] - stamps[start:stop][:, None])
            sims[gap > window] = -1.0
        take = min(k, len(cand))
        if take == 0:
            continue
        top = np.argpartition(-sims, take - 1, axis=1)[:, :take] if take < len(cand) else None
        for r in range(stop - start):
            cols = top[r] if top is not None else np.arange(len(cand))
            best = float(sims[r, cols].max()) if len(cols) else 0.0
            bar = max(0.0, options.link_share * best)
            for c in cols:
                s = float(sims[r, c])
                if s > 0.0 and s >= bar:
                    i, j = start + r, int(cand[c])
                    pairs.append((min(i, j), max(i, j), s))
    return pairs


def cluster_vectors(
    rows: CentredRows, times: Sequence[float | None], options: ClusterOptions | None = None
) -> list[list[int]]:
    """Average-link clusters of rows already in canonical order; groups sorted by their first member."""
    opts = options or ClusterOptions()
    n = len(rows)
    if n == 0:
        return []
    pairs = sorted({(i, j) for i, j, _s in _candidate_pairs(rows, times, opts)})
    totals = [rows.row(i) for i in range(n)]
    found = _agglomerate(totals, [1] * n, list(times), list(times), pairs, 0, opts, rows.dot)
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(found):
        groups.setdefault(r, []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _agglomerate(
    totals: list[Total],
    sizes: list[int],
    lo: list[float | None],
    hi: list[float | None],
    pairs: Sequence[tuple[int, int]],
    anchored: int,
    opts: ClusterOptions,
    dot: Callable[[Total, Total], float],
) -> list[int]:
    """Average-link merging from initial clusters (vector sums, sizes, time spans); each one's root.

    A heap holds candidate cluster pairs by ``merge_margin`` (exact mean cross cosines from the
    vector sums, ``dot``: ``CentredRows.dot``); ties break on the lower indices, so the same input
    always merges in the same sequence. A merged cluster keeps the lower index. Clusters below
    ``anchored`` are existing stories (incremental mode): new articles may join them, but two of
    them never merge, so stored story ids stay put.
    """
    n = len(totals)
    total = list(totals)
    size = np.asarray(sizes, dtype=np.int64)
    merged = Partition(range(n))  # a cluster's slot is its least member's index
    version = [0] * n
    links: list[dict[int, int]] = [{} for _ in range(n)]  # candidate pairs between two clusters
    heap: list[tuple[float, int, int, int, int, float]] = []
    window = opts.window_days * DAY
    square = [dot(t, t) for t in total]  # |total|², kept up to date through merges
    internal = np.full(n, np.nan)  # mean cosine inside each cluster of 2+ articles
    for k in np.flatnonzero(size >= 2):
        internal[k] = internal_mean(square[k], size[k])
    # each new cluster's dated times (sorted) and undated count, for the link rule's reach; stored
    # stories (below ``anchored``) are exempt from the rule, so theirs are not needed
    stamps: list[list[float]] = [[t] if k >= anchored and (t := lo[k]) is not None else [] for k in range(n)]
    undated = [int(k >= anchored and lo[k] is None) for k in range(n)]

    def compatible(a: int, b: int) -> bool:
        if a < anchored and b < anchored:
            return False
        la, ha, lb, hb = lo[a], hi[a], lo[b], hi[b]
        if la is None or lb is None or ha is None or hb is None:
            return True
        return max(la, lb) - min(ha, hb) <= window

    def excess(a: int, b: int) -> tuple[float, float]:
        """How far the pair is from merging (``merge_margin``; negative: no merge), and their dot product."""
        cross = float(size[a] * size[b])
        # the looser story's internal mean (fmin skips a single article's NaN; NaN only when both are)
        looser = np.fmin(internal[a], internal[b])
        between = dot(total[a], total[b])
        return float(
            merge_margin(opts, np.array(between / cross), np.array(cross), np.array(looser))
        ), between

    def reach(a: int, b: int) -> int:
        """Articles of ``a`` that could be a candidate pair with an article of ``b``."""
        if undated[a] or undated[b]:  # an undated article is compared with every article
            return int(size[a]) if undated[b] else undated[a] + reach_dated(a, b)
        return reach_dated(a, b)

    def reach_dated(a: int, b: int) -> int:
        # a story has no gap longer than the window, so its span's window is its articles' windows
        times = stamps[a]
        return bisect_right(times, stamps[b][-1] + window) - bisect_left(times, stamps[b][0] - window)

    def connected(a: int, b: int) -> bool:
        """Enough nearest-neighbour links between the two (``linked``); an open story taking new
        articles in incremental mode is exempt (its own articles' links are not in ``pairs``)."""
        if a < anchored or b < anchored:
            return True
        return linked(links[a][b], reach(a, b), reach(b, a))

    def push(a: int, b: int) -> None:
        a, b = min(a, b), max(a, b)
        if not (compatible(a, b) and connected(a, b)):
            return
        margin, between = excess(a, b)
        if margin >= 0.0:
            heapq.heappush(heap, (-margin, a, b, version[a], version[b], between))

    for i, j in pairs:
        links[i][j] = links[i].get(j, 0) + 1
        links[j][i] = links[j].get(i, 0) + 1
    for i, j in pairs:
        push(i, j)

    while heap:
        _neg, a, b, va, vb, between = heapq.heappop(heap)
        if merged.find(a) != a or merged.find(b) != b or version[a] != va or version[b] != vb:
            continue
        merged.union(a, b)  # a is the lower index: the story keeps its earliest member's (or its stored) slot
        total[a] = total[a] + total[b]
        size[a] += size[b]
        square[a] += square[b] + 2.0 * between  # |A + B|² = |A|² + |B|² + 2 A·B
        internal[a] = internal_mean(square[a], size[a])
        lows = [t for t in (lo[a], lo[b]) if t is not None]
        highs = [t for t in (hi[a], hi[b]) if t is not None]
        lo[a] = min(lows) if lows else None
        hi[a] = max(highs) if highs else None
        version[a] += 1
        stamps[a] = sorted(stamps[a] + stamps[b])  # two sorted runs: linear
        undated[a] += undated[b]
        stamps[b] = []
        for c, count in links[b].items():
            if c != a:
                links[a][c] = links[a].get(c, 0) + count
                links[c][a] = links[a][c]
                del links[c][b]
        links[a].pop(b, None)
        links[b] = {}
        for c in sorted(links[a]):
            push(a, c)

    return [merged.find(i) for i in range(n)]


# ---------------------------------------------------------------------------------------------
# stories


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """One story found by clustering: its id, readable title, time span and members (canonical order)."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    first_seen: float | None
    last_seen: float | None


def story_id(first_article_id: str) -> str:
    """A story is named after its earliest article, so its id survives new articles joining it."""
    return stable_id("story", first_article_id)


def lead_title(article: Article, words: int = TITLE_WORDS) -> str:
    """The article's headline as a story title (``story_title.headline``: page furniture removed,
    an opening sentence that reads as a headline when it has none), else its first ``words`` words
    (after a wire dateline such as "WASHINGTON (AP) —", which says where, not what)."""
    found = headline(article, words)
    if found:
        return found
    head = article.text[content_start(article.text) :].split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")


def central_member(members: Sequence[int], rows: CentredRows) -> int:
    """The member closest to the story's centroid (the first in canonical order on a tie)."""
    sims = rows.dots(members, rows.total(members))
    return members[int(np.argmax(sims))]


def make_groups(
    articles: Sequence[Article], rows: CentredRows, groups: Sequence[Sequence[int]]
) -> list[StoryGroup]:
    """Name, title and date the clusters found over ``articles`` (``rows``, in the same order).

    The title is ``story_title`` of the members, the title a brief of the same articles shows
    (``make_brief``), so ``stories``, ``brief --db`` and ``brief`` on the files agree; the lead
    title of the most central member only when no member offers a headline. Cost: ~1 ms per
    article (an opening split and a bag of stems each)."""
    out = []
    for members in groups:
        times = [t for m in members if (t := timestamp(articles[m].published)) is not None]
        title = story_title([articles[m] for m in members])
        out.append(
            StoryGroup(
                id=story_id(articles[members[0]].id),
                title=title or lead_title(articles[central_member(members, rows)]),
                article_ids=tuple(articles[m].id for m in members),
                first_seen=min(times) if times else None,
                last_seen=max(times) if times else None,
            )
        )
    return out


def cluster_batch(
    articles: Sequence[Article], rows: CentredRows, options: ClusterOptions | None = None
) -> list[StoryGroup]:
    """Cluster a whole set at once (``rows``: the articles' vectors, in the same order); the result
    does not depend on the order of ``articles``."""
    times = [timestamp(a.published) for a in articles]
    order = canonical_order([a.id for a in articles], times)
    ordered = [articles[i] for i in order]
    ordered_rows = rows.take(order) if len(order) else rows
    groups = cluster_vectors(ordered_rows, [times[i] for i in order], options)
    return make_groups(ordered, ordered_rows, groups)
