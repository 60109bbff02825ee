"""Values a sentence states, read with their slot: money, clock times, counts, measures, scope."""

from __future__ import annotations

import pytest

from newsbrief.text import stem
from newsbrief.valuecheck import clashes
from newsbrief.values import find_values, is_time_taken, time_taken_readings


def _clash(a: str, b: str) -> list[tuple[str, str]]:
    return [(c.a.text, c.b.text) for c in clashes(find_values(a), find_values(b))]


def test_years_and_dates_are_not_counts() -> None:
    assert find_values("The 2019 summit failed.") == []
    assert [v.text for v in find_values("On March 3, 2021 twelve soldiers left.")] == ["twelve soldiers"]


@pytest.mark.parametrize(
    "text",
    ["Four patients had priority two wounds.", "A Category 4 storm hit the coast.", "Phase 2 trials began."],
)
def test_a_number_naming_a_rank_or_label_is_not_a_count(text: str) -> None:
    assert [v.slot for v in find_values(text) if v.slot[0] == "count" and v.slot[1] != "patient"] == []


def test_a_family_list_counts_its_members_and_a_lone_kin_word_does_not() -> None:
    found = [(v.slot, v.value, v.bound) for v in find_values("She was found by her husband and sons.")]
    assert found == [(("family", "husband"), 1.0, ""), (("family", "son"), 2.0, "plural")]
    assert find_values("Her son told reporters she was kind.") == []
    assert _clash("by her husband and sons", "the victim's husband and son") == [
        ("husband and sons", "husband and son")
    ]
    assert _clash("by her husband and sons", "with their mother's husband and sons") == []


def test_a_distance_fallen_is_its_own_slot() -> None:
    assert [v.slot for v in find_values("He fell six floors onto a balcony.")] == [("fall", "")]
    assert [v.slot for v in find_values("The village is 45 miles southwest of the city.")] == [("length", "")]
    assert _clash("He dropped six floors.", "He slipped 40 feet.") == [("six floors", "40 feet")]


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


def test_a_range_is_one_value_from_its_low_end_to_its_high_end() -> None:
    found = [(v.slot, v.value, v.low, v.text) for v in find_values("Between 20 and 30 people were hurt.")]
    assert found == [(("count", "peopl"), 30.0, 20.0, "Between 20 and 30 people")]
    found = [(v.slot, v.low, v.text) for v in find_values("He had fallen 40-50ft down a ravine.")]
    assert found == [(("fall", ""), 40 * 0.3048, "40-50ft")]
    assert [v.low for v in find_values("The fire burned 10 to 12 homes.")] == [10.0]
    # a change is not a range: the rate is now 12 percent
    assert [(v.value, v.low) for v in find_values("The rate rose from 10 to 12 percent.")] == [(12.0, None)]


def test_an_increment_is_not_compared_with_a_total() -> None:
    assert [v.slot for v in find_values("Three more people died on Tuesday.")] == [("count", "+peopl")]
    assert (
        _clash("Through May, 27 new cases were confirmed.", "Officials have counted 40 cases this year.")
        == []
    )
    assert _clash("Three more people died.", "Five more people died.") == [
        ("Three more people", "Five more people")
    ]


def test_durations_and_vote_tallies_are_values() -> None:
    found = [
        (v.slot, v.text) for v in find_values("He was sentenced to 10 years in prison after a 5-2 vote.")
    ]
    assert found == [(("duration", ""), "10 years"), (("vote", ""), "5-2")]
    assert _clash("She held the post for three days.", "She held the post for 72 hours.") == []
    assert _clash("He was sentenced to 10 years.", "He was sentenced to 12 years.") == [
        ("10 years", "12 years")
    ]
    assert _clash("The council voted 5-2 to approve it.", "The council approved it in a 4-3 vote.") == [
        ("5-2", "4-3")
    ]
    # a point in time and an age are no durations
    assert [v.slot for v in find_values("Ten years ago a 10-year-old boy went missing.")] == [("age", "")]


def test_clock_times_in_two_zones_are_compared_as_moments() -> None:
    assert _clash("The rocket lifted off at 9:15 p.m. ET.", "The rocket lifted off at 6:15 p.m. PT.") == []
    assert _clash("The rocket lifted off at 9:15 p.m. ET.", "The rocket lifted off at 7:15 p.m. PT.") == [
        ("9:15 p.m. ET", "7:15 p.m. PT")
    ]
    # a time without a zone is read in the other's: a story's times are local
    assert _clash("The rocket lifted off at 9:15 p.m. ET.", "The rocket lifted off at 9:15 p.m.") == []
    assert _clash("Firefighters were sent at 8:14 a.m. ET.", "The alarm came in at 8:11 a.m.") == [
        ("8:14 a.m. ET", "8:11 a.m.")
    ]


