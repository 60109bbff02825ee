"""Values a sentence states — amounts of money, percentages, clock times, ages, measures, counts —
normalized so that two outlets' wordings of one value compare equal.

"$1.2 billion" and "$1,200 million" are both 1.2e9 dollars; "3 p.m." and "15:00" are both 900
minutes after midnight; "40 kilometres" and "40 km" are both 40,000 metres; "Twelve" and "12"
are both 12. Each value carries its *slot* (what it measures: ``("money", "$")``,
``("time", "")``, ``("count", "peopl")``), and only values of one slot are ever compared: "12
people" and "14 homes" say nothing against each other.

Rules, not a parser: news writes values in a handful of conventional forms (AP style and its
variants), and a rule can say exactly which slot a value fills. Pure Python, no model: cost is a
few regular-expression scans per sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from newsbrief.text import STOPWORDS, stem

_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_NUMBERS.update(_TENS)
_WORD_NUMBERS["dozen"] = 12
_MULT = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
# metres per unit; the unit's canonical name is the slot
_LENGTH = {
    "km": 1000.0,
    "kilometre": 1000.0,
    "kilometer": 1000.0,
    "kilometres": 1000.0,
    "kilometers": 1000.0,
    "m": 1.0,
    "metre": 1.0,
    "meter": 1.0,
    "metres": 1.0,
    "meters": 1.0,
    "mile": 1609.344,
    "miles": 1609.344,
    "mi": 1609.344,
    "ft": 0.3048,
    "foot": 0.3048,
    "feet": 0.3048,
    "yard": 0.9144,
    "yards": 0.9144,
    "cm": 0.01,
    "centimetre": 0.01,
    "centimeter": 0.01,
    "centimetres": 0.01,
    "centimeters": 0.01,
    "inch": 0.0254,
    "inches": 0.0254,
    # a building's storey is about 3 m (10 ft); read as approximate, so only a clear gap clashes
    "story": 3.0,
    "stories": 3.0,
    "storey": 3.0,
    "storeys": 3.0,
    "floor": 3.0,
    "floors": 3.0,
}
# a distance right after a verb of falling is how far someone or something fell: its own slot, so
# that "dropped six floors" and "slipped 40 feet" compare while "30 miles northeast" stays apart
_FALL_BEFORE = re.compile(
    r"\b(?:fell|fallen|falls?|falling|dropped|drops?|dropping|plunged|plunges?|plunging|plummeted|"
    r"plummets?|plummeting|tumbled|tumbles?|tumbling|slipped|slips?|slipping|toppled)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_APPROXIMATE_UNITS = frozenset({"story", "stories", "storey", "storeys", "floor", "floors"})
_MASS = {
    "kg": 1.0,
    "kilogram": 1.0,
    "kilograms": 1.0,
    "kilogramme": 1.0,
    "kilogrammes": 1.0,
    "tonne": 1000.0,
    "tonnes": 1000.0,
    "ton": 907.185,
    "tons": 907.185,
    "lb": 0.45359237,
    "lbs": 0.45359237,
    "pound": 0.45359237,
    "pounds": 0.45359237,
    "g": 0.001,
    "gram": 0.001,
    "grams": 0.001,
}
_CURRENCY = {
    "$": "$",
    "us$": "$",
    "usd": "$",
    "dollar": "$",
    "dollars": "$",
    "€": "€",
    "eur": "€",
    "euro": "€",
    "euros": "€",
    "£": "£",
    "gbp": "£",
    "¥": "¥",
    "yen": "¥",
    "won": "₩",
    "₩": "₩",
}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# a number grouped in thousands by spaces, as SI style and many outlets outside the US write it:
# "12 000", "1 250 000" (a plain, no-break or thin space between groups of three digits)
_SPACED_THOUSANDS = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\w.,]?\d)")
_WORDS = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_MULT_RE = r"thousand|million|billion|trillion|mln|bn|tn"
# the side of its number a bounded value lies on, from the words right before it (``Value.bound``):
# tried in order, so "just over" is near the number and "over" is anywhere above it
_BOUNDS = (
    ("nearly", re.compile(r"\b(?:nearly|almost|not\s+quite|just\s+(?:under|below|shy\s+of))\s*$", re.I)),
    ("just-over", re.compile(r"\b(?:just|slightly)\s+(?:over|above|more\s+than)\s*$", re.I)),
    ("at-least", re.compile(r"\b(?:at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of)\s*$", re.I)),
    (
        "at-most",
        re.compile(
            r"\b(?:up\s+to|at\s+most|no\s+more\s+than|a\s+maximum\s+of|as\s+(?:many|much|high|long|far)\s+as)\s*$",
            re.I,
        ),
    ),
    ("above", re.compile(r"\b(?:more\s+than|over|upwards\s+of|above|in\s+excess\s+of)\s*$", re.I)),
    ("below", re.compile(r"\b(?:less\s+than|fewer\s+than|under|below)\s*$", re.I)),
)


def _bound(before: str) -> str:
    """The bound the words right before a value put on it ("more than" → "above"), else ""."""
    return next((name for name, pattern in _BOUNDS if pattern.search(before)), "")


_RATIO = re.compile(
    r"\b(?P<w>double[sd]?|twice|triple[sd]?|tripling|doubling|quadruple[sd]?|halved|three\s+times|four\s+times)\b",
    re.IGNORECASE,
)
_RATIO_VALUE = {
    "doubl": 2.0,
    "twice": 2.0,
    "tripl": 3.0,
    "three": 3.0,
    "quadrupl": 4.0,
    "four": 4.0,
    "halved": 0.5,
}
_HEDGE = re.compile(
    r"\b(?:about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than|fewer\s+than|"
    r"as\s+(?:many|much|high|long|far)\s+as|"
    r"over|under|at\s+least|at\s+most|up\s+to|upwards\s+of|estimated|shortly\s+(?:after|before)|"
    r"no\s+(?:more|fewer|less)\s+than|a\s+(?:minimum|maximum)\s+of|in\s+excess\s+of|not\s+quite|"
    r"just\s+(?:after|before|over|under|below|above|shy\s+of)|slightly\s+(?:over|above|more\s+than)|"
    r"above|below|close\s+to|an?\s+estimated)\s*$",
    re.IGNORECASE,
)
_MONEY = re.compile(
    rf"(?P<cur>US\$|[$€£¥₩])\s?(?P<v>{_NUM})(?:\s*(?P<mult>{_MULT_RE}|[mbk]n?\b))?"
    rf"|(?<![\w.,])(?P<v2>{_NUM})(?:\s*(?P<mult2>{_MULT_RE}))?\s+(?P<cur2>dollars|euros|pounds\s+sterling|yen|won|USD|EUR|GBP)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"(?<![\w.,])(?P<v>{_NUM})\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
# a share written as a fraction in words, of a group: "three-fifths of all renters", "two thirds of
# the voters", "half of the homes", "a quarter of them". Read as a percentage, hedged (a fraction
# in words is a rounding: "two-thirds" / "67 percent" agree, "three-fifths" / "78 percent" do not).
# Not a part of one thing ("half of a mile", "a quarter of an hour"), nor a stretch of time or a
# game ("the second half of the year", "the first quarter of 2024": an ordinal or "the" before it)
_FRACTION = re.compile(
    r"(?<![\w-])(?<!\bthe\s)(?<!\bfirst\s)(?<!\bsecond\s)(?<!\bthird\s)(?<!\bfourth\s)(?<!\blast\s)"
    r"(?:(?P<n>one|a|two|three|four|five|six|seven|eight|nine)[-\s])?"
    r"(?P<d>half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)"
    r"(?=\s+of\s+(?!an?\b)\w)",
    re.IGNORECASE,
)
_FRACTION_PART = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
_FRACTION_PART |= {"eighth": 8, "ninth": 9, "tenth": 10}
_CLOCK12 = re.compile(
    r"(?<![\w.:])(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.\s?m\.|p\.\s?m\.|am\b|pm\b)",
    re.IGNORECASE,
)
_CLOCK24 = re.compile(
    r"(?<![\w.:$])(?P<h>[01]?\d|2[0-3])[:h](?P<mi>[0-5]\d)(?![\d:]|\s*(?:a\.|p\.|am\b|pm\b))"
)
# a time taken, not a time of day: a race or a record written as h:mm, m:ss or h:mm:ss ("won the
# race in 2:05", "finished in 2:07", "a time of 3:58", "clocked 1:59", "a 2:05 marathon", "2:05.3").
# English writes a clock time "at 2:05", never "in 2:05"; a time with seconds or their decimals is a
# stopwatch reading unless a clock's preposition stands before it ("exploded at 14:32:10"). Read as
# a value of its own slot (``TIME_TAKEN``, with its finisher), so one finisher's two times clash, two
# finishers' times are two facts, and a time taken never meets a clock time.
_STOPWATCH = re.compile(
    r"(?<![\w.:$])(?P<a>\d{1,2}):(?P<b>[0-5]\d)(?::(?P<c>[0-5]\d))?(?:\.(?P<d>\d{1,3}))?(?![\d:])"
)
_TAKEN_BEFORE = re.compile(
    r"\b(?:in|clocked|clocking|timed\s+at|times?\s+of|(?:personal|season|world|course)\s+(?:best|record)s?\s+of|"
    r"record\s+of|ran|swam|rode)\s+(?:an?\s+)?(?:(?:about|around|roughly|just|under|over|"
    r"less\s+than|more\s+than|nearly|almost)\s+)?$",
    re.IGNORECASE,
)
_TAKEN_AFTER = re.compile(
    r"\s+(?:marathon|half[-\s]marathon|mile|finish|run|race|pace|lap|swim|ride|winning\s+time)\b",
    re.IGNORECASE,
)
# a clock's preposition: "at 14:32:10 local time", "until 23:59:59"
_CLOCK_BEFORE = re.compile(
    r"\b(?:at|by|until|till|since|from|before|after)\s+(?:(?:about|around|approximately|roughly|"
    r"just\s+(?:after|before))\s+)?$",
    re.IGNORECASE,
)
# a race named by its start time, as racing writes it: "the 3:15 race at Cheltenham"
_NAMED_RACE = (re.compile(r"\bthe\s+$", re.IGNORECASE), re.compile(r"\s+(?:race|run)\b", re.IGNORECASE))
# a name a relative clause follows is who the clause tells of, whatever introduced the name
_WHO = re.compile(r",?\s+who\b")
# a record or a best is another quantity than this race's time: "missing the 2:05:30 course
# record", "the world record of 2:01:09", "a personal best of 3:58"
_RECORD_BEFORE = re.compile(r"\b(?:best|record)s?\s+(?:time\s+)?of\s+$", re.IGNORECASE)
_RECORD_AFTER = re.compile(
    r"\s+(?:(?:course|world|national|personal|event|meet|season|olympic|area|championship)\s+)?"
    r"(?:record|best)\b",
    re.IGNORECASE,
)
RECORD = "record"
"""The unit of a record's or a best's time ("the 2:05:30 course record"): a duration never compared
with a finisher's time in the race."""
TIME_TAKEN = "time taken"
"""The unit that starts a time taken's slot ("won in 2:05", "a 2:08 marathon", "3:51.2"): kind
"duration", unit "time taken by" and the finisher's surname ("time taken by cole"), or "time
taken" alone when the sentence names no one before it; ``value`` in seconds
(``time_taken_readings`` gives every reading of an ambiguous one). The space keeps it apart from
every other duration, whose unit is one stemmed noun."""
# a capitalised run that is a place or an event, not a finisher: after an article or a preposition
# ("won the Boston Marathon", "in Berlin", "on Sunday")
_NOT_FINISHER_BEFORE = frozenset(
    {"the", "a", "an", "in", "at", "on", "of", "from", "for", "during", "to", "near"}
)
_SENTENCE_END = re.compile(r'[.!?]["”’)]?\s+(?=["“A-Z])')


