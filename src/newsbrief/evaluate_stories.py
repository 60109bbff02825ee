"""Score story clustering against labelled stories: B-cubed precision/recall/F1, AMI and ARI.

Protocol: pool every doc of every line of the stories files (``{"id", "docs": [...]}``), shuffle
with a fixed seed, clean each doc as ingest does, and cluster the pool in batch mode (the docs are
undated, so no time window applies). A doc that ingest refuses (crawl debris with no article text)
counts as a story of its own, so every doc is scored and the numbers cannot improve by dropping docs.

Options for the tuning protocol (docs/tuning.md): ``half`` keeps only the stories on even (or odd)
lines of each file (counting each file's story lines from 0), so a setting can be chosen on one half
and confirmed on the other; ``batch_size`` ingests the shuffled pool into a fresh SQLite collection
in batches of that many articles (``incremental.ingest``, the path of ``newsbrief ingest``) instead
of clustering it at once.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsbrief.cluster import ClusterOptions
from newsbrief.errors import InputError
from newsbrief.ingest import Skip, article_from_text, decode_bytes
from newsbrief.model import stable_id
from newsbrief.records import json_lines
from newsbrief.runner import cluster_prepared
from newsbrief.store import Prepared, prepare

SEED = 13
HALVES = ("even", "odd")


@dataclass(frozen=True, slots=True)
class StoryScores:
    articles: int
    stories_true: int
    stories_found: int
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    ami: float
    ari: float

    def to_dict(self) -> dict[str, float | int]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def bcubed(truth: Sequence[int], found: Sequence[int]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin), averaged over items."""
    t = np.asarray(truth)
    f = np.asarray(found)
    if len(t) == 0:
        return 0.0, 0.0, 0.0
    pairs: dict[tuple[int, int], int] = {}
    for a, b in zip(t.tolist(), f.tolist(), strict=True):
        pairs[(a, b)] = pairs.get((a, b), 0) + 1
    size_t = {k: int(v) for k, v in zip(*np.unique(t, return_counts=True), strict=True)}
    size_f = {k: int(v) for k, v in zip(*np.unique(f, return_counts=True), strict=True)}
    precision = sum(n * n / size_f[b] for (_a, b), n in pairs.items()) / len(t)
    recall = sum(n * n / size_t[a] for (a, _b), n in pairs.items()) / len(t)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def read_pool(
    paths: Sequence[str | os.PathLike[str]], half: str | None = None
) -> tuple[list[str], list[int]]:
    """Every doc of every story line, with the index of the story it came from.

    ``half`` ("even" or "odd") keeps the stories on even (odd) lines of each file, counting each
    file's non-blank lines from 0. Raises ``InputError`` on an unreadable file or line, an unknown
    ``half``, or when no docs are left.
    """
    if half is not None and half not in HALVES:
        raise InputError(f"half must be one of {', '.join(HALVES)}, not {half!r}")
    docs: list[str] = []
    labels: list[int] = []
    story = 0
    positions = 0  # story lines read, in either half
    for path in paths:
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
        try:
            text = decode_bytes(raw, str(path))
        except Skip as exc:
            raise InputError(f"{path}: {exc}") from exc
        # halves by position among the file's stories (blank lines aside), parsed or not; lines
        # split at "\n" only (a story may hold U+2028, which str.splitlines breaks at)
        for position, (where, record) in enumerate(json_lines(text.split("\n"), str(path))):
            positions += 1
            if half is not None and position % 2 != HALVES.index(half):
                continue
            if isinstance(record, Skip):
                raise InputError(f"{record.where or where}: {record}")
            if not isinstance(record, dict) or not isinstance(record.get("docs"), list):
                raise InputError(f"{where}: expected an object with a 'docs' list")
            for doc in record["docs"]:
                if isinstance(doc, str):
                    docs.append(doc)
                    labels.append(story)
            story += 1
    if half is not None and positions and not story:
        # a file of one story has no odd half: say so, not that the file holds no docs
        raise InputError(f"the {half} half of the stories files holds no stories ({positions} in all)")
    if not docs:
        raise InputError("no docs in the stories files")
    return docs, labels


def _batch_stories(prepared: Sequence[Prepared], options: ClusterOptions | None) -> dict[str, str]:
    """Article id → story id, clustering the whole pool at once (copies join their original's story)."""
    clustered = cluster_prepared(prepared, options)
    story_of = {aid: story.id for story in clustered.stories for aid in story.article_ids}
    for copy, original in clustered.links.items():
        story_of[copy] = story_of[original]
    return story_of


def _ingested_stories(
    prepared: Sequence[Prepared], batch_size: int, options: ClusterOptions | None
) -> dict[str, str]:
    """Article id → story id after ingesting the pool into a fresh collection, ``batch_size`` at a time."""
    from newsbrief.incremental import ingest
    from newsbrief.store import Collection

    articles = [p.article for p in prepared]
    with tempfile.TemporaryDirectory() as tmp, Collection(Path(tmp) / "pool.sqlite", create=True) as store:
        ingest(store, articles, batch_size=batch_size, options=options)
        return {a.id: store.story_of_article(a.id) for a in articles}


def evaluate_stories(
    paths: Sequence[str | os.PathLike[str]],
    options: ClusterOptions | None = None,
    *,
    seed: int = SEED,
    half: str | None = None,
    batch_size: int | None = None,
) -> StoryScores:
    """Cluster the pooled, shuffled docs of ``paths`` and score them against their source lines.

    ``half``: see ``read_pool``. ``batch_size``: ingest incrementally in batches of that many
    articles (None: batch mode). Cost: batch mode clusters ~1,500 docs in ~10 s on one core;
    incremental ingest re-reads the open stories every batch, so it grows with the pool over the
    batch size.
    """
    from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score

    if batch_size is not None and batch_size < 1:
        raise InputError(f"batch size must be at least 1, not {batch_size}")
    docs, labels = read_pool(paths, half)
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    prepared = []
    found: dict[int, int] = {}
    ids: dict[str, int] = {}
    for pos in order:
        try:
            article = article_from_text(docs[pos], source=f"doc {pos}", article_id=stable_id("doc", str(pos)))
        except Skip:
            found[pos] = -1 - pos  # refused by ingest: a story of its own
            continue
        ids[article.id] = pos
        prepared.append(prepare(article))
    story_of = (
        _batch_stories(prepared, options)
        if batch_size is None
        else _ingested_stories(prepared, batch_size, options)
    )
    names: dict[str, int] = {}
    for aid, sid in sorted(story_of.items()):
        found[ids[aid]] = names.setdefault(sid, len(names))
    truth = [labels[pos] for pos in order]
    pred = [found[pos] for pos in order]
    precision, recall, f1 = bcubed(truth, pred)
    return StoryScores(
        articles=len(docs),
        stories_true=len(set(truth)),
        stories_found=len(set(pred)),
        bcubed_precision=round(precision, 4),
        bcubed_recall=round(recall, 4),
        bcubed_f1=round(f1, 4),
        ami=round(float(adjusted_mutual_info_score(truth, pred)), 4),
        ari=round(float(adjusted_rand_score(truth, pred)), 4),
    )
