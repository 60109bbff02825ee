"""LexRank baseline (Erkan & Radev 2004): sentence centrality in a cosine-similarity graph.

Sentences are tf-idf vectors of stemmed content words (idf over the story's sentences); edges join
sentences whose cosine passes a threshold; the stationary distribution of a damped random walk on
that graph ranks them. The best-ranked sentences fill the budget, shown in reading order. No
redundancy control, no news signals: this is the textbook method the literature compares against.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsbrief.docs import Budget, Doc, Pick, whole
from newsbrief.summarize.base import Summarizer
from newsbrief.summarize.graph import fill_by_rank, pagerank, sentence_terms, tfidf_matrix


class LexRank(Summarizer):
    name = "lexrank"

    def __init__(self, threshold: float = 0.1, damping: float = 0.85) -> None:
        self.threshold = threshold
        self.damping = damping

    def select(self, docs: Sequence[Doc], budget: Budget) -> list[Pick]:
        items = [(d, i) for d, doc in enumerate(docs) for i in range(len(doc.sentences))]
        if not items:
            return []
        terms = sentence_terms(docs, items)
        vectors = tfidf_matrix(terms)
        similarity: npt.NDArray[np.float64] = vectors @ vectors.T
        adjacency = (similarity > self.threshold).astype(float)
        ranks = pagerank(adjacency, self.damping)
        picks = [whole(d, docs[d], i) for d, i in items]
        return fill_by_rank(docs, picks, ranks, budget)