def is_time_taken(slot: tuple[str, str]) -> bool:
    """Whether ``slot`` is a time taken's (``TIME_TAKEN``)."""
    return slot[0] == "duration" and slot[1].startswith(TIME_TAKEN)


_NOON = re.compile(r"\b(?P<w>noon|midday|midnight)\b", re.IGNORECASE)
_AGE = re.compile(
    rf"(?P<v>\d{{1,3}}|{_WORDS})[-\s]years?[-\s]old\b|\baged?\s+(?P<v2>\d{{1,3}})\b",
    re.IGNORECASE,
)
# the news style's age, set off by commas right after a name: "Dana Whitlock, 23, of Fernvale"
# (AP style); not after a month or a weekday ("June 5, 20 people"), nor a list of numbers
_AGE_APPOSED = re.compile(r"(?<=[a-z]),\s(?P<v>[1-9]\d?|1[01]\d),(?=\s)")
_NAME_WORD = r"[A-Z][a-z]+(?:['’-][A-Za-z]+)?"
_NAME_BEFORE = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}$")
_RUN_WORD = r"[A-Z][A-Za-z]*[a-z](?:['’-][A-Za-z]+)?"  # "Cole", "McDonald", "O'Brien", "Kenya's"
_NAME_RUN = re.compile(rf"(?<![\w'’-]){_RUN_WORD}(?:\s+{_RUN_WORD})*")
_NO_NAME = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})  # fmt: skip
_MEASURE = re.compile(
    rf"(?<![\w.,$€£])(?P<v>{_NUM}|{_WORDS})(?:\s*(?P<mult>{_MULT_RE}))?[-\s]?(?P<u>[A-Za-z]+)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"(?<![\w.,$€£:/-])(?!(?:19|20)\d\d\b)(?P<v>{_NUM}|{_WORDS})(?![\w,]*\d)(?:\s+(?P<mult>{_MULT_RE}))?"
    r"(?:\s+(?P<more>more|other|additional|new|further|extra)|\s+(?P<part>of\s+the|of\s+them|of\s+those))?"
    r"\s+(?P<u>[A-Za-z][A-Za-z-]+)",
    re.IGNORECASE,
)
# a length of time: "sentenced to 10 years", "a 12-year career", "for 72 hours" (days per unit);
# not an age ("10 years old", read before) nor a point in time ("10 years ago")
_DURATION_UNITS = {
    "year": 365.25,
    "month": 30.44,
    "week": 7.0,
    "day": 1.0,
    "hour": 1 / 24,
    "minute": 1 / 1440,
}
_DURATION = re.compile(
    rf"(?<![\w.,$€£:/-])(?<!\bin\s)(?<!\bwithin\s)(?P<v>{_NUM}|{_WORDS})(?P<sep>[-\s])"
    r"(?P<u>years?|months?|weeks?|days?|hours?|minutes?)\b"
    r"(?![-\s](?:old|ago|earlier|later|after|before|since)\b)(?:-old\b)?"
    r"(?:\s+(?P<noun>[a-z]+))?",
    re.IGNORECASE,
)
# how long something lasted or took, whatever follows: "the standoff lasted six hours before the
# man surrendered", "the search took three days after the storm", "held for 72 hours before his
# release" (``_DURATION`` reads a number of hours before "before" or "after" as a point in time)
_LASTED = re.compile(
    r"\b(?:lasted|lasting|lasts|took|taking|takes|spent|spending|for)\s+(?:(?:about|around|roughly|"
    r"nearly|almost|some|approximately|more\s+than|over|less\s+than|under|just)\s+)?"
    rf"(?P<v>{_NUM}|{_WORDS})\s+(?P<u>years?|months?|weeks?|days?|hours?|minutes?)\b(?!-)",
    re.IGNORECASE,
)
# a vote's tally: "voted 5-2", "a 4-3 vote", "by a 60-40 margin" (compared as one value, for-against)
_VOTE = re.compile(
    r"\b(?:voted|approved|passed|rejected|defeated|adopted|confirmed|overturned|upheld)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?P<a>\d{1,3})\s?[-–]\s?(?P<b>\d{1,3})\b(?!\s*(?:%|percent))"
    r"|\b(?P<a2>\d{1,3})\s?[-–]\s?(?P<b2>\d{1,3})\s+(?:vote|decision|ruling|verdict|margin|majority)\b",
    re.IGNORECASE,
)
# the low end of a range right before a value: "40-50 feet", "between 20 and 30 people", "10 to 12
# homes"; not "from 10 to 12" (a change: the value is now 12) nor "3 killed and 4 hurt"
_RANGE_BEFORE = re.compile(
    rf"(?:\bbetween\s+(?P<low2>{_NUM}|{_WORDS})\s+and\s+"
    rf"|(?<!from\s)(?<![\w.,])(?P<low>{_NUM}|{_WORDS})\s*(?:-|–|—|\s+to\s+))$",
    re.IGNORECASE,
)
_FIRST_NUMBER = re.compile(rf"{_NUM}|{_WORDS}", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+|just\s+)?$", re.IGNORECASE)
# an earthquake's magnitude, as news writes it: "a magnitude 6.4 earthquake", "a 6.2-magnitude
# quake", "a preliminary magnitude of 6.4", "measured 6.4 on the Richter scale"; read before counts,
# so "magnitude 6.4 earthquake" is no count of 6.4 earthquakes
_MAGNITUDE = re.compile(
    r"\bmagnitude(?:[-\s]+of)?[-\s]+(?P<v>\d(?:\.\d{1,2})?)(?![\d.,]*\d)"
    r"|(?<![\w.,])(?P<v2>\d(?:\.\d{1,2})?)[-\s]magnitude\b"
    r"|(?<![\w.,])(?P<v3>\d(?:\.\d{1,2})?)\s+on\s+the\s+Richter(?:\s+scale)?\b",
    re.IGNORECASE,
)
# a count of people with its noun left out, right after a verb that harms, holds or moves people:
# "the clashes injured more than 70, police said", "the blast killed 12 in the market", "arrested at
# least 30 during the protest". The number ends the clause or a preposition follows it; a noun
# after it ("injured 12 officers") is counted as written, by ``_COUNT``
_PEOPLE_AFTER_VERB = re.compile(
    r"\b(?:killed|killing|injured|injuring|wounded|wounding|hurt|hurting|arrested|arresting|detained|"
    r"evacuated|rescued)\s+(?:(?:at\s+least|about|around|some|roughly|approximately|more\s+than|over|"
    r"nearly|almost|up\s+to|fewer\s+than|less\s+than|an\s+estimated)\s+)?"
    rf"(?P<v>{_NUM}|{_WORDS})(?!\s*(?:%|percent\b))(?=\s*(?:[,.;:!?)—–]|$)|\s+(?:in|on|at|during|when|after|"
    r"before|and|as|while|since|across|near|including|inside|outside|overnight|yesterday|today|"
    r"tonight|last|this|earlier|later)\b)",
    re.IGNORECASE,
)
# a count of people with its noun left out before a passive of harm: "two people died and four
# were hurt", "three were killed". The count is of those harmed that way, one slot for the words of
# one harm (``_HARM_WORD``), as "three injured" (the noun left out after the number) is read
_HARMED_BEFORE_VERB = re.compile(
    rf"(?<![\w.,$€£:/-])(?P<v>{_NUM}|{_WORDS})\s+(?:were|was|are|is|have\s+been|had\s+been|has\s+been)\s+"
    r"(?:(?:critically|seriously|badly|slightly|fatally|severely)\s+)?"
    r"(?P<h>killed|injured|hurt|wounded)\b",
    re.IGNORECASE,
)
# the words of one harm: "three injured" and "four were hurt" count one thing
_HARM_WORD = {
    "injured": "injured",
    "hurt": "injured",
    "wounded": "injured",
    "killed": "killed",
    "dead": "killed",
}
# a rate: "5 of every 10,000 children", "1 out of 500", "one in 150 children", "three in every
# 100 people". The second number is the rate's denominator, no count of the noun after it (plain
# "in" only after one: "3 in 12 hours" is no rate)
_RATE = re.compile(
    rf"(?<![\w.,$€£])(?P<n>{_NUM}|{_WORDS})\s+(?:out\s+of(?:\s+every)?|of\s+every|of\s+each|in\s+every|in\s+each|"
    rf"(?P<plain>in))\s+(?P<d>{_NUM}|{_WORDS})\b",
    re.IGNORECASE,
)
_PEOPLE = stem("people")
# units that are not things counted: a year ("in 2019"), or words that only look like a count's noun
_NOT_COUNT_UNIT = frozenset(
    {"percent", "per", "a", "p", "am", "pm", "year", "years", "old", "times", "time", "day", "days"}
)
# a number in digits after one of these nouns names one place, vehicle or document of many (a
# label, compared as itself: "district 5" / "district 6" differ, "district 5" / "District 5" agree)
_LABEL_NUMBER = re.compile(
    r"\b(?P<noun>district|ward|precinct|borough|route|highway|interstate|flight|gate|terminal|platform"
    r"|pier|berth|runway|lane|zone|sector|block|room|unit|apartment|building|reactor|number|no\.)"
    r"\s+(?P<n>\d{1,6})(?![\d,.:]\d|[%\w])",
    re.IGNORECASE,
)
# a number after one of these nouns names a rank or a label, not a quantity: "priority two
# burn wounds", "a Category 4 storm", "Phase 2 trials" count nothing
_LABEL_BEFORE = re.compile(
    r"\b(?:priority|category|level|phase|stage|type|grade|class|tier|division|round|number|no\.|"
    r"code|gate|terminal|route|channel|platform|chapter|section|article|season|week|game|act|"
    r"amendment|flight|world\s+war)\s*$",
    re.IGNORECASE,
)


