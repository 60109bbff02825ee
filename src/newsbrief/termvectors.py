"""Article vectors for story clustering: hashed term counts, TF-IDF, centring, exact cosines.

Split from ``newsbrief.cluster`` (which re-exports these names): this part turns one article into
numbers and a set of them into comparable unit vectors; ``cluster`` groups the vectors.

1. ``term_counts`` — per article, independent of every other article (so it runs on any worker):
   lower-cased content words, stop words dropped, the title counted twice, hashed into
   ``FEATURES`` buckets, sublinear term frequency; a page that is not a news article
   (``debris.reason``) gets none;
2. ``Vectorizer`` — IDF from document frequencies (a plain sum over shards, so the result does not
   depend on how the input was split), never above the term's IDF in English at large
   (``background.background_idf``), and L2 normalization: sparse unit TF-IDF rows ``x``;
3. centring — the mean ``c`` of the collection's unit rows is subtracted and the rows normalized
   again, ``y = (x - c) / |x - c|``: all news shares some vocabulary, which lifts every cosine;
   without it, unrelated articles sit at ~0.05 instead of ~0.

The centred rows are never built: ``c`` is dense, the rows are sparse, and every cosine the
clustering needs is exact algebra on sparse dot products (``CentredRows``, ``Total``):
``(x_a - c)·(x_b - c) = x_a·x_b - x_a·c - x_b·c + c·c``, and a story's sum of centred rows is
``X - w c`` with ``X`` a sparse sum. Until issue 17's fourth round the rows were projected to 2,048
dense dimensions by a fixed sparse random projection instead, which added noise of ~0.02 to every
cosine (1/sqrt(2048)) and moved a pool's B³ F1 by up to 0.035 between projection seeds
(docs/tuning.md, rounds 3 and 4).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from newsbrief.background import background_idf
from newsbrief.debris import reason as debris_reason
from newsbrief.model import Article
from newsbrief.text import STOPWORDS, stopwords

FEATURES = 1 << 18  # hash buckets for terms; collisions among news vocabularies are rare at this size
MAX_WORDS = 1_000  # body words read per article: enough for topic words, bounded cost for long pages
CENTER_MIN_DOCUMENTS = 100  # fewer articles than this give a shrunken mean vector (see mean_vector)

TOKEN = re.compile(r"[a-z][a-z0-9]+")
# Function words plus the reporting verbs and fillers every news story uses (data/stopwords-*.txt).
STOP = STOPWORDS | stopwords("news")

Floats = npt.NDArray[np.float64]


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
        for token in TOKEN.findall(chunk):
            if token not in STOP:
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


@dataclass(frozen=True, slots=True)
class Total:
    """A sum of centred unit rows, kept exact: ``terms - weight * c`` for the centre ``c``.

    ``indices`` (sorted, unique) and ``values``: the sparse sum ``X`` of the rows' uncentred parts
    ``x_i / |x_i - c|``; ``weight``: ``w = Σ 1 / |x_i - c|`` (rows without terms add nothing);
    ``along``: ``X · c``, cached because every dot product needs it. A story's vector in the
    clustering is this sum; ``CentredRows.dot`` multiplies two of them.
    """

    indices: npt.NDArray[np.int32]
    values: Floats
    weight: float
    along: float

    @staticmethod
    def empty() -> Total:
        return Total(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64), 0.0, 0.0)

    def __add__(self, other: Total) -> Total:
        """The sum of two sums (a merge). Exact: the union of the two sparse parts.

        Cost: linear in the larger part (the smaller one is placed into it by binary search), so a
        story that takes in one article at a time does not sort its terms again each time.
        """
        big, small = (self, other) if len(self.indices) >= len(other.indices) else (other, self)
        weight, along = self.weight + other.weight, self.along + other.along
        if not len(small.indices):
            return Total(big.indices, big.values, weight, along)
        pos = np.searchsorted(big.indices, small.indices)
        found = np.zeros(len(pos), dtype=bool)
        inside = pos < len(big.indices)
        found[inside] = big.indices[pos[inside]] == small.indices[inside]
        values = big.values.copy()
        values[pos[found]] += small.values[found]  # ids are unique: no position repeats
        fresh = ~found
        return Total(
            np.insert(big.indices, pos[fresh], small.indices[fresh]),
            np.insert(values, pos[fresh], small.values[fresh]),
            weight,
            along,
        )

    def terms_dot(self, other: Total) -> float:
        """``X_self · X_other``: the sparse parts' dot product."""
        a, b = (self, other) if len(self.indices) <= len(other.indices) else (other, self)
        if not len(a.indices) or not len(b.indices):
            return 0.0
        pos = np.searchsorted(b.indices, a.indices)
        pos[pos == len(b.indices)] = 0
        hit = b.indices[pos] == a.indices
        return float(a.values[hit] @ b.values[pos[hit]])


