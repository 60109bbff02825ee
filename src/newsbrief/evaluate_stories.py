"""Score story clustering against labelled stories: B-cubed precision/recall/F1, AMI and ARI.

Protocol: pool every doc of every line of the stories files (``{"id", "docs": [...]}``), shuffle
with a fixed seed, clean each doc as ingest does, and cluster the pool in batch mode (the docs are
undated, so no time window applies). A doc that ingest refuses (crawl debris with no article text)
counts as a story of its own, so every doc is scored and the numbers cannot improve by dropping docs.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsbrief.cluster import ClusterOptions
from newsbrief.errors import InputError
from newsbrief.ingest import Skip, article_from_text, decode_bytes, load_json
from newsbrief.model import stable_id
from newsbrief.runner import cluster_prepared
from newsbrief.store import prepare

SEED = 13


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


def read_pool(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[str], list[int]]:
    """Every doc of every story line, with the index of the story it came from."""
    docs: list[str] = []
    labels: list[int] = []
    story = 0
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
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = load_json(line)
            except Skip as skip:
                raise InputError(f"{path}:{lineno}: {skip}") from skip
            if not isinstance(record, dict) or not isinstance(record.get("docs"), list):
                raise InputError(f"{path}:{lineno}: expected an object with a 'docs' list")
            for doc in record["docs"]:
                if isinstance(doc, str):
                    docs.append(doc)
                    labels.append(story)
            story += 1
    if not docs:
        raise InputError("no docs in the stories files")
    return docs, labels


def evaluate_stories(
    paths: Sequence[str | os.PathLike[str]], options: ClusterOptions | None = None, *, seed: int = SEED
) -> StoryScores:
    """Cluster the pooled, shuffled docs of ``paths`` and score them against their source lines."""
    from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score

    docs, labels = read_pool(paths)
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
    clustered = cluster_prepared(prepared, options)
    for k, story in enumerate(clustered.stories):
        for aid in story.article_ids:
            found[ids[aid]] = k
    for copy, original in clustered.links.items():
        found[ids[copy]] = found[ids[original]]
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
