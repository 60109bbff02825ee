"""Two wordings of one value agree; values of one slot that cannot both be true clash."""

from __future__ import annotations

import pytest

from newsbrief.valuecheck import agree, clashes
from newsbrief.values import find_values


def _clash(a: str, b: str) -> list[tuple[str, str]]:
    return [(c.a.text, c.b.text) for c in clashes(find_values(a), find_values(b))]


def test_different_money_and_clock_times_clash() -> None:
    assert _clash("The project will cost $1.2 billion.", "The project will cost $2.1 billion.") == [
        ("$1.2 billion", "$2.1 billion")
    ]
    assert _clash("The bridge reopened at 3 p.m.", "The bridge reopened at 5 p.m.") == [("3 p.m.", "5 p.m.")]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("12 people were killed.", "Twelve people were killed."),
        ("The bridge reopened at 3 p.m.", "The bridge reopened at 15:00."),
        ("It will cost $1.2 billion.", "It will cost $1,200 million."),
        ("The road is 40 kilometres long.", "The road is 40 km long."),
        ("The fire started about 11:15 p.m.", "The fire started at 11:10 p.m."),
    ],
)
def test_one_value_in_two_wordings_does_not_clash(a: str, b: str) -> None:
    assert find_values(a) and find_values(b)
    assert _clash(a, b) == []


def test_values_of_different_slots_are_never_compared() -> None:
    assert _clash("12 people were hurt.", "14 homes burned.") == []
    a, b = find_values("12 people")[0], find_values("$14")[0]
    with pytest.raises(ValueError, match="different slots"):
        agree(a, b)


def test_nearly_and_more_than_the_same_value_clash() -> None:
    assert _clash("That is nearly double the 2015 count.", "That is more than double the 2015 count.") == [
        ("nearly double", "more than double")
    ]
    assert _clash("That is nearly double the 2015 count.", "That is about double the 2015 count.") == []


def test_hedged_clock_times_clash_only_past_their_slack() -> None:
    assert _clash("He fell at about 11:15 p.m.", "He fell around 10:40 p.m.") == [
        ("about 11:15 p.m.", "around 10:40 p.m.")
    ]
    assert _clash("He fell at about 11:15 p.m.", "He fell at 11:05 p.m.") == []


def test_a_count_beside_a_label_still_clashes_with_its_own_noun() -> None:
    a = find_values("Four patients arrived with priority one wounds.")
    b = find_values("Five patients arrived, a spokeswoman said.")
    assert [c.slot for c in clashes(a, b)] == [("count", "patient")]


@pytest.mark.parametrize(
    ("a", "b"), [("It cost $15.99.", "It cost $16."), ("Sales rose 64.3 percent.", "Sales rose 64%.")]
)
def test_a_rounded_amount_is_the_same_amount(a: str, b: str) -> None:
    assert _clash(a, b) == []


def test_a_rounding_is_only_to_the_nearest_place() -> None:
    assert _clash("It cost $15.49.", "It cost $16.") == [("$15.49", "$16")]


def test_mostly_and_all_clash_only_about_one_counted_group() -> None:
    mostly = "This year 80 people, mostly adults over 60, fell ill."
    assert _clash(mostly, "There were 80 cases this year — all children.") == [
        ("mostly adults over 60", "all children")
    ]
    assert _clash(mostly, "There were 95 cases this year — all children.") == []
    assert _clash(mostly, "Of the 80 patients this year, most of them adults, few were hurt.") == []


def test_a_range_agrees_with_what_it_holds_and_clashes_with_what_it_does_not() -> None:
    fell = "She had fallen 20-30ft down a cliff, then tumbled about 150 metres."
    assert _clash(fell, "She fell 30ft (9m) down a cliff.") == []
    assert _clash(fell, "She fell 25 feet down a cliff.") == []
    assert _clash("Between 20 and 30 people were hurt.", "Forty people were hurt.") == [
        ("Between 20 and 30 people", "Forty people")
    ]


def test_a_clock_time_without_am_or_pm_is_either_half_of_the_day() -> None:
    # "6:00" is 6 a.m. or 6 p.m.: no clash with either; "06:00" and "18:30" are 24-hour times
    assert (
        _clash("The vigil starts Thursday at 6:00 at the community centre.", "The vigil starts at 6 p.m.")
        == []
    )
    assert _clash("She was last seen between 6:45 and 7 p.m.", "She was seen at 6:45 p.m.") == []
    assert _clash("The vigil starts at 6:00.", "The vigil starts at 8 p.m.") == [("6:00", "8 p.m.")]
    assert _clash("The shop opens at 06:00.", "The shop opens at 6 p.m.") == [("06:00", "6 p.m.")]
    assert _clash("The train left at 18:30.", "The train left at 6:30 a.m.") == [("18:30", "6:30 a.m.")]


def test_a_part_of_a_group_is_not_its_size() -> None:
    # "one of the deputies" found the suspect; "four deputies" fired: no disagreement on a number
    assert _clash("One of the deputies found the suspect.", "Four deputies fired at the suspect.") == []
    assert _clash("Three of the victims were children.", "Four of the victims were children.") == [
        ("Three of the victims", "Four of the victims")
    ]