@pytest.mark.parametrize(
    ("one", "other", "shown"),
    [
        (
            "Kofi Mensah won the men's race in 2:06.",
            "Kofi Mensah finished in 2:09 to win the men's race.",
            ("2:06", "2:09"),
        ),
        (
            "She ran a 2:21:14 marathon on Sunday.",
            "She finished the marathon in 2:24:02 on Sunday.",
            ("2:21:14", "2:24:02"),
        ),
        ("Lund clocked 3:51.2 in the mile.", "Lund set a time of 3:49 in the mile.", ("3:51.2", "3:49")),
        ("It was a 2:08 marathon for the winner.", "The winner ran 2:11.", ("2:08", "2:11")),
    ],
)
def test_a_time_taken_is_a_duration_and_two_of_them_clash(
    one: str, other: str, shown: tuple[str, str]
) -> None:
    # a race's time is no time of day: its own slot, compared with other times taken only
    found = find_values(one) + find_values(other)
    assert [is_time_taken(v.slot) for v in found] == [True, True]
    assert _clash(one, other) == [shown]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (
            "Kofi Mensah won the men's race in 2:06.",
            "Kofi Mensah won the men's race in 2:06:40.",
        ),  # seconds left out
        ("Lund clocked 3:51 in the mile.", "Lund clocked 3:51.2 in the mile."),  # tenths left out
        ("Mensah won in 2:06:40.", "Mensah won in under 2:07."),
        ("Mensah won in about 2:06.", "Mensah won in 2:06:50."),
        ("Mensah won in 2:06:40.", "Mensah won in 2:06:40."),
    ],
)
def test_a_time_taken_agrees_with_itself_written_to_another_place(one: str, other: str) -> None:
    assert _clash(one, other) == []


def test_a_time_taken_reads_as_hours_and_minutes_or_minutes_and_seconds() -> None:
    assert time_taken_readings("2:05") == ((7500.0, 60.0), (125.0, 1.0))
    assert time_taken_readings("about 2:06:11") == ((7571.0, 1.0),)
    assert time_taken_readings("3:51.2") == ((231.2, 0.1),)
    assert _clash("Mensah won in 2:06:40.", "Mensah won in 2:07:40.") == [("2:06:40", "2:07:40")]
    assert _clash("Lund won in 3:51.2.", "Lund won in 3:51.3.") == [("3:51.2", "3:51.3")]


def test_a_clock_time_beside_a_time_taken_is_still_read_and_never_compared_with_it() -> None:
    found = [(v.slot, v.text) for v in find_values("The race started at 7:30 and Mensah won in 2:06.")]
    assert found == [(("time", ""), "7:30"), (("duration", "time taken by mensah"), "2:06")]
    assert _clash("The marathon starts at 6:00 on Sunday.", "The marathon starts at 7:00 on Sunday.") == [
        ("6:00", "7:00")
    ]
    assert _clash("The race began at 2:05.", "Mensah won the race in 2:05.") == []
    assert _clash("The race began at 2:05.", "Mensah won the race in 2:07.") == []


def test_a_time_taken_is_its_finishers() -> None:
    # the name nearest before it, past the events, places and days a preposition or article brings in
    def finishers(text: str) -> list[str]:
        return [v.slot[1] for v in find_values(text) if is_time_taken(v.slot)]

    assert finishers("Ed Cole won the men's race in 2:05 and Tom Ruiz was second in 2:07.") == [
        "time taken by cole",
        "time taken by ruiz",
    ]
    assert finishers("The race was won by Kofi Mensah in 2:06, organisers said.") == ["time taken by mensah"]
    assert finishers("Kenya's Ada Kip won the Harlow Marathon on Sunday in 2:19:09.") == ["time taken by kip"]
    assert finishers("Sean McDowell's winning time of 3:51.2 stood.") == ["time taken by mcdowell"]
    assert finishers("He won in 2:05.") == finishers("It was a 2:08 marathon.") == ["time taken"]
    assert _clash("Cole won the men's race in 2:05.", "Ruiz was second in the men's race in 2:07.") == []
    assert _clash("The men's race was won by Ed Cole in 2:05.", "Ed Cole won the men's race in 2:07.") == [
        ("2:05", "2:07")
    ]


