"""TextRank baseline (Mihalcea & Tarau 2004): PageRank over a word-overlap sentence graph.

Edge weight between two sentences is the number of stemmed words they share, normalized by the
log of their lengths (so long sentences do not win by size alone); weighted PageRank ranks them and
the best-ranked fill the budget in reading order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from newsbrief.docs import Budget, Doc, Pick, whole
from newsbrief.summarize.base import Summarizer
from newsbrief.summarize.graph import fill_by_rank, pagerank, sentence_terms


class TextRank(Summarizer):
    name = "textrank"

    def __init__(self, damping: float = 0.85) -> None:
        self.damping = damping

    def select(self, docs: Sequence[Doc], budget: Budget) -> list[Pick]:
        items = [(d, i) for d, doc in enumerate(docs) for i in range(len(doc.sentences))]
        if not items:
            return []
        sets = [set(t) for t in sentence_terms(docs, items, drop_stopwords=False)]
        n = len(sets)
        weights = np.zeros((n, n))
        for a in range(n):
            if len(sets[a]) < 2:
                continue
            for b in range(a + 1, n):
                if len(sets[b]) < 2:
                    continue
                shared = len(sets[a] & sets[b])
                if shared:
                    w = shared / (math.log(len(sets[a])) + math.log(len(sets[b])))
                    weights[a, b] = weights[b, a] = w
        ranks = pagerank(weights, self.damping)
        picks = [whole(d, docs[d], i) for d, i in items]
        return fill_by_rank(docs, picks, ranks, budget)
