"""Sentence splitting with character offsets into the cleaned article text.

Line breaks in cleaned text are paragraph breaks, so no sentence crosses one; within a paragraph
nupunkt finds the boundaries (it handles "U.S.", "Jan. 11", "Robert C. O'Brien" correctly).

nupunkt's bundled model learned its ~5,900 abbreviations from legal and government text, so besides
real ones ("Dr.", "Jan.", "U.S.") it lists ordinary words and names ("bank", "port", "fed", "art",
"no", "car") and glues "… held by the Fed. Powell said …" into one sentence. A wrong abbreviation
costs only before a capitalised word (before a lower-case word or a figure the period is clearly
not a sentence end), so :func:`news_tokenizer` keeps every learned abbreviation but tells nupunkt,
through its own per-abbreviation break rates, that one ends the sentence before a capitalised
word, unless it is one that news style writes before a capitalised name or noun (titles, "St.",
"Inc.", "U.S.", the AP state abbreviations that are not English words, ...): for those nupunkt's
learned orthographic evidence still decides, as before. "p.m." and "a.m." end a sentence before
a capitalised word except a weekday or a time zone ("5 p.m. Monday", "10 a.m. EDT").
"""

from __future__ import annotations

import re
from functools import lru_cache

from nupunkt import PunktSentenceTokenizer
from nupunkt.models import load_default_model

from newsbrief.model import Article, Sentence

_PARAGRAPH = re.compile(r"[^\n]+")

# Abbreviations (lower case, no final period, nupunkt's "type") that conventionally stand before a
# capitalised word in news copy, so a following capital is no evidence of a sentence end; nupunkt's
# own orthographic statistics decide for them. Sources: AP Stylebook abbreviations (titles before
# names, state abbreviations that are not also English words, company designators, place
# prefixes) and the Latin connectives that always introduce what follows.
_BEFORE_CAPITALS = frozenset(
    {
        # titles before a name (nupunkt's own title list, plus military and civil ranks)
        *("mr", "mrs", "ms", "messrs", "mmes", "dr", "drs", "prof", "profs", "hon", "rev", "msgr"),
        *("fr", "sr", "jr", "gen", "gens", "lt", "col", "capt", "sgt", "maj", "brig", "adm", "cmdr"),
        *("cpl", "pvt", "supt", "det", "insp", "gov", "govs", "sen", "sens", "rep", "reps", "del"),
        *("atty", "pres", "amb"),
        # place prefixes
        *("st", "ste", "mt", "ft"),
        # company designators ("Apple Inc. Chief Executive Tim Cook")
        *("inc", "corp", "co", "cos", "ltd", "bros", "llc", "plc"),
        # AP state abbreviations that are not English words ("ill", "mass", "wash" are left out)
        *("ala", "ariz", "calif", "colo", "fla", "kan", "ky", "md", "mich", "minn", "mont"),
        *("neb", "nev", "okla", "tenn", "vt", "va", "wis", "wyo", "conn"),
        # connectives that never end a sentence
        *("vs", "e.g", "i.e", "a.k.a", "cf", "viz"),
    }
)
# Time-of-day designators, and the capitalised words that continue a time in AP style: a weekday,
# a date or a time zone ("5 p.m. Monday", "6 p.m. Oct. 3", "10 a.m. EDT").
_TIME_OF_DAY = ("a.m", "p.m")
_AFTER_TIME = (
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    *("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"),
    *("january", "february", "march", "april", "may", "june", "july", "august", "september"),
    *("october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug"),
    *("sep", "sept", "oct", "nov", "dec"),
    *("et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt", "gmt"),
    *("utc", "bst", "cet", "cest", "eastern", "central", "pacific", "mountain"),
)
# Two single letters with a dot ("J.R.", "U.S.", "U.K.", "D.C.") are personal initials or attributive
# initialisms before a capitalised word far more often than the end of a sentence.
_INITIAL_PAIR = re.compile(r"[a-z]\.[a-z]")


