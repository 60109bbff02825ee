"""Give every outlet a voice in the brief.

A brief is read to compare outlets, so one that never cites an outlet hides it. Summarizers optimize
content coverage, which on small stories can leave an outlet out entirely. When that happens, the
outlet's lead (the first sentence that can stand alone: news is written inverted-pyramid) is added,
making room by dropping the deepest sentences of the best-represented outlets. Nothing changes when
the budget cannot hold one sentence per outlet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from newsbrief.docs import Budget, Doc, Pick, whole
from newsbrief.text import content_start, is_summary_worthy, words


def _lead(d: int, doc: Doc) -> Pick | None:
    for i in range(len(doc.sentences)):
        text = doc.text(i)
        if is_summary_worthy(text[content_start(text) :]):
            p = whole(d, doc, i)
            return Pick(d, i, p.start + content_start(text), p.end)
    return None


def cover_outlets(docs: Sequence[Doc], picks: Sequence[Pick], budget: Budget) -> list[Pick]:
    """``picks`` plus the lead of each outlet that has none, within ``budget``; in reading order."""
    chosen = list(picks)
    outlets = [doc.article.outlet for doc in docs]
    if len(set(outlets)) > budget.words // 25:
        return chosen  # too many outlets for the budget: one sentence each would not fit
    for d, doc in enumerate(docs):
        outlet = outlets[d]
        if any(outlets[p.doc] == outlet for p in chosen):
            continue
        lead = _lead(d, doc)
        if lead is None:
            continue
        need = words(lead.text(docs))
        trial = list(chosen)
        while trial and sum(words(p.text(docs)) for p in trial) + need > budget.words:
            counts = Counter(outlets[p.doc] for p in trial)
            removable = [p for p in trial if counts[outlets[p.doc]] > 1]
            if not removable:
                break
            trial.remove(max(removable, key=lambda p: (counts[outlets[p.doc]], p.index, p.doc)))
        if sum(words(p.text(docs)) for p in trial) + need <= budget.words:
            chosen = [*trial, lead]
    return sorted(chosen, key=lambda p: (p.doc, p.index))