def test_a_race_named_by_its_start_time_and_a_clock_time_with_seconds_are_clock_times() -> None:
    # racing names a race by the time it starts ("the 3:15 at Cheltenham"); "at" puts a time with
    # seconds on the clock
    assert [v.slot for v in find_values("The 3:15 race at Cheltenham was abandoned.")] == [("time", "")]
    assert _clash(
        "The 3:15 race at Cheltenham was abandoned.", "The 4:15 race at Cheltenham was abandoned."
    ) == [("3:15", "4:15")]
    (bomb,) = find_values("The bomb exploded at 14:32:10 local time.")
    assert (bomb.slot, bomb.text) == (("time", ""), "14:32:10")
    assert _clash(
        "The bomb exploded at 14:32:10 local time.", "The bomb exploded at 14:35:02 local time."
    ) == [("14:32:10", "14:35:02")]


def test_values_read_in_context_not_by_shape_alone() -> None:
    # a clock range is not scaled like an amount; a change "from about 10 to 12" is no range
    assert [(v.value, v.low) for v in find_values("It happened between 9 and 10 p.m.")] == [(1320.0, None)]
    assert [(v.value, v.low) for v in find_values("The toll rose from about 10 to 12 people.")] == [
        (12.0, None)
    ]
    # a point in time is no length, and "a 20-year veteran" measures the veteran, not a sentence
    assert find_values("The bridge will reopen in 10 years, or 10 years later.") == []
    assert _clash("Lee was sentenced to 10 years in prison.", "Lee, a 20-year veteran, was sentenced.") == []
    # a tally after the verb that passed it
    assert _clash("The council approved the plan 7-2.", "The council approved the plan 6-3.") == [
        ("7-2", "6-3")
    ]
    # summer time on both sides of the Atlantic: one moment
    assert _clash("The talks began at 4 p.m. BST.", "The talks began at 11 a.m. ET.") == []


def test_casualties_are_counts_of_the_dead_or_of_the_hurt() -> None:
    from newsbrief.values import find_casualties

    def read(text: str) -> list[tuple[str, float, bool, str]]:
        return [(v.slot[1], v.value, v.approximate, v.bound) for v in find_casualties(text)]

    assert read("The blast left two people hurt, and a gunman wounded five people nearby.") == [
        ("hurt", 2.0, False, ""),
        ("hurt", 5.0, False, ""),
    ]
    assert read("Five people were shot at the depot.") == [("hurt", 5.0, False, "")]
    assert read("Two officers were shot dead and one deputy was fatally wounded.") == [
        ("dead", 2.0, False, ""),
        ("dead", 1.0, False, ""),
    ]
    assert read("The attack killed at least 12 people and injured 30 others.") == [
        ("dead", 12.0, True, "at-least"),
        ("hurt", 30.0, False, ""),
    ]
    # no victim named: a span of time, a number of shots, a team's score
    assert read("He was killed 10 years ago; police fired 20 shots; the Jets killed three drives.") == []


def test_an_age_set_off_by_commas_after_a_name_is_an_age() -> None:
    def ages(text: str) -> list[tuple[float, str]]:
        return [(v.value, v.text) for v in find_values(text) if v.slot == ("age", "")]

    assert ages("Mara Quinn, 34, of Elmwood, was charged on Monday.") == [(34.0, "Mara Quinn, 34")]
    assert ages("Police said Ada Moss, 45, and Ben Hale, 38, were arrested.") == [
        (45.0, "Ada Moss, 45"),
        (38.0, "Ben Hale, 38"),
    ]
    # not after a date, nor in a list of numbers, nor a count
    assert (
        ages("On June 5, 20 people fell ill; games 3, 4, and 5 were sold out; in Paris, 12 were hurt.") == []
    )


def test_a_distance_fallen_is_read_past_its_bound() -> None:
    # the verb of falling stands before the bound, not right before the number
    assert [v.slot[0] for v in find_values("The crane toppled from more than 70 meters.")] == ["fall"]


def test_a_time_after_a_name_and_who_is_that_finishers() -> None:
    (v,) = find_values(
        "Ana Ruiz won the city marathon ahead of Lea Moor, who clocked 2:27:40, officials said."
    )
    assert v.slot == ("duration", "time taken by moor")


@pytest.mark.parametrize(
    "text",
    [
        "Ana Ruiz won the city marathon on Sunday, missing the 2:25:30 course record.",
        "Ana Ruiz won the city marathon on Sunday, short of the course record of 2:25:30.",
    ],
)
def test_a_record_is_no_finishers_time(text: str) -> None:
    (v,) = find_values(text)
    assert v.slot == ("duration", "record")


