"""Where the quotations of an article are: quotation marks paired per paragraph, a quote run over
several paragraphs joined, and titles of works, headlines and scare quotes told apart.

Marks: curly “ ”, the typewriter pair `` '' of newswire corpora, and straight " (a straight mark
opens where a word follows it and closes otherwise), in any mix (crawled text often opens with one
kind and closes with the other), and
"\ufffd?" — the way a crawl that lost the last byte of ” writes it. Single marks ‘ ’ are quotes within
quotes and are left inside. A paragraph whose quote is still open at its end continues into the next
paragraph when that one opens with a mark (the news convention for a quote of several paragraphs:
an opening mark on each, a closing mark only on the last).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile("“|”|\"|\ufffd\\?|«|»|``|''")


def word_set(*lines: str) -> frozenset[str]:
    """The words of ``lines`` (space-separated) as one set: word lists kept readable in the source."""
    return frozenset(w for line in lines for w in line.split())


# A quote right after one of these words names a work or a headline, not something said.

_WORK_CUES = word_set(
    "film movie book novel memoir song album single show series sitcom documentary play",
    "musical poem headline headlined titled entitled article column op-ed essay episode",
    "programme program campaign slogan hashtag banner",
)
_FUNCTION_WORDS = word_set(
    "a an the of and or but in on at to for from by with as is be vs nor so yet into over de",
    "la le",
)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation in one article: the quoted words of each paragraph it runs through.

    ``pieces``: (start, end) character ranges inside the marks, one per paragraph, in order;
    ``open_at``/``close_at``: offsets of the first opening mark and of the last character of the
    last closing mark."""

    pieces: tuple[tuple[int, int], ...]
    open_at: int
    close_at: int

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of ``text``."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _direction(text: str, at: int, mark: str) -> str:
    """ "open" or "close" for a mark met outside a quote. A straight mark opens when a word follows
    it and no letter or digit is glued before it (crawled text loses the space: "process.\"We")."""
    if mark in ("“", "«", "``"):
        return "open"
    if mark in ("”", "»", "''") or mark.startswith("\ufffd"):
        return "close"
    before = text[at - 1] if at > 0 else "\n"
    after = text[at + 1] if at + 1 < len(text) else "\n"
    if not before.isalnum() and not after.isspace():
        return "open"
    return "close"


def _closes(mark: str) -> bool:
    """Inside a quote every mark but an opening curly one closes it."""
    return mark not in ("“", "«", "``")


def find_spans(text: str) -> list[QuoteSpan]:
    """Every quotation of ``text`` (see the module docstring), in text order. Cost: one pass."""
    out: list[QuoteSpan] = []
    pending: list[tuple[int, int]] = []  # pieces of a quote still open at the end of a paragraph
    pending_open = -1
    for lo, hi in paragraphs(text):
        marks = [(m.start(), m.group()) for m in _MARK.finditer(text, lo, hi)]
        i = 0
        if pending:
            first = lo + len(text[lo:hi]) - len(text[lo:hi].lstrip())
            if not (marks and marks[0][0] == first and _direction(text, *marks[0]) == "open"):
                pending = []  # this paragraph does not continue the open quote: it is dropped
        while i < len(marks):
            at, mark = marks[i]
            if _direction(text, at, mark) != "open":
                i += 1
                continue
            close = next((j for j in range(i + 1, len(marks)) if _closes(marks[j][1])), None)
            start = at + len(mark)
            if close is None:
                if pending:
                    pending.append((start, hi))
                else:
                    pending, pending_open = [(start, hi)], at
                break
            end = marks[close][0]
            close_at = end + len(marks[close][1]) - 1  # "\ufffd?" is two characters
            if pending:
                pieces, opened = (*pending, (start, end)), pending_open
                pending = []
            else:
                pieces, opened = ((start, end),), at
            out.append(QuoteSpan(tuple(_trim(text, s, e) for s, e in pieces), opened, close_at))
            i = close + 1
    return [s for s in out if all(e > b for b, e in s.pieces)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def is_work_title(text: str, span: QuoteSpan, works: list[tuple[int, int]]) -> bool:
    """A title of a work or a headline: named so by the word before it ("the film “…”",
    "under the headline “…”"), recognized as a work of art, or written in title case or capitals
    without a sentence's closing punctuation."""
    if len(span.pieces) != 1:
        return False
    s, e = span.pieces[0]
    inner = text[s:e]
    if any(a <= s and e <= b for a, b in works):
        return True
    before = re.findall(r"[\w-]+", text[max(0, span.open_at - 40) : span.open_at])
    if before and before[-1].lower() in _WORK_CUES:
        return True
    words = re.findall(r"[^\W\d_][\w’'-]*", inner)
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    if len(content) < 2 or inner.rstrip()[-1:] in "!?":
        return False
    if inner.isupper():
        return True
    return all(w[0].isupper() for w in content) and words[0][0].isupper()
