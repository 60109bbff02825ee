"""Shared parts of the graph baselines: sentence terms, tf-idf, PageRank, filling the budget."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsbrief.docs import Budget, Doc, Pick
from newsbrief.text import stems, tokens, words

Matrix = npt.NDArray[np.float64]


def sentence_terms(
    docs: Sequence[Doc], items: Sequence[tuple[int, int]], *, drop_stopwords: bool = True
) -> list[list[str]]:
    """Stemmed tokens of each ``(doc, sentence)``; stop words dropped unless asked to keep them."""
    from newsbrief.text import STOPWORDS

    out: list[list[str]] = []
    for d, i in items:
        toks = tokens(docs[d].text(i))
        out.append(
            [
                s
                for t, s in zip(toks, stems(" ".join(toks)), strict=True)
                if not (drop_stopwords and t in STOPWORDS)
            ]
        )
    return out


def tfidf_matrix(terms: Sequence[Sequence[str]]) -> Matrix:
    """Row-normalized tf-idf vectors, idf computed over the sentences given.

    Raw tf × ln(n / df), as in LexRank (Erkan & Radev 2004); not scikit-learn's ``TfidfVectorizer``,
    whose idf adds 1 even unsmoothed (ln(n / df) + 1), which would change the baseline's scores.
    """
    vocab: dict[str, int] = {}
    df: Counter[str] = Counter()
    for ts in terms:
        df.update(set(ts))
        for t in ts:
            vocab.setdefault(t, len(vocab))
    n = len(terms)
    matrix = np.zeros((n, len(vocab)))
    for row, ts in enumerate(terms):
        for term, tf in Counter(ts).items():
            matrix[row, vocab[term]] = tf * math.log(n / df[term])
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: Matrix = matrix / norms
    return result


def pagerank(weights: Matrix, damping: float = 0.85, *, iterations: int = 100, tol: float = 1e-8) -> Matrix:
    """Stationary scores of a damped random walk on a weighted undirected graph (power iteration)."""
    n = weights.shape[0]
    out_degree = weights.sum(axis=1, keepdims=True)
    transition = np.divide(weights, out_degree, out=np.full_like(weights, 1.0 / n), where=out_degree > 0)
    scores: Matrix = np.full(n, 1.0 / n)
    for _ in range(iterations):
        nxt = (1 - damping) / n + damping * (transition.T @ scores)
        done = float(np.abs(nxt - scores).sum()) < tol
        scores = nxt
        if done:
            break
    return scores


def fill_by_rank(docs: Sequence[Doc], picks: Sequence[Pick], ranks: Matrix, budget: Budget) -> list[Pick]:
    """Best-ranked picks first while they fit (the last may overflow when allowed); reading order out.

    Ties break by position, so equal scores give the same summary on every run.
    """
    order = sorted(range(len(picks)), key=lambda j: (-float(ranks[j]), picks[j].doc, picks[j].index))
    chosen: list[Pick] = []
    used = 0
    for j in order:
        if used >= budget.words:
            break
        n = words(picks[j].text(docs))
        if used + n > budget.words and not budget.overflow:
            continue
        chosen.append(picks[j])
        used += n
    return sorted(chosen, key=lambda p: (p.doc, p.index))
