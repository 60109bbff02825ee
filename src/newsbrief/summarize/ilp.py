"""newsbrief's summarizer: concept coverage solved exactly by integer programming, then filled.

Gillick & Favre's model (ICSISumm): concepts are stemmed content bigrams, weighted by how many
articles use them; choose sentences maximizing the total weight of the concepts they cover, each
concept counted once (so redundancy never pays), under the word budget. News adds two signals:
concepts in article leads weigh more (inverted pyramid), and so do sentences near the top.
The ILP stops once it runs out of useful concepts, which leaves short stories far below budget, so a
greedy pass fills the rest with the best non-redundant sentences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from newsbrief.summarize.base import Budget, Doc, Pick, Summarizer
from newsbrief.summarize.text import bigrams, content_start, is_summary_worthy, stems, tokens, words


@dataclass(frozen=True, slots=True)
class ILPOptions:
    lead_sentences: int = 3  # concepts seen in the first N sentences of an article are "lead" concepts
    lead_concept_bonus: float = 0.5
    position_weight: float = 0.5  # bonus for a sentence at the top of its article, decaying with depth
    max_candidates: int = 400
    redundancy: float = 0.5  # fill step: skip sentences sharing more than this share of concepts
    node_limit: int = 2000  # deterministic bound on the solver's work


@dataclass(frozen=True, slots=True)
class _Candidate:
    doc: int
    index: int
    rank: int  # position among the article's usable sentences (a headline above the lead does not count)
    start: int
    end: int
    words: int
    concepts: frozenset[tuple[str, str]]


class ConceptILP(Summarizer):
    name = "newsbrief"

    def __init__(self, options: ILPOptions | None = None) -> None:
        self.options = options or ILPOptions()

    def select(self, docs: Sequence[Doc], budget: Budget) -> list[Pick]:
        cands = self._candidates(docs)
        if not cands:
            return []
        weights = self._weights(docs, cands)
        scored = [c for c in cands if any(k in weights for k in c.concepts)] or cands
        scored = self._prune(scored, weights)
        chosen = self._solve(scored, weights, budget)
        chosen = self._fill(scored, chosen, weights, budget)
        picks = [Pick(c.doc, c.index, c.start, c.end) for c in chosen]
        return sorted(picks, key=lambda p: (p.doc, p.index))

    # -- steps ---------------------------------------------------------------------------------

    def _candidates(self, docs: Sequence[Doc]) -> list[_Candidate]:
        out: list[_Candidate] = []
        seen: set[str] = set()
        for d, doc in enumerate(docs):
            rank = 0
            for s in doc.sentences:
                raw = doc.article.text[s.start : s.end]
                start = s.start + content_start(raw)
                text = doc.article.text[start : s.end]
                key = " ".join(tokens(text))
                if key in seen or not is_summary_worthy(text):
                    continue  # an exact repeat (syndicated copy) adds nothing
                seen.add(key)
                rank += 1
                out.append(
                    _Candidate(
                        d,
                        s.index,
                        rank - 1,
                        start,
                        s.end,
                        words(text),
                        frozenset(bigrams(stems(text), tokens(text))),
                    )
                )
        return out

    def _weights(self, docs: Sequence[Doc], cands: list[_Candidate]) -> dict[tuple[str, str], float]:
        opts = self.options
        df: Counter[tuple[str, str]] = Counter()
        lead: set[tuple[str, str]] = set()
        per_doc: dict[int, set[tuple[str, str]]] = {}
        for c in cands:
            per_doc.setdefault(c.doc, set()).update(c.concepts)
            if c.rank < opts.lead_sentences:
                lead.update(c.concepts)
        for concepts in per_doc.values():
            df.update(concepts)
        n_docs = len(docs)
        if n_docs == 1:
            tf: Counter[tuple[str, str]] = Counter(k for c in cands for k in c.concepts)
            df, threshold = tf, 2
        else:
            threshold = 3 if n_docs >= 10 else 2
        kept = {k: float(v) for k, v in df.items() if v >= threshold}
        if not kept:
            kept = {k: float(v) for k, v in df.items()}
        return {k: v * (1 + opts.lead_concept_bonus if k in lead else 1.0) for k, v in kept.items()}

    def _prune(self, cands: list[_Candidate], weights: dict[tuple[str, str], float]) -> list[_Candidate]:
        if len(cands) <= self.options.max_candidates:
            return cands
        ranked = sorted(
            range(len(cands)),
            key=lambda i: (-sum(weights.get(k, 0.0) for k in cands[i].concepts), i),
        )
        return [cands[i] for i in sorted(ranked[: self.options.max_candidates])]

    def _position_bonus(self, c: _Candidate) -> float:
        return self.options.position_weight / (1 + c.rank)

    def _solve(
        self, cands: list[_Candidate], weights: dict[tuple[str, str], float], budget: Budget
    ) -> list[_Candidate]:
        concepts = sorted({k for c in cands for k in c.concepts if k in weights})
        col = {k: i for i, k in enumerate(concepts)}
        n_s, n_c = len(cands), len(concepts)
        # variables: sentences first, then concepts; milp minimizes, so negate the objective
        c = np.concatenate(
            [-np.array([self._position_bonus(x) for x in cands]), -np.array([weights[k] for k in concepts])]
        )
        rows = lil_matrix((1 + n_c + sum(len([k for k in x.concepts if k in col]) for x in cands), n_s + n_c))
        lower: list[float] = []
        upper: list[float] = []
        rows[0, :n_s] = [x.words for x in cands]
        lower.append(0)
        upper.append(budget.words)
        r = 1
        occurs: dict[int, list[int]] = {}
        for j, x in enumerate(cands):
            for k in x.concepts:
                if k in col:
                    occurs.setdefault(col[k], []).append(j)
                    rows[r, j] = 1  # s_j <= c_i : choosing a sentence covers its concepts
                    rows[r, n_s + col[k]] = -1
                    lower.append(-np.inf)
                    upper.append(0)
                    r += 1
        for i in range(n_c):
            rows[r, n_s + i] = 1  # c_i <= sum of sentences containing it
            for j in occurs.get(i, []):
                rows[r, j] = -1
            lower.append(-np.inf)
            upper.append(0)
            r += 1
        result = milp(
            c,
            integrality=np.ones(n_s + n_c),
            bounds=Bounds(0, 1),
            constraints=LinearConstraint(rows.tocsr()[:r], lower, upper),
            options={"node_limit": self.options.node_limit, "presolve": True},
        )
        if result.x is None:
            return []
        return [x for j, x in enumerate(cands) if result.x[j] > 0.5]

    def _fill(
        self,
        cands: list[_Candidate],
        chosen: list[_Candidate],
        weights: dict[tuple[str, str], float],
        budget: Budget,
    ) -> list[_Candidate]:
        """Add the best remaining non-redundant sentences while words remain; the last may overflow."""
        chosen = list(chosen)
        used = sum(x.words for x in chosen)
        covered = {k for x in chosen for k in x.concepts}

        def gain(x: _Candidate) -> float:
            fresh = sum(weights.get(k, 0.0) for k in x.concepts - covered)
            return fresh / max(x.words, 1) + self._position_bonus(x) / 10

        pool = [x for x in cands if x not in chosen]
        while used < budget.words and pool:
            pool.sort(key=lambda x: (-gain(x), x.doc, x.index))
            room = budget.words - used
            best = next(
                (
                    x
                    for x in pool
                    if (budget.overflow or x.words <= room)
                    and (
                        not x.concepts
                        or len(x.concepts & covered) / len(x.concepts) <= self.options.redundancy
                    )
                ),
                None,
            )
            if best is None:
                break
            chosen.append(best)
            used += best.words
            covered |= best.concepts
            pool.remove(best)
        return chosen