@lru_cache(maxsize=1)
def news_tokenizer() -> PunktSentenceTokenizer:
    """nupunkt's default model, configured for news (see the module docstring); built once.

    A fresh copy of the model (``nupunkt.models.load_default_model``), never the instance that
    ``nupunkt.load("default")`` shares with every other caller. Cost: ~0.3 s on first use.
    """
    tokenizer = load_default_model()
    params = tokenizer.parameters
    params.abbrev_types.update(_BEFORE_CAPITALS)  # the model misses a few ("Lt.", "Cmdr.", "Msgr.")
    # "Ends the sentence before a capitalised word in every one of N cases", N at nupunkt's own
    # minimum count for a decisive rate: the break-rate rule runs after the title and collocation
    # rules, before the orthographic ones.
    always = (tokenizer.BREAK_RATE_MIN_COUNT, tokenizer.BREAK_RATE_MIN_COUNT)
    for typ in params.abbrev_types:
        if len(typ) > 1 and typ not in _BEFORE_CAPITALS and not _INITIAL_PAIR.fullmatch(typ):
            params.abbrev_break_rates[typ] = always
    for typ in _TIME_OF_DAY:
        params.abbrev_break_rates[typ] = always
        # nupunkt keys the next word by its type, which keeps the period of an abbreviation ("nov.")
        params.collocations.update((typ, word + end) for word in _AFTER_TIME for end in ("", "."))
    # Edited news copy starts every sentence with a capital: "!" or "?" before a lower-case word is
    # inside the sentence ("Yahoo! in 1995").
    tokenizer.EXCL_QUEST_LOWERCASE_CONTINUES = True
    tokenizer.clear_decision_cache()
    return tokenizer


def _open_quotes(chunk: str) -> int:
    """Quotation marks ``chunk`` leaves open (curly quotes counted as pairs, straight ones by parity)."""
    return max(chunk.count("“") - chunk.count("”"), 0) + chunk.count('"') % 2


# A quotation that ends in "?" or "!" and is followed by its speech tag: “Why wait?” Councillor
# Amara Okafor asked. The tag is one to four capitalised words (a name, with any title) and a
# reporting verb; the quotation and the tag are one sentence.
_EXCLAIMED_QUOTE_END = re.compile(r"[?!][”\"’']\s*$")
_SPEECH_TAG = re.compile(
    r"(?:[A-Z][\w'’.-]*\s+){1,4}"
    r"(?:said|says|asked|asks|shouted|shouts|yelled|yells|cried|cries|screamed|exclaimed"
    r"|added|adds|told|tells|wrote|writes|continued|insisted|demanded|wondered"
    r"|pleaded|declared|warned|recalled|explained|argued|noted|snapped|whispered|sang|chanted)\b"
)


def split_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of the sentences of ``text``, trimmed of surrounding whitespace.

    A boundary inside a quotation is undone when the next piece closes the quote: a quoted headline
    such as “Happy Birthday, Trump Tells Kim. Not Enough, North Korea Says,” is one sentence. So is
    one between a quotation ending in "?" or "!" and its speech tag (“Get out!” Okafor shouted.).
    """
    tokenizer = news_tokenizer()
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text):
        base = para.start()
        pieces: list[tuple[int, int]] = []
        for start, end in tokenizer.span_tokenize(para.group()):
            chunk = text[base + start : base + end]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            s, e = base + start + lead, base + end - trail
            if e <= s:
                continue
            if pieces and _continues(text[pieces[-1][0] : pieces[-1][1]], text[s:e]):
                pieces[-1] = (pieces[-1][0], e)
            else:
                pieces.append((s, e))
        spans.extend(pieces)
    return spans


# A time of day that goes on: "at 7:40 a.m. Moscow time", or one that premodifies a noun after an
# article ("the 6 p.m. Express", "a 2 p.m. Orchard Hall matinee").
_TIME_END = re.compile(r"\b[ap]\.m\.$")
_ARTICLE_TIME_END = re.compile(r"\b(?:the|a|an)\s+[\d:.]+\s*[ap]\.m\.$", re.IGNORECASE)
_ZONE_TIME = re.compile(r"[A-Z][\w-]*\s+time\b")


def _continues(previous: str, piece: str) -> bool:
    """Whether ``piece`` belongs to the sentence ``previous``: it closes an open quote, it is the
    speech tag of a quotation ending in "?" or "!", or it continues a time of day."""
    if _open_quotes(previous) and _closes_quote(piece):
        return True
    if _EXCLAIMED_QUOTE_END.search(previous) and _SPEECH_TAG.match(piece):
        return True
    return bool(
        _TIME_END.search(previous) and (_ARTICLE_TIME_END.search(previous) or _ZONE_TIME.match(piece))
    )


def _closes_quote(chunk: str) -> bool:
    return chunk.count("”") > chunk.count("“") or chunk.count('"') % 2 == 1


def split_article(article: Article) -> tuple[Sentence, ...]:
    """The sentences of ``article`` as views (offsets), numbered from 0 in reading order."""
    return tuple(
        Sentence(article.id, i, start, end) for i, (start, end) in enumerate(split_spans(article.text))
    )
