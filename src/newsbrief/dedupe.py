"""Near-duplicates and syndicated copies, and which articles are independent sources.

A wire story printed by two outlets is one source, not two: the later copy (in canonical order,
date then id) is linked to the earliest one and never counts as independent support. Two articles
are copies when their normalized text is identical, or when

* the exact Jaccard similarity of their word 5-gram sets is at least ``JACCARD``, and
* they share their lead: at least ``LEAD_SHARE`` of one article's first ``LEAD_WORDS`` words'
  5-grams occur in the other. Two reports of different events that reuse the same background
  paragraphs (Monday's and Thursday's story) differ in their leads, which say what is new; a
  trimmed or lightly edited copy keeps its lead (wire copies are cut from the bottom).

Finding the pairs to check is MinHash + LSH: a ``PERMUTATIONS``-value signature per article, cut
into ``BANDS`` bands of ``ROWS`` rows; articles sharing a band are candidates, kept when the
signature estimate is at least ``PREFILTER``, then decided exactly on their texts (two shingle
sets, cheap). So the estimate only bounds recall, never makes a link by itself.

The hash family: each shingle is hashed to a 32-bit key ``x`` (CRC-32 of the words, combined and
mixed with the splitmix64 finalizer), and permutation ``k`` is Dietzfelbinger's multiply-add-shift
``h_k(x) = ((a_k·x + b_k) mod 2**64) >> 32`` with ``a_k, b_k`` uniform over 64 bits: a strongly
universal family from 32-bit keys to 32-bit values (Dietzfelbinger 1996, "Universal hashing and
k-wise independent random variables via integer multiplication without primes"). numpy's uint64
multiplication wraps modulo 2**64, which is exactly the arithmetic the scheme needs. (The earlier
``(a·x + b) mod (2**61 - 1)`` with ``a, x < 2**32`` almost never wrapped, so ``h`` was monotone in
``x`` for about half the functions, which all picked the same minimum: estimates came out near
``0.5 + 0.5·J`` or ``0.5·J`` instead of ``J``.)

Error bounds (binomial, 128 functions): the estimate's standard error is ``sqrt(J(1-J)/128)``,
0.035 at J = 0.8; a pair at J = 0.8 is a band candidate with probability 1 - (1 - 0.8**5)**25
> 0.9999 and passes the 0.65 prefilter with probability > 0.9999.

Signatures depend on one article only, so they are computed wherever the article is parsed (a Dask
worker, or the ingesting process) and compared centrally.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass
from datetime import UTC

import numpy as np
import numpy.typing as npt

from newsbrief.model import Article

SHINGLE = 5
PERMUTATIONS = 128
BANDS = 25  # 25 bands x 5 rows: a pair at Jaccard 0.8 is a candidate with probability > 0.9999
ROWS = 5
JACCARD = 0.8  # exact word 5-gram Jaccard at or above which two articles may be copies
PREFILTER = 0.65  # signature estimate below which a band candidate is not checked (4 s.e. below 0.8)
LEAD_WORDS = 30  # the lead: about the first sentence of a news article
LEAD_SHARE = 0.5  # share of one lead's 5-grams the other article must contain
# Names the signature scheme (hash family, its seed, shingle and band sizes): a collection whose
# stored signatures were made under another scheme recomputes them before it compares new ones.
SCHEME = "minhash-mas64-5x128-25x5/1"
_EMPTY = np.uint32(0xFFFFFFFF)
_WORD = re.compile(r"\w+")
_U64 = np.uint64


def _params() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    rng = np.random.default_rng(5_318_008)
    a = rng.integers(0, np.iinfo(np.uint64).max, size=PERMUTATIONS, dtype=np.uint64, endpoint=True)
    b = rng.integers(0, np.iinfo(np.uint64).max, size=PERMUTATIONS, dtype=np.uint64, endpoint=True)
    return a, b


_A, _B = _params()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedupe needs of an article: a hash of its normalized text and a MinHash signature."""

    text_key: str
    signature: npt.NDArray[np.uint32]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64's finalizer (Steele et al. 2014): every input bit affects every output bit."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> _U64(30))) * _U64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> _U64(27))) * _U64(0x94D049BB133111EB)
        return x ^ (x >> _U64(31))