_SENTENCES = [
    "The fire killed 12 people and caused $3.5 million in damage by 9:15 p.m. ET on Tuesday.",
    "About 40 percent of the 250 workers, all of them adults, were sent home at 5:00.",
    "Rescuers found two more people in the 40-50 feet of rubble, police said.",
    "Nothing here is counted.",
]


def test_a_sentence_read_again_gives_the_first_reading_at_the_callers_offset() -> None:
    from newsbrief import values

    for offset in (0, 37, 0, 1200):  # the first call reads, the later ones reuse the reading
        for text in _SENTENCES:
            assert find_values(text, offset=offset) == values._read_values(text, offset=offset)
            skip = [(text.find("Tuesday"), text.find("Tuesday") + 7)] if "Tuesday" in text else []
            assert find_values(text, offset=offset, skip=iter(skip)) == values._read_values(
                text, offset=offset, skip=skip
            )
    shifted = find_values(_SENTENCES[0], offset=100)
    assert [(v.start, v.end) for v in shifted] == [
        (v.start + 100, v.end + 100) for v in find_values(_SENTENCES[0])
    ]
    assert [v.text for v in shifted] == [_SENTENCES[0][v.start - 100 : v.end - 100] for v in shifted]


def test_the_second_reading_of_a_sentence_is_reused_and_cannot_be_spoiled() -> None:
    from newsbrief import values

    text = "Officials said 14 people were hurt and 3 homes burned."
    first = find_values(text, offset=10)
    hits = values._unshifted.cache_info().hits
    first.clear()  # a caller's list is its own
    again = find_values(text, offset=10)
    assert values._unshifted.cache_info().hits == hits + 1
    assert again == values._read_values(text, offset=10) and again


def test_spans_to_skip_are_part_of_what_is_kept() -> None:
    text = "The vote on March 3 drew 3 people."
    date = (text.index("March"), text.index(" drew"))
    # read first without the date's span, the "3" of "March 3" counts what follows it
    assert [v.text for v in find_values(text)] == ["3 drew", "3 people"]
    assert [v.text for v in find_values(text, skip=[date])] == ["3 people"]
    assert [v.text for v in find_values(text)] == ["3 drew", "3 people"]


def test_a_number_grouped_in_thousands_by_spaces_is_one_number() -> None:
    found = [(v.slot, v.value, v.text) for v in find_values("The storm cut power to 12 000 homes.")]
    assert found == [(("count", "home"), 12000.0, "12 000 homes")]
    assert [v.value for v in find_values("It cost €1\u202f250\u202f000 to build.")] == [1250000.0]
    # one figure written in two styles agrees; not "000 homes" against "12,000 homes"
    assert _clash("The storm cut power to 12 000 homes.", "The storm cut power to 12,000 homes.") == []
    # a day of a date is no thousands group: "May 5" is skipped, "200 people" stays
    text = "On May 5 200 people marched."
    assert [v.text for v in find_values(text, skip=[(3, 8)])] == ["200 people"]


@pytest.mark.parametrize(
    "text",
    [
        "The clashes injured more than 70, police said.",
        "Police said the blast killed 12 in the market.",
        "Officers arrested at least 30 during the protest.",
    ],
)
def test_a_count_of_people_after_a_verb_of_harm_or_arrest_needs_no_noun(text: str) -> None:
    (value,) = find_values(text)
    assert value.slot == ("count", "peopl")


def test_a_bare_count_of_the_injured_is_compared_with_a_count_of_people() -> None:
    bare = "The clashes injured more than 70, police said."
    assert _clash(bare, "Police said 50 people were injured in the clashes.") == [
        ("more than 70", "50 people")
    ]
    assert _clash(bare, "Police said 80 people were injured in the clashes.") == []
    # a noun after the number is counted as written: "injured 12 officers" counts officers
    assert [v.slot for v in find_values("The clashes injured 12 officers.")] == [("count", "offic")]


