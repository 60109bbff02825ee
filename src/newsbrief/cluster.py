"""Group articles into stories: one cheap vector per article, average-link merging, time-aware.

Why this design: embedding every article with MiniLM runs ~80 texts/s per thread, so 100k articles
would take most of an hour on two cores. A hashed TF-IDF vector of title + body tokens costs well
under a millisecond and separates stories (same people, places, numbers) well; on the labelled
pools (docs/scale.md) MiniLM vectors of title + lead clustered worse than it, not better.

Order of work:
1. ``term_counts`` — per article, independent of every other article (so it runs on any worker):
   lower-cased content words, stop words dropped, the title counted twice, hashed into
   ``FEATURES`` buckets, sublinear term frequency;
2. ``Vectorizer`` — IDF from document frequencies (a plain sum over shards, so the result does not
   depend on how the input was split), then a fixed sparse random projection to ``dim`` dense
   dimensions and L2 normalization: a dot product is then (close to) the TF-IDF cosine;
3. centring (``recenter``, ``mean_vector``) — the mean of the collection's unit vectors is
   subtracted and the rows normalized again: all news shares some vocabulary, which lifts every
   cosine; without it, unrelated articles sit at ~0.05 instead of ~0;
4. ``cluster_batch`` — exact nearest neighbours with numpy inside a sliding time window, then
   average-link agglomeration over those candidate pairs: two stories merge while the mean cosine
   between their articles clears a bar that falls with the number of article pairs (``required``:
   ``threshold`` for two single articles, down to ``floor`` for large stories) and is at least
   ``cohesion`` times the mean cosine inside the tighter of the two (``merge_margin``), and only
   when no gap longer than ``window_days`` opens between their articles; or ``StoryIndex`` — the
   incremental version: each batch of new articles (in publication order) is clustered the same
   way together with the open stories, which new articles may join but which never merge.

Everything is sorted canonically (date, then id) first and ties break on that order, so the result
does not depend on input order.
"""

from __future__ import annotations

import heapq
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from newsbrief.model import Article, stable_id
from newsbrief.order import canonical_order, timestamp
from newsbrief.partition import Partition
from newsbrief.story_title import TITLE_WORDS, headline
from newsbrief.text import STOPWORDS, content_start, stopwords

FEATURES = 1 << 18  # hash buckets for terms; collisions among news vocabularies are rare at this size
DAY = 86_400.0
MAX_WORDS = 1_000  # body words read per article: enough for topic words, bounded cost for long pages
CENTER_MIN_DOCUMENTS = 100  # fewer articles than this give a shrunken mean vector (see mean_vector)

_TOKEN = re.compile(r"[a-z][a-z0-9]+")
# Function words plus the reporting verbs and fillers every news story uses (data/stopwords-*.txt).
_STOP = STOPWORDS | stopwords("news")


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """Every clustering knob; the defaults are the ones evaluated in docs/scale.md."""

    threshold: float = 0.09  # mean centred cosine at or above which two single articles merge
    floor: float = 0.05  # the lowest bar two large stories must clear (see ``required``)
    size_exponent: float = 0.25  # how fast the bar falls with the number of article pairs (0: fixed)
    cohesion: float = 0.35  # a story only takes in what is this close to it, relative to itself (0: off)
    window_days: float = 7.0  # a story never has a gap longer than this between its articles
    neighbors: int = 12  # candidate neighbours kept per article
    dim: int = 2048  # dense dimensions after projection (fewer add noise to low cosines)
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


def internal_mean(totals: npt.NDArray[np.floating], sizes: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The mean cosine between a story's articles, from the sum of their unit vectors (NaN below 2).

    ``total @ total`` sums the cosines of all ordered pairs, self-pairs included; each self-pair
    adds 1. Rows of ``totals`` are stories; ``sizes`` their article counts.
    """
    sq = np.einsum("ij,ij->i", totals, totals, dtype=np.float64)
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
    (``required``), and it is at least ``cohesion`` times the internal mean cosine (``internal_mean``)
    of the tighter of the two (NaN when neither has two articles yet). The second keeps a tight story
    of one event from absorbing another event on the same topic (two shootings, two studies of one
    disease) just because the bar for large stories is low, while a loose, broad story still takes
    in its loosely related articles. Measured on the labelled pools in docs/scale.md.
    """
    margin = mean - required(options, pairs)
    if options.cohesion <= 0.0:
        return margin
    guard = mean - options.cohesion * internal
    return np.where(np.isnan(guard), margin, np.minimum(margin, guard))


@dataclass(frozen=True, slots=True)
class TermCounts:
    """An article's hashed bag of words: sorted bucket ids and sublinear weights (1 + log tf)."""

    indices: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float32]


