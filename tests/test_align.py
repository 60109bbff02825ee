"""The one alignment of facts: same main fact only, independent articles only, dates read right."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from newsbrief.align import Alignment, AlignOptions, Link, align, is_statement
from newsbrief.docs import Doc
from newsbrief.model import Article
from newsbrief.pipeline import make_docs
from newsbrief.stated import sentence_dates

WHEN = datetime(2024, 2, 12, 9, 0)

HANOI_A = (
    "The adviser said on Saturday that North Korea's offer to close down the Yongbyon nuclear complex, "
    "made at the Hanoi summit, is no longer valid.\n"
    "Officials in Seoul said the bridge across the river would reopen to traffic in May."
)
HANOI_B = (
    "At the Hanoi summit, North Korea offered to close down the Yongbyon nuclear complex in exchange for "
    "the lifting of some sanctions.\n"
    "The bridge across the river will reopen to traffic in May 2024, officials in Seoul said."
)


def _docs(*texts: str, outlets: tuple[str, ...] = ()) -> list[Doc]:
    names = outlets or tuple(f"outlet{k}.example" for k in range(len(texts)))
    return make_docs(
        [Article(id=f"a{k}", text=t, outlet=names[k], title="", published=WHEN) for k, t in enumerate(texts)]
    )


@pytest.fixture(scope="module")
def hanoi() -> Alignment:
    return align(_docs(HANOI_A, HANOI_B))


def test_a_different_fact_on_the_same_topic_is_not_linked(hanoi: Alignment) -> None:
    assert hanoi.same((0, 0)) == []
    assert hanoi.outlets((0, 0)) == ("outlet0.example",)


def test_a_reported_future_month_is_ahead_of_the_article() -> None:
    docs = _docs(HANOI_A, HANOI_B)
    found = sentence_dates(docs, 0, 1, date(2024, 2, 12))
    assert [(d.date, d.precision) for d in found] == [("2024-05", "month")]


def test_the_same_reopening_told_two_ways_is_one_fact(hanoi: Alignment) -> None:
    assert hanoi.same((0, 1)) == [(1, 1)]
    (link,) = [x for x in hanoi.links if x.a == (0, 1)]
    assert not link.clash
    assert hanoi.outlets((1, 1)) == ("outlet0.example", "outlet1.example")


def test_with_room_for_few_sentences_the_pairs_sharing_most_words_are_compared_first() -> None:
    # the bridge pair shares all its content words, the Yongbyon pair half: room for two sentences
    # compares the bridge pair alone, and every link made is one the full alignment also makes
    full = align(_docs(HANOI_A, HANOI_B))
    capped = align(_docs(HANOI_A, HANOI_B), options=AlignOptions(max_embed=2))
    assert [(x.a, x.b) for x in full.links] == [((0, 0), (1, 0)), ((0, 1), (1, 1))]
    assert capped.links == tuple(x for x in full.links if x.a == (0, 1))


def test_articles_of_one_outlet_or_one_key_never_support_each_other() -> None:
    same_outlet = align(_docs(HANOI_A, HANOI_B, outlets=("one.example", "one.example")))
    assert same_outlet.links == ()
    keyed = align(_docs(HANOI_A, HANOI_B), keys={"a0": "wire", "a1": "wire"})
    assert keyed.links == ()


def test_a_quote_inside_a_longer_quote_agrees() -> None:
    docs = _docs(
        "The mayor said: “We will reopen the bridge to all traffic in May. We will not raise the tolls.”",
        "“We will reopen the bridge to all traffic in May,” the mayor told reporters on Friday.",
    )
    al = align(docs)
    assert al.same((0, 0)) == [(1, 0)]


def test_different_values_of_one_slot_are_related_not_the_same() -> None:
    docs = _docs(
        "The city said the new bridge across the river will cost $1.2 billion to build.",
        "The city said the new bridge across the river will cost $2.1 billion to build.",
    )
    al = align(docs)
    assert al.same((0, 0)) == []
    (link,) = al.links
    assert link.kind == "related" and link.clash


def test_a_verbatim_copy_is_a_citation_not_a_link() -> None:
    text = "The bridge across the river will reopen to traffic in May 2024, officials said."
    al = align(_docs(text, text + " It was closed in 2022."))
    assert al.links_of((0, 0)) == []
    assert [c.ref for c in al.copies((0, 0))] == [(1, 0)]
    assert al.outlets((0, 0)) == ("outlet0.example", "outlet1.example")


def test_decided_against_and_decided_not_to_are_one_polarity() -> None:
    from newsbrief.align import polarity

    assert polarity("The crew decided against sailing out of the bay as the wind rose.")
    assert polarity("The crew decided not to sail out of the bay as the wind rose.")
    assert not polarity("Protesters marched against the bay road plan.")


def test_a_wire_photo_caption_is_not_a_statement() -> None:
    from newsbrief.align import is_statement

    assert not is_statement(
        "This image provided by the county jail shows the mayor after his arrest on Monday."
    )
    assert not is_statement("This undated photo released by the police shows the missing hiker.")
    assert is_statement("The photo shows nothing new, the mayor's lawyer said on Monday.")


def test_a_paraphrase_sharing_the_main_words_is_the_same_fact() -> None:
    al = align(
        _docs(
            "The ferry operator suspended all crossings to the island after the storm damaged the pier.",
            "All ferry crossings to the island were suspended after the storm damaged its pier, the operator said.",
        )
    )
    assert al.same((0, 0)) == [(1, 0)]


CRASH_LEADS = (
    "A delivery truck crashed into a bus shelter on Elm Street on Friday morning.",
    "A truck hit a crowded bus shelter on Elm Street early Friday.",
    "Police said a truck ran into a bus stop on Elm Street on Friday.",
)
CRASH_DEATHS = (
    "Two people died on the spot, police said.",
    "Two people were pronounced dead on the spot.",
    "Two men were pronounced dead, police said.",
)


def test_two_paraphrases_that_share_few_words_are_one_fact_through_a_third_outlet() -> None:
    # "died on the spot" and "pronounced dead" share too few words to pass on their own; a third
    # outlet's sentence states the same fact as each, and the same fact is an equivalence
    texts = [f"{lead}\n{deaths}" for lead, deaths in zip(CRASH_LEADS, CRASH_DEATHS, strict=True)]
    al = align(_docs(*texts))
    assert al.same((0, 1)) == [(1, 1), (2, 1)]
    (derived,) = [x for x in al.links if (x.a, x.b) == ((0, 1), (2, 1))]
    assert derived.kind == "same" and derived.score < 1.5
    assert al.outlets((2, 1)) == ("outlet0.example", "outlet1.example", "outlet2.example")
    # without the third outlet the two wordings are not linked as one fact
    alone = align(_docs(texts[0], texts[2]))
    assert alone.same((0, 1)) == []


def test_a_clash_of_values_is_never_the_same_fact_through_a_third_outlet() -> None:
    deaths = (
        "Two people died on the spot, police said, one aged 40.",
        CRASH_DEATHS[1],
        "Two men were pronounced dead, police said, one aged 64.",
    )
    al = align(_docs(*(f"{lead}\n{d}" for lead, d in zip(CRASH_LEADS, deaths, strict=True))))
    assert (1, 1) in al.same((0, 1)) and (1, 1) in al.same((2, 1))
    assert (2, 1) not in al.same((0, 1))


def test_failing_to_do_a_thing_is_not_doing_it() -> None:
    docs = _docs(
        "Negotiators reached an agreement on a ceasefire in the port city late on Sunday, officials said.",
        "Negotiators failed to reach an agreement on a ceasefire in the port city late on Sunday, officials said.",
    )
    assert align(docs).same((0, 0)) == []


def test_the_same_wording_about_two_different_people_is_not_one_fact() -> None:
    docs = _docs(
        "Marcus Lee was sentenced to 10 years in prison for his role in the jewellery store robbery.",
        "David Ortiz was sentenced to 10 years in prison for his role in the jewellery store robbery.",
    )
    al = align(docs)
    assert al.same((0, 0)) == [] and al.related((0, 0)) == [(1, 0)]


def test_two_people_calling_two_things_by_one_short_phrase_is_not_one_fact() -> None:
    docs = _docs(
        "Senate leader Tom Vance called the new stadium plan “a reckless gamble” with the state's money.",
        "Senator Rita Chen called the opposition's pension amendment “a reckless gamble” on Tuesday.",
    )
    assert align(docs).same((0, 0)) == []


def test_a_third_outlet_does_not_join_two_people_into_one_fact() -> None:
    al = align(
        _docs(
            "Marcus Lee was sentenced to 10 years in prison for the bank robbery on Friday.",
            "David Ortiz was sentenced to 10 years in prison for the bank robbery on Friday.",
            "The two men were sentenced to 10 years in prison for the bank robbery on Friday.",
        )
    )
    assert al.same((2, 0)) == [(0, 0), (1, 0)]  # the two men: each of them
    assert al.same((0, 0)) == [(2, 0)] and al.related((0, 0)) == [(1, 0)]


def test_two_finishers_times_are_two_facts_and_one_finishers_two_times_clash() -> None:
    two = align(
        _docs(
            "Cole won the men's race in 2:05 on Sunday, organisers said.",
            "Ruiz was second in the men's race in 2:07 on Sunday, organisers said.",
        )
    )
    assert two.same((0, 0)) == [] and all(not x.clash for x in two.links)
    one = align(
        _docs(
            "The men's race was won by Ed Cole in 2:05 on Sunday, organisers said.",
            "Ed Cole won the men's race in 2:07 on Sunday, organisers said.",
        )
    )
    (link,) = one.links
    assert link.kind == "related" and link.clash


def test_an_increment_and_a_total_are_not_one_fact() -> None:
    docs = _docs(
        "Health officials said 5 people died of the infection in the river district this week.",
        "Health officials said 3 more people died of the infection in the river district this week.",
    )
    al = align(docs)
    assert al.same((0, 0)) == []
    assert all(not x.clash for x in al.links)  # and no contradiction either


def test_wire_copy_inside_another_story_counts_for_the_first_carrier_only() -> None:
    wire = (
        "The harbour authority said on Tuesday it would spend $2 billion on a new container terminal.\n"
        "The terminal will handle about 3 million containers a year when it opens in 2029, the authority said.\n"
        "Shares of the main operator rose 4 percent in early trading."
    )
    paper = (
        "The harbour authority said on Tuesday it would spend $2 billion on a new container terminal.\n"
        "The terminal will handle about 3 million containers a year when it opens in 2029, the authority said.\n"
        "Residents of the old docks worry about lorry traffic on the coast road."
    )
    docs = make_docs(
        [
            Article(id="w", text=wire, outlet="wire.example", title="", published=WHEN),
            Article(id="p", text=paper, outlet="paper.example", title="", published=WHEN.replace(hour=12)),
        ]
    )
    al = align(docs)
    assert al.wire(0, 1)
    assert al.outlets((0, 1)) == ("wire.example",) and al.outlets((1, 1)) == ("wire.example",)
    # a quotation two outlets give word for word is not wire copy: each heard it
    said = (
        "“We will rebuild the terminal and we will do it this year,” the harbour master said.\n"
        "“Nobody was hurt, and that is what matters to the families tonight,” the harbour master said."
    )
    docs = _docs(
        f"{said}\nThe storm hit the port late on Sunday.", f"{said}\nCranes were damaged in the storm."
    )
    al = align(docs)
    assert not al.wire(0, 1)
    assert al.outlets((0, 0)) == ("outlet0.example", "outlet1.example")


def test_two_members_of_a_series_neither_agree_nor_clash() -> None:
    docs = _docs(
        "The first blast went off at 9:10 a.m. near the fish stalls of the central market, witnesses said.",
        "The second blast went off at 9:40 a.m. near the fish stalls of the central market, witnesses said.",
    )
    al = align(docs)
    assert al.same((0, 0)) == []
    assert all(not x.clash for x in al.links)


def test_opposite_outcomes_are_not_one_fact() -> None:
    docs = _docs(
        "The minister said the army would stay in the northern region until the elections next spring.",
        "The minister said the army would leave the northern region before the elections next spring.",
    )
    assert align(docs).same((0, 0)) == []


def test_titles_and_weekdays_are_no_name_two_people_share() -> None:
    from newsbrief.align import different_people, opposed, polarity

    assert different_people(
        "Health Minister Omar Haddad resigned on Monday over the vaccine scandal.",
        "Education Minister Sara Lind resigned on Monday over the vaccine scandal.",
    )
    assert not different_people(
        "Authorities confirmed the woman is Delphine Okoro.", "She was identified as Delphine Okoro, 26."
    )
    # a reporter's tail is no negation of the story's claim; "left in critical condition" no departure
    assert not polarity("Police arrested Smith on Monday; his lawyer declined to comment.")
    assert not opposed(
        "Three people remain in critical condition after the crash.",
        "The crash left three people in critical condition.",
    )


def test_coverage_is_the_idf_weighted_share_of_the_larger_sentence() -> None:
    # three sentences' content stems, worked by hand: n = 3, idf = ln(4 / (1 + df)) + 1
    import math

    from newsbrief.align import _coverage

    bags = [["fire", "warehous", "monday"], ["fire", "warehous"], ["fire", "school"]]
    idf = {
        w: math.log(4 / (1 + df)) + 1
        for w, df in (("fire", 3), ("warehous", 2), ("monday", 1), ("school", 1))
    }
    w0 = idf["fire"] + idf["warehous"] + idf["monday"]
    w1 = idf["fire"] + idf["warehous"]
    w2 = idf["fire"] + idf["school"]
    got = _coverage(bags)
    assert got[0, 1] == pytest.approx((idf["fire"] + idf["warehous"]) / max(w0, w1))
    assert got[0, 2] == pytest.approx(idf["fire"] / max(w0, w2))
    assert got[1, 2] == pytest.approx(idf["fire"] / max(w1, w2))
    assert (got == got.T).all() and got.diagonal() == pytest.approx([1.0, 1.0, 1.0])
    assert _coverage([[], ["fire"]])[0, 1] == 0.0 and _coverage([]).shape == (0, 0)


# a depot fire told by two outlets; the context sentences make the words both final sentences share
# common in the story, as they are in a real one, so that coverage weighs the longer one's extra detail
DEPOT_A = (
    "Residents were asked to stay indoors and away from the smoke, the harbour authority said.\n"
    "A fire broke out at the fuel depot by the harbour on Sunday evening, officials said.\n"
    "Residents of the old town said they heard the blast from several miles away.\n"
    "The fire service said the depot's tanks held diesel and petrol for the harbour's ferries.\n"
)
DEPOT_B = (
    "Police asked residents near the harbour to stay away from the windows.\n"
    "Firefighters battled a large fire at the harbour fuel depot through Sunday night.\n"
    "Smoke from the depot drifted over the old town and the ferry terminal.\n"
    "The harbour authority said ferries to the islands would not sail on Monday.\n"
)


def _depot(a: str, b: str) -> tuple[Alignment, Link]:
    al = align(_docs(DEPOT_A + a, DEPOT_B + b))
    (link,) = [x for x in al.links if (x.a, x.b) == ((0, 4), (1, 4))]
    return al, link


def test_a_fact_told_whole_inside_a_longer_sentence_is_the_same_fact() -> None:
    al, link = _depot(
        "Workers were being treated near the harbour.",
        "Workers are being treated near the harbour just outside the village of Kelby, some 40 kilometres "
        "west of Dunmore.",
    )
    assert link.cosine + 3 * link.coverage < 1.82  # the place the longer one adds weighs against it
    assert al.same((0, 4)) == [(1, 4)]


def test_a_count_the_longer_sentence_lacks_is_not_told_inside_it() -> None:
    al, _ = _depot(
        "2 workers were being treated near the harbour.",
        "Workers are being treated near the harbour just outside the village of Kelby, some 40 kilometres "
        "west of Dunmore.",
    )
    assert al.same((0, 4)) == [] and al.related((0, 4)) == [(1, 4)]


def test_the_statement_before_a_colon_is_compared_without_its_list() -> None:
    al, link = _depot(
        "The inspectors carried out five separate safety tests on different tanks at the depot.",
        "The two fire inspectors ran five separate safety tests on different tanks at the depot: the kerosene "
        "cistern by the slipway, the bitumen silo, the propane bullet behind the chandlery, the lubricant "
        "drums, the ballast pumps and the bunkering barge moored at the quay.",
    )
    assert link.cosine + 3 * link.coverage < 1.82
    assert al.same((0, 4)) == [(1, 4)]


def test_a_second_clause_after_a_dash_still_vetoes_by_its_negation() -> None:
    al, link = _depot(
        "The inspectors carried out five separate safety tests on different tanks at the depot.",
        "The two fire inspectors ran five separate safety tests on different tanks at the depot — but they "
        "have not tested the kerosene cistern by the slipway, the bitumen silo or the propane bullet.",
    )
    assert link.clash and al.same((0, 4)) == []


LEADING = (
    "lighthouse keepers and lifeboat volunteers gathered beside the floodlit chandlery and the shuttered "
    "fishmongers of Kelby to pray for the trawlermen still at sea in the gale"
)


def test_the_main_clause_after_a_leading_subordinate_clause_is_the_statement() -> None:
    al, link = _depot(
        "Fire crews poured foam onto the burning tanks overnight.",
        f"While {LEADING}, fire crews sprayed foam onto the burning tanks.",
    )
    assert link.cosine + 3 * link.coverage < 1.5  # not even related as whole sentences
    assert al.same((0, 4)) == [(1, 4)]


def test_a_main_clause_still_vetoes_by_the_whole_sentences_negation() -> None:
    al = align(
        _docs(
            DEPOT_A + "Fire crews poured foam onto the burning tanks overnight.",
            DEPOT_B + f"While {LEADING}, fire crews could not spray foam onto the burning tanks.",
        )
    )
    assert al.same((0, 4)) == []


def test_the_statement_before_a_colon_or_dash() -> None:
    from newsbrief.align import main_clause

    assert main_clause("They ran five tests on the tanks: the pumps, the drums and the silo.") == (
        "They ran five tests on the tanks"
    )
    assert (
        main_clause("They ran five tests on the tanks — and found two leaks.")
        == "They ran five tests on the tanks"
    )
    # a colon that introduces a quotation: the quotation is the statement
    assert main_clause('The chief told the hearing: "The tanks were never inspected."') is None
    assert main_clause("The first alarm sounded at 9:15 p.m. on Sunday near the depot.") is None  # a time
    assert main_clause("Too short: the pumps, the drums and the silo.") is None
    assert main_clause("After the blast at the depot, crews sprayed foam on the tanks.") == (
        "crews sprayed foam on the tanks."
    )
    assert main_clause("After the blast at the depot, crews arrived.") is None  # too short to stand alone
    # a condition: the main clause is no statement of its own
    assert main_clause("If the council agrees on Monday, the bridge will reopen to traffic in May.") is None
    assert main_clause("Crews sprayed foam on the tanks after the blast at the depot.") is None


@pytest.mark.parametrize(
    "other",
    [
        # a question asks whether the fact holds; it never reports it
        "Did the fire at the Harlow depot start in the basement of the main building?",
        # a claim reported as disputed is its denial, not its confirmation
        "Witnesses disputed the claim that the fire at the Harlow depot started in the basement.",
    ],
)
def test_a_question_or_a_disputed_claim_never_supports_the_report(other: str) -> None:
    al = align(_docs("The fire at the Harlow depot started in the basement, officials said.", other))
    assert [x for x in al.links if x.kind == "same"] == []


def test_the_times_of_an_event_to_come_and_of_one_past_are_not_tied() -> None:
    # a briefing set for 2 p.m. is not the captain's call at 6:40 a.m.: sentences sharing few words
    # are not tied by their times, and closer ones are related without a clash of values
    radioed = "The ferry captain radioed the harbour office at 6:40 a.m. after the engine failed, the coast guard said."
    briefing = "The harbour office will hold a briefing for the families of the ferry passengers at 2 p.m. on Friday."
    assert not align(_docs(radioed, briefing)).links
    past = "Firefighters put out the blaze at the Marlow paint factory at 7:40 p.m., the fire chief said."
    ahead = "Residents living near the Marlow paint factory will meet at 4 p.m. on Thursday."
    (link,) = align(_docs(past, ahead)).links
    assert not link.clash and link.kind == "related"
    # two events past: their times still clash, even in sentences sharing few words
    (link,) = align(
        _docs(past, "A meeting for residents living near the Marlow paint factory took place at 4 p.m.")
    ).links
    assert link.clash and link.kind == "related"


def test_an_edited_sentence_of_wire_copy_counts_once() -> None:
    shared = (
        "The harbour authority said on Tuesday it would spend $2 billion on a new container terminal.\n"
        "The terminal will handle about 3 million containers a year when it opens in 2029, the authority said.\n"
    )
    wire = (
        shared
        + "Crews from three ports were working to clear the damaged quay, the authority said in a statement."
    )
    # the paper carries the wire story with one sentence lightly edited: "says" for "said"
    paper = (
        shared
        + "Crews from three ports were working to clear the damaged quay, the authority says in a statement."
    )
    other = (
        "Crews from three ports worked through the night to clear the damaged quay, the port's owner said."
    )
    docs = make_docs(
        [
            Article(id="w", text=wire, outlet="wire.example", title="", published=WHEN),
            Article(id="p", text=paper, outlet="paper.example", title="", published=WHEN.replace(hour=12)),
            Article(id="o", text=other, outlet="other.example", title="", published=WHEN.replace(hour=13)),
        ]
    )
    al = align(docs)
    assert al.wire(0, 1) and (0, 2) in al.same((1, 2))
    # one source, however many of its carriers the sentence is linked to
    assert len(al.outlets((0, 2))) == len(al.outlets((1, 2)))
    assert "paper.example" not in al.outlets((0, 2)) and "wire.example" not in al.outlets((1, 2))
    if al.same((2, 0)):
        assert len(al.outlets((2, 0))) == 2


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (
            "Twelve people were rescued from the collapsed apartment building in Orlen on Wednesday.",
            "Twelve people were killed in the collapsed apartment building in Orlen on Wednesday.",
        ),
        (
            "Three people were injured when the stairwell gave way, officials said.",
            "Three people were killed when the stairwell gave way, officials said.",
        ),
        (
            "Police arrested the building's owner, Mark Delane, on Wednesday evening.",
            "Police released the building's owner, Mark Delane, on Wednesday evening.",
        ),
    ],
)
def test_dying_and_surviving_or_arrest_and_release_are_not_one_fact(one: str, other: str) -> None:
    assert align(_docs(one, other)).same((0, 0)) == []
    # a sentence telling both outcomes is no opposite of either
    both = "Three people were killed and two were injured when the stairwell gave way, officials said."
    assert align(_docs(both, "Three people were killed when the stairwell gave way, officials said.")).same(
        (0, 0)
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (
            "About 10,000 homes lost power in Marlow on Monday night after the storm brought down lines.",
            "Power was restored to about 10,000 homes in Marlow on Monday night, the utility said.",
        ),
        (
            "The mayor said schools in Marlow would open as usual after the storm.",
            "Schools in Marlow will stay closed after the storm, the mayor said.",
        ),
    ],
)
def test_power_lost_and_restored_or_schools_open_and_closed_are_not_one_fact(one: str, other: str) -> None:
    assert align(_docs(one, other)).same((0, 0)) == []


def test_a_slug_in_capitals_is_no_statement_nor_wire_copy() -> None:
    assert not is_statement("XXXX END OF STORY ADVANCE FOR RELEASE")
    assert is_statement("The council approved the plan on Tuesday, the mayor said.")
    slug = "&QL; XXXX END OF STORY &QL;"
    docs = _docs(
        f"The council approved the new harbour plan on Tuesday.\n{slug}",
        f"Residents said the harbour plan would bring more lorries.\n{slug}",
    )
    al = align(docs)
    # the marker both carry is no fact they agree on
    assert al.copies((0, 1)) == () and al.outlets((0, 1)) == ("outlet0.example",)


def test_two_negations_of_different_things_are_opposite_claims() -> None:
    from newsbrief.align import negated_apart

    # both hold a negation, but one negates the faults, the other the inspecting
    docs = _docs(
        "The town had inspected the old mill in March and found no faults, the mayor said.",
        "The town had never inspected the old mill, the mayor said.",
    )
    assert align(docs).same((0, 0)) == []
    # a negation that opens a clause bears on its verb, and saying is no fact of the story's
    assert not negated_apart("Police gave no total, but said none had been stolen.", "No cars were stolen.")
    assert not negated_apart(
        "The firm did not say how many jobs would go.", "The firm said 200 jobs would go."
    )


def test_a_departure_and_an_arrival_are_two_events() -> None:
    from newsbrief.align import departure_and_arrival

    docs = _docs(
        "Flight 990 took off from Kennedy airport at 1:19 a.m. on Sunday, bound for Cairo, officials said.",
        "Flight 990 landed at Kennedy airport at 12:48 a.m. on Sunday after a trip from Los Angeles, "
        "officials said.",
    )
    # two events of one journey: their times neither agree nor clash
    assert [x.clash for x in align(docs).links if x.a == (0, 0) and x.b == (1, 0)] in ([], [False])
    assert not departure_and_arrival("The plane landed at 3 p.m.", "The plane arrived at 3 p.m.")
    assert not departure_and_arrival(
        "The plane took off at noon and landed at 3 p.m.", "The plane landed at 3 p.m."
    )


def test_two_plants_named_by_different_trades_are_two_places() -> None:
    from newsbrief.align import _vetoes
    from newsbrief.values import find_values

    a = "Nearly 6,000 workers went on strike at a Norland Motors spark plug and speedometer factory in Kelby."
    b = "A walkout by 3,400 workers at a Norland Motors Corp. metal stamping factory has idled five plants."
    # two factories of one company in one city: the counts are of two places, no disagreement
    assert _vetoes(a, b, find_values(a), find_values(b)) == (False, True)
    # one plant, named the same way or by its kind alone, still compares
    c = "About 3,000 workers went on strike at the spark plug factory in Kelby."
    assert _vetoes(a, c, find_values(a), find_values(c))[0]


def test_shares_of_two_wholes_are_two_facts() -> None:
    from newsbrief.align import _vetoes
    from newsbrief.values import find_values

    a = "Norland's marshes now cover 41 million hectares, or 4.2 percent of the country's land area."
    b = "Norland has some 41 million hectares of marshes, about 8.7 percent of the marshes on Earth."
    # a share of the country's area and a share of the world's wetlands: no disagreement
    assert _vetoes(a, b, find_values(a), find_values(b)) == (False, True)
    # shares of one whole, or of a whole named once, still clash
    c, d = "The mayor won 52 percent of the vote.", "The mayor won 48 percent of the votes cast."
    assert _vetoes(c, d, find_values(c), find_values(d))[0]
    e = "The mayor won 48 percent."
    assert _vetoes(c, e, find_values(c), find_values(e))[0]


def test_counts_of_different_things_are_two_facts() -> None:
    docs = _docs(
        "More than 400 people were evacuated from their homes in Karsk on Monday as the Olva river rose.",
        "Power was cut to 3,000 homes in Karsk on Monday as the Olva river flooded the town centre.",
        "About 350 residents of Karsk had to leave their homes on Monday when the Olva flooded the old town.",
    )
    al = align(docs)
    # people and homes, or more than 400 and about 350: no outlet supports another's count
    assert al.same((0, 0)) == [] and al.same((1, 0)) == []
    assert all(not x.clash for x in al.links)  # and no contradiction either


def test_two_nouns_counting_one_group_are_not_set_apart() -> None:
    from newsbrief.align import counts_of_different_things
    from newsbrief.values import find_values

    a = find_values("More than 400 people were evacuated from their homes in Karsk.")
    assert not counts_of_different_things(a, find_values("Some 400 residents of Karsk were evacuated."))
    assert counts_of_different_things(a, find_values("About 350 residents of Karsk had to leave."))
    assert counts_of_different_things(a, find_values("Power was cut to 3,000 homes in Karsk."))


def test_a_negated_verb_is_shown_as_each_side_writes_it() -> None:
    from newsbrief.align import negated_verb

    a = "A dam built in 1961 upstream of Karsk did not fail, engineers said."
    assert negated_verb(a, "The governor said the dam upstream of Karsk had failed.") == (
        "did not fail",
        "had failed",
        "fail",
    )
    # a possibility is no fact; a negation of one object of a verb the sentence also states is
    # no denial of the other outlet's object
    assert negated_verb(a, "The dam upstream of Karsk may fail, engineers said.") is None
    b = "The firm will not collect your spoken words, but it may still collect the texts, the policy says."
    assert negated_verb(b, "The firm collects the voice commands and texts, it said.") is None


def test_a_note_to_the_wires_clients_is_no_statement_nor_an_agreed_fact() -> None:
    note = "For use by clients of the Lakeside Times News Service"
    assert not is_statement(note)
    docs = _docs(
        f"{note}\nThe council voted on Monday to close the old bridge over the river.",
        f"{note}\nThe mayor said the port would stay open all winter.",
    )
    al = align(docs)
    assert al.same((0, 0)) == [] and al.copies((0, 0)) == ()


def test_one_sentence_naming_two_districts_is_two_facts() -> None:
    docs = _docs(
        "Rescue crews evacuated residents from district 5 and opened shelters in schools, officials said.",
        "Rescue crews evacuated residents from district 6 and opened shelters in schools, officials said.",
    )
    al = align(docs)
    assert al.same((0, 0)) == []
    (link,) = al.links
    assert link.clash
