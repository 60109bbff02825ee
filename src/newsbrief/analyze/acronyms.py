"""Acronyms and their long forms: defined in the text ("X stands for Y", "Long Form (LF)"), or
whose initials match the long form's."""

from __future__ import annotations

import re

from newsbrief.analyze.context import StoryContext
from newsbrief.analyze.names import CONNECTORS, name_key
from newsbrief.analyze.spans import Raw

_SPLIT = re.compile(r"[\s\-‐‑–]+")
_ACRONYM_DEF = re.compile(
    r"\b(?:The\s+|the\s+)?(?P<acr>[A-Z][A-Z.&]{1,9})\s+(?:stands|stood)\s+for\s+(?:the\s+)?"
    r"(?P<long>[A-Z][\w’'.-]*(?:\s+(?:of|for|and|the|on|de|du|la)?\s*[A-Z][\w’'.-]*)*)"
)
_PAREN_ACR = re.compile(
    r"(?P<long>[A-Z][\w’'.-]*(?:\s+(?:of|for|and|the|on|de)?\s*[A-Z][\w’'.-]*)+)\s+\((?P<acr>[A-Z][A-Z.&]{1,9})\)"
)


def initials(surface: str) -> str:
    """First letters of the capitalized words, connectors skipped ("Centers for Disease Control" → "cdc")."""
    words = [w for w in _SPLIT.split(surface.replace("’", "'")) if w]
    return "".join(w[0].lower() for w in words if w.lower() not in CONNECTORS and w[0].isupper())


def defined_pairs(ctx: StoryContext) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(acronym key, long-form key) for every acronym the text defines."""
    pairs = []
    for d in ctx.docs:
        for m in _ACRONYM_DEF.finditer(d.article.text):
            pairs.append((name_key(m["acr"]), name_key(m["long"])))
        for m in _PAREN_ACR.finditer(d.article.text):
            long = m["long"]
            acr = m["acr"].replace(".", "").lower()
            init = initials(long)
            if init.endswith(acr):  # "the Korean Central News Agency (KCNA)"
                words = long.split()
                keep = len(words)
                while keep > 0 and initials(" ".join(words[len(words) - keep :])) != acr:
                    keep -= 1
                if keep:
                    pairs.append((name_key(m["acr"]), name_key(" ".join(words[len(words) - keep :]))))
    return pairs


def acronym_definitions(ctx: StoryContext, raws: list[Raw]) -> list[Raw]:
    """Mentions for the two sides of "X stands for Y" that the recognizer missed."""
    covered = {(r.doc, r.start) for r in raws}
    extra: list[Raw] = []
    for n, d in enumerate(ctx.docs):
        for m in _ACRONYM_DEF.finditer(d.article.text):
            for part, label in (("acr", "ORG"), ("long", "GPE")):
                s, e = m.start(part), m.end(part)
                if not any(r.doc == n and r.start <= s < r.end for r in raws) and (n, s) not in covered:
                    extra.append(Raw(n, s, e, d.article.text[s:e], label, False))
    # the long form inherits the label the recognizer gave the acronym, when it gave one
    return extra
