"""Values of one slot compare across wordings: money, clock times, counts, measures."""

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


def test_years_and_dates_are_not_counts() -> None:
    assert find_values("The 2019 summit failed.") == []
    assert [v.text for v in find_values("On March 3, 2021 twelve soldiers left.")] == ["twelve soldiers"]


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


@pytest.mark.parametrize(
    "text",
    ["Four patients had priority one wounds.", "A Category 4 storm hit the coast.", "Phase 2 trials began."],
)
def test_a_number_naming_a_rank_or_label_is_not_a_count(text: str) -> None:
    assert [v.slot for v in find_values(text) if v.slot[0] == "count" and v.slot[1] != "patient"] == []


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


def test_a_family_list_counts_its_members_and_a_lone_kin_word_does_not() -> None:
    found = [(v.slot, v.value, v.bound) for v in find_values("He was found by his wife and daughters.")]
    assert found == [(("family", "wife"), 1.0, ""), (("family", "daughter"), 2.0, "plural")]
    assert find_values("His daughter told reporters he was kind.") == []
    assert _clash("by his wife and daughters", "the victim's wife and daughter") == [
        ("wife and daughters", "wife and daughter")
    ]
    assert _clash("by his wife and daughters", "with her husband's wife and daughters") == []


def test_a_distance_fallen_is_its_own_slot() -> None:
    assert [v.slot for v in find_values("He fell nine stories onto a roof.")] == [("fall", "")]
    assert [v.slot for v in find_values("The town is 30 miles northeast of the city.")] == [("length", "")]
    assert _clash("He dropped nine stories.", "He slipped 25 feet.") == [("nine stories", "25 feet")]


def test_who_a_counted_group_is_is_read_in_apposition() -> None:
    found = [
        (v.slot, v.value, v.text) for v in find_values("The 40 passengers, most of them students, were safe.")
    ]
    assert found == [
        (("count", "passeng"), 40.0, "40 passengers"),
        (("scope", ""), 0.5, "most of them students"),
    ]
    found = [
        (v.slot, v.value, v.text) for v in find_values("Nine flights were late — all of them from Oslo.")
    ]
    assert found == [
        (("count", "flight"), 9.0, "Nine flights"),
        (("scope", ""), 1.0, "all of them from Oslo"),
    ]
    assert find_values("He waited at the gate, all the while hoping for news.") == []


def test_mostly_and_all_clash_only_about_one_counted_group() -> None:
    mostly = "This year 80 people, mostly adults over 60, fell ill."
    assert _clash(mostly, "There were 80 cases this year — all children.") == [
        ("mostly adults over 60", "all children")
    ]
    assert _clash(mostly, "There were 95 cases this year — all children.") == []
    assert _clash(mostly, "Of the 80 patients this year, most of them adults, few were hurt.") == []
