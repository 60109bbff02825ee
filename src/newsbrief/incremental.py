"""Incremental ingest: new articles into a stored collection, one transaction per batch.

Each batch: drop ids already stored → fingerprint and link copies to their originals (identical
text, or 5-gram Jaccard ≥ 0.8 against everything stored, then against earlier articles of the
batch) → update document frequencies → vectorize (centred on the mean of every original so far)
→ re-cluster the batch together with the open stories' articles (``cluster.cluster_batch``; over
``REOPEN_LIMIT`` open articles, ``storyindex.StoryIndex`` over fixed stories) → write.

The algorithm lives here; ``newsbrief.store`` only reads and writes the rows it asks for. A batch
is one transaction, so a process killed mid-ingest leaves the collection as it was after the last
whole batch, and ingesting the same input again skips what is stored (articles are keyed by their
stable id) and completes it without duplicates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from newsbrief import story_title as titling
from newsbrief.cluster import (
    DAY,
    FEATURES,
    ClusterOptions,
    TermCounts,
    Vectorizer,
    cluster_batch,
    lead_title,
    mean_vector,
    term_counts,
    unit_sum,
)
from newsbrief.dedupe import PREFILTER, Fingerprint, band_keys, fingerprint, is_copy, similarity
from newsbrief.model import Article, stable_id
from newsbrief.order import canonical_order, timestamp
from newsbrief.store import Collection, IngestReport, Prepared, StoredStory, prepare
from newsbrief.story_title import story_title, title_key
from newsbrief.storyindex import OpenStory, StoryIndex

# Open stories holding more articles than this stay fixed instead of being re-clustered each batch
# (``_assign``). Re-clustering reads, re-counts and re-vectorizes every open article: measured here,
# a batch of 10 against 1,240 open undated articles costs ~2.7 CPU s (projected vectors; 2.0 s for
# them and 2.5 s for exact cosines in one later run on the same machine), growing faster than
# linearly, so 2,000 bounds an API ingest batch at a few seconds while every dev pool (≤ 1,520
# articles) still re-clusters whole.
REOPEN_LIMIT = 2_000

log = logging.getLogger("newsbrief")


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


def _say_changed(store: Collection, again: Sequence[Article]) -> None:
    """Warn about stored ids that came again with other text (an outlet's updated article, or
    two articles given one id): the stored version is kept, so the new text must not vanish
    unsaid behind "already stored". Cost: one fingerprint per article seen again."""
    stored = store.text_keys([a.id for a in again])
    changed = sorted(
        {f"{a.source} ({a.id})" for a in again if stored.get(a.id) != fingerprint(a.text).text_key}
    )
    if changed:
        log.warning(
            "%d article%s came again under an id already stored but with different text (an updated "
            "version?); the stored version is kept: %s",
            len(changed),
            "" if len(changed) == 1 else "s",
            ", ".join(changed[:5]) + (", ..." if len(changed) > 5 else ""),
        )


def _ingest_batch(
    store: Collection, batch: Sequence[Article], options: ClusterOptions
) -> tuple[IngestReport, set[str]]:
    with store.transaction():
        known = store.existing([a.id for a in batch])
        if known:
            _say_changed(store, [a for a in batch if a.id in known])
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
        centre = None
        if options.center:  # centre on the mean of every original so far, this batch included
            total = store.center_terms()
            if total is None:  # a collection made before schema 4 kept only a projected centre
                total = _stored_unit_sum(store, Vectorizer(df, documents))
            total = total + unit_sum(Vectorizer(df, documents).unit(terms))
            store.save_center_terms(total)
            centre = mean_vector(total, documents)
        vectorizer = Vectorizer(df, documents, centre)
        story_of = _assign(store, originals, vectorizer, options)
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


def _stored_unit_sum(
    store: Collection, vectorizer: Vectorizer, chunk: int = 1_000
) -> npt.NDArray[np.float64]:
    """The sum of the stored originals' unit rows, re-counted from their texts (``vectorizer``'s IDF).

    Rebuilds the centre of a collection made before schema 4 (whose centre was a sum of projected
    rows, which cannot be converted), once: the next batch finds it stored. Cost: one term count per
    stored original (~1 ms each).
    """
    total = np.zeros(FEATURES, dtype=np.float64)
    counts: list[TermCounts] = []
    for article in store.originals():
        counts.append(term_counts(article))
        if len(counts) == chunk:
            total += unit_sum(vectorizer.unit(counts))
            counts = []
    if counts:
        total += unit_sum(vectorizer.unit(counts))
    return total


def _link_copies(store: Collection, prepared: Sequence[Prepared]) -> dict[str, str]:
    """Link each new article to the original it copies: stored ones first, then earlier in the batch."""
    links: dict[str, str] = {}
    batch_prints: dict[str, Prepared] = {}
    batch_order: dict[str, int] = {}
    batch_bands: dict[int, list[str]] = {}
    batch_keys: dict[str, str] = {}
    for p in prepared:
        a = p.article
        if p.debris:
            continue  # never a copy, never an original (see dedupe.DuplicateIndex.add)
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
    store: Collection, originals: Sequence[Prepared], vectorizer: Vectorizer, options: ClusterOptions
) -> dict[str, str]:
    """Cluster the batch's originals together with the open stories; save the stories; new id → story.

    The open stories (last article within ``window_days`` of the batch, or undated) are re-clustered
    from their articles with this batch's statistics, exactly as batch mode would cluster them
    (``cluster.cluster_batch``): articles stored while the collection's IDF and centre rested on a
    few hundred articles are compared again with the collection's statistics as they are now, and
    two stories that a later article shows to be one are joined. Without this, each batch's choices
    were final, and ingesting in batches of 100 scored 0.07 B³ F1 below batch mode (docs/tuning.md).

    Story ids stay as stable as the stories: a new story is named after its earliest article (as in
    batch mode); a story that continues keeps its id; when stories join, the joined story keeps the
    oldest one's id and the others' rows are removed (their articles move); when a story splits, the
    part holding its earliest article keeps the id. When the open stories hold more than
    ``REOPEN_LIMIT`` articles (a long undated collection), they stay fixed instead and the batch only
    joins them or founds new stories (``storyindex.StoryIndex``), so a batch's cost stays bounded.
    """
    if not originals:
        return {}
    times = [timestamp(p.article.published) for p in originals]
    dated = [t for t in times if t is not None]
    horizon = (min(dated) - options.window_days * DAY) if dated else None
    stored = store.open_stories(horizon)
    if sum(story.size for story in stored) > REOPEN_LIMIT:
        return _assign_fixed(store, stored, originals, vectorizer, options)
    previous: dict[str, str] = {}
    members: list[Article] = []
    for story in stored:
        for article in store.story_articles(story.id):
            members.append(article)
            previous[article.id] = story.id
    articles = members + [p.article for p in originals]
    rows = vectorizer.transform([term_counts(a) for a in members] + [p.terms for p in originals])
    groups = cluster_batch(articles, rows, options)
    row = {a.id: i for i, a in enumerate(articles)}
    group_of = {aid: k for k, g in enumerate(groups) for aid in g.article_ids}
    seqs = {story.id: story.seq for story in stored}
    # each stored story is claimed by the group that holds its earliest article; a group with several
    # claims keeps the oldest story's id
    earliest: dict[str, tuple[bool, float, str]] = {}
    for aid, sid in previous.items():
        when = timestamp(articles[row[aid]].published)
        key = (when is None, when or 0.0, aid)  # canonical order: by date, undated last, then id
        earliest[sid] = min(earliest.get(sid, key), key)
    claims: dict[int, list[str]] = {}
    for sid, (_undated, _when, aid) in earliest.items():
        claims.setdefault(group_of[aid], []).append(sid)
    next_seq = store.last_story_seq()
    used: set[str] = set()
    story_of: dict[str, str] = {}
    moved: dict[str, str] = {}
    for k, g in enumerate(groups):
        claimed = sorted(claims.get(k, []), key=seqs.__getitem__)
        gid = claimed[0] if claimed else g.id
        if gid in used or (not claimed and gid in seqs):
            gid = stable_id(
                "story", g.article_ids[0], "split"
            )  # a split part whose first article named another story
        used.add(gid)
        if gid in seqs:
            seq = seqs[gid]
        else:
            next_seq += 1
            seq = next_seq
        members_at = [row[aid] for aid in g.article_ids]
        total = rows.total(members_at)
        store.save_story(OpenStory(gid, total, len(members_at), g.first_seen, g.last_seen), g.title, seq)
        for aid in g.article_ids:
            if aid in previous:
                if previous[aid] != gid:
                    moved[aid] = gid
            else:
                story_of[aid] = gid
    store.move_articles(moved)
    store.delete_stories([sid for sid in seqs if sid not in used])
    return story_of


def _assign_fixed(
    store: Collection,
    stored: Sequence[StoredStory],
    originals: Sequence[Prepared],
    vectorizer: Vectorizer,
    options: ClusterOptions,
) -> dict[str, str]:
    """Join each original to an open story (or a new one) and save the touched stories; the open
    stories themselves stay as they are (``storyindex.StoryIndex``).

    A stored story's vector sum is taken under this batch's centre (``CentredRows.adopt``); a story
    stored before schema 4 has none and gets it from its articles, re-counted with this batch's
    statistics. A touched story is titled as a brief of its originals is (``story_title``, over its
    ``TITLE_ARTICLES`` earliest): this reads at most that many stored articles of each touched
    story, ~1 ms of CPU each, and none when every new article of the story comes after them.
    """
    rows = vectorizer.transform([p.terms for p in originals])
    times = [timestamp(p.article.published) for p in originals]
    seqs: dict[str, int] = {}
    open_stories = []
    for kept in stored:
        if kept.total is None:
            members = vectorizer.transform([term_counts(a) for a in store.story_articles(kept.id)])
            total = members.total(range(len(members)))
        else:
            total = rows.adopt(kept.total.indices, kept.total.values, kept.total.weight)
        open_stories.append(OpenStory(kept.id, total, kept.size, kept.first_seen, kept.last_seen))
        seqs[kept.id] = kept.seq
    index = StoryIndex(open_stories, options)
    story_of: dict[str, str] = {}
    joining: dict[str, list[Article]] = {}
    next_seq = store.last_story_seq()
    joined = index.add_batch([p.article.id for p in originals], times, rows)
    for p, story in zip(originals, joined, strict=True):
        story_of[p.article.id] = story.id
        joining.setdefault(story.id, []).append(p.article)
        if story.id not in seqs:
            next_seq += 1
            seqs[story.id] = next_seq
    titles = {kept.id: kept.title for kept in stored}
    for story in index.stories:
        if story.id in index.changed:
            # titled as a brief of its originals is (``story_title``: over its TITLE_ARTICLES earliest),
            # so only those are read, and not even they when every new article comes after them
            first = store.story_articles(story.id, limit=titling.TITLE_ARTICLES)
            new = joining.get(story.id, [])
            if (
                story.id in titles
                and len(first) == titling.TITLE_ARTICLES
                and bool(new)
                and min(map(title_key, new)) > title_key(first[-1])
            ):
                title = titles[story.id]
            else:
                titled = first + new
                title = story_title(titled) or lead_title(titled[0])
            store.save_story(story, title, seqs[story.id])
    return story_of
