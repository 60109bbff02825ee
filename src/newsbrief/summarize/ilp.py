"""newsbrief's summarizer: concept coverage solved by integer programming, then filled.

Gillick & Favre's model (ICSISumm): concepts are stemmed content bigrams, two words next to each
other inside one phrase (a comma, semicolon, colon, bracket, quotation mark or dash between them
ends the phrase, so "Syria, Russia" is no concept); choose sentences maximizing the total weight of
the concepts they cover, each concept counted once (so redundancy never pays), under the word
budget. Steps:

1. candidates: sentences that can stand alone (``is_extractable``), wire datelines cut off, exact
   repeats (syndicated copies) and captions or page labels crawled with the article dropped;
2. concept weights: the number of articles using a bigram (agreement across outlets), times
   ``1 + 1/(r + 1)`` where ``r`` is the earliest position at which any article states it (news is
   written inverted-pyramid: what an article says first, it holds most important; the reciprocal
   rank has no free number); a bigram must occur in at least two sentences of the story to count,
   which keeps one-off phrasing out;
3. the ILP;
4. fill: the ILP stops when useful concepts run out, or leaves words it cannot use, so a greedy
   pass over every candidate adds the sentences that bring the most new concept weight per word
   while they fit.

Whole sentences only: the summary never runs past the budget, so no caller has to cut a sentence
in the middle (``Budget.overflow`` is not used). Every knob here was kept under the tuning protocol
of docs/tuning.md: it helped on both halves of both dev sets; those that did not were removed.

Bigrams seen in one candidate only cannot create redundancy, so they are folded into that
sentence's objective instead of becoming variables; that keeps the program small. Concept variables
are continuous: with ``c_i <= Σ s_j`` and integer sentence variables, the optimum sets each to 0 or
1 anyway, so the solver branches on sentences only (the set-up and solve cost a third of the
formulation with integer concepts and ``s_j <= c_i`` rows, which the maximization never needs).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsbrief.docs import Budget, Doc, Pick
from newsbrief.pagelabel import is_page_element
from newsbrief.summarize.base import Summarizer
from newsbrief.summarize.mip import solve_mip
from newsbrief.text import bigrams, content_start, is_extractable, stem, tokens, words

Concept = tuple[str, str]

# Where a phrase ends inside a sentence: a comma, semicolon, colon, bracket, quotation mark or dash
# ("--", "—", "–", or a hyphen between spaces). A word hyphen ("al-Assad") or the full stop of an
# abbreviation ("U.S. officials") does not end one, nor does a single quotation mark, which
# doubles as the apostrophe ("Obama's", "Obama’s").
_PHRASE_BREAK = re.compile(r"[,;:()\[\]\"“”—–]|--|\s-\s")


def phrase_bigrams(text: str) -> frozenset[Concept]:
    """Stemmed bigrams of ``text`` that lie inside one phrase, stop-word-only pairs dropped.

    Two words either side of a comma or a dash belong to different phrases ("in Syria, Russia said"
    has no concept "syria russia"): such a pair is an accident of the sentence, not a thing outlets
    state, and counting it lets recurring list and apposition boundaries pass as shared content
    (measured: R2 up on all four dev halves, docs/tuning.md). Cost: one regex split and
    tokenization per sentence.
    """
    out: set[Concept] = set()
    for phrase in _PHRASE_BREAK.split(text):
        toks = tokens(phrase)
        if len(toks) > 1:
            out |= bigrams([stem(t) for t in toks], toks)
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class ILPOptions:
    """The summarizer's knobs; one set of defaults serves every data set (only the budget changes).

    ``min_count``: a concept must occur in this many sentences of the story (the only content knob).
    ``max_candidates``, ``node_limit``, ``gap``: cost bounds (the sentences with the most concept
    weight per word that enter the program; the solver's deterministic work bound; stop within this relative gap of the optimum).
    """

    min_count: int = 2
    max_candidates: int = 50  # 100 cost 2.6x the CPU on 10-article stories (docs/tuning.md)
    node_limit: int = 200
    gap: float = 0.05  # an exact solve (gap 0) scored the same within 0.1 R2 at 2.5x the CPU


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
        """Whole sentences within ``budget.words`` (``overflow`` is ignored), leads first.

        Cost: linear in the story's sentences plus one integer program over at most
        ``max_candidates`` sentences (CPU on the development machine: ~17 ms for a 3-article story,
        ~40 ms for 10 articles, ~80 ms for 25; docs/quality.md).
        """
        cands = self._candidates(docs)
        if not cands:
            return []
        weights = self._weights(docs, cands)
        scored = [c for c in cands if any(k in weights for k in c.concepts)] or cands
        chosen = self._solve(self._prune(scored, weights), weights, budget)
        # the fill may take any candidate: a short sentence left out of the program often fits
        # the words the program left (measured: +0.2 R2 on both Multi-News halves, +0.1 on both
        # DUC 2006 halves, against filling from the program's candidates only)
        chosen = self._fill(cands, chosen, weights, budget)
        return [Pick(c.doc, c.index, c.start, c.end) for c in self._order(chosen)]

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
                if key in seen or not is_extractable(text) or is_page_element(text):
                    continue  # an exact repeat (syndicated copy) adds nothing; a caption states nothing
                seen.add(key)
                rank += 1
                concepts = phrase_bigrams(text)
                out.append(_Candidate(d, s.index, rank - 1, start, s.end, words(text), concepts))
        return out

    def _weights(self, docs: Sequence[Doc], cands: list[_Candidate]) -> dict[Concept, float]:
        """Concept weight = articles using it × ``1 + 1/(r + 1)``, ``r`` its earliest sentence rank.

        ``r`` counts an article's usable sentences from 0 (its lead), so a concept some outlet
        leads with weighs twice its agreement, one first stated in a second sentence 1.5 times, and
        the factor fades towards 1 down the article. This replaced a bonus of 0.5 for the first two
        sentences (two fitted numbers; docs/tuning.md has the comparison). Kept only if it recurs in
        ``min_count`` sentences; when nothing recurs, every concept counts by agreement alone.
        """
        tf: Counter[Concept] = Counter()
        first: dict[Concept, int] = {}
        per_doc: dict[int, set[Concept]] = {}
        for c in cands:
            per_doc.setdefault(c.doc, set()).update(c.concepts)
            tf.update(c.concepts)
            for k in c.concepts:
                if c.rank < first.get(k, c.rank + 1):
                    first[k] = c.rank
        df: Counter[Concept] = Counter()
        for concepts in per_doc.values():
            df.update(concepts)
        kept = {k: df[k] * (1 + 1 / (first[k] + 1)) for k, n in tf.items() if n >= self.options.min_count}
        return kept or {k: float(v) for k, v in df.items()}

    def _prune(self, cands: list[_Candidate], weights: dict[Concept, float]) -> list[_Candidate]:
        """The ``max_candidates`` sentences with the most concept weight per word.

        Per word, not in total: under a word budget the program values a sentence by what it covers
        for the words it spends, so the densest sentences are the ones it would pick; ranking by
        total weight let long sentences crowd out short dense ones (measured: R2 up on all four dev
        halves, docs/tuning.md).
        """
        if len(cands) <= self.options.max_candidates:
            return cands
        ranked = sorted(
            range(len(cands)),
            key=lambda i: (-sum(weights.get(k, 0.0) for k in cands[i].concepts) / max(cands[i].words, 1), i),
        )
        return [cands[i] for i in sorted(ranked[: self.options.max_candidates])]

    def _solve(
        self, cands: list[_Candidate], weights: dict[Concept, float], budget: Budget
    ) -> list[_Candidate]:
        """max Σ w_i c_i + Σ o_j s_j  s.t.  Σ len_j s_j ≤ budget,  c_i ≤ Σ_{j∋i} s_j,  s binary, c in [0, 1].

        ``o_j`` is the weight of the concepts only sentence j has (folded, see the module docstring).
        """
        occurs: dict[Concept, list[int]] = {}
        for j, x in enumerate(cands):
            for k in x.concepts:
                if k in weights:
                    occurs.setdefault(k, []).append(j)
        shared = sorted(k for k, js in occurs.items() if len(js) > 1)
        own = np.zeros(len(cands))
        for k, js in occurs.items():
            if len(js) == 1:
                own[js[0]] += weights[k]  # covered exactly when its only sentence is chosen
        n_s, n_c = len(cands), len(shared)
        concepts_of: list[list[int]] = [[] for _ in range(n_s)]
        for i, k in enumerate(shared):
            for j in occurs[k]:
                concepts_of[j].append(i)
        # the constraint matrix column by column (HiGHS's own layout), rows in order: row 0 is the
        # budget, Σ len_j s_j; row 1 + i is c_i - Σ_{j∋i} s_j <= 0 (a concept counts only if a
        # chosen sentence covers it)
        starts, index, value = [0], [], []
        for j, x in enumerate(cands):
            index += [0, *(1 + i for i in concepts_of[j])]
            value += [float(x.words)] + [-1.0] * len(concepts_of[j])
            starts.append(len(index))
        for i in range(n_c):
            index.append(1 + i)
            value.append(1.0)
            starts.append(len(index))
        rows = 1 + n_c
        lower = np.full(rows, -np.inf)
        upper = np.zeros(rows)
        lower[0], upper[0] = 0.0, float(budget.words)
        chosen = solve_mip(
            # HiGHS minimizes
            -np.concatenate([own, np.array([weights[k] for k in shared])]),
            (np.array(starts, dtype=np.int32), np.array(index, dtype=np.int32), np.array(value)),
            (lower, upper),
            n_s,
            node_limit=self.options.node_limit,
            gap=self.options.gap,
        )
        return [x for j, x in enumerate(cands) if chosen is not None and chosen[j] > 0.5]

    @staticmethod
    def _order(chosen: list[_Candidate]) -> list[_Candidate]:
        """Leads first (by depth in the article, then article order), as an inverted pyramid of the story."""
        return sorted(chosen, key=lambda c: (c.rank, c.doc, c.index))

    @staticmethod
    def _fill(
        cands: list[_Candidate],
        chosen: list[_Candidate],
        weights: dict[Concept, float],
        budget: Budget,
    ) -> list[_Candidate]:
        """Add the sentences with the most new concept weight per word while they fit the budget."""
        chosen = list(chosen)
        used = sum(x.words for x in chosen)
        covered = {k for x in chosen for k in x.concepts}

        def gain(x: _Candidate) -> float:
            return sum(weights.get(k, 0.0) for k in x.concepts - covered) / max(x.words, 1)

        taken = {id(x) for x in chosen}
        pool = [x for x in cands if id(x) not in taken]
        while pool:
            room = budget.words - used
            fitting = [x for x in pool if x.words <= room]
            if not fitting:
                break
            best = min(fitting, key=lambda x: (-gain(x), x.doc, x.index))
            chosen.append(best)
            used += best.words
            covered |= best.concepts
            pool.remove(best)
        return chosen
