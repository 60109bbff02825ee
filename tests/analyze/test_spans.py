"""Span cleaning: which recognized spans are names, and which words a name may hold."""

from __future__ import annotations

import pytest
from entity_stories import analyze_texts

from newsbrief.analyze.spans import clean_span


def test_letter_and_digit_words_are_names_numbers_are_not() -> None:
    text = "He drove a Saab 900 Turbo to the TV5 Canada studio in 2008 Lakes."
    assert clean_span(text, text.index("Saab"), text.index(" to")) is None
    assert clean_span(text, text.index("2008"), text.index(".")) is None
    start = text.index("TV5")
    assert clean_span(text, start, start + len("TV5 Canada")) == (start, start + len("TV5 Canada"), False)


def test_broadcaster_with_a_digit_joins_across_word_orders() -> None:
    entities = analyze_texts(
        "Asked by TV5 Canada whether another run was out of the question, the minister smiled.",
        "Asked by Canada TV5's Mia Tan on Friday whether she would run again, the minister said no.",
        title="Interview",
    ).entities
    tv5 = [e for e in entities if {"TV5 Canada", "Canada TV5"} <= {e.name, *e.aliases}]
    assert len(tv5) == 1 and tv5[0].kind != "PERSON"


def test_lower_case_head_of_a_second_reference_is_part_of_the_name() -> None:
    entities = analyze_texts(
        "After university she worked as a waiter at St Brennan's club in Dublin for two years.",
        "She met her husband while working at St Brennan Club, friends said.",
        title="Obituary",
    ).entities
    club = [e for e in entities if "St Brennan Club" in {e.name, *e.aliases}]
    assert len(club) == 1 and "St Brennan's club" in {club[0].name, *club[0].aliases}
    assert not any(e.kind == "PERSON" and "Brennan" in e.name for e in entities)


def test_a_participle_opening_a_sentence_is_no_part_of_a_name() -> None:
    entities = analyze_texts(
        "Describing Li's visit to Karsk in 1994 as important for relations, Jasray said the treaty was working.\n"
        "Li Peng arrived in Karsk on Monday for a three-day visit.",
        "Browning Kessler said the visit by Li Peng would go ahead.",
        title="Visit",
    ).entities
    people = {e.name for e in entities if e.kind == "PERSON"}
    assert not any(name.startswith("Describing") for name in people), people
    assert "Browning Kessler" in people  # an -ing name that is the sentence's subject stays


@pytest.mark.parametrize(
    ("first", "second", "no_person"),
    [
        # a credit line: who filed the story, a thing and the participle of its making
        (
            "Premier Wei Tanglin arrived in Karsk on Monday for a three-day visit.\n"
            "Story Filed By Meridian Newspapers\n"
            "For Use By Clients of the Meridian News Service",
            "Wei Tanglin began a visit to Karsk on Monday. Ruth Cushing, a diplomat, said the talks went well.\n"
            "Story Filed By Meridian Newspapers",
            "Filed",
        ),
        # a wire dateline names where, never who
        (
            "ULAN BATOR (Steppe News Agency) - Premier Wei Tanglin arrived on Monday for a three-day visit. "
            "Wei said the treaty of friendship was the basis of the two neighbours' relations.",
            "ULAN BATOR - Wei Tanglin, the premier, began a visit on Monday, the first in five years. "
            "Ruth Cushing, a diplomat, said the talks went well.",
            "BATOR",
        ),
    ],
    ids=["credit line", "dateline"],
)
def test_page_furniture_before_or_after_the_story_names_no_person(
    first: str, second: str, no_person: str
) -> None:
    entities = analyze_texts(first, second, title="Visit").entities
    people = {e.name for e in entities if e.kind == "PERSON"}
    assert not any(no_person in name for name in people), people
    assert {"Wei Tanglin", "Ruth Cushing"} <= people


def test_a_state_abbreviation_after_a_town_is_no_speaker_and_an_aged_name_is_a_person() -> None:
    analysis = analyze_texts(
        "To the network's Harbison, the attention is deserved.\n"
        "``I don't see our job as selling the film,'' he says.\n"
        "Certainly not for Dara Pemberly, 16, a student at the Northern Academy of Arts and Letters in "
        "Westfield, Ma. In a phone interview, she says she's seen the first two films ``100 times each "
        "easily,'' and has organised her own group of fans.",
        "Glen Harbison, a television anchor, said the coverage was justified.",
        title="Film",
    )
    people = {e.name for e in analysis.entities if e.kind == "PERSON"}
    assert "Ma" not in people and "Dara Pemberly" in people, people
    (films,) = [q for q in analysis.quotes if "100 times" in q.text]
    assert films.speaker == "Dara Pemberly"


def test_a_hyphenated_name_cut_after_its_hyphen_keeps_its_first_part() -> None:
    entities = analyze_texts(
        "In the sequel, the pilot is a grown woman and Obi-Wan Kenobi is an old hermit in the desert.",
        "Fans cheered when Obi-Wan Kenobi appeared on screen.",
        title="Film",
    ).entities
    people = {e.name for e in entities if e.kind == "PERSON"}
    assert "Obi-Wan Kenobi" in people and "Wan Kenobi" not in people, people


def test_a_name_ending_in_newspapers_or_magazine_is_no_person() -> None:
    entities = analyze_texts(
        "Story Filed By Kelby Newspapers\nThe council voted on Monday to close the bridge.",
        "Reporters at Kelby Newspapers wrote that the council voted to close the bridge.",
        title="Bridge",
    ).entities
    assert not any(e.kind == "PERSON" and "Newspapers" in e.name for e in entities)