def test_how_long_something_lasted_is_a_duration_whatever_follows() -> None:
    lasted = "The standoff at the farmhouse lasted six hours before the man surrendered."
    assert [(v.slot, v.value) for v in find_values(lasted)] == [(("duration", ""), 0.25)]
    assert _clash(lasted, "After a standoff of about three hours, the man gave himself up.") == [
        ("six hours", "about three hours")
    ]
    assert _clash(lasted, "The standoff lasted about six hours, police said.") == []
    # a point in time is still no duration: "six hours before the blast" dates something else
    assert [v.slot for v in find_values("Police closed the road six hours before the blast.")] == [
        ("count", "hour")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "A magnitude 6.4 earthquake struck south of Varna.",
        "A 6.4-magnitude earthquake struck south of Varna.",
        "The earthquake, measured at magnitude 6.4, was centred south of Varna.",
        "The quake had a preliminary magnitude of 6.4, the survey said.",
        "The quake measured 6.4 on the Richter scale.",
    ],
)
def test_an_earthquakes_magnitude_is_a_value(text: str) -> None:
    assert [(v.slot, v.value) for v in find_values(text)] == [(("magnitude", ""), 6.4)]


def test_two_magnitudes_clash_and_a_magnitude_is_no_count() -> None:
    assert _clash("A magnitude 6.4 earthquake struck.", "A 6.2-magnitude earthquake struck.") == [
        ("magnitude 6.4", "6.2-magnitude")
    ]
    assert _clash("A magnitude 6.4 earthquake struck.", "The quake measured 6.4 on the Richter scale.") == []


def test_a_count_before_a_passive_of_harm_is_a_count_of_the_harmed() -> None:
    one = find_values("Two people were killed and three injured in a shooting at a bar in Marlow.")
    other = find_values("Two people died and four were hurt when a gunman opened fire in a Marlow bar.")
    # "four were hurt" counts the hurt, as "three injured" counts the injured: one slot, two numbers
    assert [(v.text, v.value) for v in other] == [("Two people", 2.0), ("four were hurt", 4.0)]
    assert [(c.a.text, c.b.text) for c in clashes(one, other)] == [("three injured", "four were hurt")]
    assert [v.slot for v in find_values("Three were killed and 12 were seriously wounded.")] == [
        ("count", stem("killed")),
        ("count", stem("injured")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The disorder affects about 5 of every 10,000 children.",
        "The condition strikes between 1 out of 400 and 1 out of 2,000 adults.",
        "One in 150 children has the disorder.",
        "Three in every 100 people were infected.",
    ],
)
def test_a_rates_denominator_is_no_count(text: str) -> None:
    # "5 of every 10,000 children" is a rate: 10,000 children is how it is reckoned, not how many
    assert find_values(text) == []


def test_a_count_beside_a_rate_is_still_read() -> None:
    text = "The clinic treated 1,000 children last year; one in 150 children has the disorder."
    assert [v.text for v in find_values(text)] == ["1,000 children"]


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("About three-fifths of all tenants in Karsk pay more than they can afford.", 60.0),
        ("Two thirds of the voters backed the plan.", 66.7),
        ("Half of the homes in the valley were flooded.", 50.0),
        ("A quarter of them were children.", 25.0),
    ],
)
def test_a_fraction_in_words_of_a_group_is_a_share(text: str, share: float) -> None:
    assert [(v.slot, v.value) for v in find_values(text)] == [(("percent", ""), share)]


@pytest.mark.parametrize(
    "text",
    [
        "Sales rose in the second half of the year.",
        "The hikers walked half of a mile.",
        "Profits fell in the first quarter of 2024.",
        "The bill needs a two-thirds majority.",
    ],
)
def test_a_stretch_of_time_or_a_part_of_one_thing_is_no_share(text: str) -> None:
    assert [v for v in find_values(text) if v.slot[0] == "percent"] == []


def test_a_fraction_and_a_percentage_of_one_group_are_compared() -> None:
    # a fraction in words is a rounding: two-thirds is 67 percent, not 45
    assert _clash(
        "Two-thirds of the voters backed the plan.", "Some 45 percent of the voters backed the plan."
    )
    assert not _clash(
        "Two-thirds of the voters backed the plan.", "Some 67 percent of the voters backed the plan."
    )


def test_a_number_naming_one_of_many_is_a_label_compared_as_itself() -> None:
    # "district 5" / "district 6" are two places: the same sentence with either is two facts
    assert [(v.slot, v.value) for v in find_values("Crews evacuated district 5 and Flight 370 landed.")] == [
        (("label", stem("district")), 5.0),
        (("label", stem("flight")), 370.0),
    ]
    assert _clash(
        "Crews evacuated residents from district 5.", "Crews evacuated residents from district 6."
    ) == [("district 5", "district 6")]
    assert (
        _clash("Crews evacuated residents from District 5.", "Residents of district 5 were evacuated.") == []
    )
    assert [v.slot[0] for v in find_values("The district has 5,000 people.")] == ["count"]
