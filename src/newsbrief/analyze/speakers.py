"""Who a quote's speaker is: display names without titles, gender cues, and bylines.

Three story-wide facts the quote attribution leans on:

- ``display_name``: a person's name without the titles and descriptors glued to it
  ("Councillor Amara Okafor" → "Amara Okafor", "DC Harlow" → "Owen Harlow" when the story names one Owen
  Harlow). Titles are recognized by nameparser's title lexicon (800+ words, the library's
  ``config/titles.py``) plus the role nouns ``entities.TITLE_WORDS`` and the police ranks British
  and Commonwealth outlets abbreviate ("DC", "DS", "PC").
- ``genders``: "M"/"F" for the people the text genders: an honorific or a gendered role noun next to
  the name ("Mrs Pemberton", "her father, Hans Keller", "spokeswoman Jane Doe") counts three votes, a
  he/she in a sentence that names only that person one. No first-name list: the text decides.
- ``bylines``: the article's own reporters ("By Jane Roe", "Reporting by ..."), who are never
  the speaker of a quote in their article.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from nameparser import Lexicon, Parser

from newsbrief.analyze.context import StoryContext
from newsbrief.analyze.entities import TITLE_WORDS, EntityIndex, MentionSpan

_RANKS = ("dc", "ds", "dci", "dsupt", "pc", "psc", "insp", "constable", "superintendent", "det", "councillor")


def _words(*lines: str) -> frozenset[str]:
    return frozenset(w for line in lines for w in line.split())


_MALE = _words(
    "mr sir lord king prince father son brother husband uncle nephew grandfather boyfriend",
    "widower spokesman chairman congressman businessman actor dad fiance",
)
_FEMALE = _words(
    "mrs ms miss lady dame queen princess mother daughter sister wife aunt niece grandmother",
    "girlfriend widow spokeswoman chairwoman congresswoman businesswoman actress mom mum",
    "fiancee",
)
_HE = frozenset({"he", "him", "his", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})
_BYLINE = re.compile(
    r"^\W*(?:(?:updated|posted|written|story|photos?|reporting)\s+)?by\s+[A-Z]|"
    r"\b(?:reporting|writing|editing|additional reporting) by\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _parser() -> Parser:
    return Parser(lexicon=Lexicon.default().add(titles=[*TITLE_WORDS, *_RANKS]))


@lru_cache(maxsize=4096)
def strip_title(name: str) -> str:
    """``name`` without leading titles and lower-case descriptors; the name itself when all of it
    would go ("Councillor Amara Okafor" → "Amara Okafor", "regular customer Jose Nunez" →
    "Jose Nunez", "Prime Minister John Key" → "John Key"). Cached: ``display_name`` asks again
    for every person of the story, and each ask is a name parse (~0.4 ms)."""
    words = name.split()
    while len(words) > 1:
        first = words[0]
        if first[:1].islower():
            words = words[1:]
            continue
        title = _parser().parse(" ".join(words)).title
        if not title:
            break
        n = len(title.split())
        if n >= len(words) or " ".join(words[:n]) != title:
            break
        words = words[n:]
    return " ".join(words)


def is_title(words: str) -> bool:
    """Whether every word of ``words`` is a title ("President", "Prime Minister"): a role named
    without a name, to be resolved as a description, not shown as a name."""
    parts = words.replace(".", "").lower().split()
    titles = _parser().lexicon.titles
    return bool(parts) and all(p in titles for p in parts)


def display_name(name: str, idx: EntityIndex, gender: dict[str, str] | None = None) -> str:
    """The name a speaker is shown under: titles stripped, and a bare surname completed with the
    one full name in the story that ends with it and whose gender does not clash ("DC Harlow" →
    "Owen Harlow"; "Mr Pemberton" → "Alan Pemberton" beside a Ruth Pemberton)."""
    bare = strip_title(name)
    if len(bare.split()) != 1:
        return bare
    known = gender or {}
    first = name.split()[0].lower().rstrip(".")
    g = "M" if first in _MALE else "F" if first in _FEMALE else known.get(name)
    fits = {
        full: known.get(e.name)
        for e in idx.entities
        if e.kind == "PERSON"
        and not e.candidates
        and len((full := strip_title(e.name)).split()) >= 2
        and full.split()[-1].lower() == bare.lower()
        and (g is None or known.get(e.name) in (None, g))
    }
    if len(fits) > 1 and g is not None:  # "Mr Pemberton": the one Pemberton the text makes a man
        fits = {f: h for f, h in fits.items() if h == g}
    return next(iter(fits)) if len(fits) == 1 else bare


def bylines(ctx: StoryContext, idx: EntityIndex) -> frozenset[str]:
    """Entity names of the reporters credited in a byline line of any article (cost: one regex per
    line of the first three and last three lines)."""
    out: set[str] = set()
    for n, d in enumerate(ctx.docs):
        text = d.article.text
        lines: list[tuple[int, int]] = []
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                lines.append((pos, pos + len(line)))
            pos += len(line) + 1
        for lo, hi in lines[:3] + lines[-3:]:
            if _BYLINE.search(text[lo:hi]) and len(text[lo:hi].split()) <= 16:
                out.update(m.entity for m in idx.in_range(n, lo, hi) if m.kind == "PERSON")
    return frozenset(out)


def genders(ctx: StoryContext, idx: EntityIndex, quoted: list[list[tuple[int, int]]]) -> dict[str, str]:
    """Entity name → "M" or "F" where the text says so (see the module docstring for the votes).

    ``quoted``: per document, the quoted ranges, whose words say nothing about the narration."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for n, d in enumerate(ctx.docs):
        spans = [m for m in idx.mentions[n] if m.kind == "PERSON" and not m.ambiguous]
        for m in spans:
            for word, weight in _role_words(ctx, n, m):
                if word in _MALE:
                    votes[m.entity]["M"] += weight
                elif word in _FEMALE:
                    votes[m.entity]["F"] += weight
        sents = d.sentences
        for k, s in enumerate(sents):
            here = [m for m in spans if s.start <= m.start < s.end and not _inside(m.start, quoted[n])]
            if len({m.entity for m in here}) != 1:
                continue
            lead = [
                t for t in ctx.tokens_between(n, s.start, here[0].start) if not _inside(t.start, quoted[n])
            ]
            if any(t.tag not in ("NNP", "NNPS", "DT", "JJ", ",", "IN", "CD") for t in lead):
                continue  # the person is not the sentence's subject ("He said Jane ...")
            # the first he/she after the name, in this sentence or in the next when it names no one
            scope = [(here[0].end, s.end)]
            if k + 1 < len(sents) and not any(
                sents[k + 1].start <= m.start < sents[k + 1].end for m in spans
            ):
                scope.append((sents[k + 1].start, sents[k + 1].end))
            for lo, hi in scope:
                toks = [t for t in ctx.tokens_between(n, lo, hi) if not _inside(t.start, quoted[n])]
                first = next((t.text.lower() for t in toks if t.text.lower() in ("he", "she")), None)
                if first is not None:
                    votes[here[0].entity]["M" if first == "he" else "F"] += 1
                    break
    out: dict[str, str] = {}
    for who, c in votes.items():
        if c["M"] != c["F"]:
            out[who] = "M" if c["M"] > c["F"] else "F"
    return out


def _role_words(ctx: StoryContext, n: int, m: MentionSpan) -> list[tuple[str, int]]:
    """Gendered words right before the name ("Mrs", "her father,") or in its apposition (", his son")."""
    text = ctx.docs[n].article.text
    out: list[tuple[str, int]] = []
    inside = text[m.start : m.end].split()
    if inside:
        out.append((inside[0].lower().rstrip("."), 3))  # "Mrs Pemberton" recognized as one span
    before = ctx.tokens_between(n, max(0, m.start - 30), m.start)[-3:]
    for t in before:
        out.append((t.text.lower().rstrip("."), 3))
    after = re.match(r",\s+(?:(?:his|her|the|a)\s+)?(?:\w+\s+)?(\w+)", text[m.end : m.end + 40])
    if after:
        out.append((after.group(1).lower(), 3))
    return out


def _inside(at: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in ranges)


def pronoun_gender(word: str) -> str | None:
    """ "he" → "M", "she" → "F", anything else → None."""
    w = word.lower()
    return "M" if w in _HE else "F" if w in _SHE else None
