"""The same words in two articles: a sentence copied verbatim into another article, and a quote
that sits inside another outlet's longer quote.

Neither needs a model: both are exact matches of normalized tokens (case and whitespace aside).
The alignment (``newsbrief.align``) reads them: a copy is a citation, not a second outlet's
statement, and a quote inside a longer quote states the same words.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.docs import Doc
from newsbrief.speech import CHARACTERIZE_WORDS, SPEECH_WORDS
from newsbrief.text import tokens

Ref = tuple[int, int]  # (document index, sentence index)
_QUOTE = re.compile(r"[“\"]([^”\"]{10,})[”\"]?")
# a closed quotation of any length: the words an outlet puts in quotation marks
_SHORT_QUOTE = re.compile(r"[“\"]([^”\"]+)[”\"]")  # every closed quotation, in order (short ones too)
# a phrase, not a word: one quoted word ("'shocked'") is a description, two ("'sex war'") a
# wording someone used. The dev pairs (docs/alignment.md, round 4): 2 words on the even half
# gained three SAME pairs over 5 words, and no PARTIAL or DIFFERENT pair on either half
_MIN_QUOTED_WORDS = 2
_TITLE_SMALL = frozenset(
    {"a", "an", "the", "of", "and", "or", "in", "on", "at", "for", "to", "with", "from", "by"}
)
_SO_CALLED = re.compile(r"\bso[-\s]called\s*$", re.IGNORECASE)  # the scare quote's own marker


@dataclass(frozen=True, slots=True)
class Copy:
    """A verbatim copy of a sentence inside sentence ``ref`` of another article, at ``[start, end)``."""

    ref: Ref
    start: int
    end: int


def find_copies(docs: Sequence[Doc], refs: list[Ref], texts: list[str]) -> dict[Ref, list[Copy]]:
    """Verbatim copies (token-equal, whitespace and case aside) of each sentence in other articles.

    Each other article holding a copy gives one, its first sentence that contains the sentence's
    normalized text. The normalized sentences of all articles are searched as one string, joined
    by line breaks, which no token holds (``text.tokens``), article after article: a match never
    spans two sentences, the first match in an article is in its first sentence holding one, and
    after it the search goes on from the next article. A sentence copied nowhere costs one search
    of the whole story (the 25-article story: ~2,200 searches, ~0.03 CPU s, instead of one test
    per pair of sentences, ~1.2 million, 0.11 s).
    """
    norm = [" ".join(tokens(t)) for t in texts]
    by_doc: dict[int, list[int]] = defaultdict(list)
    for k, (n, _) in enumerate(refs):
        by_doc[n].append(k)
    order = [k for d in sorted(by_doc) for k in by_doc[d]]  # article after article
    starts: list[int] = []  # where each sentence of ``order`` starts in ``story``
    doc_end: dict[int, int] = {}  # where each article's sentences end in ``story``
    at = 0
    for k in order:
        starts.append(at)
        at += len(norm[k]) + 1
        doc_end[refs[k][0]] = at
    story = "\n".join(norm[k] for k in order)
    out: dict[Ref, list[Copy]] = {}
    for k, (n, i) in enumerate(refs):
        key = norm[k]
        if len(key.split()) < 4:
            continue
        at = story.find(key)
        while at >= 0:
            hit = order[bisect.bisect_right(starts, at) - 1]
            d = refs[hit][0]
            if d != n:
                s = docs[d].sentences[refs[hit][1]]
                start = docs[d].article.text.find(texts[k], s.start, s.end)
                if start < 0:
                    start, end = s.start, s.end
                else:
                    end = start + len(texts[k])
                out.setdefault((n, i), []).append(Copy(refs[hit], start, end))
            at = story.find(key, doc_end[d])
    return out


def _wording(sentence: str, start: int, end: int, quoted: str) -> bool:
    """Whether a short quotation is somebody's wording: not a title (every word capitalised), and
    said: it opens its sentence, or the sentence reports speech ("said", "declared", "called …").
    Otherwise it is a scare quote or a label ("the so-called 'peace deal'"), as
    ``analyze.quotes`` reads it, which two sentences can share while stating different facts."""
    words = quoted.split()
    if all(
        w[:1].isupper() or not w[:1].isalpha() or (k > 0 and w in _TITLE_SMALL) for k, w in enumerate(words)
    ):
        return False  # a title: "The Quiet Harbour", "Meet the Press"
    if len(quoted.split()) >= 5 or not sentence[:start].strip(" “\"‘'"):
        return True
    if _SO_CALLED.search(sentence[:start]):
        return False
    before = {w.lower() for w in re.findall(r"[A-Za-z]+", sentence[:start])}
    after = {w.lower() for w in re.findall(r"[A-Za-z]+", sentence[end:])}
    return bool((before | after) & SPEECH_WORDS or before & CHARACTERIZE_WORDS)


def quoted_pairs(
    texts: list[str], key_of: list[str], usable: list[bool]
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Pairs (k, j), k < j, of independent sentences where one's quotation (two words or more,
    not a title such as "The Quiet Harbour") is inside the other's quotation: both report the same
    words of the same statement ("called the dam a 'clear and present danger'" / "warned that
    the dam posed a 'clear and present danger' to the valley"), so they agree.

    Exact token match, case and whitespace aside; a title is a quotation whose every word is
    capitalised (a show, a book, a slogan's name), which many sentences name without stating
    one fact, and a quotation of under five words counts only in a sentence that reports speech
    (``_wording``). Cost: one pass over the quotations, quadratic in their number per story.

    Returns ``(long, short)``: pairs sharing a quotation of five words or more, which state the
    same words whatever else the sentences say, and pairs sharing only a shorter one, which two
    people may both use about different things ("called the stadium plan 'a reckless gamble'" /
    "called the pension demand 'a reckless gamble'"): the alignment takes those only between
    sentences it scores as related.
    """
    quotes: list[tuple[int, str]] = []
    inner: list[tuple[int, str]] = []  # (sentence, quotation) that may sit in another's quotation
    for k, t in enumerate(texts):
        if usable[k]:
            for m in _QUOTE.finditer(t):
                q = " ".join(tokens(m.group(1)))
                quotes.append((k, q))
                if len(q.split()) >= 5:  # also a quotation left open: it runs on to a later sentence
                    inner.append((k, q))
            for m in _SHORT_QUOTE.finditer(t):
                # quotations are matched in order, each consuming its closing mark, so the words
                # between two quotations ('"sad" and then "a disgrace"') are never one
                q = " ".join(tokens(m.group(1)))
                if len(q.split()) >= _MIN_QUOTED_WORDS and _wording(t, m.start(), m.end(), m.group(1)):
                    inner.append((k, q))
    long: set[tuple[int, int]] = set()
    short: set[tuple[int, int]] = set()
    for k, q in inner:
        for j, q2 in quotes:
            if j != k and key_of[j] != key_of[k] and f" {q} " in f" {q2} ":
                (long if len(q.split()) >= 5 else short).add((min(k, j), max(k, j)))
    return long, short - long
