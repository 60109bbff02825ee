"""What a date in a sentence belongs to: the parse decides whether it dates the sentence's event."""

from __future__ import annotations

from newsbrief.analyze.eventparse import governor, parse_sentences


def _governor_of(text: str, date_text: str):  # type: ignore[no-untyped-def]
    (doc,) = parse_sentences([text])
    start = text.index(date_text)
    return governor(doc, start, start + len(date_text))


def test_a_date_after_a_participle_that_modifies_a_noun_is_no_date_of_the_sentence() -> None:
    assert _governor_of("The court struck down a law passed in 1998 by the old council.", "1998").label
    assert _governor_of("Police questioned a man arrested Sunday near the harbour.", "Sunday").label
    # a participle with its own auxiliary is a verb of the sentence; a date after another phrase
    # stays the sentence's ("passed in 1998 on Monday": the parser may hang Monday on "passed")
    assert not _governor_of("The law was passed in 1998 by the old council.", "1998").label
    assert not _governor_of("The court struck down a law passed in 1998 on Monday.", "Monday").label


def test_a_date_after_since_on_a_noun_or_adjective_is_a_baseline_not_an_event() -> None:
    assert _governor_of(
        "The river reached 6.8 metres, its highest level since 1997, officials said.", "1997"
    ).label
    assert _governor_of("It was the worst flood in the town since 1997.", "1997").label
    assert _governor_of("Turnout was the lowest since 2001.", "2001").label
    # "since" on a verb dates the start of a state
    assert not _governor_of("She has lived in the town since 1997.", "1997").label
