"""newsbrief's summarizer: concept coverage solved exactly by integer programming, then filled.

Gillick & Favre's model (ICSISumm): concepts are stemmed content bigrams; choose sentences
maximizing the total weight of the concepts they cover, each concept counted once (so redundancy
never pays), under the word budget. Steps:

1. candidates: sentences that can stand alone (``is_extractable``), wire datelines cut off, exact
   repeats (syndicated copies) dropped;
2. concept weights: the number of articles using a bigram; a bigram must occur at least twice in
   the story (three times from ten articles up) to count, which keeps one-off phrasing out; bigrams
   of article leads weigh more (news is written inverted-pyramid);
3. the ILP, with a small bonus for sentences near the top of their article;
4. fill: the ILP stops when useful concepts run out, which leaves short stories below budget, so a
   greedy pass adds the best non-redundant sentences (the last may overflow when the caller cuts).

Bigrams seen in one candidate only cannot create redundancy, so they are folded into that
sentence's objective instead of becoming variables; that keeps the program small and the solve fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from newsbrief.docs import Budget, Doc, Pick
from newsbrief.summarize.base import Summarizer
from newsbrief.text import bigrams, content_start, is_extractable, stems, tokens, words

Concept = tuple[str, str]


@dataclass(frozen=True, slots=True)
class ILPOptions:
    """The summarizer's knobs; one set of defaults serves every data set (only the budget changes)."""

    lead_sentences: int = 2  # concepts seen in the first N sentences of an article are "lead" concepts
    lead_concept_bonus: float = 0.5
    position_weight: float = 1.0  # bonus for a sentence at the top of its article, decaying with depth
    min_count: int = 2  # a concept must occur in this many sentences of the story ...
    min_count_large: int = 3  # ... or this many once the story has ``large_story`` articles
    large_story: int = 10
    max_candidates: int = 100  # the best-scoring sentences that enter the ILP
    redundancy: float = 0.5  # fill step: skip sentences sharing more than this share of concepts
    node_limit: int = 200  # deterministic bound on the solver's work
    gap: float = 0.05  # stop within 5% of the optimum: ROUGE within noise, a fraction of the solve time


@dataclass(frozen=True, slots=True)
class _Candidate:
    doc: int
    index: int
    rank: int  # position among the article's usable sentences (a headline above the lead does not count)
    start: int
    end: int
    words: int
    concepts: frozenset[Concept]


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
        return [Pick(c.doc, c.index, c.start, c.end) for c in self._order(chosen, budget)]

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
                toks = tokens(text)
                key = " ".join(toks)
                if key in seen or not is_extractable(text):
                    continue  # an exact repeat (syndicated copy) adds nothing
                seen.add(key)
                rank += 1
                out.append(
                    _Candidate(
                        d, s.index, rank - 1, start, s.end, words(text), frozenset(bigrams(stems(text), toks))
                    )
                )
        return out

    def _weights(self, docs: Sequence[Doc], cands: list[_Candidate]) -> dict[Concept, float]:
        """Concept weight = number of articles using it, kept if it recurs; lead concepts weigh more."""
        opts = self.options
        df: Counter[Concept] = Counter()
        tf: Counter[Concept] = Counter()
        lead: set[Concept] = set()
        per_doc: dict[int, set[Concept]] = {}
        for c in cands:
            per_doc.setdefault(c.doc, set()).update(c.concepts)
            tf.update(c.concepts)
            if c.rank < opts.lead_sentences:
                lead.update(c.concepts)
        for concepts in per_doc.values():
            df.update(concepts)
        threshold = opts.min_count_large if len(docs) >= opts.large_story else opts.min_count
        kept = {k: float(df[k]) for k, n in tf.items() if n >= threshold}
        if not kept:
            kept = {k: float(v) for k, v in df.items()}
        bonus = 1 + opts.lead_concept_bonus
        return {k: v * bonus if k in lead else v for k, v in kept.items()}

    def _prune(self, cands: list[_Candidate], weights: dict[Concept, float]) -> list[_Candidate]:
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
        self, cands: list[_Candidate], weights: dict[Concept, float], budget: Budget
    ) -> list[_Candidate]:
        """max Σ w_i c_i + Σ b_j s_j  s.t.  Σ len_j s_j ≤ budget,  s_j ≤ c_i (i in j),  c_i ≤ Σ_{j∋i} s_j."""
        occurs: dict[Concept, list[int]] = {}
        for j, x in enumerate(cands):
            for k in x.concepts:
                if k in weights:
                    occurs.setdefault(k, []).append(j)
        shared = sorted(k for k, js in occurs.items() if len(js) > 1)
        own = np.array([self._position_bonus(x) for x in cands])
        for k, js in occurs.items():
            if len(js) == 1:
                own[js[0]] += weights[k]  # covered exactly when its only sentence is chosen
        n_s, n_c = len(cands), len(shared)
        objective = -np.concatenate([own, np.array([weights[k] for k in shared])])  # milp minimizes
        row_ix: list[int] = [0] * n_s
        col_ix: list[int] = list(range(n_s))
        vals: list[float] = [float(x.words) for x in cands]
        r = 1
        for i, k in enumerate(shared):
            js = occurs[k]
            for j in js:  # s_j - c_i <= 0: choosing a sentence covers its concepts
                row_ix += [r, r]
                col_ix += [j, n_s + i]
                vals += [1.0, -1.0]
                r += 1
            row_ix.append(r)  # c_i - sum_j s_j <= 0: a concept counts only if a sentence covers it
            col_ix.append(n_s + i)
            vals.append(1.0)
            row_ix += [r] * len(js)
            col_ix += js
            vals += [-1.0] * len(js)
            r += 1
        matrix = csr_matrix((vals, (row_ix, col_ix)), shape=(r, n_s + n_c))
        lower = np.full(r, -np.inf)
        upper = np.zeros(r)
        lower[0], upper[0] = 0.0, float(budget.words)
        result = milp(
            objective,
            integrality=np.ones(n_s + n_c),
            bounds=Bounds(0, 1),
            constraints=LinearConstraint(matrix, lower, upper),
            options={
                "node_limit": self.options.node_limit,
                "presolve": True,
                "mip_rel_gap": self.options.gap,
            },
        )
        if result.x is None:
            return []
        return [x for j, x in enumerate(cands) if result.x[j] > 0.5]

    @staticmethod
    def _order(chosen: list[_Candidate], budget: Budget) -> list[_Candidate]:
        """Leads first (by depth in the article, then article order), as an inverted pyramid of
        the story; a sentence that overflows the budget goes last, so cutting at the budget cuts it."""
        ordered = sorted(chosen, key=lambda c: (c.rank, c.doc, c.index))
        if budget.overflow and chosen and sum(c.words for c in chosen) > budget.words:
            last = chosen[-1]  # the fill step adds the overflowing sentence last
            ordered = [c for c in ordered if c is not last] + [last]
        return ordered

    def _fill(
        self,
        cands: list[_Candidate],
        chosen: list[_Candidate],
        weights: dict[Concept, float],
        budget: Budget,
    ) -> list[_Candidate]:
        """Add the best remaining non-redundant sentences while words remain; the last may overflow."""
        chosen = list(chosen)
        used = sum(x.words for x in chosen)
        covered = {k for x in chosen for k in x.concepts}

        def gain(x: _Candidate) -> float:
            fresh = sum(weights.get(k, 0.0) for k in x.concepts - covered)
            return fresh / max(x.words, 1) + self._position_bonus(x) / 10

        taken = {id(x) for x in chosen}
        pool = [x for x in cands if id(x) not in taken]
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