# the family a person leaves or is found by: "her husband and sons" (2 or more sons) is not
# "her husband and son" (one). Read only after a possessive and only as a list of two kin or more
# (a list names everyone of the group), so "daughters of the revolution" and "his daughter, Ann,
# said" are not a count of a family's members.
_KIN = (
    r"wife|husband|spouse|partner|daughter|son|child|children|brother|sister|mother|father|parent|"
    r"grandchild|grandchildren|grandson|granddaughter|stepdaughter|stepson"
)
_FAMILY = re.compile(
    rf"\b(?:his|her|their|the\s+victim[’']s|the\s+\w+[’']s)\s+"
    rf"(?P<list>(?:(?:{_KIN})s?(?:\s*,\s*|\s+and\s+|\s+or\s+))*(?:{_KIN})s?)\b",
    re.IGNORECASE,
)
_IRREGULAR_PLURAL = {"children": "child", "grandchildren": "grandchild"}
# who a counted group is, in apposition right after it: "85 people, mostly residents over
# 70" (most of them: value 0.5) / "85 cases — all children" (every one: 1.0). News sets the
# group's make-up off with a comma, a dash or a bracket; "all the while", "all told" are not scope
_SCOPE = re.compile(
    r"(?:,|—|–|\s-\s|\()\s*(?P<q>(?:mostly|mainly|largely|predominantly|chiefly|"
    r"(?:nearly|almost|most|many)\s+(?:all\s+)?(?:of\s+(?:them|whom)\b)?|the\s+majority(?:\s+of\s+(?:them|whom))?)"
    r"|all(?:\s+of\s+(?:them|whom))?)\s+(?!the\s+while\b|told\b|along\b|in\s+all\b|at\s+once\b)"
    r"(?P<rest>[^\W\d][^,.;:—–()]{0,40})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Value:
    """One value a sentence states.

    ``slot`` is (kind, unit): kind is money | percent | time | age | magnitude (an earthquake's) |
    duration (days; a time
    taken: unit ``TIME_TAKEN`` with its finisher, ``value`` in seconds) | vote (a
    tally, for × 1000 + against) | length | fall (a distance
    fallen: "fell six floors") | mass | count | family | ratio | scope (who a counted group
    is: "mostly adults" 0.5, "all children" 1.0); unit
    is the currency sign, or the stemmed noun a count counts ("peopl"; "+peopl" for an increment,
    "3 more people", "27 new cases"), else "" (kind ratio:
    "double", "twice", "triple" as 2, 2, 3). ``value`` is in
    the slot's base unit (dollars etc., percent, minutes after midnight, years, metres, kilograms,
    items). ``text`` is the span as written, ``[start, end)`` its offsets in the text scanned.
    ``approximate`` when a hedge ("about", "nearly", "more than") stands before it; ``bound`` is
    which side of ``value`` a bounded value lies on: "above" ("more than / over / above": past
    it), "at-least" ("at least": it or past it), "below" ("under / less than / fewer than": short
    of it), "at-most" ("up to / at most": it or short of it), "nearly" ("nearly / almost":
    just short of it), "just-over" ("just over": just past it); "plural" for a
    family member named in the plural ("her sons": 2 or more, ``value`` 2), "half-day" for a
    clock time written without a.m. or p.m. that may be either ("5:00": ``value`` 300 or 1020), else "".
    ``utc_offset``: the zone written after a clock time ("9:15 p.m. ET": -300), else None.
    ``low``: a range's low end, in the same unit ("40-50 feet", "between 20 and 30 people",
    "10 to 12 homes": ``value`` is the high end), else None.
    Kind family: ``("family", "daughter")``, the members of one kin a possessive names.
    """

    slot: tuple[str, str]
    value: float
    start: int
    end: int
    text: str
    approximate: bool = False
    bound: str = ""
    low: float | None = None
    utc_offset: float | None = None  # a clock time's zone as written ("ET"), minutes from UTC


def _number(raw: str) -> float | None:
    low = raw.lower()
    if low in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[low])
    try:
        return float(low.replace(",", ""))
    except ValueError:
        return None


