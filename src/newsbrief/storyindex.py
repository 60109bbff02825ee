"""Incremental clustering over stories that stay fixed: new articles join an open story or found one.

Split from ``newsbrief.cluster``. ``incremental`` uses it when the open stories are too many to
re-cluster each batch (``incremental.REOPEN_LIMIT``); below that it re-clusters them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsbrief.cluster import DAY, ClusterOptions, _agglomerate, _candidate_pairs, story_id
from newsbrief.order import canonical_order
from newsbrief.termvectors import CentredRows, Total


@dataclass(slots=True)
class OpenStory:
    """A story the incremental clusterer can still extend: vector sum, size and time span.

    ``total``: the sum of its articles' centred rows (``termvectors.Total``, with ``along`` under
    the centre of the batch at hand: ``CentredRows.adopt``).
    """

    id: str
    total: Total
    size: int
    first_seen: float | None
    last_seen: float | None


class StoryIndex:
    """Incremental clustering over the open stories of a collection, one batch of new articles at a time.

    A batch is clustered like a whole set (``cluster_vectors``: the same candidates, bar and
    cohesion rule), with the open stories as fixed starting clusters: new articles may join a stored
    story or each other, but two stored stories never merge, so their ids stay put. The link rule
    (``cluster.linked``) holds among the new articles only: a stored story's links to them are not
    known article by article, so a group of new articles joins it on the bars alone. Articles of one
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

    def add(self, article_id: str, when: float | None, vector: CentredRows) -> OpenStory:
        """Add one article (a batch of one; ``vector``: its one row)."""
        return self.add_batch([article_id], [when], vector)[0]

    def add_batch(
        self, article_ids: Sequence[str], times: Sequence[float | None], vectors: CentredRows
    ) -> list[OpenStory]:
        """Add a batch of articles (``vectors``: their rows, same order, under the centre the stories'
        totals were adopted with); returns the story of each, in input order."""
        if not article_ids:
            return []
        opts = self.options
        order = canonical_order(article_ids, times)
        ids = [article_ids[i] for i in order]
        when = [times[i] for i in order]
        rows = vectors.take(order)
        m, n = len(self.stories), len(ids)
        pairs = {(m + i, m + j) for i, j, _s in _candidate_pairs(rows, when, opts)}
        pairs |= self._story_candidates(rows, when)
        roots = _agglomerate(
            [s.total for s in self.stories] + [rows.row(i) for i in range(n)],
            [s.size for s in self.stories] + [1] * n,
            [s.first_seen for s in self.stories] + list(when),
            [s.last_seen for s in self.stories] + list(when),
            sorted(pairs),
            m,
            opts,
            rows.dot,
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
                story = OpenStory(story_id(ids[r - m]), Total.empty(), 0, None, None)
                founded[r] = story
                self.stories.append(story)
            story.total = story.total + rows.row(i)
            story.size += 1
            t = when[i]
            if t is not None:
                story.first_seen = t if story.first_seen is None else min(story.first_seen, t)
                story.last_seen = t if story.last_seen is None else max(story.last_seen, t)
            self.changed.add(story.id)
            result[order[i]] = story
        return [s for s in result if s is not None]

    def _story_candidates(self, rows: CentredRows, when: Sequence[float | None]) -> set[tuple[int, int]]:
        """(story, m + row) pairs: each new row's open stories with the highest mean cosine, in its window."""
        m = len(self.stories)
        if m == 0:
            return set()
        sizes = np.array([s.size for s in self.stories], dtype=np.float64)
        means = rows.against(range(len(rows)), [s.total for s in self.stories]) / sizes
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
