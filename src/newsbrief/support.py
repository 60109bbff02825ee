"""Who else reports it: each summary sentence's support, read from the story's one alignment.

The alignment (``newsbrief.align``) decides, once per story, which sentences of independent
outlets state the same main fact; support only reads it, so a summary sentence shows the same
outlet count here as in the agree / unique claims. A verbatim copy in another article is a
citation, not evidence; a *related* sentence (part of the claim, or the same claim with other
values) is kept apart in ``related`` and never counted as support.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.align import Alignment
from newsbrief.docs import Doc, Pick
from newsbrief.model import Citation


@dataclass(frozen=True, slots=True)
class Supported:
    citations: tuple[Citation, ...]
    evidence: tuple[Citation, ...]
    support: tuple[str, ...]
    related: tuple[Citation, ...] = ()


def find_support(docs: Sequence[Doc], picks: Sequence[Pick], alignment: Alignment) -> list[Supported]:
    """Citations, same-fact evidence, supporting outlets and related sentences of every pick.

    ``alignment`` must be of ``docs`` (the same documents, in the same order). Cost: lookups only.
    """
    if alignment.docs and [d.article.id for d in alignment.docs] != [d.article.id for d in docs]:
        raise ValueError("the alignment was made for other documents than the picks'")
    out: list[Supported] = []
    for p in picks:
        own = docs[p.doc]
        ref = (p.doc, p.index)
        citations = [Citation(own.article.id, p.index, p.start, p.end)]
        for c in alignment.copies(ref):
            d, i = c.ref
            citations.append(Citation(docs[d].article.id, i, c.start, c.end))
        related_by_doc: dict[int, int] = {}
        for d, i in alignment.related(ref):
            related_by_doc.setdefault(d, i)
        out.append(
            Supported(
                tuple(citations),
                tuple(alignment.evidence(ref)),
                alignment.outlets(ref),
                tuple(alignment.cite(d, i) for d, i in sorted(related_by_doc.items())),
            )
        )
    return out


def drop_restatements(picks: Sequence[Pick], supported: Sequence[Supported]) -> list[int]:
    """Indexes of the picks to keep once restatements of one fact by several outlets are merged.

    The summarizer's redundancy control is lexical (shared bigrams), so two outlets' wordings of
    one fact can both be selected. When one pick's evidence *is* another pick's source sentence,
    they say the same thing. The one backed by more outlets stays (ties: the earlier one), and
    its support already names the other outlet.
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