# a clock time's zone, hours from UTC (the zones news writes after a time: "9:15 p.m. ET")
_ZONES = {
    "et": -5, "est": -5, "edt": -4, "ct": -6, "cst": -6, "cdt": -5, "mt": -7, "mst": -7, "mdt": -6,
    "pt": -8, "pst": -8, "pdt": -7, "gmt": 0, "utc": 0, "bst": 1, "cet": 1, "cest": 2,
}  # fmt: skip
_ZONE_AFTER = re.compile(r"\s*\(?(?P<z>[A-Za-z]{2,4})\b\)?")


def _zoned(text: str, e: int) -> tuple[int, float | None]:
    """The end of a clock time with the zone written after it ("9:15 p.m. ET"), and the zone's
    minutes from UTC; ``(e, None)`` without one."""
    m = _ZONE_AFTER.match(text, e)
    if not m or m["z"] != m["z"].upper() or m["z"].lower() not in _ZONES:
        return e, None
    # "ET" is the summer or the winter offset, as the season has it: both are read as standard
    # time, which compares two zones' times of one season correctly
    summer = {"edt": "est", "cdt": "cst", "mdt": "mst", "pdt": "pst", "bst": "gmt", "cest": "cet"}
    zone = summer.get(m["z"].lower(), m["z"].lower())
    return m.end(), 60.0 * _ZONES[zone]