@dataclass(frozen=True, slots=True)
class CentredRows:
    """Centred unit TF-IDF rows ``y_i = (x_i - c) / |x_i - c|``, held as sparse ``x`` plus ``c``.

    ``unit``: the uncentred unit rows (n × F sparse, float64; all-zero rows for articles without
    terms, whose centred row stays zero, so such an article never joins a story); ``center``: ``c``
    (dense, F floats; zeros for no centring). Every cosine is computed exactly from sparse dot
    products; nothing is projected or densified over F. Memory: the rows' non-zeros plus 8·F bytes.
    """

    unit: sp.csr_matrix
    center: Floats
    scale: Floats  # 1 / |x_i - c| (0 for a row without terms)
    along: Floats  # x_i · c
    cc: float  # c · c

    @staticmethod
    def of(unit: sp.csr_matrix, center: Floats | None = None) -> CentredRows:
        """Rows from uncentred unit rows and a centre (None: no centring). Cost: one sparse × dense."""
        unit = sp.csr_matrix(unit, dtype=np.float64)
        unit.sort_indices()
        c = np.zeros(unit.shape[1], dtype=np.float64) if center is None else np.asarray(center, np.float64)
        along = np.asarray(unit @ c, dtype=np.float64).reshape(-1)
        cc = float(c @ c)
        full = np.diff(unit.indptr) > 0
        norm_sq = np.maximum(1.0 - 2.0 * along + cc, 0.0)  # |x - c|² for a unit x
        scale = np.divide(1.0, np.sqrt(norm_sq), out=np.zeros(len(along)), where=full & (norm_sq > 0))
        return CentredRows(unit, c, scale, along, cc)

    def __len__(self) -> int:
        return int(self.unit.shape[0])

    def take(self, order: Sequence[int] | npt.NDArray[np.intp]) -> CentredRows:
        """The rows in another order (a permutation or a selection)."""
        idx = np.asarray(order, dtype=np.intp)
        return CentredRows(self.unit[idx], self.center, self.scale[idx], self.along[idx], self.cc)

    def cosines(self, a: npt.NDArray[np.intp] | slice, b: npt.NDArray[np.intp] | slice) -> Floats:
        """Exact centred cosines between rows ``a`` and rows ``b`` (dense len(a) × len(b), float64)."""
        dots = np.asarray((self.unit[a] @ self.unit[b].T).toarray(), dtype=np.float64)
        dots -= self.along[a][:, None]
        dots -= self.along[b][None, :]
        dots += self.cc
        dots *= self.scale[a][:, None]
        dots *= self.scale[b][None, :]
        return dots

    def row(self, i: int) -> Total:
        """Row ``i`` as a one-article ``Total``."""
        lo, hi = int(self.unit.indptr[i]), int(self.unit.indptr[i + 1])
        s = float(self.scale[i])
        if s == 0.0:
            return Total.empty()
        values = self.unit.data[lo:hi] * s
        return Total(self.unit.indices[lo:hi].astype(np.int32), values, s, float(self.along[i]) * s)

    def total(self, members: Sequence[int]) -> Total:
        """The sum of the centred rows ``members`` (exact, sparse; summed in ``members`` order)."""
        idx = np.asarray(members, dtype=np.intp)
        sub = self.unit[idx]
        scaled = sub.data * np.repeat(self.scale[idx], np.diff(sub.indptr))
        keys, inverse = np.unique(sub.indices, return_inverse=True)
        values = np.bincount(inverse, weights=scaled, minlength=len(keys)).astype(np.float64)
        return Total(
            keys.astype(np.int32),
            values,
            float(self.scale[idx].sum()),
            float(values @ self.center[keys]),
        )

    def adopt(self, indices: npt.NDArray[np.int32], values: Floats, weight: float) -> Total:
        """A stored sum (``X``, ``w``) under this centre: ``along`` recomputed with today's ``c``."""
        return Total(indices, values, weight, float(values @ self.center[indices]) if len(indices) else 0.0)

    def dot(self, a: Total, b: Total) -> float:
        """``(X_a - w_a c) · (X_b - w_b c)``: the dot product of two sums of centred rows."""
        return a.terms_dot(b) - a.weight * b.along - b.weight * a.along + a.weight * b.weight * self.cc

    def dots(self, members: Sequence[int], total: Total) -> Floats:
        """Each row of ``members`` (centred) dotted with ``total``: ``y_m · (X - w c)``."""
        return self.against(members, [total])[:, 0]

    def against(self, members: Sequence[int], totals: Sequence[Total]) -> Floats:
        """Rows ``members`` (centred) dotted with each of ``totals``: len(members) × len(totals), exact.

        ``y_m · (X_s - w_s c) = s_m (x_m · X_s - w_s x_m · c - X_s · c + w_s c · c)``; one sparse
        product for all of them.
        """
        idx = np.asarray(members, dtype=np.intp)
        if not totals:
            return np.zeros((len(idx), 0), dtype=np.float64)
        indptr = np.zeros(len(totals) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(t.indices) for t in totals])
        stacked = sp.csr_matrix(
            (
                np.concatenate([t.values for t in totals]),
                np.concatenate([t.indices for t in totals]),
                indptr,
            ),
            shape=(len(totals), self.unit.shape[1]),
        )
        plain = np.asarray((self.unit[idx] @ stacked.T).toarray(), dtype=np.float64)
        weight = np.array([t.weight for t in totals])
        along = np.array([t.along for t in totals])
        plain -= self.along[idx][:, None] * weight[None, :]
        plain -= along[None, :]
        plain += self.cc * weight[None, :]
        plain *= self.scale[idx][:, None]
        return plain


