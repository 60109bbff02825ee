"""Two wordings of one value agree; values of one slot that cannot both be true clash."""

from __future__ import annotations

import pytest

from newsbrief.valuecheck import agree, clashes, of_different_finishers
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
        ("The fire started about 2:25 a.m.", "The fire started at 2:20 a.m."),
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
    assert _clash("The alarm rang at about 2:25 a.m.", "The alarm rang around 1:50 a.m.") == [
        ("about 2:25 a.m.", "around 1:50 a.m.")
    ]
    assert _clash("The alarm rang at about 2:25 a.m.", "The alarm rang at 2:15 a.m.") == []


def test_a_count_beside_a_label_still_clashes_with_its_own_noun() -> None:
    a = find_values("Four patients arrived with priority two wounds.")
    b = find_values("Five patients arrived, a spokeswoman said.")
    assert [c.slot for c in clashes(a, b)] == [("count", "patient")]


@pytest.mark.parametrize(
    ("a", "b"), [("It cost $23.99.", "It cost $24."), ("Sales rose 64.3 percent.", "Sales rose 64%.")]
)
def test_a_rounded_amount_is_the_same_amount(a: str, b: str) -> None:
    assert _clash(a, b) == []


def test_a_rounding_is_only_to_the_nearest_place() -> None:
    assert _clash("It cost $23.49.", "It cost $24.") == [("$23.49", "$24")]


def test_mostly_and_all_clash_only_about_one_counted_group() -> None:
    mostly = "This year 80 people, mostly adults over 60, fell ill."
    assert _clash(mostly, "There were 80 cases this year — all children.") == [
        ("mostly adults over 60", "all children")
    ]
    assert _clash(mostly, "There were 95 cases this year — all children.") == []
    assert _clash(mostly, "Of the 80 patients this year, most of them adults, few were hurt.") == []


def test_a_range_agrees_with_what_it_holds_and_clashes_with_what_it_does_not() -> None:
    fell = "He had fallen 40-50ft down a ravine, then tumbled about 200 metres."
    assert _clash(fell, "He fell 50ft (15m) down a ravine.") == []
    assert _clash(fell, "He fell 45 feet down a ravine.") == []
    assert _clash("Between 20 and 30 people were hurt.", "Forty people were hurt.") == [
        ("Between 20 and 30 people", "Forty people")
    ]


def test_a_clock_time_without_am_or_pm_is_either_half_of_the_day() -> None:
    # "5:00" is 5 a.m. or 5 p.m.: no clash with either; "06:00" and "18:30" are 24-hour times
    assert (
        _clash("The meeting starts Tuesday at 5:00 at the town hall.", "The meeting starts at 5 p.m.") == []
    )
    assert _clash("He was last seen between 8:20 and 8:45 p.m.", "He was seen at 8:20 p.m.") == []
    assert _clash("The meeting starts at 5:00.", "The meeting starts at 8 p.m.") == [("5:00", "8 p.m.")]
    assert _clash("The shop opens at 06:00.", "The shop opens at 6 p.m.") == [("06:00", "6 p.m.")]
    assert _clash("The train left at 18:30.", "The train left at 6:30 a.m.") == [("18:30", "6:30 a.m.")]


def test_a_part_of_a_group_is_not_its_size() -> None:
    # "one of the firefighters" reached the boy; "six firefighters" climbed: no disagreement on a number
    assert _clash("One of the firefighters reached the boy.", "Six firefighters climbed to the boy.") == []
    assert _clash("Two of the passengers were nurses.", "Three of the passengers were nurses.") == [
        ("Two of the passengers", "Three of the passengers")
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The crane fell more than 70 meters.", "The crane fell 80 meters."),
        ("Under 50 people came to the vigil.", "38 people came to the vigil."),
        ("The quake left at least 3 people dead.", "The quake left 5 people dead."),
        ("Nearly 200 workers walked out.", "190 workers walked out."),
        ("The ferry carries up to 30 cars.", "The ferry carries 12 cars."),
        ("Fewer than 40 homes lost power.", "Almost 40 homes lost power."),
        ("At least 12 boats sank.", "Up to 12 boats sank."),
        ("Roughly 300 fans waited.", "Around 320 fans waited."),
    ],
)
def test_a_bounded_value_agrees_with_any_value_its_bound_allows(a: str, b: str) -> None:
    assert find_values(a) and find_values(b)
    assert _clash(a, b) == []
    assert _clash(b, a) == []


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        ("The crane fell more than 70 meters.", "The crane fell 60 meters.", "more than 70 meters"),
        ("Under 50 people came to the vigil.", "55 people came to the vigil.", "Under 50 people"),
        ("The quake left at least 3 people dead.", "The quake left 2 people dead.", "at least 3 people"),
        ("Nearly 200 workers walked out.", "230 workers walked out.", "Nearly 200 workers"),
        ("The ferry carries up to 30 cars.", "The ferry carries 35 cars.", "up to 30 cars"),
        ("At least 12 boats sank.", "Fewer than 12 boats sank.", "At least 12 boats"),
        ("More than 12 boats sank.", "Up to 12 boats sank.", "More than 12 boats"),
    ],
)
def test_a_bounded_value_clashes_with_a_value_its_bound_rules_out(a: str, b: str, shown: str) -> None:
    assert [x for x, _ in _clash(a, b)] == [shown]


