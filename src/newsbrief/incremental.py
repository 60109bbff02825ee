"""Incremental ingest: new articles into a stored collection, one transaction per batch.

Each batch: drop ids already stored → fingerprint and link copies to their originals (identical
text, or 5-gram Jaccard ≥ 0.8 against everything stored, then against earlier articles of the
batch) → update document frequencies → vectorize (centred on the mean of every original so far)
→ cluster the batch together with the open stories (``cluster.StoryIndex``) → write.

The algorithm lives here; ``newsbrief.store`` only reads and writes the rows it asks for. A batch
is one transaction, so a process killed mid-ingest leaves the collection as it was after the last
whole batch, and ingesting the same input again skips what is stored (articles are keyed by their
stable id) and completes it without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from newsbrief.cluster import (
    DAY,
    FEATURES,
    ClusterOptions,
    StoryIndex,
    Vectorizer,
    lead_title,
    mean_vector,
    recenter,
)
from newsbrief.dedupe import PREFILTER, Fingerprint, band_keys, is_copy, similarity
from newsbrief.model import Article
from newsbrief.order import canonical_order, timestamp
from newsbrief.store import Collection, IngestReport, Prepared, prepare


def ingest(
    store: Collection,
    articles: Sequence[Article],
    *,
    batch_size: int = 500,
    options: ClusterOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Add ``articles`` to ``store`` in publication order, one transaction per ``batch_size``.

    ``progress(done, total)`` is called after each committed batch. Raises ``sqlite3.Error`` from the
    store (``collection.CollectionService`` turns those into messages naming the file).
    """
    opts = options or ClusterOptions()
    store.refresh_signatures()
    times = [timestamp(a.published) for a in articles]
    ordered = [articles[i] for i in canonical_order([a.id for a in articles], times)]
    added = copies = stored = 0
    touched: set[str] = set()
    for start in range(0, len(ordered), batch_size):
        batch = ordered[start : start + batch_size]
        report, stories = _ingest_batch(store, batch, opts)
        added += report.added
        copies += report.copies
        stored += report.already_stored
        touched |= stories
        if progress:
            progress(min(start + batch_size, len(ordered)), len(ordered))
    return IngestReport(added, copies, stored, len(touched))


def _ingest_batch(
    store: Collection, batch: Sequence[Article], options: ClusterOptions
) -> tuple[IngestReport, set[str]]:
    with store.transaction():
        known = store.existing([a.id for a in batch])
        seen: set[str] = set()
        fresh = []
        for a in batch:
            if a.id not in known and a.id not in seen:
                seen.add(a.id)
                fresh.append(a)
        prepared = [prepare(a) for a in fresh]
        if not prepared:
            return IngestReport(0, 0, len(batch), 0), set()
        seq = store.last_article_seq()
        links = _link_copies(store, prepared)
        originals = [p for p in prepared if p.article.id not in links]
        df, documents = store.frequencies()
        terms = [p.terms for p in originals]
        if terms:
            df = df + np.bincount(np.concatenate([t.indices for t in terms]), minlength=FEATURES)
        documents += len(terms)
        store.save_frequencies(df, documents)
        vectors = Vectorizer(df, documents, options.dim).project(terms)
        if options.center:  # centre on the mean of every original so far, this batch included
            total = store.center(options.dim) + vectors.sum(axis=0, dtype=np.float64)
            store.save_center(total)
            vectors = recenter(vectors, mean_vector(total, documents))
        story_of = _assign(store, originals, vectors, options)
        for p in prepared:
            seq += 1
            original = links.get(p.article.id)
            sid = story_of[original] if original in story_of else story_of.get(p.article.id)
            if sid is None:  # a copy of an article stored in an earlier batch
                assert original is not None
                sid = store.story_of_article(original)
            store.insert_article(p, seq, original, sid)
        touched = set(story_of.values())
        return IngestReport(len(prepared), len(links), len(batch) - len(prepared), len(touched)), touched


def _link_copies(store: Collection, prepared: Sequence[Prepared]) -> dict[str, str]:
    """Link each new article to the original it copies: stored ones first, then earlier in the batch."""
    links: dict[str, str] = {}
    batch_prints: dict[str, Prepared] = {}
    batch_order: dict[str, int] = {}
    batch_bands: dict[int, list[str]] = {}
    batch_keys: dict[str, str] = {}
    for p in prepared:
        a = p.article
        original = _stored_original(store, p.print, a.text)
        if original is None:
            same = batch_keys.get(p.print.text_key)
            if same is not None:
                original = links.get(same, same)
        keys = band_keys(p.print.signature)
        if original is None:
            # the earliest matching article of the batch, as dedupe.DuplicateIndex picks it
            candidates = {other for k in keys for other in batch_bands.get(k, ())}
            for other in sorted(candidates, key=batch_order.__getitem__):
                if is_copy(p.print, batch_prints[other].print, a.text, batch_prints[other].article.text):
                    original = links.get(other, other)
                    break
        if original is not None:
            links[a.id] = original
        batch_order[a.id] = len(batch_order)
        batch_prints[a.id] = p
        batch_keys.setdefault(p.print.text_key, a.id)
        for k in keys:
            batch_bands.setdefault(k, []).append(a.id)
    return links


def _stored_original(store: Collection, fp: Fingerprint, text: str) -> str | None:
    """The stored original ``fp`` copies: the same text first, else the oldest near-copy."""
    same = store.same_text(fp.text_key)
    if same is not None:
        return same
    for article_id, original, other in store.band_neighbours(fp.signature):
        if similarity(fp.signature, other.signature) < PREFILTER:
            continue  # is_copy would say no before it needs the stored text
        if is_copy(fp, other, text, store.article_text(article_id)):
            return original
    return None


def _assign(
    store: Collection,
    originals: Sequence[Prepared],
    vectors: npt.NDArray[np.float32],
    options: ClusterOptions,
) -> dict[str, str]:
    """Join each original to an open story (or a new one) and save the touched stories.

    A story's title is the lead title of its most central article so far (centrality: the cosine
    of the article's vector with the story's vector sum).
    """
    if not originals:
        return {}
    times = [timestamp(p.article.published) for p in originals]
    dated = [t for t in times if t is not None]
    horizon = (min(dated) - options.window_days * DAY) if dated else None
    titles: dict[str, tuple[str, float, int]] = {}
    open_stories = []
    for story, title, score, seq in store.open_stories(horizon, options.dim):
        open_stories.append(story)
        titles[story.id] = (title, score, seq)
    index = StoryIndex(open_stories, options)
    story_of: dict[str, str] = {}
    next_seq = store.last_story_seq()
    joined = index.add_batch([p.article.id for p in originals], times, vectors)
    for p, vec, story in zip(originals, vectors, joined, strict=True):
        story_of[p.article.id] = story.id
        norm = float(np.linalg.norm(story.total)) or 1.0
        centrality = float(story.total @ vec) / norm
        if story.id not in titles:
            next_seq += 1
            titles[story.id] = (lead_title(p.article), centrality, next_seq)
        elif centrality > titles[story.id][1]:
            titles[story.id] = (lead_title(p.article), centrality, titles[story.id][2])
    for story in index.stories:
        if story.id in index.changed:
            title, score, seq = titles[story.id]
            store.save_story(story, title, score, seq)
    return story_of