def term_counts(article: Article) -> TermCounts:
    """The article's hashed terms; depends on this article only."""
    words = article.text.lower().split()[:MAX_WORDS]
    counts: dict[int, int] = {}
    for chunk in ((article.title.lower() + " ") * 2 + " ".join(words)).split():
        for token in _TOKEN.findall(chunk):
            if token not in _STOP:
                bucket = zlib.crc32(token.encode()) & (FEATURES - 1)
                counts[bucket] = counts.get(bucket, 0) + 1
    keys = np.fromiter(sorted(counts), dtype=np.int32, count=len(counts))
    tf = np.fromiter((counts[int(k)] for k in keys), dtype=np.float32, count=len(counts))
    return TermCounts(keys, (1.0 + np.log(tf)).astype(np.float32))


def document_frequencies(counts: Sequence[TermCounts]) -> npt.NDArray[np.int64]:
    """How many articles contain each bucket; sums over shards give the same array."""
    if not counts:
        return np.zeros(FEATURES, dtype=np.int64)
    return np.bincount(np.concatenate([c.indices for c in counts]), minlength=FEATURES).astype(np.int64)


@lru_cache(maxsize=4)
def _projection(dim: int) -> sp.csr_matrix:
    """A fixed sparse random projection (4 signed entries per bucket): same matrix in every process."""
    rng = np.random.default_rng(20_240_601)
    per_row = 4
    cols = rng.integers(0, dim, size=(FEATURES, per_row)).ravel()
    signs = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=FEATURES * per_row) / 2.0
    indptr = np.arange(0, FEATURES * per_row + 1, per_row)
    return sp.csr_matrix((signs.astype(np.float32), cols, indptr), shape=(FEATURES, dim))