@dataclass(frozen=True, slots=True)
class Vectorizer:
    """TF-IDF weighting from document frequencies: sparse unit rows, centred on ``center``.

    ``center``: the mean of the collection's unit rows (``mean_vector``; F floats), or None for
    plain rows.
    """

    df: npt.NDArray[np.int64]
    documents: int
    center: Floats | None = None

    def idf(self) -> npt.NDArray[np.float64]:
        """Per bucket, the smaller of scikit-learn's smoothed IDF (``TfidfTransformer(smooth_idf=True)``:
        ln((n + 1) / (df + 1)) + 1; written out because ``df`` is a sum over shards, not a matrix that
        ``fit`` could read) and the background IDF of English at large (``background.background_idf``):
        a word common in English but rare in this collection by chance is background vocabulary, not
        what identifies an event (docs/tuning.md, round 6). F floats."""
        pool = np.log((self.documents + 1) / (self.df + 1)) + 1.0
        return np.minimum(pool, background_idf(FEATURES))

    def transform(self, counts: Sequence[TermCounts]) -> CentredRows:
        """The articles' centred rows (an article without content words: a zero row)."""
        return CentredRows.of(self.unit(counts), self.center)

    def unit(self, counts: Sequence[TermCounts]) -> sp.csr_matrix:
        """The uncentred unit TF-IDF rows (n × F sparse, float64; zero rows for articles without terms)."""
        if not counts:
            return sp.csr_matrix((0, FEATURES), dtype=np.float64)
        idf = self.idf()
        indptr = np.zeros(len(counts) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(c.indices) for c in counts])
        indices = np.concatenate([c.indices for c in counts])
        data = np.concatenate([c.weights for c in counts]).astype(np.float64) * idf[indices]
        rows = sp.csr_matrix((data, indices, indptr), shape=(len(counts), FEATURES), dtype=np.float64)
        norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1), dtype=np.float64).reshape(-1))
        inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return sp.csr_matrix(sp.diags(inverse) @ rows)


def unit_sum(unit: sp.csr_matrix) -> Floats:
    """The sum of unit rows (F floats, float64): what ``mean_vector`` divides. Summable over batches."""
    return np.asarray(unit.sum(axis=0), dtype=np.float64).reshape(-1)


def mean_vector(total: Floats, documents: int) -> Floats:
    """The centre to subtract: a sum of uncentred unit rows (summable over shards) over their count.

    Below ``CENTER_MIN_DOCUMENTS`` the mean is shrunk towards zero (divided by that constant, not by
    the count): the mean of a handful of articles is mostly their own stories, and subtracting it
    would erase exactly what those articles share.
    """
    return total / max(documents, CENTER_MIN_DOCUMENTS)
