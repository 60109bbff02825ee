"""Entity titles: the roles outlets give a person ("North Korean leader Kim Jong Un", "Kim Kye Gwan,
a senior official", "X is a ..."), read from the parts of speech around each person mention."""

from __future__ import annotations

import re

from newsbrief.analyze.context import StoryContext, Token
from newsbrief.analyze.names import TITLE_WORDS
from newsbrief.analyze.records import MentionSpan, TitleMention

_AGENT_SUFFIX = ("er", "or", "ist", "ian", "ent", "ant", "man", "woman", "ee")
_FORMER = re.compile(r"\b(former|formerly|ex|previously|onetime|one-time|late|then)\b", re.IGNORECASE)
_PREP = frozenset(["of", "for", "at", "in", "with", "to", "on", "from", "by", "under", "over"])
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_COPULA = re.compile(r"^\s+(?:is|was|has been|had been)\s+(?:also\s+|now\s+|still\s+)?(?:a|an|the)\s+")
_APPOS = re.compile(r"^\s*,\s+")
_STOP_PHRASE = re.compile(r"\s*(?:,|;|:|—|–|\(|\)|\[|\]|“|”|\"|\.(?=\s|$)|\s(?:who|which|that|whose)\b)")


def _display(surface: str) -> str:
    return " ".join(surface.split())


def title_head(title: str) -> str:
    """The head noun of a title, before any preposition ("senior advisor to the leader" → "advisor")."""
    words = [w.strip(".,").lower() for w in title.split()]
    head = ""
    for w in words:
        if w in _PREP:
            break
        head = w
    return head.replace(".", "")


def _titleish(tok: Token, *, loose: bool = False) -> bool:
    """A role noun. ``loose`` also accepts agent nouns ("economist"), safe only in appositions."""
    word = tok.text.lower().strip(".")
    if word in TITLE_WORDS:
        return True
    return loose and tok.text[:1].islower() and tok.tag in ("NN", "NNS") and word.endswith(_AGENT_SUFFIX)


def find_titles(ctx: StoryContext, spans: list[list[MentionSpan]]) -> list[TitleMention]:
    """The titles next to every resolved person mention (``spans``: per article, by start)."""
    out: list[TitleMention] = []
    for n, doc_spans in enumerate(spans):
        text = ctx.docs[n].article.text
        persons = [m for m in doc_spans if m.kind == "PERSON"]
        person_starts = {m.start for m in persons}
        for m in persons:
            if m.ambiguous:
                continue
            sent = ctx.docs[n].sentences[ctx.sentence_at(n, m.start)]
            found = _pre_title(ctx, n, m, sent.start, person_starts)
            if found is None and not m.possessive:
                found = _post_title(ctx, n, m, sent.end, text, doc_spans)
            if found is not None:
                s, e = found
                title = _display(text[s:e])
                head = title_head(title)
                if head:
                    out.append(TitleMention(m.entity, title, head, n, s, e, bool(_FORMER.search(title))))
    return out


def _pre_title(
    ctx: StoryContext, n: int, m: MentionSpan, sent_start: int, person_starts: set[int]
) -> tuple[int, int] | None:
    """ "North Korean leader Kim Jong Un", "U.S. President Donald Trump": a title right before the name."""
    before = ctx.tokens_between(n, sent_start, m.start)
    run: list[Token] = []
    for tok in reversed(before):
        if len(run) >= 7 or tok.start in person_starts:
            break
        if tok.tag in ("NN", "NNS", "NNP", "NNPS", "JJ", "HYPH") or (
            tok.tag == "RB" and tok.text.lower() == "former"
        ):
            run.insert(0, tok)
            continue
        break
    while run and run[0].tag == "HYPH":
        run.pop(0)
    if not run or not _titleish(run[-1]):
        return None
    return run[0].start, run[-1].end


def _post_title(
    ctx: StoryContext, n: int, m: MentionSpan, sent_end: int, text: str, doc_spans: list[MentionSpan]
) -> tuple[int, int] | None:
    """ "Kim Kye Gwan, a senior North Korean official," or "Kim Kye Gwan is a senior ... official"."""
    rest = text[m.end : sent_end]
    lead = _APPOS.match(rest) or _COPULA.match(rest)
    if not lead:
        return None
    start = m.end + lead.end()
    stop = _STOP_PHRASE.search(text, start, sent_end)
    end = stop.start() if stop else sent_end
    toks = ctx.tokens_between(n, start, end)
    while toks and toks[0].tag in ("DT", "PRP$"):
        toks = toks[1:]
    if not toks or len(toks) > 14:
        return None
    first = toks[0]
    if first.tag not in ("JJ", "JJS", "NN", "NNS", "NNP", "NNPS", "VBN", "CD") and not _FORMER.fullmatch(
        first.text
    ):
        return None
    if any(t.tag in _FINITE for t in toks):
        return None
    covered = [s for s in doc_spans if s.start < toks[-1].end and s.end > toks[0].start]
    if any(s.kind == "PERSON" for s in covered):
        return None
    words_before_prep: list[Token] = []
    for t in toks:
        if t.text.lower() in _PREP:
            break
        words_before_prep.append(t)
    if not words_before_prep:
        return None
    head = words_before_prep[-1]
    if not (_titleish(head, loose=True) or (head.tag in ("NN", "NNS") and head.text[:1].islower())):
        return None
    return toks[0].start, toks[-1].end


def unique_titles(titles: list[TitleMention]) -> tuple[str, ...]:
    """Each title once (case and dots aside), in the order the articles give them."""
    seen: dict[str, str] = {}
    for t in sorted(titles, key=lambda t: (t.doc, t.start)):
        key = " ".join(t.title.lower().replace(".", "").split())
        seen.setdefault(key, t.title)
    return tuple(seen.values())