def _shingle_keys(words: Sequence[str]) -> npt.NDArray[np.uint32]:
    """The 32-bit key of each word 5-gram, in text order (empty under five words)."""
    n = len(words) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint32)
    hashes = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    shingles = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            shingles = shingles * _U64(1_000_003) + hashes[k : n + k]
    return (_mix(shingles) >> _U64(32)).astype(np.uint32)


def shingles(text: str) -> npt.NDArray[np.uint32]:
    """The sorted set of ``text``'s word 5-gram keys (lower-cased word tokens; punctuation ignored)."""
    return np.unique(_shingle_keys(_words(text)))


def minhash(keys: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """The ``PERMUTATIONS``-value MinHash signature of a set of 32-bit shingle keys (repeats in
    ``keys`` change nothing).

    All values are ``0xFFFFFFFF`` for an empty set. Cost: O(len(keys) x PERMUTATIONS), in blocks of
    1024 keys so a very long article needs bounded memory.
    """
    x = np.asarray(keys, dtype=np.uint64)
    minimum = np.full(PERMUTATIONS, _EMPTY, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for start in range(0, len(x), 1024):
            part = x[start : start + 1024]
            values = (part[:, None] * _A[None, :] + _B[None, :]) >> _U64(32)
            minimum = np.minimum(minimum, values.min(axis=0))
    return minimum.astype(np.uint32)


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint ``text``: lower-cased word tokens, punctuation and spacing ignored."""
    words = _words(text)
    key = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
    # a minimum does not see repeats, so the keys need no np.unique (whose first call imports
    # numpy.ma, ~25 ms of a brief)
    return Fingerprint(key, minhash(_shingle_keys(words)))


def similarity(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> float:
    """Estimated Jaccard similarity of two articles' 5-gram sets (standard error sqrt(J(1-J)/128))."""
    return float(np.mean(a == b))


def band_keys(signature: npt.NDArray[np.uint32]) -> list[int]:
    """One 63-bit key per band; articles sharing any key are compared."""
    rows = signature[: BANDS * ROWS].reshape(BANDS, ROWS)
    return [
        int.from_bytes(hashlib.blake2b(bytes([band]) + rows[band].tobytes(), digest_size=8).digest()) >> 1
        for band in range(BANDS)
    ]


def _shares_lead(ordered: npt.NDArray[np.uint32], other: npt.NDArray[np.uint32]) -> bool:
    lead = np.unique(ordered[: LEAD_WORDS - SHINGLE + 1])
    return bool(lead.size) and float(np.isin(lead, other, assume_unique=True).mean()) >= LEAD_SHARE


def same_text(a: str, b: str) -> bool:
    """The exact copy test on two texts (symmetric): identical words, or 5-gram Jaccard ≥ ``JACCARD``
    with a shared lead. Texts under five words are copies only when identical. Cost: O(words)."""
    wa, wb = _words(a), _words(b)
    if wa == wb:
        return True
    oa, ob = _shingle_keys(wa), _shingle_keys(wb)
    sa, sb = np.unique(oa), np.unique(ob)
    if not sa.size or not sb.size:
        return False
    shared = np.intersect1d(sa, sb, assume_unique=True).size
    if shared < JACCARD * (sa.size + sb.size - shared):
        return False
    return _shares_lead(oa, sb) or _shares_lead(ob, sa)


def is_copy(a: Fingerprint, b: Fingerprint, a_text: str, b_text: str) -> bool:
    """Whether two articles are copies: the signatures pre-filter, ``same_text`` decides."""
    if a.text_key == b.text_key:
        return True
    if similarity(a.signature, b.signature) < PREFILTER:
        return False
    return same_text(a_text, b_text)


class DuplicateIndex:
    """Finds, for each new article, the original it copies (through the earliest matching article).

    ``text_of`` gives an indexed article's text by id, for the exact check of band candidates; the
    index keeps fingerprints and band lists only.
    """

    def __init__(self, text_of: Callable[[str], str]) -> None:
        self._text_of = text_of
        self._keys: dict[str, str] = {}
        self._bands: dict[int, list[str]] = {}
        self._prints: dict[str, Fingerprint] = {}
        self._root: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def add(self, article_id: str, fp: Fingerprint, text: str) -> str | None:
        """Index the article; return the id of the original it copies, or None when it is original."""
        original = self.find(fp, text)
        self._keys.setdefault(fp.text_key, article_id)
        for k in band_keys(fp.signature):
            self._bands.setdefault(k, []).append(article_id)
        self._prints[article_id] = fp
        self._root[article_id] = original or article_id
        self._order[article_id] = len(self._order)
        return original

    def find(self, fp: Fingerprint, text: str) -> str | None:
        same = self._keys.get(fp.text_key)
        if same is not None:
            return self._root[same]
        candidates = {other for k in band_keys(fp.signature) for other in self._bands.get(k, ())}
        for other in sorted(candidates, key=self._order.__getitem__):
            if is_copy(fp, self._prints[other], text, self._text_of(other)):
                return self._root[other]
        return None


def find_duplicates(
    ids: Sequence[str],
    prints: Sequence[Fingerprint],
    texts: Sequence[str],
    *,
    apart: Set[str] = frozenset(),
) -> dict[str, str]:
    """Map each copy's id to its original's id, over articles already in canonical order.

    The articles whose ids are in ``apart`` are kept out of every link: story clustering passes
    the pages ``debris.reason`` names, because the same archive notice or widget text comes
    back from many unrelated stories, and linking those copies would put them, and through them
    their stories, into one. (In a brief, where all articles are one story, such copies are
    linked: they are one source.)
    """
    text_of = dict(zip(ids, texts, strict=True))
    index = DuplicateIndex(text_of.__getitem__)
    links: dict[str, str] = {}
    for article_id, fp in zip(ids, prints, strict=True):
        if article_id in apart:
            continue
        original = index.add(article_id, fp, text_of[article_id])
        if original is not None:
            links[article_id] = original
    return links


def originals(ids: Iterable[str], links: dict[str, str]) -> list[str]:
    return [i for i in ids if i not in links]


def _canonical(articles: Sequence[Article]) -> list[Article]:
    """Articles once per id, by date (naive dates read as UTC, undated last), then id."""
    unique: dict[str, Article] = {}
    for a in articles:
        unique.setdefault(a.id, a)

    def key(a: Article) -> tuple[bool, float, str]:
        when = a.published
        if when is None:
            return (True, 0.0, a.id)
        return (False, (when.replace(tzinfo=UTC) if when.tzinfo is None else when).timestamp(), a.id)

    return sorted(unique.values(), key=key)


def copy_links(articles: Sequence[Article]) -> dict[str, str]:
    """Copy id → original id among ``articles``: the earliest of the linked articles (undated last,
    ties by id) is the original. Deterministic and independent of input order."""
    arts = _canonical(articles)
    return find_duplicates([a.id for a in arts], [fingerprint(a.text) for a in arts], [a.text for a in arts])


def keys_from_links(articles: Sequence[Article], links: dict[str, str]) -> dict[str, str]:
    """``independence_keys`` from links already found by ``copy_links`` (or stored by a collection)."""
    outlet = {a.id: a.outlet for a in articles}
    return {a.id: outlet.get(links.get(a.id, a.id), a.outlet) for a in articles}


def independence_keys(articles: Sequence[Article]) -> dict[str, str]:
    """Article id → independence key; two articles are independent sources iff their keys differ.

    The key of an original article is its outlet (so an outlet's own articles share one key); a
    copy (verbatim, trimmed or lightly edited, under any outlet name) takes its original's key, the
    original being the earliest published of the linked articles (undated last, ties by id). So the
    number of distinct keys is the number of independent outlets, and a key names the outlet whose
    reporting the article is. Deterministic and independent of input order; an id given twice counts
    once. Cost: one fingerprint per article (about 1 ms per 500 words) plus an exact check per LSH
    candidate.
    """
    return keys_from_links(articles, copy_links(articles))
