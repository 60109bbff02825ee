"""Agree / unique / conflict read the one alignment: real conflicts only, worded for a reader."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsbrief.analyze import Analysis, analyze
from newsbrief.model import Article, Claim
from newsbrief.order import order_articles
from newsbrief.pipeline import make_docs

WHEN = datetime(2024, 2, 12, 9, 0)
BRIDGE_A = (
    "The city council said on Monday that the new Harbour Bridge will cost $1.2 billion to build.\n"
    "The Harbour Bridge will open to traffic at 3 p.m. on Saturday, the mayor said.\n"
    "Mayor Ann Lee said on Monday that the old bridge would reopen to traffic in May.\n"
    "The mayor said: “We will reopen the old bridge to all traffic in May. We will not raise the tolls.”"
)
BRIDGE_B = (
    "The city council said the new Harbour Bridge will cost $2.1 billion to build.\n"
    "The Harbour Bridge will open to traffic at 5 p.m. on Saturday, the mayor said.\n"
    "The old bridge will reopen to traffic in May 2024, Mayor Ann Lee said.\n"
    "“We will reopen the old bridge to all traffic in May,” the mayor told reporters."
)


@pytest.fixture(scope="module")
def bridge() -> Analysis:
    articles = [
        Article(id="b-a", text=BRIDGE_A, title="Bridge", outlet="hani.example", published=WHEN),
        Article(id="b-b", text=BRIDGE_B, title="Bridge", outlet="dailycourant.example", published=WHEN),
    ]
    return analyze(make_docs(order_articles(articles)))


def _of(analysis: Analysis, status: str) -> list[Claim]:
    return [c for c in analysis.claims if c.status == status]


def test_money_and_clock_time_conflicts_are_worded_for_a_reader(bridge: Analysis) -> None:
    texts = sorted(c.text for c in _of(bridge, "conflict"))
    assert texts == [
        "dailycourant.example: $2.1 billion; hani.example: $1.2 billion",
        "dailycourant.example: 5 p.m.; hani.example: 3 p.m.",
    ] or texts == sorted(
        [
            "hani.example: $1.2 billion; dailycourant.example: $2.1 billion",
            "hani.example: 3 p.m.; dailycourant.example: 5 p.m.",
        ]
    )
    for c in _of(bridge, "conflict"):
        assert len({x.article_id for x in c.citations}) == 2
        assert "MiniLM" not in c.detail and "cosine" not in c.detail


def test_quote_inside_a_longer_quote_agrees_and_is_no_conflict(bridge: Analysis) -> None:
    agreed = [
        c for c in _of(bridge, "agree") if "not raise the tolls" in c.text or "all traffic in May," in c.text
    ]
    assert agreed and agreed[0].outlets == ("dailycourant.example", "hani.example")
    assert not any("toll" in c.text or c.detail.startswith("denial") for c in _of(bridge, "conflict"))


def test_reported_future_month_agrees_with_the_dated_month(bridge: Analysis) -> None:
    assert not any(c.detail.startswith("date") for c in _of(bridge, "conflict"))
    assert any(
        "would reopen to traffic in May" in c.text or "May 2024" in c.text for c in _of(bridge, "agree")
    )


def test_at_most_three_conflicts_and_no_unique_claim_that_another_outlet_reports(bridge: Analysis) -> None:
    assert len(_of(bridge, "conflict")) <= 3
    agreed = {x.sentence_index for c in _of(bridge, "agree") for x in c.citations if x.article_id == "b-a"}
    unique = {x.sentence_index for c in _of(bridge, "unique") for x in c.citations if x.article_id == "b-a"}
    assert not agreed & unique


FALL_A = (
    "The 19-year-old friend was named as Tobias Lindqvist by the Evening Courier.\n"
    "Deputies were dispatched to the Harborview hotel at 11:09 p.m., police said.\n"
    "Tobias Lindqvist later returned to the Harborview hotel with police officers."
)
FALL_B = (
    "His friend Tobias Lindquist, 19, called for help from the roof of the Harborview hotel.\n"
    "The emergency call reached the dispatch centre at 11:36 p.m. from the roof of the hotel.\n"
    "Lindquist told police that the pair had climbed the scaffolding to take pictures."
)


@pytest.fixture(scope="module")
def fall() -> Analysis:
    articles = [
        Article(id="f-a", text=FALL_A, title="Fall", outlet="news.example", published=WHEN),
        Article(id="f-b", text=FALL_B, title="Fall", outlet="post.example", published=WHEN),
    ]
    return analyze(make_docs(order_articles(articles)))


def test_a_name_spelled_two_ways_by_two_outlets_is_a_conflict(fall: Analysis) -> None:
    names = [c for c in _of(fall, "conflict") if c.detail.startswith("name")]
    assert [c.text for c in names] == ["news.example: Tobias Lindqvist; post.example: Tobias Lindquist"]


@pytest.mark.parametrize(
    "said",
    [
        # two romanisations of one name from another script: each outlet's house style
        {
            "gazette.example": "Chechen commander Ramzan Nadyrov sent a message of support on Sunday.\n"
            "Egyptian President Omar al-Rami called for calm on Sunday.",
            "herald.example": "Ramzan Nadhirov, the Chechen commander, sent a message of support on Sunday.\n"
            "Egyptian President Omar el-Rammi called for calm on Sunday.",
        },
        # one slip of the outlet among its own "Tabenkin"s, not a house style of its own
        {
            "gazette.example": "Prime Minister Binyamin Tabenkin won a party vote on Sunday.\n"
            "Tabenkin said the coalition could no longer govern.",
            "herald.example": "Prime Minister Binyamin Tabankin won a party vote on Sunday.\n"
            "Tabenkin said his partners had left him no choice.",
        },
    ],
    ids=["romanisations", "an outlet's slip"],
)
def test_spellings_of_one_name_that_are_no_disagreement(said: dict[str, str]) -> None:
    assert [c.text for c in _of(_outlets_say(said, "t"), "conflict") if c.detail.startswith("name")] == []


def test_latin_script_surnames_a_vowel_apart_are_a_disagreement() -> None:
    # vowels alone are how Latin-script surnames differ: not a romanisation, outlets disagree
    said = {
        "gazette.example": "Karen Allen, a surgeon at the county hospital, led the team that treated "
        "the crew on Sunday.",
        "herald.example": "Karen Allan, a surgeon at the county hospital, led the team that treated "
        "the crew on Sunday.",
    }
    names = [c.text for c in _of(_outlets_say(said, "u"), "conflict") if c.detail.startswith("name")]
    assert names == ["gazette.example: Karen Allen; herald.example: Karen Allan"]


def test_race_times_taken_are_no_clash_of_clock_times() -> None:
    said = {
        "gazette.example": "The Harlow marathon began at 7:30 on Sunday.\n"
        "The men's race was won by Kofi Mensah in 2:06, organisers said.",
        "herald.example": "The Harlow marathon began at 8:30 on Sunday.\n"
        "Kofi Mensah won the men's race in 2:09, organisers said.",
    }
    times = [c.text for c in _of(_outlets_say(said, "r"), "conflict") if c.detail.startswith("time")]
    assert times == ["gazette.example: 7:30; herald.example: 8:30"]


def test_clock_times_of_one_event_clash_even_in_other_words(fall: Analysis) -> None:
    times = [c for c in _of(fall, "conflict") if c.detail.startswith("time")]
    assert [c.text for c in times] == ["news.example: 11:09 p.m.; post.example: 11:36 p.m."]


FAMILY_A = (
    "A cousin who has rented the flat upstairs for six years was at home when her body was discovered by her "
    "husband and sons.\n"
    "The climber fell six floors from the tower's service ladder, the fire brigade said.\n"
    "A crate of pears that cost $23.99 in January now costs an extra $7.45 because of the levy."
)
FAMILY_B = (
    "The victim's husband and son discovered her body in the garden shed.\n"
    "The climber slipped 25 feet from the ladder before landing on a ledge, officials said.\n"
    "A crate of plums now costs an extra nearly $5, and a crate of pears went from $24 to more than $31."
)


@pytest.fixture(scope="module")
def family() -> Analysis:
    articles = [
        Article(id="fa-a", text=FAMILY_A, title="Family", outlet="gazette.example", published=WHEN),
        Article(id="fa-b", text=FAMILY_B, title="Family", outlet="herald.example", published=WHEN),
    ]
    return analyze(make_docs(order_articles(articles)))


def test_a_family_listed_two_ways_is_a_conflict(family: Analysis) -> None:
    kin = [c for c in _of(family, "conflict") if c.detail.startswith("family members")]
    assert [c.text for c in kin] == ["gazette.example: husband and sons; herald.example: husband and son"]


def test_distances_fallen_clash_across_units(family: Analysis) -> None:
    falls = [c for c in _of(family, "conflict") if c.detail.startswith("distance fallen")]
    assert [c.text for c in falls] == ["gazette.example: six floors; herald.example: 25 feet"]


def test_a_rounded_price_is_no_conflict(family: Analysis) -> None:
    assert [c.text for c in _of(family, "conflict") if c.detail.startswith("amount")] == []


def test_amounts_of_several_things_priced_are_no_conflict() -> None:
    said = {
        "gazette.example": "At the market, a crate of pears costs an additional $7.45 because of the new levy.",
        "herald.example": "At the market, a crate of plums costs an additional $5 and a crate of pears $9 more because of the new levy.",
    }
    assert [c.text for c in _of(_outlets_say(said, "p"), "conflict")] == []


def test_mostly_against_all_of_one_counted_group_is_a_conflict() -> None:
    said = {
        "gazette.example": "Between June and September, 64 people, mostly adults over 60, fell ill with the fever in the valley.",
        "herald.example": "The outbreak peaked last summer, with 64 cases reported in three months — all children.",
    }
    analysis = _outlets_say(said, "s")
    scope = [c for c in _of(analysis, "conflict") if c.detail.startswith("who they were")]
    assert [c.text for c in scope] == ["gazette.example: mostly adults over 60; herald.example: all children"]
    assert len({x.article_id for x in scope[0].citations}) == 2


def _outlets_say(said: dict[str, str], prefix: str) -> Analysis:
    """The analysis of one article per outlet (outlet → text), ids ``prefix-0``… in outlet order."""
    articles = [
        Article(id=f"{prefix}-{k}", text=text, title=prefix, outlet=outlet, published=WHEN)
        for k, (outlet, text) in enumerate(sorted(said.items()))
    ]
    return analyze(make_docs(order_articles(articles)))


def test_one_disagreement_among_three_outlets_is_one_conflict_with_both_sides() -> None:
    said = {
        "gazette.example": "The flooding along the river forced 120 families from their homes, the county said.",
        "herald.example": "The flooding along the river forced 150 families from their homes, the county said.",
        "courier.example": "Flooding along the river forced 150 families from their homes, according to the county.",
    }
    conflicts = _of(_outlets_say(said, "f"), "conflict")
    assert [c.text for c in conflicts] in (
        ["courier.example, herald.example: 150 families; gazette.example: 120 families"],
        ["gazette.example: 120 families; courier.example, herald.example: 150 families"],
    )
    (conflict,) = conflicts
    assert "courier.example and herald.example say 150 families" in conflict.detail
    assert "gazette.example says 120 families" in conflict.detail
    assert {x.article_id for x in conflict.citations} == {"f-0", "f-1", "f-2"}
    assert conflict.outlets == ("courier.example", "gazette.example", "herald.example")


def test_three_values_of_one_slot_are_one_conflict_and_one_value_one_side() -> None:
    said = {
        "gazette.example": "The storm forced twelve families from their homes along the river, the county said.",
        "herald.example": "The storm forced 12 families from their homes along the river, the county said.",
        "courier.example": "The storm forced 15 families from their homes along the river, the county said.",
        "ledger.example": "The storm forced 18 families from their homes along the river, the county said.",
    }
    (conflict,) = _of(_outlets_say(said, "s"), "conflict")
    sides = sorted(conflict.text.split("; "))
    assert sides == [
        "courier.example: 15 families",
        "gazette.example, herald.example: twelve families",
        "ledger.example: 18 families",
    ] or sides == [
        "courier.example: 15 families",
        "gazette.example, herald.example: 12 families",
        "ledger.example: 18 families",
    ]
    assert len(conflict.citations) == 4


def test_opposite_outcomes_of_one_event_are_a_conflict() -> None:
    said = {
        "gazette.example": "A jury convicted the banker Leo Stark of fraud at the county court on Friday.",
        "herald.example": "A jury acquitted the banker Leo Stark of fraud at the county court on Friday.",
    }
    (conflict,) = _of(_outlets_say(said, "o"), "conflict")
    assert conflict.text == "gazette.example: convicted; herald.example: acquitted"
    assert conflict.detail.startswith("outcome differs")
    assert not _of(_outlets_say(said, "o"), "agree")


# a story's side incident, told in one clause of a longer sentence by each outlet
SIDE_A = (
    "A gas leak forced the evacuation of the Lakeside mall in Dunmore on Saturday, fire officials said.\n"
    "Fire crews sealed the leak in Dunmore within two hours, and shoppers returned to the Dunmore mall by evening.\n"
    "The leak came a day after a boiler blast at a bakery in Halvergate, Ohio, left two workers hurt, "
    "and a fire gutted a warehouse in Brindle Falls later that day."
)
SIDE_B = (
    "Shoppers left the Lakeside mall in Dunmore on Saturday after a gas leak, officials said.\n"
    "Five employees were injured on Friday morning when a furnace blew up at a bread maker in Halvergate, "
    "Ohio, the state fire marshal said."
)


def test_casualties_of_a_side_incident_told_in_a_clause_are_a_conflict() -> None:
    analysis = _outlets_say({"gazette.example": SIDE_A, "herald.example": SIDE_B}, "c")
    (conflict,) = _of(analysis, "conflict")
    assert conflict.text == "gazette.example: two workers hurt; herald.example: Five employees were injured"
    assert conflict.detail.startswith("people hurt differs")
    assert {x.article_id for x in conflict.citations} == {"c-0", "c-1"}


@pytest.mark.parametrize(
    "other",
    [
        # the same count in other words: no conflict
        "On Friday morning, two workers were injured when a boiler exploded at a bakery in Halvergate, Ohio.",
        # the dead are not the hurt: two outcomes, no disagreement
        "On Friday morning, one worker was killed and five workers died later when a boiler exploded in "
        "Halvergate, Ohio.",
        # the clause with the count names another place than the clause naming Halvergate
        "A boiler exploded at a bakery in Halvergate, Ohio, on Friday, and five workers were injured in a "
        "crash near Ashby.",
    ],
)
def test_casualty_counts_of_different_outcomes_or_places_are_no_conflict(other: str) -> None:
    analysis = _outlets_say({"gazette.example": SIDE_A, "herald.example": other}, "c")
    assert [c.text for c in _of(analysis, "conflict")] == []


def test_casualties_at_a_place_named_in_many_sentences_are_left_to_the_alignment() -> None:
    said = {
        # the story's main place, named in several sentences: counts of different moments of it
        "gazette.example": "Three people were hurt in Dunmore when the roof fell.\n"
        "Rescuers in Dunmore searched the mall all night.\n"
        "By morning, officials in Dunmore said the mall would stay closed.",
        "herald.example": "Workers cleared the rubble in Dunmore on Sunday.\n"
        "Officials said that in all eight people were hurt in Dunmore over the weekend of storms.",
    }
    assert [c.text for c in _of(_outlets_say(said, "m"), "conflict") if "hurt" in c.detail] == []


DISPUTE_A = (
    "Governor Ruth Alden ruled out a run for the Senate in 2026 on Tuesday, telling reporters she would "
    "finish her term.\n"
    "Alden has served as governor since 2019."
)
DISPUTE_B = (
    "Governor Ruth Alden told a radio host on Tuesday that she had no plans beyond her current term.\n"
    "Does that mean Alden has ruled out a Senate run in 2026, as some reports suggest?\n"
    "Not necessarily.\n"
    "Aides said she often keeps her options open until late."
)


@pytest.mark.parametrize(
    "asked",
    [
        "Does that mean Alden has ruled out a Senate run in 2026, as some reports suggest?",
        # how the question puts the report is no condition added to it
        "Does this amount to Alden ruling out a Senate run in 2026?",
        "Is it true that Alden has really ruled out a Senate run in 2026?",
    ],
)
def test_a_question_restating_another_report_answered_no_is_a_dispute(asked: str) -> None:
    text_b = DISPUTE_B.replace(DISPUTE_B.splitlines()[1], asked)
    analysis = _outlets_say({"gazette.example": DISPUTE_A, "herald.example": text_b}, "d")
    (conflict,) = _of(analysis, "conflict")
    assert conflict.text == "herald.example disputes what gazette.example reports"
    texts = [c.article_id for c in conflict.citations]
    assert texts == ["d-0", "d-1", "d-1"]
    # the question and its answer are cited one after the other, as the outlet wrote them
    assert conflict.citations[1].sentence_index + 1 == conflict.citations[2].sentence_index


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # answered yes: the outlet agrees
        ("Does that mean Alden has ruled out a Senate run in 2026, as some reports suggest?", "Yes."),
        # a question someone asks in quotation marks is an interview, not the outlet's own doubt
        ("“Have you ruled out a Senate run in 2026?” the host asked Alden.", "No."),
        # the question restates nothing another outlet reports
        ("Will the state budget pass before the summer recess this year?", "Not necessarily."),
        # the question adds a condition the report did not make: answered no about something else
        ("Has Alden ruled out a Senate run in 2026 for good?", "No."),
        ("Has Alden ruled out every run for the Senate in 2026?", "No."),
        # the question asks about another race than the report's
        ("Will the governor run for the House in 2026?", "No."),
    ],
)
def test_questions_that_are_no_dispute_of_a_report(question: str, answer: str) -> None:
    text_b = f"Governor Ruth Alden spoke to a radio host on Tuesday.\n{question}\n{answer}\nAides declined to say more."
    analysis = _outlets_say({"gazette.example": DISPUTE_A, "herald.example": text_b}, "d")
    assert [c.text for c in _of(analysis, "conflict") if "disputes" in c.text] == []


def test_two_ages_of_one_person_are_a_conflict_and_ages_of_two_people_are_not() -> None:
    said = {
        "gazette.example": "Mara Quinn, 34, of Elmwood, was charged with arson after the fire at the mill on Monday.",
        "herald.example": "Police said Quinn, 36, of Elmwood, was charged with arson after the fire at the mill on Monday.",
    }
    (conflict,) = _of(_outlets_say(said, "q"), "conflict")
    assert conflict.text == "gazette.example: Mara Quinn, 34; herald.example: Quinn, 36"
    assert conflict.detail.startswith("age differs")
    said = {
        "gazette.example": "Mara Quinn, 34, of Elmwood, was charged with arson after the fire at the mill on Monday.",
        "herald.example": "Lena Quinn, 29, of Elmwood, was charged with arson after the fire at the mill on Monday, police said.",
    }
    assert [c.text for c in _of(_outlets_say(said, "q"), "conflict") if c.detail.startswith("age")] == []
    # a title before the given name is the same person
    said["herald.example"] = said["herald.example"].replace("Lena Quinn, 29", "Fire Chief Mara Quinn, 38")
    (conflict,) = _of(_outlets_say(said, "q"), "conflict")
    assert conflict.text == "gazette.example: Mara Quinn, 34; herald.example: Chief Mara Quinn, 38"


def test_opposite_verdicts_of_one_comparison_are_a_conflict() -> None:
    said = {
        "gazette.example": "The fibres taken from the burnt car were consistent with the jacket found in the river, "
        "the forensic team reported.",
        "herald.example": "Tested at a state lab, the fibres from the burnt car were entirely different from the "
        "jacket the divers recovered.",
        "courier.example": "Tested at a state lab, the fibres from the burnt car did not match the jacket recovered "
        "from the river.",
    }
    (conflict,) = _of(_outlets_say(said, "v"), "conflict")
    assert conflict.detail.startswith("verdict differs")
    assert "gazette.example: consistent with the jacket found in" in conflict.text
    # two outlets finding it different are one side, the one finding it consistent the other
    assert len(conflict.text.split("; ")) == 3 and len(conflict.citations) == 3


@pytest.mark.parametrize(
    "other",
    [
        # the same verdict in other words
        "At a state lab, the fibres from the burnt car matched the jacket the divers recovered.",
        # a verdict on another thing compared with the same one
        "At a state lab, the paint on the bridge railing was different from the jacket the divers recovered.",
        # one sentence with both verdicts: whose is whose cannot be told
        "The fibres from the burnt car were similar to the jacket but different from the coat in the boot.",
    ],
)
def test_verdicts_that_agree_or_compare_other_things_are_no_conflict(other: str) -> None:
    said = {
        "gazette.example": "The fibres taken from the burnt car were consistent with the jacket found in the river, "
        "the forensic team reported.",
        "herald.example": other,
    }
    assert [c.text for c in _of(_outlets_say(said, "v"), "conflict") if c.detail.startswith("verdict")] == []


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # the attacker counted with the victims by one outlet: no disagreement on the toll
        (
            "A gunman killed three people at a diner in Halvergate, Ohio, on Friday, police said.",
            "On Friday, four people were killed at a diner in Halvergate, Ohio, including the gunman.",
        ),
        # a side incident, its toll with the attacker counted, in sentences the alignment never links
        (
            "The leak came a day after a gunman at a diner in Halvergate, Ohio, killed two people, and a "
            "fire gutted a warehouse in Brindle Falls later that day.",
            "In Halvergate, Ohio, three people died at a diner on Friday, including the gunman, the state "
            "police said.",
        ),
        # a tally over a year is no incident's toll
        (
            "A gunman killed three people at a diner in Halvergate, Ohio, on Friday, police said.",
            "Last year, 40 people were killed in Halvergate, Ohio, the state police said.",
        ),
    ],
)
def test_casualty_counts_of_no_one_incident_are_no_conflict(one: str, other: str) -> None:
    said = {
        "gazette.example": f"A storm closed the Lakeside mall in Dunmore.\n{one}",
        "herald.example": f"Shoppers left the Lakeside mall in Dunmore.\n{other}",
    }
    # neither as a casualty count nor as a count of the two aligned sentences
    assert [c.text for c in _of(_outlets_say(said, "t"), "conflict")] == []


def test_shares_of_several_groups_are_no_conflict() -> None:
    said = {
        "gazette.example": "Urban drivers were more likely to wear sunglasses than rural ones, 81 percent versus 67 percent.",
        "herald.example": "Urban drivers were more likely to wear sunglasses: 61 percent of them did, the survey found.",
    }
    assert [c.text for c in _of(_outlets_say(said, "r"), "conflict")] == []


def test_times_of_an_event_to_come_and_of_one_past_are_no_conflict() -> None:
    said = {
        "gazette.example": "Omar Reyes, 12, was pronounced dead at 10:25 p.m. at the county hospital, the family said.",
        "herald.example": "The family of Omar Reyes is holding a vigil at 5 p.m. on Thursday outside the county hospital.",
    }
    assert [c.text for c in _of(_outlets_say(said, "w"), "conflict") if c.detail.startswith("time")] == []
    # two past events' times still clash when the alignment ties them
    said["herald.example"] = (
        "Omar Reyes, 12, was pronounced dead at 8:20 p.m. at the county hospital, police said."
    )
    (conflict,) = [c for c in _of(_outlets_say(said, "w"), "conflict") if c.detail.startswith("time")]
    assert conflict.text == "gazette.example: 10:25 p.m.; herald.example: 8:20 p.m."


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # two things compared with one: what a verdict compares is the clause it ends, not who found it
        (
            "Investigators said the blood found on the jacket matched the victim's blood type.",
            "Investigators said the hair sample found on the jacket did not match the victim's blood type.",
        ),
        # one thing compared with two: "a fall" and "a stabbing" share only the balcony
        (
            "The coroner said the wounds on the body were consistent with a fall from the balcony.",
            "The coroner said the wounds on the body were different from a stabbing on the balcony.",
        ),
    ],
)
def test_verdicts_of_two_comparisons_are_no_conflict(one: str, other: str) -> None:
    analysis = _outlets_say({"gazette.example": one, "herald.example": other}, "w")
    assert [c for c in _of(analysis, "conflict") if c.detail.startswith("verdict")] == []


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # two bombings on one morning, each outlet telling the toll of another city's
        (
            "The truck bomb outside the embassy in Lima wounded 12 people on Friday morning, officials said.",
            "The truck bomb outside the embassy in Quito wounded 40 people on Friday morning, officials said.",
        ),
        (
            "On Friday morning 12 people were wounded by the truck bomb at the embassy in Lima.",
            "On Friday morning 40 people were wounded by the truck bomb at the embassy in Quito.",
        ),
        # two cities a letter or two apart, another consonant: two places
        (
            "Shelling killed 12 people in Homs on Tuesday, activists said.",
            "Shelling killed 20 people in Hama on Tuesday, activists said.",
        ),
    ],
)
def test_tolls_told_of_two_places_are_no_conflict(one: str, other: str) -> None:
    said = {"gazette.example": one, "herald.example": other}
    assert [c.text for c in _of(_outlets_say(said, "p"), "conflict")] == []
    # one place: the two counts disagree
    said["herald.example"] = other.replace("Quito", "Lima").replace("Hama", "Homs")
    (conflict,) = _of(_outlets_say(said, "p"), "conflict")
    assert "12 people" in conflict.text and conflict.detail.startswith("number differs")


_STORM_PARTS = "In Carrow Bay, a barn collapse injured 5 workers on Tuesday."


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # one city spelled two ways (its vowels) is one place: the two tolls disagree
        (
            "The earthquake killed 25 people in Kyiv on Sunday, officials said.",
            "The earthquake killed 31 people in Kiev on Sunday, officials said.",
        ),
        # the place named in the next sentence, a second incident elsewhere: still one toll each
        (
            "The bus crash killed 14 people, police said on Tuesday.\nIt happened on the highway near "
            "Pellston.\nIn a separate crash in Dunmore, 3 people were injured.",
            "The bus crash killed 9 people near Pellston on Tuesday, police said.",
        ),
    ],
)
def test_one_place_spelled_two_ways_or_named_elsewhere_still_conflicts(one: str, other: str) -> None:
    said = {"gazette.example": one, "herald.example": other}
    (conflict,) = _of(_outlets_say(said, "q"), "conflict")
    assert conflict.detail.startswith("number differs")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # a story of one place: a sentence leaving the place out still counts there
        (
            "The storm killed 14 people on Tuesday, the county sheriff said.\nPellston was hit hardest.",
            "The storm killed 9 people in Pellston on Tuesday, officials said.",
        ),
        # no total is smaller than a part of it
        (
            f"The storm killed 6 people on Tuesday, the county sheriff said.\n{_STORM_PARTS}",
            "The storm killed 9 people in Pellston on Tuesday, officials said.",
        ),
    ],
)
def test_counts_of_one_place_or_a_total_below_its_part_still_conflict(one: str, other: str) -> None:
    said = {"gazette.example": one, "herald.example": other}
    (conflict,) = _of(_outlets_say(said, "q"), "conflict")
    assert conflict.detail.startswith("number differs")


def test_two_peoples_values_are_no_conflict() -> None:
    said = {
        "gazette.example": "Thomas Reed was sentenced to 10 years in prison on Friday for the robbery, "
        "the court said.",
        "herald.example": "Daniel Brook was sentenced to 12 years in prison on Friday for the robbery, "
        "the court said.",
    }
    assert _of(_outlets_say(said, "w"), "conflict") == []
    # one man, two terms: the outlets disagree
    said["herald.example"] = "Reed was sentenced to 12 years in prison on Friday for the robbery."
    (conflict,) = _of(_outlets_say(said, "w"), "conflict")
    assert "10 years" in conflict.text and "12 years" in conflict.text


def test_a_sentence_giving_several_ages_is_no_age_conflict() -> None:
    said = {
        "gazette.example": "The victims of the shooting at the Kelby bar were a 34-year-old man and a "
        "28-year-old woman, police said.",
        "herald.example": "Police said a 41-year-old man was arrested after the shooting at the Kelby bar.",
    }
    # which of the two the other outlet's age would be cannot be told: two people, not one age
    assert [c.text for c in _of(_outlets_say(said, "g"), "conflict") if c.detail.startswith("age")] == []
    # one age against one age still clashes
    said["gazette.example"] = (
        "Police said a 38-year-old man was arrested after the shooting at the Kelby bar."
    )
    (conflict,) = _of(_outlets_say(said, "g"), "conflict")
    assert conflict.detail.startswith("age differs")


def test_dates_of_an_event_to_come_and_of_one_past_are_no_conflict() -> None:
    said = {
        "gazette.example": "Police Chief Anna Morrow said the suspect in the Kelby bar shooting would appear "
        "in court on Wednesday.",
        "herald.example": "The suspect in the Kelby bar shooting appeared in court on Monday, Chief Anna Morrow said.",
    }
    # a hearing to come and one held are two hearings: their dates neither agree nor clash
    assert [c.text for c in _of(_outlets_say(said, "h"), "conflict") if c.detail.startswith("date")] == []
    # two past events' dates still clash when the alignment ties them
    said["gazette.example"] = (
        "The suspect in the Kelby bar shooting appeared in court on Friday, Police Chief Anna Morrow said."
    )
    (conflict,) = [c for c in _of(_outlets_say(said, "h"), "conflict") if c.detail.startswith("date")]
    assert "on Friday" in conflict.text and "on Monday" in conflict.text


@pytest.mark.parametrize(
    "other",
    [
        "The city recorded 12 homicides in the whole of last year, police said.",
        "Kelby recorded 12 homicides in 2023, police said.",
    ],
)
def test_tallies_of_two_periods_are_no_conflict(other: str) -> None:
    said = {
        "gazette.example": "Kelby has recorded 14 homicides so far this year, police said.",
        "herald.example": other,
    }
    # this year's tally and last year's count two periods: no disagreement about either
    assert [c.text for c in _of(_outlets_say(said, "p"), "conflict")] == []


def test_tallies_of_one_period_still_conflict() -> None:
    said = {
        "gazette.example": "Kelby has recorded 14 homicides so far this year, police said.",
        "herald.example": "Kelby recorded 12 homicides in 2024, police said.",  # WHEN is in 2024
    }
    (conflict,) = _of(_outlets_say(said, "p"), "conflict")
    assert conflict.detail.startswith("number differs")


@pytest.mark.parametrize(
    "total",
    [
        "More than 4,000 people have been evacuated across the province, including 1,200 from Berrow, "
        "officials said.",
        "Some 4,000 people were evacuated from Berrow on Friday, up from 1,200 on Thursday, officials said.",
    ],
)
def test_a_sentence_that_also_gives_the_other_number_is_no_conflict(total: str) -> None:
    said = {
        "gazette.example": total,
        "herald.example": "Officials said 1,200 people were evacuated from Berrow on Friday.",
    }
    # the total and its part, or the figure now and the one before: the other outlet's number is there
    assert [c.text for c in _of(_outlets_say(said, "e"), "conflict")] == []


def test_a_total_without_the_other_number_still_conflicts() -> None:
    said = {
        "gazette.example": "More than 4,000 people were evacuated from Berrow on Friday, officials said.",
        "herald.example": "Officials said 1,200 people were evacuated from Berrow on Friday.",
    }
    (conflict,) = _of(_outlets_say(said, "e"), "conflict")
    assert conflict.detail.startswith("number differs")


def test_one_persons_age_given_two_ways_is_a_conflict_in_any_sentences() -> None:
    said = {
        "gazette.example": "A jury on Friday convicted Daniel Harker, 34, of manslaughter in the death of his "
        "neighbour.\nThe trial lasted three weeks.",
        "herald.example": "Sentencing is set for November.\nDaniel Harker, 33, was taken into custody after the "
        "verdict, his lawyer said.",
    }
    # the two sentences tell different facts, but AP style names the person the age is of
    (conflict,) = [c for c in _of(_outlets_say(said, "a"), "conflict") if c.detail.startswith("age")]
    assert conflict.text == "gazette.example: Daniel Harker, 34; herald.example: Daniel Harker, 33"
    # his father's age is another person's
    said["herald.example"] = said["herald.example"].replace("Daniel Harker, 33", "Lee Harker, 61")
    assert [c for c in _of(_outlets_say(said, "a"), "conflict") if c.detail.startswith("age")] == []


def test_opposite_outcomes_of_two_events_are_two_conflicts() -> None:
    said = {
        "gazette.example": "Twelve people were rescued from the collapsed apartment building in Orlen on "
        "Wednesday, firefighters said.\nThree people were injured when the stairwell gave way, officials said.",
        "herald.example": "Twelve people were killed in the collapsed apartment building in Orlen on "
        "Wednesday, firefighters said.\nThree people were killed when the stairwell gave way, officials said.",
    }
    # one outcome word ("killed") told of two events: each disagreement is shown with its own sentences
    texts = sorted(c.text for c in _of(_outlets_say(said, "o"), "conflict"))
    assert texts == [
        "gazette.example: injured; herald.example: killed",
        "gazette.example: rescued; herald.example: killed",
    ]


def test_a_date_of_an_event_told_relative_to_another_is_no_conflict() -> None:
    said = {
        "gazette.example": "The Kestrel dam breached early on Tuesday, flooding the village of Arno, officials said.",
        "herald.example": "Residents of Arno returned home on Sunday, five days after the Kestrel dam breached.",
    }
    # Sunday dates the return; the breach is dated five days before it, not on Sunday
    assert [c.text for c in _of(_outlets_say(said, "r"), "conflict") if c.detail.startswith("date")] == []


def test_the_date_of_a_state_is_no_date_of_the_event() -> None:
    said = {
        "gazette.example": "Officer Dana Jackson, 29, was shot outside Jackson Memorial Hospital on Monday "
        "night, police said.",
        "herald.example": "Officer Dana Jackson was in stable condition at Jackson Memorial Hospital on Friday, "
        "the hospital said.",
    }
    # Friday dates how she was, not when she was shot
    assert [c.text for c in _of(_outlets_say(said, "s"), "conflict") if c.detail.startswith("date")] == []
    # two dates of the shooting still clash
    said["herald.example"] = (
        "Officer Dana Jackson was shot outside Jackson Memorial Hospital on Friday, police said."
    )
    (conflict,) = [c for c in _of(_outlets_say(said, "s"), "conflict") if c.detail.startswith("date")]
    assert "on Friday" in conflict.text


def test_one_value_in_two_disagreements_does_not_join_them() -> None:
    said = {
        "gazette.example": "The library tax will raise $4 million a year for the county's libraries.\n"
        "The state will add $2 million in matching funds for the libraries.",
        "herald.example": "The library tax will raise $2 million a year for the county's libraries.\n"
        "The state will add $3 million in matching funds for the libraries.",
    }
    # "$2 million" is one outlet's matching funds and the other's tax: two disagreements
    texts = sorted(c.text for c in _of(_outlets_say(said, "m"), "conflict"))
    assert texts == [
        "gazette.example: $2 million; herald.example: $3 million",
        "gazette.example: $4 million; herald.example: $2 million",
    ]


def test_a_verb_one_outlet_negates_and_another_states_is_a_conflict() -> None:
    said = {
        "gazette.example": "A dam built in 1961 upstream of the town of Karsk did not fail, engineers said.",
        "herald.example": "The governor said the dam upstream of the town of Karsk had failed, flooding the valley.",
    }
    (conflict,) = _of(_outlets_say(said, "n"), "conflict")
    assert conflict.text == "gazette.example: did not fail; herald.example: had failed"
    assert conflict.detail.startswith("outcome differs")


def test_an_age_told_as_the_next_sentences_subject_is_the_named_persons() -> None:
    said = {
        "gazette.example": "A court in Kelby sentenced former mayor Otto Brandl, 58, to six years on Monday.",
        "herald.example": (
            "Otto Brandl, the former mayor of Kelby, was sentenced to six years on Monday.\n"
            "The 57-year-old had faced a maximum of 15 years in prison."
        ),
    }
    (conflict,) = _of(_outlets_say(said, "e"), "conflict")
    assert conflict.text == "gazette.example: Otto Brandl, 58; herald.example: 57-year-old"
    assert conflict.detail.startswith("age differs")


def test_an_age_after_a_sentence_naming_two_people_is_nobodys_in_particular() -> None:
    said = {
        "gazette.example": "A court in Kelby sentenced former mayor Otto Brandl, 58, to six years on Monday.",
        "herald.example": (
            "Otto Brandl and his aide Rita Kemper were sentenced in Kelby on Monday.\n"
            "The 57-year-old had faced a maximum of 15 years in prison."
        ),
    }
    assert not [c for c in _of(_outlets_say(said, "e"), "conflict") if c.detail.startswith("age")]


def test_a_possessive_after_an_s_is_no_part_of_a_name_shown_in_a_conflict() -> None:
    said = {
        "gazette.example": "The judge clarified Mateo Alvarez's legal situation on Friday in Kelby.",
        "herald.example": "The judge clarified Mateo Alvares' legal situation in a ruling on Friday.",
    }
    (conflict,) = _of(_outlets_say(said, "p"), "conflict")
    assert conflict.text == "gazette.example: Mateo Alvarez; herald.example: Mateo Alvares"
