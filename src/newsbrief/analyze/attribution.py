"""Who said a quotation: the speech tag next to it, read the way news copy writes it.

Tags, in the order they are tried:

1. after the closing mark: "…,” Okafor said", "…,” said regular customer Jose Nunez",
   "…,” Lena Marsh, a geologist at …, told Reuters", "…?” Councillor Amara Okafor
   asked." (a quote that ends in ?” or !” may end its sentence, so the tag can open the next one);
2. before the opening mark: "Okafor said: “…”", "according to the minister, “…”", "Asked by
   Whitfield, “…?”", "she said:" closing the paragraph before;
3. no tag: a quote continues the one before it in its paragraph, or in the paragraph before when no
   one else is named in between ("“A,” she said. “B.”"; the paragraphs of a quote-by-quote list), or
   the reported speech just before it ("X said he had a charmed life. “…”").

The speaker phrase is then resolved: a name to its merged entity (a bare surname several people
share to the one named last before it in the article), "he"/"she" to the nearest gender-compatible
person named before it, preferring the subject of each sentence and never a name tied to another
person ("her father, Hans Keller" is not "she"), "the advisor" to the one person the story gives that
title. What stays unresolved is kept as written ("a police source"). The article's byline is
never a speaker.

One class reads one article's tags: every step shares that article's tokens, paragraphs, quoted
ranges, mentions and the quotes already attributed, so the steps stay together in this module
(~600 lines) rather than passing that state between modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbrief.analyze.context import StoryContext, Token
from newsbrief.analyze.entities import EntityIndex, MentionSpan
from newsbrief.analyze.names import TITLE_WORDS
from newsbrief.analyze.quote_spans import QuoteSpan, paragraphs, word_set
from newsbrief.analyze.speakers import display_name, is_title, pronoun_gender, strip_title
from newsbrief.analyze.titles import title_head
from newsbrief.speech import CHARACTERIZE_WORDS, SPEECH_WORDS

_BEFORE_VERBS = SPEECH_WORDS | CHARACTERIZE_WORDS
# nouns that tie a name to the possessor as a person: "her father, Hans Keller", "his agent Ann Lee"
_RELATION_NOUNS = word_set(
    "father mother parent parents son sons daughter daughters child children brother brothers sister",
    "sisters sibling siblings wife husband spouse partner fiance fiancé fiancee fiancée girlfriend",
    "boyfriend friend friends colleague colleagues co-star costar cousin uncle aunt nephew niece",
    "grandfather grandmother grandson granddaughter stepfather stepmother stepson stepdaughter",
    "widow widower neighbour neighbor boss employer agent lawyer attorney publicist manager",
    "assistant aide adviser advisor doctor coach teammate roommate classmate mentor family",
)
_LISTENER_VERBS = frozenset({"tell", "tells", "told", "telling"})  # "told BBC News": the listener
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_AUX = word_set(
    "also later then again further has have had was is would will could 's just once",
    "previously",
)
_NP_TAGS = frozenset(
    {"DT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "PRP$", "POS", "CD", "HYPH", "VBG"}
)
_DOCUMENTS = word_set(
    "statement email e-mail release letter post tweet thread message note report interview",
    "transcript",
)
# what is written by someone and speaks for them: a document, and a filing, a study or a book
_WRITINGS = _DOCUMENTS | word_set(
    "petition filing complaint lawsuit motion memo memorandum affidavit study paper editorial",
    "article book column document ruling",
)
_COLLECTIVE = word_set(
    "company firm agency department ministry group organization organisation retailer club",
    "team office university hospital network government council",
)
_DAY_WORDS = word_set("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight")
_BEFORE_A_DAY = word_set("on earlier later late early last this")
_RELATIVE = frozenset({"who", "which", "that", "whose"})
# a sentence that points back at the quote before it and names its speaker: "That was how Pratt
# put it", "Those were the words of Mayor Ellen Pratt", "So said the mayor"
_LOOKED_BACK = re.compile(
    r"[\s\"”’']*(?:(?:That|This|Those|These|Such)\s+(?:was|were|is|are)\s+"
    r"(?:(?:how|what)\s+(?P<who>[^.!?“\"]{2,60}?)\s+(?:put\s+it|put\s+that|phrased\s+it|summed\s+it\s+up|"
    r"described\s+it|said|says|wrote|writes|told|explained)\b"
    r"|(?:the\s+)?words\s+of\s+(?P<who2>[^.!?“\"]{2,60}?)[.,;])"
    r"|So\s+said\s+(?P<who3>[^.!?“\"]{2,60}?)[.,;])"
)
_PRONOUNS = frozenset({"he", "she"})


@dataclass(frozen=True, slots=True)
class Who:
    """A resolved speaker: ``name`` as shown; ``entities``, the merged entities it names (several
    for "A and B"); ``candidates``, the people a bare shared surname may be; ``kind`` is "named",
    "bare" (an ambiguous surname) or "described" (no name: "a police source")."""

    name: str
    entities: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    kind: str = "named"


@dataclass(frozen=True, slots=True)
class Attributed:
    """A quotation of one article with the speaker found for it (``None``: nobody)."""

    doc: int
    span: QuoteSpan
    who: Who | None


class DocAttributor:
    """Attributes the quotations of one article in order (each may lean on the ones before it)."""

    def __init__(
        self,
        ctx: StoryContext,
        idx: EntityIndex,
        n: int,
        spans: list[QuoteSpan],
        genders: dict[str, str],
        byline: frozenset[str],
    ) -> None:
        self.ctx, self.idx, self.n = ctx, idx, n
        self.text = ctx.docs[n].article.text
        self.spans = spans
        self.genders = genders
        self.byline = byline
        self.paras = paragraphs(self.text)
        self.quoted = [(s.open_at, s.close_at + 1) for s in spans]
        self.people = [m for m in idx.mentions[n] if m.kind in ("PERSON", "ORG")]
        self.done: list[Attributed] = []

    # -- positions -------------------------------------------------------------------------------

    def _para(self, at: int) -> int:
        for i, (lo, hi) in enumerate(self.paras):
            if lo <= at <= hi:
                return i
        return -1

    def _in_quote(self, at: int) -> bool:
        return any(a <= at < b for a, b in self.quoted)

    def _tokens(self, lo: int, hi: int) -> list[Token]:
        return [t for t in self.ctx.tokens_between(self.n, lo, hi) if not self._in_quote(t.start)]

    def _mention_at(self, tok: Token) -> MentionSpan | None:
        for m in self.people:
            if m.start <= tok.start < m.end:
                return m if self._proper(m) else None
        return None

    # -- entry point ------------------------------------------------------------------------------

    def attribute(self, span: QuoteSpan) -> Attributed:
        who = self._after(span)
        if who is None:
            who = self._before(span)
        if who is None:
            who = self._looked_back(span)
        if who is None:
            who = self._continued(span)
        if who is not None and set(who.entities) & self.byline:
            who = None
        out = Attributed(self.n, span, who)
        self.done.append(out)
        return out

    # -- the tag after the closing mark ------------------------------------------------------------

    def _after(self, span: QuoteSpan) -> Who | None:
        ctx, n = self.ctx, self.n
        para = self.paras[self._para(span.close_at)]
        later = [s.open_at for s in self.spans if s.open_at > span.close_at and s.open_at < para[1]]
        hi = min([para[1], *later])
        k = ctx.sentence_at(n, span.close_at)
        sents = ctx.docs[n].sentences
        lo = span.close_at + 1
        end = min(hi, sents[k].end)
        # the punctuation the quote ends with, inside or outside the mark
        ending = (self.text[span.end - 1 : span.close_at + 1]).replace("\ufffd?", "")
        if (
            not self.text[lo:end].strip(" ,.;")
            and k + 1 < len(sents)
            and any(ch in "?!,—" for ch in ending)
            and sents[k + 1].start < hi
        ):
            lo, end = sents[k + 1].start, min(hi, sents[k + 1].end)  # "…?” Okafor asked."
        toks = self._tokens(lo, end)
        while toks and (toks[0].tag in (",", ":", "HYPH", "NFP", "``", "''") or toks[0].text in "—–-"):
            toks = toks[1:]
        v = None
        relative = False
        for i, t in enumerate(toks[:30]):
            w = t.text.lower()
            # a verb the tagger took for a noun ("the policy states.") still ends the clause
            ends = i + 1 == len(toks) or toks[i + 1].tag in (".", ",", ":")
            if w in SPEECH_WORDS and (
                t.tag not in ("NN", "NNS", "NNP", "NNPS") or (ends and t.tag in ("NN", "NNS"))
            ):
                v = i
                break
            if t.tag == "." or t.text in (";", "(", "“", '"'):
                return None
            if w in _RELATIVE:
                relative = True
            if t.tag in _FINITE and not relative:
                return self._inverted_tail(toks[i:])
        if v is None:
            return None
        verb = toks[v].text.lower()
        if v == 0:
            if verb in _LISTENER_VERBS:
                return None
            rest = toks[2:] if verb == "according" else toks[1:]
            return self._after_verb(rest)
        if (
            toks[v - 1].tag == ","
            and verb not in _LISTENER_VERBS
            and verb != "according"
            and v + 1 < len(toks)
            and toks[v + 1].tag != "PRP"
        ):
            # "“… responds” to sex steroids, said Douglas Meinecke": the quote runs on into the
            # sentence, and the tag after its comma is inverted, the speaker after the verb
            inverted = self._after_verb(toks[v + 1 :])
            if inverted is not None and inverted.kind == "named":
                return inverted
        return self._subject(toks[:v], lo)

    def _inverted_tail(self, toks: list[Token]) -> Who | None:
        """A partial quote the sentence runs on from, tagged at its end: "“…the harbour” comes
        first, began Ruiz." (a comma, a speech verb, a name, the sentence's end)."""
        for i in range(1, len(toks) - 1):
            if toks[i - 1].tag != "," or toks[i].text.lower() not in SPEECH_WORDS:
                continue
            if toks[i].text.lower() in _LISTENER_VERBS or toks[i].text.lower() == "according":
                continue
            m = self._mention_at(toks[i + 1])
            if m is None or m.kind != "PERSON" or m.possessive:
                continue
            rest = [t for t in toks[i + 1 :] if t.start >= m.end]
            if all(t.tag == "." for t in rest):
                return self._named(m)
        return None

    # -- the tag before the opening mark -----------------------------------------------------------

    def _before(self, span: QuoteSpan) -> Who | None:
        ctx, n = self.ctx, self.n
        pi = self._para(span.open_at)
        para = self.paras[pi]
        earlier = [s.close_at for s in self.spans if s.close_at < span.open_at and s.close_at >= para[0]]
        k = ctx.sentence_at(n, span.open_at)
        lo = max([para[0], ctx.docs[n].sentences[k].start, *[c + 1 for c in earlier]])
        toks = self._tokens(lo, span.open_at)
        if not toks and not earlier and pi > 0:
            prev_lo, prev_hi = self.paras[pi - 1]
            if self.text[prev_lo:prev_hi].rstrip().endswith(":"):  # "she said:" ¶ “…”
                pk = ctx.sentence_at(n, prev_hi - 1)
                toks = self._tokens(max(prev_lo, ctx.docs[n].sentences[pk].start), prev_hi)
        return self._tag_in(toks, lo, earlier_quote=bool(earlier))

    def _tag_in(self, toks: list[Token], lo: int, *, earlier_quote: bool) -> Who | None:
        while (toks and toks[-1].tag in (",", ":", "HYPH", "NFP")) or (toks and toks[-1].text in "—–-"):
            toks = toks[:-1]
        verbs = [
            i
            for i, t in enumerate(toks)
            if t.text.lower() in _BEFORE_VERBS
            and t.tag not in ("NN", "NNS", "NNP")
            and not self._in_quote(t.start)
        ]
        if not verbs:
            return None
        v = verbs[-1]
        verb = toks[v].text.lower()
        if verb == "according":
            return self._after_verb(toks[v + 2 :])
        if v + 1 < len(toks) and toks[v + 1].text.lower() == "by":
            return self._after_verb(toks[v + 2 :])  # "Asked by Whitfield, “…?”"
        if v > 0 and toks[v].tag == "VBG" and toks[v - 1].tag == ",":
            # "Johnston said the case hurt relations with black Britons, saying that it had been
            # “…”": a participle set off by a comma tells what the sentence's subject said, not
            # the last name before the comma
            k = self.ctx.sentence_at(self.n, toks[v].start)
            sent = self._tokens(self.ctx.docs[self.n].sentences[k].start, toks[v].start)
            subjects = [m for m in self._subjects_before(sent) if m.kind == "PERSON"]
            if subjects:
                return self._named(subjects[0])
        who = self._subject(toks[:v], lo)
        if who is None and v == 0 and v + 1 < len(toks) and verb not in _LISTENER_VERBS:
            who = self._after_verb(toks[v + 1 :])  # "Said Okafor: “…”"
        if who is None:
            # "…,” but added, “…”" / "X, an advisor, disclosed … and declared “…”"
            prev = self.done[-1] if self.done else None
            if earlier_quote and prev is not None and prev.who is not None:
                return prev.who
            names = [self._mention_at(t) for t in toks[:v]]
            firsts = [m for m in names if m is not None and m.kind == "PERSON" and not m.possessive]
            if firsts:
                return self._named(firsts[0])
            if earlier_quote and toks:
                # "X called the trial “…,” saying that … “…”": the subject of the sentence
                k = self.ctx.sentence_at(self.n, toks[0].start)
                sent = self._tokens(self.ctx.docs[self.n].sentences[k].start, toks[0].start)
                subjects = [m for m in self._subjects_before(sent) if m.kind == "PERSON"]
                if subjects:
                    return self._named(subjects[0])
        return who

    # -- speaker phrases ---------------------------------------------------------------------------

    def _subject(self, toks: list[Token], lo: int) -> Who | None:
        """The speaker written right before the verb: walk back over adverbs and auxiliaries, then
        a pronoun, a name (with "A and B"), a name before an apposition, or a description."""
        j = len(toks) - 1
        while j >= 0:
            if toks[j].text.lower() in _AUX or toks[j].tag in ("RB", "MD"):
                j -= 1
            elif toks[j].text.lower() in _DAY_WORDS:
                # "Janet Reno earlier Thursday urged", "Smith on Monday said": news puts the day
                # between the subject and its verb; a day is never the speaker
                j -= 1
                while j >= 0 and toks[j].text.lower() in _BEFORE_A_DAY:
                    j -= 1
            else:
                break
        if j < 0:
            return None
        last = toks[j]
        if last.text.lower() in _PRONOUNS and last.tag == "PRP":
            return self._pronoun(last)
        if last.tag == "PRP":
            return None  # "they", "we", "I": not resolved
        if last.tag == "CC":
            # "her brother had taken her aside and warned": the subject of the first verb
            finite = [i for i in range(j) if toks[i].tag in _FINITE]
            return self._subject(toks[: finite[-1]], lo) if finite else None
        m = self._mention_at(last)
        first = next((i for i, t in enumerate(toks) if m is not None and t.start == m.start), 0)
        modifier = m is not None and first > 0 and toks[first - 1].tag in ("IN", "TO", ",")
        if m is not None and not m.possessive and not modifier:
            return self._coordinated(toks[: j + 1], m)
        if last.tag in (",", "-RRB-") or modifier:
            # "X, a scientist at Y, told" / "expert X of Y Inc. told": the person before the modifier
            cands = self._subjects_before(toks[: j + 1])
            persons = [c for c in cands if c.kind == "PERSON"]
            pick = persons[-1] if persons else cands[-1] if cands else None
            return self._coordinated(toks[: j + 1], pick) if pick is not None else None
        if last.tag in ("NN", "NNS", "NNP", "NNPS"):
            k = j
            while k > 0 and toks[k - 1].tag in _NP_TAGS and toks[k].tag not in ("DT", "PRP$"):
                k -= 1  # back to the determiner that opens the phrase ("a review | his editor")
            np = toks[k : j + 1]
            names = [mm for t in np if (mm := self._mention_at(t)) is not None and not mm.possessive]
            if names:
                return self._named(names[-1])
            if last.tag in ("NNP", "NNPS"):
                cap = [t for t in np if t.tag in ("NNP", "NNPS")]
                name = strip_title(" ".join(t.text for t in cap))
                if name and name.split()[0].lower() != "the" and not is_title(name):
                    return Who(display_name(name, self.idx, self.genders))
            return self._described(np)
        return None

    def _subjects_before(self, toks: list[Token]) -> list[MentionSpan]:
        """Names that can be a subject: not possessive, not right after a preposition or verb."""
        out: list[MentionSpan] = []
        seen: set[int] = set()
        for i, t in enumerate(toks):
            m = self._mention_at(t)
            if m is None or m.start in seen or m.possessive:
                continue
            seen.add(m.start)
            if m.start != t.start:
                continue
            prev = toks[i - 1] if i > 0 else None
            if prev is not None and (prev.tag in ("IN", "TO") or prev.tag.startswith("VB")):
                continue
            out.append(m)
        return out

    def _coordinated(self, toks: list[Token], m: MentionSpan) -> Who:
        """ "Priya Marsh-Dalton and Lou Fenner" → both; otherwise the one name."""
        first = self._named(m)
        i = next((i for i, t in enumerate(toks) if t.start == m.start), None)
        if i is None or i < 2 or toks[i - 1].text.lower() not in ("and", "&"):
            return first
        other = self._mention_at(toks[i - 2])
        if other is None or other.kind != m.kind or other.possessive or other.entity == m.entity:
            return first
        a = self._named(other)
        if a.kind != "named" or first.kind != "named":
            return first
        return Who(f"{a.name} and {first.name}", a.entities + first.entities)

    def _after_verb(self, toks: list[Token]) -> Who | None:
        """The speaker written after the verb: "said regular customer Jose Nunez", "said Nunez, the
        owner", "said a statement from her publicist", "said a relative"."""
        stop = len(toks)
        for i, t in enumerate(toks):
            if t.tag in (",", ".", ":") or t.text in (";", "(") or (t.tag in ("IN", "TO") and t.text != "of"):
                stop = i
                break
            if t.tag.startswith("VB") and i > 0:
                stop = i
                break
        head = toks[:stop]
        if not head:
            return None
        if len(head) == 1 and head[0].text.lower() in _PRONOUNS:
            return self._pronoun(head[0])
        names = [m for t in head if (m := self._mention_at(t)) is not None and not m.possessive]
        if names:
            return self._coordinated(head, names[0])
        nouns = [t for t in head if t.tag in ("NN", "NNS")]
        if (
            nouns
            and nouns[-1].text.lower() in _DOCUMENTS
            and stop < len(toks)
            and toks[stop].text.lower() in ("from", "by", "of")
        ):
            return self._after_verb(toks[stop + 1 :])
        if stop < len(toks) and toks[stop].tag == "," and stop + 1 < len(toks):
            m = self._mention_at(toks[stop + 1])
            if m is not None and m.kind == "PERSON" and not m.possessive:
                return self._named(m)  # "said a spokeswoman, Jane Doe."
        cap = [t for t in head if t.tag in ("NNP", "NNPS")]
        if cap and cap[-1] is head[-1]:
            name = strip_title(" ".join(t.text for t in cap))
            if name and not is_title(name):
                return Who(display_name(name, self.idx, self.genders))
        if nouns:
            return self._described(head)
        return None

    def _described(self, np: list[Token]) -> Who | None:
        """ "the advisor" → of the people given that title (not as a former one), the one named
        last before it, else the only one; "the company" → the organisation named
        last before it; otherwise the description as written ("a police source")."""
        if not np or np[-1].tag not in ("NN", "NNS", "NNP", "NNPS"):
            return None
        if np[-1].text.lower() in _WRITINGS:
            # "his report suggests …", "the mayor's statement said …": a document speaks for its
            # author, whom its possessor names; "his report" alone tells a reader nothing
            for k, t in enumerate(np[:-1]):
                if t.tag == "PRP$":
                    # unresolved, "his report" names no one a reader can tell, nor does "their
                    # petition" (plural and "its" possessors are not resolved): no speaker
                    return self._pronoun(t) if pronoun_gender(t.text) is not None else None
                elif t.tag == "POS" and k > 0:
                    m = self._mention_at(np[k - 1])
                    if m is not None and m.kind == "PERSON":
                        return self._named(m)
        phrase = " ".join(self.text[np[0].start : np[-1].end].split())
        head = title_head(phrase)
        if head:
            titled = {t.entity for t in self.idx.titles if t.head == head and not t.former}
            named = [m for m in self.people if m.entity in titled and m.end <= np[0].start]
            if named:  # of the people the story gives that title, the one named last before
                return Who(display_name(named[-1].entity, self.idx, self.genders), (named[-1].entity,))
            for scope in ("article", "story"):
                who = {
                    t.entity
                    for t in self.idx.titles
                    if t.head == head and not t.former and (scope == "story" or t.doc == self.n)
                }
                if len(who) == 1:
                    name = next(iter(who))
                    return Who(display_name(name, self.idx, self.genders), (name,))
        if np[0].text.lower() == "the" and np[-1].text.lower() in _COLLECTIVE and len(np) == 2:
            orgs = [
                m
                for m in self.people
                if m.kind == "ORG" and m.end <= np[0].start and not self._in_quote(m.start)
            ]
            orgs = [
                m
                for m in orgs
                if self.ctx.sentence_at(self.n, m.start) >= self.ctx.sentence_at(self.n, np[0].start) - 3
            ]
            if orgs:
                return Who(orgs[-1].entity, (orgs[-1].entity,))
        if np[-1].tag in ("NNP", "NNPS") and not is_title(np[-1].text):
            return None
        if len(np) == 2 and np[0].text.lower() == "the":
            # "the policy states" after "the Acme policy": the fuller description given earlier
            fuller = list(
                re.finditer(
                    rf"\b[Tt]he((?:\s+[A-Z][\w’'&.-]*)+)\s+{re.escape(np[1].text)}\b",
                    self.text[: np[0].start],
                )
            )
            fuller = [f for f in fuller if not self._in_quote(f.start())]
            if fuller:
                return Who(" ".join(fuller[-1].group().split()), kind="described")
        return Who(phrase, kind="described")

    def _named(self, m: MentionSpan) -> Who:
        if m.ambiguous:
            e = self.idx.entity(m.entity)
            cands = e.candidates if e else ()
            # a surname several people share: the one of them named last before it in this article
            # (a form with the surname in it: "her son Theo" does not make "Hale" Theo)
            surname = self.text[m.start : m.end].lower()
            lead = self.ctx.tokens_between(self.n, max(0, m.start - 6), m.start)
            if lead:
                titled = f"{lead[-1].text} {self.text[m.start : m.end]}".lower()
                exact = [c for c in cands if c.lower().replace(".", "") == titled.replace(".", "")]
                if len(exact) == 1:  # "Mr Pemberton" where the story has a "Mr Pemberton"
                    return Who(display_name(exact[0], self.idx, self.genders), (exact[0],))
            g = pronoun_gender(
                {"mr": "he", "mrs": "she", "ms": "she", "miss": "she"}.get(
                    lead[-1].text.lower().rstrip(".") if lead else "", ""
                )
            )
            before = [
                x
                for x in self.people
                if x.end <= m.start
                and x.entity in cands
                and not x.ambiguous
                and surname in self.text[x.start : x.end].lower()
                and self._fits(x.entity, g)
            ]
            if before:
                return self._named(before[-1])
            return Who(display_name(m.entity, self.idx, self.genders), (m.entity,), cands, "bare")
        name = display_name(m.entity, self.idx, self.genders) if m.kind == "PERSON" else m.entity
        return Who(name, (m.entity,))

    # -- pronouns ----------------------------------------------------------------------------------

    def _pronoun(self, tok: Token) -> Who | None:
        """ "he"/"she": in the nearest sentence (this one, then up to three before) that names a
        compatible person, the first subject (a name not right after a preposition or a verb; a
        quote's speaker counts where the quote is), else the first object. An earlier he/she of
        the same gender before any name continues the chain ("He said … “…,” he said")."""
        gender = pronoun_gender(tok.text)
        ctx, n = self.ctx, self.n
        here = ctx.sentence_at(n, tok.start)
        not_them: set[str] = set()  # "her partner Dalton … she said": she is not Dalton
        for k in range(here, max(-1, here - 4), -1):
            s = ctx.docs[n].sentences[k]
            hi = tok.start if k == here else s.end
            cands: list[tuple[int, Who]] = []
            for a in self.done:
                if (
                    a.who is not None
                    and a.who.kind == "named"
                    and s.start <= a.span.open_at < hi
                    and len(a.who.entities) == 1
                    and self._fits(a.who.entities[0], gender)
                ):
                    cands.append((a.span.open_at, a.who))
            toks = self._tokens(s.start, hi)
            objects: list[tuple[int, Who]] = []
            for i, t in enumerate(toks):
                if t.tag == "PRP" and t.text.lower() in _PRONOUNS and t.start != tok.start:
                    if pronoun_gender(t.text) == gender and not cands and not objects:
                        return self._pronoun(t)
                    continue
                m = self._mention_at(t)
                if m is None or m.start != t.start or m.kind != "PERSON" or m.possessive:
                    continue
                owner = self._tied(toks, i)
                if owner is not None and pronoun_gender(owner.text) in (gender, None):
                    # "her father, Hans Keller … she said": she is not her own father; but "his
                    # wife, Laura Kemp … she said" may well be the wife
                    not_them.add(m.entity)
                    continue
                if m.entity in self.byline or m.entity in not_them:
                    continue
                who = self._named(m)
                if who.kind != "described" and self._fits(who.entities[0], gender):
                    prev = toks[i - 1] if i > 0 else None
                    if prev is not None and (prev.tag in ("IN", "TO") or prev.tag.startswith("VB")):
                        objects.append((m.start, who))
                    else:
                        cands.append((m.start, who))
            if cands or objects:
                return min(cands or objects, key=lambda c: c[0])[1]
        return None

    def _proper(self, m: MentionSpan) -> bool:
        """A name has a proper noun in it ("Celebrity chef" recognized as a person has none)."""
        return any(t.tag in ("NNP", "NNPS") for t in self.ctx.tokens_between(self.n, m.start, m.end))

    def _fits(self, entity: str, gender: str | None) -> bool:
        g = self.genders.get(entity)
        return gender is None or g is None or g == gender

    @staticmethod
    def _tied(toks: list[Token], i: int) -> Token | None:
        """The possessive that ties a name to someone ("her" of "her father, Hans Keller", "his"
        of "his wife Ann"), or None. The noun must name a person ("father", "agent", a title):
        "During her racing career, Maren won …" ties Maren to nobody."""
        j = i - 1
        if j >= 0 and toks[j].tag == ",":
            j -= 1
        head = toks[j].text.lower() if j >= 0 else ""
        steps = 0
        while j >= 0 and steps < 4 and toks[j].tag in ("NN", "NNS", "JJ"):
            j -= 1
            steps += 1
        person = head in _RELATION_NOUNS or head in TITLE_WORDS
        return toks[j] if steps > 0 and j >= 0 and toks[j].tag == "PRP$" and person else None

    # -- no tag --------------------------------------------------------------------------------

    def _continued(self, span: QuoteSpan) -> Who | None:
        """A quote with no tag of its own: the speaker of the quote before it, or of the reported
        speech right before it, when nobody else is named in between."""
        ctx, n = self.ctx, self.n
        pi = self._para(span.open_at)
        prev = self.done[-1] if self.done else None
        if prev is not None and prev.who is not None:
            ppi = self._para(prev.span.close_at)
            others = self._named_between(prev.span.close_at, span.open_at) - set(prev.who.entities)
            # in one paragraph, a person named after the previous quote's own sentence ("… said
            # Brooks. Webb was less diplomatic. “…”") breaks the chain; its tag ("said of his
            # rival Jones") does not
            tag_end = ctx.docs[n].sentences[ctx.sentence_at(n, prev.span.close_at)].end
            later = self._named_between(max(tag_end, prev.span.close_at), span.open_at) - set(
                prev.who.entities
            )
            if (ppi == pi and not later) or (ppi == pi - 1 and not others):
                return prev.who
        k = ctx.sentence_at(n, span.open_at)
        para = self.paras[pi]
        if k > 0 and ctx.docs[n].sentences[k - 1].start >= para[0]:
            s = ctx.docs[n].sentences[k - 1]
            toks = self._tokens(s.start, min(s.end, span.open_at))
            verbs = [
                i for i, t in enumerate(toks) if t.text.lower() in SPEECH_WORDS and t.tag.startswith("VB")
            ]
            if verbs:
                return self._subject(toks[: verbs[0]], s.start)
        return self._introduced(span, pi)

    def _looked_back(self, span: QuoteSpan) -> Who | None:
        """A tag in the sentence after the quote that points back at it: "“…” That was how Pratt
        put it in a letter to residents.", "“…” Those were the words of Mayor Ellen Pratt." News
        names the speaker of a quote it sets apart this way in the next sentence, not the
        speaker of the quote before (whom the no-tag chain would give it)."""
        m = _LOOKED_BACK.match(self.text, span.close_at + 1)
        if m is None:
            return None
        group = next(g for g in ("who", "who2", "who3") if m.group(g) is not None)
        for x in self.people:
            if m.start(group) <= x.start < m.end(group) and x.kind == "PERSON":
                return self._named(x)
        return None

    def _introduced(self, span: QuoteSpan, pi: int) -> Who | None:
        """A quote opening a paragraph after one that announces it without quoting: "… a Twitter
        thread from Dale Ostrow of the Parks Trust, calling on …" ¶ “…”."""
        if pi == 0 or self.text[self.paras[pi][0] : span.open_at].strip():
            return None
        lo, hi = self.paras[pi - 1]
        if any(lo <= q.open_at < hi for q in self.spans):
            return None
        toks = self._tokens(lo, hi)
        for i in range(len(toks) - 2):
            if toks[i].text.lower() in _DOCUMENTS and toks[i + 1].text.lower() in ("from", "by"):
                m = self._mention_at(toks[i + 2])
                if m is not None and m.kind == "PERSON" and not m.possessive:
                    return self._named(m)
        return None

    def _named_between(self, lo: int, hi: int) -> set[str]:
        """The people named outside quotes in [lo, hi) (a bare shared surname counts as each of
        the people it may be)."""
        out: set[str] = set()
        for m in self.people:
            if m.kind == "PERSON" and lo <= m.start < hi and not self._in_quote(m.start):
                who = self._named(m)
                out.update(who.entities)
                out.update(who.candidates)
        return out
