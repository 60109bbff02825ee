"""Article vectors for story clustering: hashed term counts, TF-IDF, a fixed random projection, centring.

Split from ``newsbrief.cluster`` (which re-exports these names): this part turns one article into
numbers and a set of them into comparable unit vectors; ``cluster`` groups the vectors.

1. ``term_counts`` — per article, independent of every other article (so it runs on any worker):
   lower-cased content words, stop words dropped, the title counted twice, hashed into
   ``FEATURES`` buckets, sublinear term frequency; a page that is not a news article
   (``debris.reason``) gets none;
2. ``Vectorizer`` — IDF from document frequencies (a plain sum over shards, so the result does not
   depend on how the input was split), then a fixed sparse random projection to ``dim`` dense
   dimensions and L2 normalization: a dot product is then (close to) the TF-IDF cosine;
3. centring (``recenter``, ``mean_vector``) — the mean of the collection's unit vectors is
   subtracted and the rows normalized again: all news shares some vocabulary, which lifts every
   cosine; without it, unrelated articles sit at ~0.05 instead of ~0.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from newsbrief.debris import reason as debris_reason
from newsbrief.model import Article
from newsbrief.text import STOPWORDS, stopwords

FEATURES = 1 << 18  # hash buckets for terms; collisions among news vocabularies are rare at this size
MAX_WORDS = 1_000  # body words read per article: enough for topic words, bounded cost for long pages
CENTER_MIN_DOCUMENTS = 100  # fewer articles than this give a shrunken mean vector (see mean_vector)

_TOKEN = re.compile(r"[a-z][a-z0-9]+")
# Function words plus the reporting verbs and fillers every news story uses (data/stopwords-*.txt).
_STOP = STOPWORDS | stopwords("news")


@dataclass(frozen=True, slots=True)
class TermCounts:
    """An article's hashed bag of words: sorted bucket ids and sublinear weights (1 + log tf)."""

    indices: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float32]


def term_counts(article: Article, *, debris: bool | None = None) -> TermCounts:
    """The article's hashed terms; depends on this article only.

    A page that is not a news article (``debris.reason``: crawl debris, widget text, a stub) gets
    no terms at all: its vector is all zeros, so it stays a story of its own and adds nothing to the
    document frequencies. ``debris``: that verdict when the caller has it already.
    """
    if debris is None:
        debris = debris_reason(article) is not None
    if debris:
        return TermCounts(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
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
