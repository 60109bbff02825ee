"""The same words in two articles: a sentence copied verbatim into another article, and a quote
that sits inside another outlet's longer quote.

Neither needs a model: both are exact matches of normalized tokens (case and whitespace aside).
The alignment (``newsbrief.align``) reads them: a copy is a citation, not a second outlet's
statement, and a quote inside a longer quote states the same words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.docs import Doc
from newsbrief.text import tokens

Ref = tuple[int, int]  # (document index, sentence index)
_QUOTE = re.compile(r"[“\"]([^”\"]{10,})[”\"]?")


@dataclass(frozen=True, slots=True)
class Copy:
    """A verbatim copy of a sentence inside sentence ``ref`` of another article, at ``[start, end)``."""

    ref: Ref
    start: int
    end: int


def find_copies(docs: Sequence[Doc], refs: list[Ref], texts: list[str]) -> dict[Ref, list[Copy]]:
    """Verbatim copies (token-equal, whitespace and case aside) of each sentence in other articles."""
    norm = [" ".join(tokens(t)) for t in texts]
    by_doc: dict[int, list[int]] = defaultdict(list)
    for k, (n, _) in enumerate(refs):
        by_doc[n].append(k)
    out: dict[Ref, list[Copy]] = {}
    for k, (n, i) in enumerate(refs):
        key = norm[k]
        if len(key.split()) < 4:
            continue
        for d in sorted(by_doc):
            if d == n:
                continue
            hit = next((j for j in by_doc[d] if key in norm[j]), None)
            if hit is None:
                continue
            s = docs[d].sentences[refs[hit][1]]
            start = docs[d].article.text.find(texts[k], s.start, s.end)
            if start < 0:
                start, end = s.start, s.end
            else:
                end = start + len(texts[k])
            out.setdefault((n, i), []).append(Copy(refs[hit], start, end))
    return out


def quoted_pairs(texts: list[str], key_of: list[str], usable: list[bool]) -> set[tuple[int, int]]:
    """Pairs (k, j), k < j, of independent sentences where one's quote (five words or more) is
    inside the other's quote: a longer quotation contains the shorter one, so they agree."""
    quotes: list[tuple[int, str]] = []
    for k, t in enumerate(texts):
        if usable[k]:
            for m in _QUOTE.finditer(t):
                q = " ".join(tokens(m.group(1)))
                if len(q.split()) >= 5:
                    quotes.append((k, q))
    out: set[tuple[int, int]] = set()
    for k, q in quotes:
        for j, q2 in quotes:
            if j != k and key_of[j] != key_of[k] and q in q2:
                out.add((min(k, j), max(k, j)))
    return out