def _range_before(text: str, start: int) -> re.Match[str] | None:
    """The low end of a range written right before offset ``start`` of ``text``, if any."""
    return _RANGE_BEFORE.search(text, max(0, start - 40), start)


def _stopwatch_kind(text: str, m: re.Match[str]) -> str:
    """What the h:mm, m:ss or h:mm:ss matched by ``_STOPWATCH`` at ``m`` is: "taken" (a race's
    time), "clock" (a time of day written with its seconds, "at 14:32:10") or "" (a plain h:mm,
    left to the clock-time pattern)."""
    before = text[max(0, m.start() - 40) : m.start()]
    if _TAKEN_BEFORE.search(before):
        return "taken"
    if m["c"] and not m["d"] and int(m["a"]) < 24 and _CLOCK_BEFORE.search(before):
        return "clock"
    if m["c"] or m["d"]:
        return "taken"
    if _NAMED_RACE[0].search(before) and _NAMED_RACE[1].match(text, m.end()):
        return ""  # "the 3:15 race": the race that starts at 3:15
    return "taken" if _TAKEN_AFTER.match(text, m.end()) else ""


_READING = re.compile(r"(?P<a>\d{1,2}):(?P<b>[0-5]\d)(?::(?P<c>[0-5]\d))?(?:\.(?P<d>\d{1,3}))?")


def time_taken_readings(text: str) -> tuple[tuple[float, float], ...]:
    """Every way to read the time taken written in ``text`` (a ``TIME_TAKEN`` value's text, hedge
    included: "about 2:05"): pairs (seconds, the unit of its last written place in seconds).

    "2:06:11" is h:mm:ss, ((7571, 1),); "3:51.2" is m:ss and tenths, ((231.2, 0.1),); "2:05"
    is h:mm or m:ss, which only the race tells, ((7500, 60), (125, 1)). Empty for a text that
    holds no such time. One regular-expression match.
    """
    m = _READING.search(text)
    if m is None:
        return ()
    a, b = int(m["a"]), int(m["b"])
    fraction, unit = (int(m["d"]) / 10 ** len(m["d"]), 10.0 ** -len(m["d"])) if m["d"] else (0.0, 1.0)
    if m["c"]:
        return ((a * 3600 + b * 60 + int(m["c"]) + fraction, unit),)
    if m["d"]:
        return ((a * 60 + b + fraction, unit),)
    return ((a * 3600.0 + b * 60, 60.0), (a * 60.0 + b, 1.0))


