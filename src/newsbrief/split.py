"""Sentence splitting with character offsets into the cleaned article text.

Line breaks in cleaned text are paragraph breaks, so no sentence crosses one; within a paragraph
nupunkt finds the boundaries (it handles "U.S.", "Jan. 11", "Robert C. O'Brien" correctly).
"""

from __future__ import annotations

import re

import nupunkt

from newsbrief.model import Article, Sentence

_PARAGRAPH = re.compile(r"[^\n]+")


def split_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of the sentences of ``text``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text):
        base = para.start()
        for start, end in nupunkt.sent_spans(para.group()):
            chunk = text[base + start : base + end]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            s, e = base + start + lead, base + end - trail
            if e > s:
                spans.append((s, e))
    return spans


def split_article(article: Article) -> tuple[Sentence, ...]:
    """The sentences of ``article`` as views (offsets), numbered from 0 in reading order."""
    return tuple(
        Sentence(article.id, i, start, end) for i, (start, end) in enumerate(split_spans(article.text))
    )
