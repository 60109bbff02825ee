"""Sentence splitting with character offsets into the cleaned article text.

Line breaks in cleaned text are paragraph breaks, so no sentence crosses one; within a paragraph
nupunkt finds the boundaries (it handles "U.S.", "Jan. 11", "Robert C. O'Brien" correctly).
"""

from __future__ import annotations

import re

import nupunkt

from newsbrief.model import Article, Sentence

_PARAGRAPH = re.compile(r"[^\n]+")


def _open_quotes(chunk: str) -> int:
    """Quotation marks ``chunk`` leaves open (curly quotes counted as pairs, straight ones by parity)."""
    return max(chunk.count("“") - chunk.count("”"), 0) + chunk.count('"') % 2


def split_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of the sentences of ``text``, trimmed of surrounding whitespace.

    A boundary inside a quotation is undone when the next piece closes the quote: a quoted headline
    such as “Happy Birthday, Trump Tells Kim. Not Enough, North Korea Says,” is one sentence.
    """
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text):
        base = para.start()
        pieces: list[tuple[int, int]] = []
        for start, end in nupunkt.sent_spans(para.group()):
            chunk = text[base + start : base + end]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            s, e = base + start + lead, base + end - trail
            if e <= s:
                continue
            if pieces and _open_quotes(text[pieces[-1][0] : pieces[-1][1]]) and _closes_quote(text[s:e]):
                pieces[-1] = (pieces[-1][0], e)
            else:
                pieces.append((s, e))
        spans.extend(pieces)
    return spans


def _closes_quote(chunk: str) -> bool:
    return chunk.count("”") > chunk.count("“") or chunk.count('"') % 2 == 1


def split_article(article: Article) -> tuple[Sentence, ...]:
    """The sentences of ``article`` as views (offsets), numbered from 0 in reading order."""
    return tuple(
        Sentence(article.id, i, start, end) for i, (start, end) in enumerate(split_spans(article.text))
    )