def test_a_plain_value_at_the_bound_itself_agrees_with_it() -> None:
    # "50 people" may be a rounding of 51: not a contradiction of "more than 50"
    assert _clash("More than 50 people were rescued.", "50 people were rescued.") == []


def test_a_hedge_reaches_as_far_as_the_number_was_rounded() -> None:
    # "about 1.2 million" is rounded to a tenth of a million: it never reaches "roughly 1.8 million"
    assert _clash(
        "The plan will cost about 1.2 million dollars a year.",
        "The plan will cost roughly 1.8 million dollars a year.",
    ) == [("about 1.2 million dollars", "roughly 1.8 million dollars")]
    assert (
        _clash(
            "The plan will cost about 1.2 million dollars a year.",
            "The plan will cost roughly 1.3 million dollars a year.",
        )
        == []
    )
    # a number rounded to its leading digit keeps half that place of slack
    assert _clash("Nearly 40 people came.", "Some 36 people came.") == []


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Damage is estimated at more than $2 million.", "Damage is estimated at $1.8 million."),
        ("Damage is estimated at less than $2 million.", "Damage is estimated at $2.4 million."),
        ("Prices rose by up to 5 percent this year.", "Prices rose by 5.4 percent this year."),
    ],
)
def test_a_bounded_amount_or_share_is_no_rounding(one: str, other: str) -> None:
    assert len(_clash(one, other)) == 1


def test_times_taken_of_two_named_finishers_are_two_facts() -> None:
    cole, ruiz = find_values("Cole won in 2:05."), find_values("Ruiz was second in 2:07.")
    assert of_different_finishers(cole, ruiz)
    assert not of_different_finishers(cole, find_values("Cole won the race in 2:07."))
    assert not of_different_finishers(cole, find_values("He was second in 2:07."))  # who, unknown
    assert not of_different_finishers(cole, find_values("Ruiz won the vote 52 to 40."))


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        ("As many as 30 people died in the fire.", "25 people died in the fire.", ""),
        ("As many as 30 people died in the fire.", "35 people died in the fire.", "As many as 30 people"),
        ("The repairs could cost as much as $5 million.", "The repairs could cost $4 million.", ""),
        ("Waves as high as 8 meters hit the coast.", "Waves of 6 meters hit the coast.", ""),
    ],
)
def test_as_many_as_is_an_upper_bound(a: str, b: str, shown: str) -> None:
    # "as many as 30" puts 30 at the top: 25 is within it, 35 past it
    assert [x for x, _ in _clash(a, b)] == ([shown] if shown else [])


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ("He faces up to 15 years in prison.", "He could get as many as 12 years in prison.", True),
        ("The ferry carries up to 300 cars.", "The ferry carries as many as 200 cars.", True),
        ("He faces up to 15 years in prison.", "He could get as many as 15 years in prison.", False),
        ("As many as 30 people may have died.", "Up to 28 people may have died.", False),  # rounding
    ],
)
def test_two_maxima_agree_only_when_their_caps_do(a: str, b: str, clash: bool) -> None:
    # "up to" names the cap itself: 12 is within "up to 15", but a second cap of 12 says the
    # maximum is 12, not 15
    assert bool(_clash(a, b)) is clash
    assert bool(_clash(b, a)) is clash
