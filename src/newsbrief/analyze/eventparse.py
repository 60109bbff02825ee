"""What a date in a sentence belongs to, read off spaCy's dependency parse.

For each date mention: the verb that governs it (walk up the tree from the date to the first verb),
that verb's tense (its tag and morphology, its auxiliaries — "will", "would", "has", "was" — and
the verb that controls an infinitive: "is expected to", "plans to"), whether it is a reporting
verb ("said on Monday"), whether the date only modifies a noun ("his 2014 Volvo"), whether the
verb is the sentence's main one, and the clause to show for the event.

Only the sentences that hold a date are parsed (tok2vec → tagger → parser → attribute ruler →
lemmatizer of the story's spaCy model, see ``context.nlp``): the story-wide parse in
``context.parse`` leaves the parser out because the other sections need no trees, and parsing the
few dated sentences again costs a fraction of parsing every article (on the 12 analysis-dev stories:
122 of 1,048 sentences, 1.2 s against 16.6 s for the story-wide tagger and recognizer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsbrief.analyze.context import _LOCK, nlp

_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
_FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo", "would"})
_MODAL = frozenset({"can", "could", "may", "might", "must", "should", "ought"})
_BE_PRESENT = frozenset({"is", "are", "am", "'s", "’s", "'re", "’re", "'m", "’m"})
_PAST_AUX = frozenset({"was", "were", "had", "has", "have", "did", "been"})
# Verbs whose infinitive complement lies ahead: "is expected to weaken", "plans to visit".
_AHEAD = frozenset(
    {"expect", "schedule", "set", "due", "plan", "slate", "intend", "aim", "hope", "prepare", "go", "poise"}
)
# Reporting verbs: a date on them dates the telling, not the event told.
_SPEECH = frozenset(
    {"say", "tell", "speak", "add", "state", "ask", "reply", "recall", "explain", "interview"}
)
_VERB_POS = frozenset({"VERB", "AUX"})
# Nouns that are part of a date ("Thursday morning"), not an event it dates.
_TIME_NOUNS = frozenset(
    {"morning", "afternoon", "evening", "night", "day", "week", "month", "year", "time", "weekend", "edition"}
)


@dataclass(frozen=True, slots=True)
class Governor:
    """The parse facts about one date mention; offsets are into the parsed sentence text.

    ``tense``: "past", "future" or None (no verb, or one that says neither); ``lemma``: what
    names the event, the noun the date qualifies ("her 2007 memoir") or else the governing verb
    ("" without a verb), and ``word`` its token index (-1 without); ``speech``: that word reports speech ("said on Monday", "an interview in
    2009"); ``label``: the date is part of a name ("his 2014 Volvo"), dates a noun through a
    participle that modifies it ("sanctions imposed between 2016 and 2017") or is a comparison's
    baseline ("its highest level since 1997"); ``imperative``: a command
    ("Watch the interview on March 4"); ``main``: the verb tells the sentence's own news, not a
    background clause; ``clause``: the parser's sentence holding the date, or for a date of a
    relative clause the noun it describes with that clause ("Benning, who led the city from 2009
    to 2017", "the ferry, which sank on Sunday"); ``relative``: the date is a relative clause's.
    """

    tense: str | None
    lemma: str
    word: int
    speech: bool
    label: bool
    imperative: bool
    main: bool
    clause: tuple[int, int]
    relative: bool = False


def parse_sentences(texts: Sequence[str]) -> list[Any]:
    """spaCy docs (with dependency trees and lemmas) of ``texts``, in order."""
    model = nlp()
    with _LOCK:
        docs = [model.make_doc(t) for t in texts]
        for name in _PIPES:
            pipe = model.get_pipe(name)
            docs = list(pipe.pipe(docs, batch_size=64)) if hasattr(pipe, "pipe") else [pipe(d) for d in docs]
    return docs


def governor(doc: Any, start: int, end: int) -> Governor:
    """What governs the date at characters ``[start, end)`` of ``doc``'s text."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Governor(None, "", -1, False, False, False, False, (0, len(doc.text)))
    head = span.root
    sentence = (head.sent.start_char, head.sent.end_char)
    # a model or edition name ("his 2014 Volvo V70") is a label, not a date of an event; so is a
    # number naming a road, a room or a bill ("Route 2026"), and a work named by its author's
    # possessive ("George Orwell's 1984", a year that qualifies no noun)
    before = doc[span.start - 1] if span.start > 0 else None
    label = (
        (head.dep_ in ("compound", "nummod", "amod", "nmod") and head.head.pos_ == "PROPN")
        or (before is not None and before.text.lower().rstrip(".") in _LABEL_NOUNS)
        or (
            before is not None
            and before.tag_ == "POS"
            and before.i > 0
            and doc[before.i - 1].pos_ == "PROPN"
            and not (span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN"))
        )
    )
    verb = _verb_above(head)
    if verb is None:
        return Governor(None, "", -1, False, label, False, False, sentence)
    label = label or _attributive(span, verb) or _baseline(head)
    noun = _event_noun(head, verb)
    word = noun if noun is not None else verb
    lemma = word.lemma_.lower()
    imperative = (
        verb.dep_ == "ROOT"
        and verb.tag_ == "VB"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)
    )
    tense = "future" if _forecast_deadline(head, verb) else _tense(verb)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        # "Benning, who led the city from 2009 to 2017, had faced up to 10 years": the date is the
        # relative clause's, so the event shown is the noun with its clause, not the sentence
        words = [t for t in verb.head.subtree if not t.is_punct or t.i < verb.right_edge.i]
        sentence = (min(t.idx for t in words), max(t.idx + len(t.text) for t in words))
        return Governor(tense, lemma, word.i, lemma in _SPEECH, label, imperative, False, sentence, True)
    return Governor(tense, lemma, word.i, lemma in _SPEECH, label, imperative, _main(verb), sentence)


# Verbs that tell what is to come: the deadline a forecast sets lies ahead of the forecast,
# whatever its tense ("forecasters warned of a further 15 cm by Saturday evening").
_FORECAST = frozenset({"warn", "forecast", "predict", "expect", "project", "anticipate", "caution", "fear"})


def _forecast_deadline(date_head: Any, verb: Any) -> bool:
    """The date is the deadline ("by", "until") of a forecast verb: it dates what is forecast, which
    lies ahead of the telling, not the telling ("warned on Friday", a past date, stays past)."""
    if date_head.dep_ == "compound" and date_head.head.lemma_.lower() in _TIME_NOUNS:
        date_head = date_head.head  # "Saturday evening"
    # the date's text may hold its preposition ("by Saturday"), the root of the span then
    prep = date_head if date_head.dep_ == "prep" else date_head.head
    return bool(
        (date_head.dep_ == "pobj" or prep.i == date_head.i)
        and prep.text.lower() in ("by", "until")
        and prep.head.i == verb.i
        and verb.lemma_.lower() in _FORECAST
    )


def _baseline(date_head: Any) -> bool:
    """The date is a comparison's baseline: "since" hung on a noun or an adjective ("its highest
    level since 1997", "the worst flood since 1997", "the lowest since 2001"). It tells how long
    the record held, not when anything in the sentence happened ("has lived there since 1997",
    "since" on a verb, still dates the state's start)."""
    prep = date_head if date_head.dep_ == "prep" else date_head.head
    return bool(prep.text.lower() == "since" and prep.head.tag_[:2] in ("NN", "JJ"))


def _attributive(span: Any, verb: Any) -> bool:
    """The date belongs to a participle that modifies a noun, right after it: "sanctions imposed
    between 2016 and 2017", "a law passed in 1998". Such a reduced relative clause dates the noun
    (when the sanctions were imposed), not the event the sentence tells ("North Korea asked for
    relief from sanctions imposed between 2016 and 2017"). Only a date in the phrase that follows
    the participle counts: a date later in the sentence ("a law passed in 1998 on Monday") the
    parser may hang on the participle, but news puts the sentence's own date there.
    """
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or verb.head.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children):
        return False
    nxt = verb.i + 1
    while nxt < span.start and verb.doc[nxt].pos_ == "ADV":
        nxt += 1  # "imposed only in 2016"
    if nxt == span.start:
        return True  # "a man arrested Monday"
    return bool(nxt + 1 == span.start and verb.doc[nxt].dep_ == "prep" and verb.doc[nxt].head.i == verb.i)


# nouns a number after them names rather than dates: "Route 2026", "Room 1990", "Bill 2019"
_LABEL_WORDS = (
    "route highway interstate road flight room gate terminal platform model version article section",
    "chapter number no bill resolution proposition measure exit suite unit",
)
_LABEL_NOUNS = frozenset(w for line in _LABEL_WORDS for w in line.split())


def _event_noun(date_head: Any, verb: Any) -> Any | None:
    """The common noun a date qualifies on the way up to its verb ("his 2012 album", "Dalton's
    death in 2004", "last year's shooting"): that noun names the event, not the verb above it."""
    t = date_head.head
    if date_head.dep_ == "pobj" and t.dep_ == "prep":
        t = t.head  # "death in 1999"
    elif date_head.dep_ not in ("compound", "nummod", "amod", "poss", "nmod"):
        return None  # "her 2007 memoir", "last year's shooting"
    if t.i != verb.i and t.pos_ == "NOUN" and t.lemma_.lower() not in _TIME_NOUNS:
        return t
    return None


def clause_of(doc: Any, start: int, end: int, *, min_words: int = 6) -> tuple[int, int]:
    """The smallest clause (a verb with its own subject) holding ``[start, end)``, as characters.

    Falls back to the spaCy sentence when no such clause has ``min_words`` words: a clause with
    no subject ("and a final time at noon") is a fragment, never an event text.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return 0, len(doc.text)
    sentence = span.root.sent
    token = span.root
    while True:
        # a clause with its own subject that is not subordinate ("when it headed to market")
        subordinate = token.dep_ == "relcl" or any(
            c.dep_ == "mark" or c.tag_ in ("WRB", "WDT") for c in token.children
        )
        if (
            token.pos_ in _VERB_POS
            and not subordinate
            and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)
        ):
            words = [t for t in token.subtree if not t.is_punct]
            if len(words) >= min_words:
                lo = min(t.idx for t in token.subtree)
                hi = max(t.idx + len(t.text) for t in token.subtree)
                return lo, hi
        if token.head.i == token.i:
            break
        token = token.head
    return sentence.start_char, sentence.end_char


def _main(verb: Any) -> bool:
    """The verb tells the sentence's own news, not a background clause.

    Background: a relative clause ("which repealed its tax last year") or a subordinate clause
    with its own subject ("when Ms. Dalton died"). A participle without a subject ("Following
    her death in 2004, …") and a reported clause ("said the plant would close in May") are news.
    """
    t = verb
    for _ in range(40):
        if t.dep_ == "relcl":
            return False
        if t.dep_ in ("advcl", "acl", "csubj") and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return False
        if t.head.i == t.i:
            return True
        if t.dep_ not in ("conj", "xcomp", "ccomp", "advcl", "acl"):
            return True
        t = t.head
    return True


def _verb_above(token: Any) -> Any | None:
    t = token
    for _ in range(40):  # a tree has no cycles; the bound is only a guard
        if t.pos_ in _VERB_POS and t.tag_ != "MD":
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _tense(verb: Any, depth: int = 0) -> str | None:
    """ "past", "future" or None for the event ``verb`` describes (relative to the article's date)."""
    if depth > 8:
        return None
    aux = [c.text.lower() for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a in _FUTURE_AUX for a in aux) or any(a in _MODAL for a in aux):
        return "future"
    if any(a in _PAST_AUX for a in aux):
        return "past"
    tag = verb.tag_
    if "to" in aux or tag == "VB":
        # an infinitive takes its time from the verb that controls it
        head = verb.head
        if head.i != verb.i and head.pos_ in _VERB_POS:
            if head.lemma_.lower() in _AHEAD:
                return "future"
            return _tense(head, depth + 1)
        return None
    if tag == "VBD":
        return "past"
    if tag == "VBN":
        # the present passive of a scheduled event: "the bridge is closed on Monday"
        return "future" if any(a in _BE_PRESENT for a in aux) else "past"
    if tag == "VBG":
        if any(a in _BE_PRESENT for a in aux):
            return "future"  # "is meeting on Friday"
        head = verb.head
        if head.i != verb.i and head.pos_ in _VERB_POS:
            return _tense(head, depth + 1)
        return None
    if tag in ("VBZ", "VBP"):
        # the present of a scheduled event ("the bridge closes on Monday", "the vote is Friday");
        # a reporting verb in the present ("says") reports what already happened
        if verb.lemma_.lower() in _SPEECH:
            return "past"
        return "future"
    tense = verb.morph.get("Tense")
    if tense == ["Past"]:
        return "past"
    return None
