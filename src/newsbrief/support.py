"""Who else reports it: match each summary sentence to other outlets' sentences that say the same.

Matching is semantic (MiniLM cosine), not string equality, because outlets reword: "Kim Kye Gwan
rejected talks" and "the advisor said talks were off" should match. Embedding every sentence of a
large story is the expensive part, so a cheap lexical pass first keeps, per other article, only the
few sentences that share the most content words with the summary sentence; only those are embedded.
A verbatim copy in another article (syndication) is a citation, not evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsbrief.embed import embed
from newsbrief.model import Citation
from newsbrief.summarize.base import Doc, Pick
from newsbrief.summarize.text import content_stems, tokens


@dataclass(frozen=True, slots=True)
class SupportOptions:
    threshold: float = 0.62  # cosine at or above which two sentences "say the same thing"
    lexical_candidates: int = 3  # sentences per other article considered for embedding
    max_candidates: int = 40  # per summary sentence, over all articles: bounds the cost on big stories


@dataclass(frozen=True, slots=True)
class Supported:
    citations: tuple[Citation, ...]
    evidence: tuple[Citation, ...]
    support: tuple[str, ...]


def find_support(
    docs: Sequence[Doc],
    picks: Sequence[Pick],
    options: SupportOptions | None = None,
    keys: Mapping[str, str] | None = None,
) -> list[Supported]:
    """Citations, evidence and supporting outlets of each pick.

    ``keys``: article id → independence key (``dedupe.independence_keys``; default: the outlet).
    An article with the pick's key (the same outlet, or a copy of the same original) is never
    evidence or support; a verbatim span in it is still cited. ``support`` counts each key once.
    """
    opts = options or SupportOptions()
    source = [keys.get(d.article.id, d.article.outlet) if keys else d.article.outlet for d in docs]
    bags = [[set(content_stems(d.text(i))) for i in range(len(d.sentences))] for d in docs]
    norm = [[" ".join(tokens(d.text(i))) for i in range(len(d.sentences))] for d in docs]

    # verbatim copies and lexical candidates for every pick
    exact: list[list[tuple[int, int]]] = []
    pairs: list[list[tuple[int, int]]] = []
    for p in picks:
        text = p.text(docs)
        key = " ".join(tokens(text))
        bag = set(content_stems(text))
        same: list[tuple[int, int]] = []
        cand: list[tuple[float, int, int]] = []
        for d, doc in enumerate(docs):
            if d == p.doc:
                continue
            hits = [i for i, n in enumerate(norm[d]) if key and key in n]
            if hits:
                same.append((d, hits[0]))
                continue
            if doc.article.outlet == docs[p.doc].article.outlet or source[d] == source[p.doc]:
                continue  # the same outlet, or a copy of the same original: not independent support
            overlap = sorted(
                ((len(bag & b) / (len(bag | b) or 1), i) for i, b in enumerate(bags[d]) if bag & b),
                key=lambda t: (-t[0], t[1]),
            )
            cand.extend((score, d, i) for score, i in overlap[: opts.lexical_candidates])
        exact.append(same)
        cand.sort(key=lambda t: (-t[0], t[1], t[2]))
        pairs.append(sorted((d, i) for _, d, i in cand[: opts.max_candidates]))

    unique = sorted({dc for cand in pairs for dc in cand})
    index = {dc: k for k, dc in enumerate(unique)}
    vectors = embed([p.text(docs) for p in picks] + [docs[d].text(i) for d, i in unique])
    pick_vecs, cand_vecs = vectors[: len(picks)], vectors[len(picks) :]

    out: list[Supported] = []
    for k, p in enumerate(picks):
        own = docs[p.doc]
        citations = [Citation(own.article.id, p.index, p.start, p.end)]
        for d, i in exact[k]:
            s = docs[d].sentences[i]
            start = docs[d].article.text.find(p.text(docs), s.start, s.end)
            if start >= 0:
                citations.append(Citation(docs[d].article.id, i, start, start + (p.end - p.start)))
        best: dict[int, tuple[float, int]] = {}
        for d, i in pairs[k]:
            score = float(np.dot(pick_vecs[k], cand_vecs[index[(d, i)]]))
            if score >= opts.threshold and (d not in best or score > best[d][0]):
                best[d] = (score, i)
        evidence = [
            Citation(docs[d].article.id, i, docs[d].sentences[i].start, docs[d].sentences[i].end)
            for d, (_, i) in sorted(best.items())
        ]
        # one outlet per independent source: a copy's outlet is not a second voice
        sources = {source[p.doc]: own.article.outlet}
        for d in sorted({d for d, _ in exact[k]} | set(best)):
            sources.setdefault(source[d], docs[d].article.outlet)
        out.append(Supported(tuple(citations), tuple(evidence), tuple(sorted(set(sources.values())))))
    return out


def drop_restatements(picks: Sequence[Pick], supported: Sequence[Supported]) -> list[int]:
    """Indexes of the picks to keep once restatements of one fact by several outlets are merged.

    The summarizer's redundancy control is lexical (shared bigrams), so two outlets' wordings of
    one fact can both be selected. Support matching is semantic: when one pick's evidence *is*
    another pick's source sentence, they say the same thing. The one backed by more outlets stays
    (ties: the earlier one), and its support already names the other outlet.
    """
    source = [(s.citations[0].article_id, s.citations[0].sentence_index) for s in supported]
    said = [{(c.article_id, c.sentence_index) for c in (*s.citations, *s.evidence)} for s in supported]
    order = sorted(range(len(picks)), key=lambda k: (-len(supported[k].support), k))
    kept: list[int] = []
    for k in order:
        if any(source[k] in said[j] or source[j] in said[k] for j in kept):
            continue
        kept.append(k)
    return sorted(kept)