def _finisher(text: str, start: int) -> str:
    """The surname of who a time taken at ``text[start:]`` is of, lower-cased, else "": the name
    written nearest before it in its sentence ("Ed Cole won the men's race in 2:05", "the race was
    won by Kofi Mensah in 2:06", "Kenya's Eliud Kipchoge ran 2:01:09"), passing over the places,
    events and days a preposition or an article introduces ("won the Boston Marathon on Sunday in
    2:06") and pronouns ("He won in 2:05": no one). A race's time is its finisher's: two finishers'
    times are two facts, never a clash."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    begin = ends[-1] if ends else 0
    for m in reversed(list(_NAME_RUN.finditer(text, begin, start))):
        words = m.group(0).split()
        lead = []
        while words and words[0].lower() in STOPWORDS:
            lead.append(words.pop(0).lower())
        before = text[begin : m.start()].split()[-1:]
        if words and _WHO.match(text, m.end()):
            # "ahead of Daniel Otieno, who clocked 2:07:40": the time is the relative clause's
            return re.sub(r"['’]s$", "", words[-1]).lower()
        if (
            not words
            or {*lead, *(w.lower() for w in before)} & _NOT_FINISHER_BEFORE
            or all(w.lower() in _NO_NAME for w in words)
        ):
            continue
        return re.sub(r"['’]s$", "", words[-1]).lower()
    return ""


def _read_values(text: str, *, offset: int = 0, skip: Iterable[tuple[int, int]] = ()) -> list[Value]:
    """Every value of ``text`` with its slot, in reading order, each character used at most once.

    ``skip`` lists spans (offsets into ``text``, before ``offset``) already read as something
    else, such as dates, whose digits must not be read as counts ("March 3" is not 3 of anything).
    Money, percentages, clock times and ages are read before plain counts, so "$12 million" is
    never also "12 million"; a count needs the noun it counts ("12 people"), else it is dropped.
    A number grouped in thousands by spaces ("12 000 homes", SI and much of the world's style) is
    read as one number, its text shown as written.
    """
    taken = list(skip)
    out: list[Value] = []

    def free(s: int, e: int) -> bool:
        return not any(s < b and e > a for a, b in taken)

    written = text
    # "12 000" is read as "12,000" (the same length, so every offset holds); not inside a date
    text = _SPACED_THOUSANDS.sub(
        lambda m: re.sub(r"\s", ",", m.group(0)) if free(*m.span()) else m.group(0), text
    )

    def add(
        slot: tuple[str, str],
        value: float,
        s: int,
        e: int,
        approximate: bool = False,
        utc_offset: float | None = None,
    ) -> None:
        low = None
        # "between 9 and 10 p.m.", "in 2:05": no scale
        rng = _range_before(text, s) if slot[0] != "time" and not is_time_taken(slot) else None
        if rng is not None and _FROM.search(text, 0, rng.start()):
            rng = None  # "rose from about 10 to 12": a change, the value is now 12
        if rng is not None and free(rng.start(), s):
            high = _FIRST_NUMBER.search(text, s, e)
            n_low, n_high = _number(rng["low"] or rng["low2"]), _number(high.group(0)) if high else None
            if n_low is not None and n_high and n_low < n_high:
                low, s = value * n_low / n_high, rng.start()
        taken.append((s, e))
        before = text[max(0, s - 24) : s]
        bound = _bound(before)
        hedge = _HEDGE.search(before)
        hedged = approximate or hedge is not None
        if hedge is not None:  # the reader sees the value as written: "nearly double", "about 5 p.m."
            s -= len(before) - hedge.start()
        out.append(Value(slot, value, offset + s, offset + e, text[s:e], hedged, bound, low, utc_offset))

    for m in _MONEY.finditer(text):
        if not free(*m.span()):
            continue
        raw = m["v"] or m["v2"]
        v = _number(raw)
        if v is None:
            continue
        mult = (m["mult"] or m["mult2"] or "").lower()
        if mult:
            v *= _MULT.get(mult, _MULT.get(mult.rstrip("n"), 1.0))
        cur = _CURRENCY.get((m["cur"] or m["cur2"] or "").lower().split()[0], "$")
        add(("money", cur), v, *m.span())
    for m in _PERCENT.finditer(text):
        v = _number(m["v"])
        if v is not None and free(*m.span()):
            add(("percent", ""), v, *m.span())
    for m in _FRACTION.finditer(text):
        parts = _FRACTION_PART[m["d"].lower().rstrip("s").replace("halve", "half")]
        count = _WORD_NUMBERS.get((m["n"] or "one").lower(), 1)  # "a third" is one third
        if m["n"] is None and parts != 2:
            continue  # "third of the ..." alone is an ordinal's tail, not a share
        if count < parts and free(*m.span()):
            add(("percent", ""), round(100.0 * count / parts, 1), *m.span(), approximate=True)
    for m in _CLOCK12.finditer(text):
        if not free(*m.span()):
            continue
        hour = int(m["h"]) % 12 + (12 if m["ap"].lower().startswith("p") else 0)
        end, zone = _zoned(text, m.end())
        add(("time", ""), float(hour * 60 + int(m["mi"] or 0)), m.start(), end, utc_offset=zone)
    for m in _STOPWATCH.finditer(text):
        kind = _stopwatch_kind(text, m) if free(*m.span()) else ""
        if kind == "taken":
            who = _finisher(text, m.start())
            slot = ("duration", f"{TIME_TAKEN} by {who}" if who else TIME_TAKEN)
            if _RECORD_BEFORE.search(text, 0, m.start()) or _RECORD_AFTER.match(text, m.end()):
                slot = ("duration", RECORD)
            add(slot, time_taken_readings(m.group(0))[0][0], *m.span())
        elif kind == "clock":  # "at 14:32:10": minutes after midnight, seconds as their fraction
            end, zone = _zoned(text, m.end())
            minutes = int(m["a"]) * 60 + int(m["b"]) + int(m["c"]) / 60
            add(("time", ""), minutes, m.start(), end, utc_offset=zone)
            if not m["a"].startswith("0") and 1 <= int(m["a"]) <= 12:
                out[-1] = replace(out[-1], bound="half-day")
    for m in _CLOCK24.finditer(text):
        if free(*m.span()):
            end, zone = _zoned(text, m.end())
            add(("time", ""), float(int(m["h"]) * 60 + int(m["mi"])), m.start(), end, utc_offset=zone)
            if not m["h"].startswith("0") and 1 <= int(m["h"]) <= 12:
                # "a meeting at 5:00", "between 8:20 and 8:45 p.m.": a 12-hour time with its a.m. or
                # p.m. left to the reader, either half of the day ("5:00" is 5 a.m. or 5 p.m.)
                out[-1] = replace(out[-1], bound="half-day")
    for m in _NOON.finditer(text):
        if free(*m.span()):
            add(("time", ""), 0.0 if m["w"].lower() == "midnight" else 720.0, *m.span())
    for m in _AGE.finditer(text):
        v = _number(m["v"] or m["v2"])
        if v is not None and free(*m.span()):
            add(("age", ""), v, *m.span())
    for m in _AGE_APPOSED.finditer(text):
        name = _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())
        last = name.group(0).split()[-1].lower() if name is not None else ""
        if name is not None and last not in _NO_NAME and free(name.start(), m.end("v")):
            add(("age", ""), float(m["v"]), name.start(), m.end("v"))  # shown as "Dana Whitlock, 23"
    for m in _VOTE.finditer(text):
        a, b = (m["a"], m["b"]) if m["a"] else (m["a2"], m["b2"])
        s0, e0 = m.span("a") if m["a"] else m.span("a2")
        e0 = m.end("b") if m["a"] else m.end("b2")
        if free(s0, e0):
            taken.append((s0, e0))
            out.append(Value(("vote", ""), int(a) * 1000.0 + int(b), offset + s0, offset + e0, text[s0:e0]))
    for m in _LASTED.finditer(text):
        v = _number(m["v"])
        if v is not None and free(m.start("v"), m.end("u")):
            add(("duration", ""), v * _DURATION_UNITS[m["u"].lower().rstrip("s")], m.start("v"), m.end("u"))
    for m in _DURATION.finditer(text):
        v = _number(m["v"])
        unit = m["u"].lower().rstrip("s")
        if v is None or not free(m.start(), m.end("u")):
            continue
        # "a 20-year career" measures the career: compared only with lengths of careers; "was
        # sentenced to 10 years" is the length of what the sentence tells
        what = stem(m["noun"].lower()) if m["sep"] == "-" and m["noun"] else ""
        add(("duration", what), v * _DURATION_UNITS[unit], m.start(), m.end("u"))
    for m in _MEASURE.finditer(text):
        unit = m["u"].lower()
        table, kind = (
            (_LENGTH, "length") if unit in _LENGTH else (_MASS, "mass") if unit in _MASS else (None, "")
        )
        v = _number(m["v"])
        if table is None or v is None or not free(*m.span()):
            continue
        if unit in _APPROXIMATE_UNITS and "-" in m.group(0):
            continue  # "a 40-story tower" gives the building's height, not a distance
        if m["mult"]:
            v *= _MULT[m["mult"].lower()]
        rng = _range_before(text, m.start())
        begin = rng.start() if rng is not None else m.start()
        hedge = _HEDGE.search(text, max(0, begin - 24), begin)
        begin = hedge.start() if hedge is not None else begin  # "fell more than 70 meters" fell
        if kind == "length" and _FALL_BEFORE.search(text[max(0, begin - 40) : begin]):
            kind = "fall"
        add((kind, ""), v * table[unit], *m.span(), approximate=unit in _APPROXIMATE_UNITS)
    for m in _RATIO.finditer(text):
        word = m["w"].lower()
        ratio = next(v for k, v in _RATIO_VALUE.items() if word.startswith(k))
        if free(*m.span()):
            add(("ratio", ""), ratio, *m.span())
    for m in _FAMILY.finditer(text):
        members = re.split(r"\s*,\s*|\s+and\s+|\s+or\s+", m["list"])
        if len(members) < 2 or not free(*m.span("list")):
            continue  # a lone "his daughter" may single out one of several; a list names them all
        for word in members:
            low = word.lower()
            kin = _IRREGULAR_PLURAL.get(low) or (low[:-1] if low.endswith("s") else low)
            plural = kin != low
            s, e = m.span("list")
            # the whole list as written: "husband and sons" is what a reader compares
            out.append(
                Value(
                    ("family", kin),
                    2.0 if plural else 1.0,
                    offset + s,
                    offset + e,
                    text[s:e],
                    bound="plural" if plural else "",
                )
            )
        taken.append(m.span("list"))
    for m in _SCOPE.finditer(text):
        whole = m["q"].lower() == "all" or m["q"].lower().startswith("all ")
        s, e = m.start("q"), m.end("rest")
        out.append(Value(("scope", ""), 1.0 if whole else 0.5, offset + s, offset + e, text[s:e].rstrip()))
    for m in _MAGNITUDE.finditer(text):
        raw = m["v"] or m["v2"] or m["v3"]
        if free(*m.span()):
            add(("magnitude", ""), float(raw), *m.span())
    for m in _PEOPLE_AFTER_VERB.finditer(text):
        v = _number(m["v"])
        if v is not None and free(*m.span("v")):
            add(("count", _PEOPLE), v, *m.span("v"))
    for m in _LABEL_NUMBER.finditer(text):
        # "district 5", "Flight 370", "report number 1": a number that names one of many, so
        # "from district 5" and "from district 6" tell of two places, never one fact
        if free(*m.span()):
            add(("label", stem(m["noun"].lower().rstrip("."))), float(m["n"]), m.start(), m.end())
    for m in _HARMED_BEFORE_VERB.finditer(text):
        v = _number(m["v"])
        if v is not None and free(*m.span()):
            add(("count", stem(_HARM_WORD[m["h"].lower()])), v, m.start("v"), m.end())
    for m in _RATE.finditer(text):
        if m["plain"] is None or m["n"].lower() in ("1", "one", "a"):
            taken.append(m.span("d"))  # "5 of every 10,000 children": 10,000 is no count of children
    for m in _COUNT.finditer(text):
        unit = _HARM_WORD.get(m["u"].lower(), m["u"].lower())
        v = _number(m["v"])
        if v is None or unit in STOPWORDS or unit in _NOT_COUNT_UNIT or not free(*m.span()):
            continue
        if _LABEL_BEFORE.search(text[max(0, m.start() - 24) : m.start()]):
            continue
        if m["mult"]:
            v *= _MULT[m["mult"].lower()]
        # "3 more people died", "27 new cases": an increment, not the total another outlet gives
        # ("5 people died in all"), so increments are their own slot and compare only with each other
        # "one of the firefighters": a part of a group, not its size ("six firefighters came"), so
        # parts are their own slot too, compared only with parts ("three of the victims")
        mark = "+" if m["more"] else "of:" if m["part"] else ""
        add(("count", mark + stem(unit)), v, *m.span())
    out.sort(key=lambda x: x.start)
    if written != text:
        out = [replace(v, text=written[v.start - offset : v.end - offset]) for v in out]
    return out


def find_values(text: str, *, offset: int = 0, skip: Iterable[tuple[int, int]] = ()) -> list[Value]:
    """Every value of ``text`` with its slot, in reading order (``_read_values``: the rules), its
    offsets shifted by ``offset``.

    ``skip`` lists spans (offsets into ``text``, before ``offset``) already read as something
    else, such as dates. Pure regular expressions, ~0.15 ms per sentence; the answer depends on
    the text and ``skip`` alone and is kept (``_unshifted``): a brief reads each sentence's values
    twice, in the alignment's ``stated.sentence_values`` and again in the claims. Each caller
    gets a list of its own.
    """
    found = _unshifted(text, tuple((a, b) for a, b in skip))
    if not offset:
        return list(found)
    return [replace(v, start=v.start + offset, end=v.end + offset) for v in found]


@lru_cache(maxsize=4096)
def _unshifted(text: str, skip: tuple[tuple[int, int], ...]) -> tuple[Value, ...]:
    """``_read_values`` at offset 0 (values are frozen: the tuple is shared between callers).

    4,096 sentences: a large story's worth, as ``datefind._untensed`` keeps.
    """
    return tuple(_read_values(text, skip=skip))


# casualties: how many people one incident killed or hurt. The count is compared by outcome,
# dead or hurt ("left two people hurt" / "five people were shot" are two counts of the hurt),
# and only by the claims' comparison of one incident (``find_casualties`` is not part of
# ``find_values``: a sentence's people counts keep their plain slot in the alignment).
_VICTIMS = (
    r"people|persons?|others|victims?|officers?|students?|children|adults?|employees?|workers?|"
    r"co-?workers?|civilians?|soldiers?|troops|passengers?|men|women|bystanders?|residents?|"
    r"customers?|patrons?|worshippers?|firefighters?|deput(?:y|ies)|guards?|pupils?|teachers?"
)
_HARM = r"killed|dead|died|hurt|injured|wounded|shot"
_CASUALTY = re.compile(
    # "two people hurt", "five people were shot", "two officers were fatally wounded"
    rf"(?<![\w.,$€£:/-])(?P<v>{_NUM}|{_WORDS})\s+(?:{_VICTIMS})\s+"
    rf"(?:(?:were|was|have\s+been|had\s+been|are|is|being)\s+)?(?:(?P<fatal>fatally|critically|seriously)\s+)?"
    rf"(?P<w>{_HARM})\b(?P<dead>\s+(?:dead|and\s+killed|to\s+death))?"
    # "a gunman wounded five people", "killed at least 12 people"
    rf"|\b(?P<w2>killed|hurt|injured|wounded|shot)\s+(?P<hedge>(?:at\s+least|about|some|more\s+than|nearly)\s+)?"
    rf"(?P<v2>{_NUM}|{_WORDS})\s+(?:{_VICTIMS})\b",
    re.IGNORECASE,
)
_FATAL = frozenset({"killed", "dead", "died"})


def find_casualties(text: str, *, offset: int = 0) -> list[Value]:
    """How many people an incident killed or hurt, as ``text`` states it: values of slot
    ("casualty", "dead") or ("casualty", "hurt"), ``value`` the number of people, ``text`` the
    phrase ("three people hurt", "wounded four people").

    "Shot" and "wounded" are the hurt unless the phrase says the shot died ("shot dead", "fatally
    shot"); a count with no victim noun ("killed 10 years ago") is not a casualty. Cost: one
    regular-expression scan.
    """
    out = []
    for m in _CASUALTY.finditer(text):
        raw, word = (m["v"], m["w"]) if m["v"] else (m["v2"], m["w2"])
        n = _number(raw)
        if n is None:
            continue
        dead = word.lower() in _FATAL or bool(m["dead"]) or (m["fatal"] or "").lower() == "fatally"
        s, e = m.span()
        before = _HEDGE.search(text[max(0, s - 24) : s]) if m["v"] else None
        written = m["hedge"] or (before.group(0) if before else "")
        hedge = bool(written)
        bound = _bound(written)
        slot = ("casualty", "dead" if dead else "hurt")
        out.append(Value(slot, n, offset + s, offset + e, text[s:e], hedge, bound))
    return out
