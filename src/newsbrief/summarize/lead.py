"""Lead baseline: the first sentence of each article, then the second of each, and so on.

News is written inverted-pyramid, so this is the baseline every method must beat.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsbrief.docs import Budget, Doc, Pick, whole
from newsbrief.summarize.base import Summarizer
from newsbrief.text import words


class Lead(Summarizer):
    name = "lead"

    def select(self, docs: Sequence[Doc], budget: Budget) -> list[Pick]:
        picks: list[Pick] = []
        used = 0
        depth = max((len(d.sentences) for d in docs), default=0)
        for index in range(depth):
            for d, doc in enumerate(docs):
                if index >= len(doc.sentences):
                    continue
                n = words(doc.text(index))
                if used + n > budget.words and not budget.overflow:
                    continue
                picks.append(whole(d, doc, index))
                used += n
                if used >= budget.words:
                    return sorted(picks, key=lambda p: (p.doc, p.index))
        return sorted(picks, key=lambda p: (p.doc, p.index))