def _unit_rows(dense: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    unit: npt.NDArray[np.float32] = np.divide(dense, norms, out=np.zeros_like(dense), where=norms > 0)
    return unit


def recenter(unit: npt.NDArray[np.float32], center: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
    """Subtract the mean vector ``center`` from unit rows and normalize again.

    Every news article shares vocabulary with every other one (reporting words, dates, places in
    the news that month), which lifts all cosines by a common amount; removing the collection's mean
    direction leaves what an article shares with its own story. Rows that were all zeros (no
    content words) stay all zeros, so such an article never joins a story.
    """
    if len(unit) == 0:
        return unit
    shifted = (unit - center.astype(np.float32)) * (np.linalg.norm(unit, axis=1, keepdims=True) > 0)
    return _unit_rows(shifted.astype(np.float32))


@dataclass(frozen=True, slots=True)
class Vectorizer:
    """TF-IDF weighting from document frequencies, projected to dense unit vectors.

    With ``center`` (the mean of the collection's projected unit vectors, see ``mean_vector``) the
    rows are centred and normalized again (``recenter``); without it they are the plain projection.
    """

    df: npt.NDArray[np.int64]
    documents: int
    dim: int = 2048
    center: npt.NDArray[np.float64] | None = None

    def idf(self) -> npt.NDArray[np.float32]:
        """scikit-learn's smoothed IDF (``TfidfTransformer(smooth_idf=True)``: ln((n + 1) / (df + 1)) + 1),
        written out because ``df`` is a sum over shards, not a matrix that ``fit`` could read."""
        return (np.log((self.documents + 1) / (self.df + 1)) + 1.0).astype(np.float32)

    def transform(self, counts: Sequence[TermCounts]) -> npt.NDArray[np.float32]:
        """One unit float32 row per article (all zeros for an article with no content words)."""
        unit = self.project(counts)
        return unit if self.center is None else recenter(unit, self.center)

    def project(self, counts: Sequence[TermCounts]) -> npt.NDArray[np.float32]:
        """The uncentred unit rows: projected TF-IDF (all zeros for an article with no content words)."""
        if not counts:
            return np.zeros((0, self.dim), dtype=np.float32)
        idf = self.idf()
        indptr = np.zeros(len(counts) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(c.indices) for c in counts])
        indices = np.concatenate([c.indices for c in counts])
        data = np.concatenate([c.weights for c in counts]) * idf[indices]
        tfidf = sp.csr_matrix((data, indices, indptr), shape=(len(counts), FEATURES), dtype=np.float32)
        dense = np.asarray((tfidf @ _projection(self.dim)).toarray(), dtype=np.float32)
        return _unit_rows(dense)


def mean_vector(total: npt.NDArray[np.float64], documents: int) -> npt.NDArray[np.float64]:
    """The centre to subtract: a sum of uncentred unit rows (summable over shards) over their count.

    Below ``CENTER_MIN_DOCUMENTS`` the mean is shrunk towards zero (divided by that constant, not by
    the count): the mean of a handful of articles is mostly their own stories, and subtracting it
    would erase exactly what those articles share.
    """
    return total / max(documents, CENTER_MIN_DOCUMENTS)


def pool_vectors(
    counts: Sequence[TermCounts], options: ClusterOptions | None = None
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Vectors for a whole set (batch mode): IDF and centre from the set itself.

    Returns the vectors, the document frequencies and the sum of the uncentred unit rows (what a
    collection keeps so that later, incremental ingests centre on the same mean). ``counts`` should
    be in canonical order so the float sums, and with them the result, do not depend on input order.
    """
    opts = options or ClusterOptions()
    df = document_frequencies(counts)
    unit = Vectorizer(df, len(counts), opts.dim).project(counts)
    total = unit.sum(axis=0, dtype=np.float64) if len(unit) else np.zeros(opts.dim, dtype=np.float64)
    if not opts.center:
        return unit, df, total
    return recenter(unit, mean_vector(total, len(counts))), df, total


# ---------------------------------------------------------------------------------------------
# batch clustering


def _candidate_pairs(
    vectors: npt.NDArray[np.float32], times: Sequence[float | None], options: ClusterOptions
) -> list[tuple[int, int, float]]:
    """Each article's nearest neighbours (exact numpy search) among articles it could share a story with.

    ``vectors`` and ``times`` are in canonical order: dated articles first, by time.
    """
    n = len(vectors)
    dated = sum(t is not None for t in times)
    stamps = np.array([t if t is not None else 0.0 for t in times[:dated]], dtype=np.float64)
    window = options.window_days * DAY
    k = options.neighbors
    pairs: list[tuple[int, int, float]] = []
    block = 512
    for start in range(0, n, block):
        stop = min(start + block, n)
        if stop <= dated:  # a block of dated articles: compare within the time window only
            lo = int(np.searchsorted(stamps, stamps[start] - window, side="left"))
            hi = int(np.searchsorted(stamps, stamps[stop - 1] + window, side="right"))
            cand = np.arange(lo, hi)
        else:  # undated articles may join any story
            cand = np.arange(n)
        sims = vectors[start:stop] @ vectors[cand].T
        rows = np.arange(start, stop)
        sims[cand[None, :] == rows[:, None]] = -1.0
        if stop <= dated:
            gap = np.abs(stamps[cand][None, :] - stamps[start:stop][:, None])
            sims[gap > window] = -1.0
        take = min(k, len(cand))
        if take == 0:
            continue
        top = np.argpartition(-sims, take - 1, axis=1)[:, :take] if take < len(cand) else None
        for r in range(stop - start):
            cols = top[r] if top is not None else np.arange(len(cand))
            for c in cols:
                s = float(sims[r, c])
                if s > 0.0:
                    i, j = start + r, int(cand[c])
                    pairs.append((min(i, j), max(i, j), s))
    return pairs


def cluster_vectors(
    vectors: npt.NDArray[np.float32], times: Sequence[float | None], options: ClusterOptions | None = None
) -> list[list[int]]:
    """Average-link clusters of rows already in canonical order; groups sorted by their first member."""
    opts = options or ClusterOptions()
    n = len(vectors)
    if n == 0:
        return []
    pairs = sorted({(i, j) for i, j, _s in _candidate_pairs(vectors, times, opts)})
    roots = _agglomerate(list(vectors), [1] * n, list(times), list(times), pairs, 0, opts)
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(roots):
        groups.setdefault(r, []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _agglomerate(
    totals: list[npt.NDArray[np.floating]],
    sizes: list[int],
    lo: list[float | None],
    hi: list[float | None],
    pairs: Sequence[tuple[int, int]],
    anchored: int,
    opts: ClusterOptions,
) -> list[int]:
    """Average-link merging from initial clusters (vector sums, sizes, time spans); each one's root.

    A heap holds candidate cluster pairs by ``merge_margin`` (exact mean cross cosines from the
    vector sums); ties break on the lower indices, so the same input always merges in the same
    sequence. A merged cluster keeps the lower index. Clusters below ``anchored`` are existing
    stories (incremental mode): new articles may join them, but two of them never merge, so stored
    story ids stay put.
    """
    n = len(totals)
    total = list(totals)
    size = np.asarray(sizes, dtype=np.int64)
    merged = Partition(range(n))  # a cluster's slot is its least member's index
    version = [0] * n
    neighbours: list[set[int]] = [set() for _ in range(n)]
    heap: list[tuple[float, int, int, int, int]] = []
    window = opts.window_days * DAY
    internal = np.full(n, np.nan)  # mean cosine inside each cluster of 2+ articles
    for k in np.flatnonzero(size >= 2):
        internal[k] = internal_mean(total[k][None, :], size[k : k + 1])[0]

    def compatible(a: int, b: int) -> bool:
        if a < anchored and b < anchored:
            return False
        la, ha, lb, hb = lo[a], hi[a], lo[b], hi[b]
        if la is None or lb is None or ha is None or hb is None:
            return True
        return max(la, lb) - min(ha, hb) <= window

    def excess(a: int, b: int) -> float:
        """How far the pair is from merging (``merge_margin``; negative: no merge)."""
        cross = float(size[a] * size[b])
        tighter = np.fmin(internal[a], internal[b])  # NaN only when both are single articles
        mean = float(total[a] @ total[b]) / cross
        return float(merge_margin(opts, np.array(mean), np.array(cross), np.array(tighter)))

    def push(a: int, b: int) -> None:
        a, b = min(a, b), max(a, b)
        margin = excess(a, b)
        if margin >= 0.0 and compatible(a, b):
            heapq.heappush(heap, (-margin, a, b, version[a], version[b]))

    for i, j in pairs:
        neighbours[i].add(j)
        neighbours[j].add(i)
    for i, j in pairs:
        push(i, j)

    while heap:
        _neg, a, b, va, vb = heapq.heappop(heap)
        if merged.find(a) != a or merged.find(b) != b or version[a] != va or version[b] != vb:
            continue
        merged.union(a, b)  # a is the lower index: the story keeps its earliest member's (or its stored) slot
        total[a] = total[a] + total[b]
        size[a] += size[b]
        internal[a] = internal_mean(total[a][None, :], size[a : a + 1])[0]
        lows = [t for t in (lo[a], lo[b]) if t is not None]
        highs = [t for t in (hi[a], hi[b]) if t is not None]
        lo[a] = min(lows) if lows else None
        hi[a] = max(highs) if highs else None
        version[a] += 1
        joined = (neighbours[a] | neighbours[b]) - {a, b}
        neighbours[a] = joined
        neighbours[b] = set()
        for c in sorted(joined):
            neighbours[c].discard(b)
            neighbours[c].add(a)
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


def central_member(members: Sequence[int], vectors: npt.NDArray[np.float32]) -> int:
    """The member closest to the story's centroid (the first in canonical order on a tie)."""
    centroid = vectors[list(members)].sum(axis=0)
    sims = vectors[list(members)] @ centroid
    return members[int(np.argmax(sims))]


def make_groups(
    articles: Sequence[Article], vectors: npt.NDArray[np.float32], groups: Sequence[Sequence[int]]
) -> list[StoryGroup]:
    """Name, title and date the clusters found over ``articles`` (rows of ``vectors``)."""
    out = []
    for members in groups:
        times = [t for m in members if (t := timestamp(articles[m].published)) is not None]
        central = articles[central_member(members, vectors)]
        out.append(
            StoryGroup(
                id=story_id(articles[members[0]].id),
                title=lead_title(central),
                article_ids=tuple(articles[m].id for m in members),
                first_seen=min(times) if times else None,
                last_seen=max(times) if times else None,
            )
        )
    return out


def cluster_batch(
    articles: Sequence[Article],
    vectors: npt.NDArray[np.float32],
    options: ClusterOptions | None = None,
) -> list[StoryGroup]:
    """Cluster a whole set at once; the result does not depend on the order of ``articles``."""
    times = [timestamp(a.published) for a in articles]
    order = canonical_order([a.id for a in articles], times)
    ordered = [articles[i] for i in order]
    ordered_vectors = vectors[order] if len(order) else vectors
    groups = cluster_vectors(ordered_vectors, [times[i] for i in order], options)
    return make_groups(ordered, ordered_vectors, groups)


# ---------------------------------------------------------------------------------------------
# incremental clustering


@dataclass(slots=True)
class OpenStory:
    """A story the incremental clusterer can still extend: vector sum, size and time span."""

    id: str
    total: npt.NDArray[np.float64]
    size: int
    first_seen: float | None
    last_seen: float | None


class StoryIndex:
    """Incremental clustering over the open stories of a collection, one batch of new articles at a time.

    A batch is clustered like a whole set (``cluster_vectors``: the same candidates, bar and
    cohesion rule), with the open stories as fixed starting clusters: new articles may join a stored
    story or each other, but two stored stories never merge, so their ids stay put. Articles of one
    new event that arrive together then found one story together instead of each one choosing
    alone, in arrival order, between stories that do not exist yet. A batch of one article joins the
    open story it clears the bar of by the most, or starts a new one.

    An article more than ``window_days`` after a story's last article cannot join it, so a topic
    that returns weeks later becomes a new story.
    """

    SEED_CANDIDATES = 4  # open stories considered per new article, as a multiple of ``neighbors``

    def __init__(self, stories: Sequence[OpenStory], options: ClusterOptions | None = None) -> None:
        self.options = options or ClusterOptions()
        self.stories: list[OpenStory] = list(stories)
        self.changed: set[str] = set()

    def add(self, article_id: str, when: float | None, vector: npt.NDArray[np.float32]) -> OpenStory:
        """Add one article (a batch of one)."""
        return self.add_batch([article_id], [when], vector[None, :])[0]

    def add_batch(
        self, article_ids: Sequence[str], times: Sequence[float | None], vectors: npt.NDArray[np.float32]
    ) -> list[OpenStory]:
        """Add a batch of articles; returns the story of each, in input order."""
        if not article_ids:
            return []
        opts = self.options
        order = canonical_order(article_ids, times)
        ids = [article_ids[i] for i in order]
        when = [times[i] for i in order]
        rows = vectors[order]
        m, n = len(self.stories), len(ids)
        pairs = {(m + i, m + j) for i, j, _s in _candidate_pairs(rows, when, opts)}
        pairs |= self._story_candidates(rows, when)
        roots = _agglomerate(
            [s.total for s in self.stories] + [rows[i] for i in range(n)],
            [s.size for s in self.stories] + [1] * n,
            [s.first_seen for s in self.stories] + list(when),
            [s.last_seen for s in self.stories] + list(when),
            sorted(pairs),
            m,
            opts,
        )
        founded: dict[int, OpenStory] = {}
        result: list[OpenStory | None] = [None] * n
        for i in range(n):
            r = roots[m + i]
            if r < m:
                story = self.stories[r]
            elif r in founded:
                story = founded[r]
            else:  # the root is the group's earliest new article: the story is named after it
                story = OpenStory(
                    story_id(ids[r - m]), np.zeros(rows.shape[1], dtype=np.float64), 0, None, None
                )
                founded[r] = story
                self.stories.append(story)
            story.total = story.total + rows[i]
            story.size += 1
            t = when[i]
            if t is not None:
                story.first_seen = t if story.first_seen is None else min(story.first_seen, t)
                story.last_seen = t if story.last_seen is None else max(story.last_seen, t)
            self.changed.add(story.id)
            result[order[i]] = story
        return [s for s in result if s is not None]

    def _story_candidates(
        self, rows: npt.NDArray[np.float32], when: Sequence[float | None]
    ) -> set[tuple[int, int]]:
        """(story, m + row) pairs: each new row's open stories with the highest mean cosine, in its window."""
        m = len(self.stories)
        if m == 0:
            return set()
        totals = np.stack([s.total for s in self.stories])
        sizes = np.array([s.size for s in self.stories], dtype=np.float64)
        means = (rows.astype(np.float64) @ totals.T) / sizes
        window = self.options.window_days * DAY
        first = np.array([np.nan if s.first_seen is None else s.first_seen for s in self.stories])
        last = np.array([np.nan if s.last_seen is None else s.last_seen for s in self.stories])
        for i, t in enumerate(when):
            if t is not None:
                means[i, (t - last > window) | (first - t > window)] = -np.inf  # NaN spans compare False
        take = min(m, self.SEED_CANDIDATES * self.options.neighbors)
        top = np.argpartition(-means, take - 1, axis=1)[:, :take] if take < m else None
        pairs: set[tuple[int, int]] = set()
        for i in range(len(rows)):
            cols = top[i] if top is not None else range(m)
            pairs.update((int(c), m + i) for c in cols if means[i, c] > 0.0)
        return pairs
