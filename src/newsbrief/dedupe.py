"""Near-duplicates and syndicated copies: MinHash over word 5-grams, banded for candidate lookup.

A wire story printed by two outlets is one source, not two: the later copy (in canonical order,
date then id) is linked to the earliest one and never counts as independent support. Two articles
are copies when their normalized text is identical, or when the estimated Jaccard similarity of
their word 5-gram sets is at least ``JACCARD`` (MinHash with ``PERMUTATIONS`` hash functions;
standard error ~0.035 at 0.8).

Signatures depend on one article only, so they are computed wherever the article is parsed (a Dask
worker, or the ingesting process) and compared centrally.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SHINGLE = 5
PERMUTATIONS = 128
BANDS = 25  # 25 bands x 5 rows: a pair at Jaccard 0.8 is a candidate with probability > 0.9999
ROWS = 5
JACCARD = 0.8
_PRIME = np.uint64((1 << 61) - 1)
_WORD = re.compile(r"\w+")


def _params() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    rng = np.random.default_rng(5_318_008)
    a = rng.integers(1, 1 << 31, size=PERMUTATIONS, dtype=np.uint64)
    b = rng.integers(0, 1 << 31, size=PERMUTATIONS, dtype=np.uint64)
    return a, b


_A, _B = _params()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedupe needs of an article: a hash of its normalized text and a MinHash signature."""

    text_key: str
    signature: npt.NDArray[np.uint32]


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint ``text``: lower-cased word tokens, punctuation and spacing ignored."""
    words = _WORD.findall(text.lower())
    key = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
    if len(words) < SHINGLE:
        return Fingerprint(key, np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint32))
    hashes = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    shingles = np.zeros(len(words) - SHINGLE + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            shingles = shingles * np.uint64(1_000_003) + hashes[k : len(words) - SHINGLE + 1 + k]
    x = np.unique((shingles ^ (shingles >> np.uint64(32))) & np.uint64(0xFFFFFFFF))
    minimum = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(x), 1024):  # bounded memory for very long articles
        part = x[start : start + 1024]
        values = (part[:, None] * _A[None, :] + _B[None, :]) % _PRIME
        minimum = np.minimum(minimum, values.min(axis=0))
    return Fingerprint(key, (minimum & np.uint64(0xFFFFFFFF)).astype(np.uint32))


def similarity(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> float:
    """Estimated Jaccard similarity of two articles' 5-gram sets."""
    return float(np.mean(a == b))


def band_keys(signature: npt.NDArray[np.uint32]) -> list[int]:
    """One 63-bit key per band; articles sharing any key are compared."""
    rows = signature[: BANDS * ROWS].reshape(BANDS, ROWS)
    return [
        int.from_bytes(hashlib.blake2b(bytes([band]) + rows[band].tobytes(), digest_size=8).digest()) >> 1
        for band in range(BANDS)
    ]


def is_copy(a: Fingerprint, b: Fingerprint) -> bool:
    if a.text_key == b.text_key:
        return True
    empty = np.uint32(0xFFFFFFFF)
    if a.signature[0] == empty and b.signature[0] == empty:
        return False  # too short for shingles: only identical text counts
    return similarity(a.signature, b.signature) >= JACCARD


class DuplicateIndex:
    """Finds, for each new article, the original it copies (the earliest one added that it matches)."""

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}
        self._bands: dict[int, list[str]] = {}
        self._prints: dict[str, Fingerprint] = {}
        self._root: dict[str, str] = {}

    def add(self, article_id: str, fp: Fingerprint) -> str | None:
        """Index the article; return the id of the original it copies, or None when it is original."""
        original = self.find(fp)
        keys = band_keys(fp.signature)
        self._keys.setdefault(fp.text_key, article_id)
        for k in keys:
            self._bands.setdefault(k, []).append(article_id)
        self._prints[article_id] = fp
        self._root[article_id] = original or article_id
        return original

    def find(self, fp: Fingerprint) -> str | None:
        same = self._keys.get(fp.text_key)
        if same is not None:
            return self._root[same]
        seen: set[str] = set()
        for k in band_keys(fp.signature):
            for other in self._bands.get(k, ()):
                if other not in seen:
                    seen.add(other)
                    if is_copy(fp, self._prints[other]):
                        return self._root[other]
        return None


def find_duplicates(ids: Sequence[str], prints: Sequence[Fingerprint]) -> dict[str, str]:
    """Map each copy's id to its original's id, over articles already in canonical order."""
    index = DuplicateIndex()
    links: dict[str, str] = {}
    for article_id, fp in zip(ids, prints, strict=True):
        original = index.add(article_id, fp)
        if original is not None:
            links[article_id] = original
    return links


def originals(ids: Iterable[str], links: dict[str, str]) -> list[str]:
    return [i for i in ids if i not in links]
