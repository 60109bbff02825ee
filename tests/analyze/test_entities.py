"""Entity merging across outlets: spellings join, namesakes stay apart, junk is not an entity."""

from __future__ import annotations

import pytest
from entity_stories import analyze_texts, holding

from newsbrief.analyze import Analysis
from newsbrief.analyze.names import org_key, place_of, same_given_name, spelling_variant, title_words
from newsbrief.model import Entity


def _analyze(*texts: str) -> Analysis:
    return analyze_texts(*texts, title="Talks")


def _one(analysis: Analysis, *forms: str) -> Entity:
    """The one entity that lists every form in ``forms``."""
    assert all(holding(analysis, f) for f in forms), f"some of {forms} are in no entity"
    hits = {e.name: e for f in forms for e in holding(analysis, f)}
    assert len(hits) == 1, f"{forms} are in {sorted(hits)}"
    return next(iter(hits.values()))


ROMANIZED_A = (
    "Yoon Seo-yeon, a lawyer from Seoul, met Kang Tae-ho on Monday to discuss the shipping dispute.\n"
    "Anne-Lise Brekke-Olsen, a Norwegian diplomat, joined the meeting in the afternoon.\n"
    "Yoon Seo-yeon said the talks were useful, and Kang Tae-ho agreed."
)
ROMANIZED_B = (
    "Yoon Seoyeon and Kang Taeho met in Seoul on Monday about the shipping dispute.\n"
    "Anne Lise Brekke Olsen, who represents Norway, also attended the meeting.\n"
    "Ms. Brekke Olsen said the two sides would meet again next month."
)


@pytest.fixture(scope="module")
def romanized() -> Analysis:
    return _analyze(ROMANIZED_A, ROMANIZED_B)


def test_romanization_and_hyphens_join_across_outlets(romanized: Analysis) -> None:
    people = [
        _one(romanized, "Yoon Seo-yeon", "Yoon Seoyeon"),
        _one(romanized, "Kang Tae-ho", "Kang Taeho"),
        _one(romanized, "Anne-Lise Brekke-Olsen", "Anne Lise Brekke Olsen", "Brekke Olsen"),
    ]
    assert len({p.name for p in people}) == 3
    for p in people:
        assert p.kind == "PERSON"
        assert {m.outlet for m in p.mentions} == {"outlet0.example", "outlet1.example"}


FORMS_A = (
    "Elon Musk said on Monday that Tesla would open a factory near Mt. Tabor next year.\n"
    "Musk told investors the site was chosen for its rail links.\n"
    "Ron Haskell, the county's planning chief, said the permits were ready.\n"
    "Carlie Trent, a local resident, said she welcomed the jobs.\n"
    "The Lincoln Centre will host a job fair in June."
)
FORMS_B = (
    "Mr Musk said Tesla Inc. had bought land at the foot of Mount Tabor.\n"
    "Ronald Haskell, who heads planning for the county, confirmed the permits.\n"
    "Carlie Marie Trent, who lives nearby, said the plant would bring jobs.\n"
    "A job fair at the Lincoln Center is planned for June."
)


@pytest.fixture(scope="module")
def forms() -> Analysis:
    return _analyze(FORMS_A, FORMS_B)


@pytest.mark.parametrize(
    "names",
    [
        ("Elon Musk", "Musk"),
        ("Tesla", "Tesla Inc."),
        ("Mt. Tabor", "Mount Tabor"),
        ("Ron Haskell", "Ronald Haskell"),
        ("Carlie Trent", "Carlie Marie Trent"),
        ("Lincoln Centre", "Lincoln Center"),
    ],
)
def test_forms_of_one_name_join(forms: Analysis, names: tuple[str, ...]) -> None:
    entity = _one(forms, *names)
    assert len(entity.mentions) == 2


def test_mr_musk_is_musk_with_a_title(forms: Analysis) -> None:
    musk = _one(forms, "Elon Musk")
    assert not any(a.startswith("Mr") for a in musk.aliases)
    assert sum(m.count for m in musk.mentions) >= 3


NAMESAKES_A = (
    "John Smith, the mayor, opened the new bridge on Friday.\n"
    "His sister Mary Smith, a teacher, cut the ribbon.\n"
    "Smith said the bridge had cost less than planned."
)
NAMESAKES_B = (
    "Mayor John Smith and Mary Smith attended the bridge opening.\n"
    "John Smyth, a contractor, said work took two years."
)


def test_namesakes_are_never_merged() -> None:
    analysis = _analyze(NAMESAKES_A, NAMESAKES_B)
    john, mary = _one(analysis, "John Smith"), _one(analysis, "Mary Smith")
    assert john.name != mary.name
    smyth = _one(analysis, "John Smyth")  # a surname spelling, but both named side by side in one article
    assert smyth.name not in (john.name, mary.name)


def test_one_name_under_two_places_stays_two() -> None:
    analysis = _analyze(
        "The California Supreme Court upheld the law on Monday. The Supreme Court vote was 5-2.",
        "Lawyers said they would take the case to the U.S. Supreme Court in Washington.",
    )
    state, federal = _one(analysis, "California Supreme Court"), _one(analysis, "U.S. Supreme Court")
    assert state.name != federal.name


KOREA_A = (
    "North Korea said on Saturday it would not return to talks with Washington.\n"
    "The DPRK foreign ministry said the U.S.-North Korea summit had failed.\n"
    "In the North, state media repeated the statement. AP Photo/Lee Jin-man"
)
KOREA_B = (
    "Councillor Amara Okafor said the city would send aid to North Korea.\n"
    "The DPRK has asked for food aid twice this year, Okafor said."
)


@pytest.fixture(scope="module")
def korea() -> Analysis:
    return _analyze(KOREA_A, KOREA_B)


def test_country_acronym_joins_country_name(korea: Analysis) -> None:
    nk = _one(korea, "North Korea", "DPRK")
    assert len(nk.mentions) == 2


def test_junk_is_not_an_entity(korea: Analysis) -> None:
    names = {n for e in korea.entities for n in (e.name, *e.aliases)}
    assert not any("Photo" in n or "/" in n for n in names)
    assert "North" not in names
    assert not any("U.S.-North" in n for n in names)


def test_title_is_not_part_of_the_name(korea: Analysis) -> None:
    okafor = _one(korea, "Amara Okafor")
    assert okafor.name == "Amara Okafor"
    assert okafor.kind == "PERSON"
    assert "Councillor" in okafor.titles
    assert not any("Councillor" in a for a in okafor.aliases)


def test_a_car_is_not_a_person() -> None:
    analysis = _analyze(
        "Officers stopped a Ford Ranger pickup on Friday. The driver, Mark Ellis, was arrested.",
        "Mark Ellis was behind the wheel of his Ford Fiesta when police stopped him on Friday.",
    )
    people = {e.name for e in analysis.entities if e.kind == "PERSON"}
    assert "Mark Ellis" in people
    assert not people & {"Ford Ranger", "Fiesta", "Ford Fiesta"}


def test_place_with_its_state_is_a_form_of_the_place() -> None:
    analysis = _analyze(
        "The plant in Burlington, Vt., closed on Friday. Vermont officials said 200 jobs were lost.",
        "Workers in Burlington, Vermont, learned of the closure on Friday.",
    )
    burlington = _one(analysis, "Burlington")
    assert {"Burlington, Vt.", "Burlington, Vermont"} <= set(burlington.aliases)


def test_name_rules() -> None:
    assert title_words(["Councillor", "Amara", "Okafor"]) == 1
    assert title_words(["Det", "Con", "Owen", "Harlow"]) == 2
    assert title_words(["Dean", "Smith"]) == 0  # a given name, not the title
    assert same_given_name("ron", "ronald") and same_given_name("barak", "barack")
    assert not same_given_name("mark", "mary") and not same_given_name("carter", "robin")
    assert spelling_variant("valdares", "valderas") and spelling_variant("centre", "center")
    assert not spelling_variant("henderson", "hendrickson") and not spelling_variant("iran", "iraq")
    assert place_of("Wash.") == ("washington",) and place_of("DPRK") == ("north", "korea")
    assert place_of("In") is None and place_of("IN") == ("indiana",)
    assert org_key(("tesla", "inc")) == ("tesla",) and org_key(("mt", "tabor")) == ("mount", "tabor")


def test_a_one_word_person_the_text_uses_only_as_a_place_is_a_place() -> None:
    # the recognizer labels the unfamiliar one-word name a person; "at Kangson" and "the Kangson
    # nuclear complex" read as a place, and nothing reads as a person
    analysis = _analyze(
        "Inspectors arrived at Kangson on Monday to check the reactor, officials said.",
        "The team toured the Kangson nuclear complex on Tuesday, the ministry said.",
    )
    assert _one(analysis, "Kangson").kind == "LOC"
    # with a title somewhere, the same name stays a person
    titled = _analyze(
        "Inspectors arrived at Hamhung on Monday to check the reactor, officials said.",
        "Mr. Hamhung toured the plant on Tuesday, the ministry said.",
    )
    assert _one(titled, "Hamhung").kind == "PERSON"


def test_a_place_then_the_subject_of_the_clause_is_no_place_and_its_country() -> None:
    analysis = _analyze(
        "In Vienna, Iran agreed to let inspectors visit the Natanz enrichment plant.",
        "Workers in Burlington, Vermont, learned of the closure on Friday.",
    )
    assert "Vienna, Iran" not in _one(analysis, "Vienna").aliases
    assert "Burlington, Vermont" in _one(analysis, "Burlington").aliases


def test_a_plural_common_noun_opening_a_sentence_is_no_person() -> None:
    analysis = _analyze(
        "Forecasters warned of another 80 mm of rain by Thursday.\nSchools in Tarnow will remain closed "
        "until Friday.",
        "Two people drowned, Governor Irena Malek said on Wednesday.\nSchools will reopen on Thursday, the "
        "education office said.",
    )
    assert not [e for e in analysis.entities if e.kind == "PERSON" and e.name == "Schools"]
    assert _one(analysis, "Irena Malek").kind == "PERSON"


def test_a_degree_after_a_name_is_no_place() -> None:
    assert place_of("M.D.") is None and place_of("Ph.D.") is None
    assert place_of("Md.") == ("maryland",) and place_of("N.Y.") == ("new", "york")
    analysis = _analyze(
        "By RUTH ALDER, M.D. (Distributed by Harbor Features) Children who sleep badly at six months "
        "often sleep well by two, Alder writes.",
        "Ruth Alder, a pediatrician in Baltimore, Md., has written about sleep for 30 years. Parents in "
        "Maryland asked her about naps.",
    )
    assert "M.D." not in _one(analysis, "Maryland").aliases
    assert not [e for e in analysis.entities if "M.D." in (e.name, *e.aliases)]


def test_a_one_word_person_always_written_after_the_is_a_thing() -> None:
    analysis = _analyze(
        "The black box was found by a robot submarine deployed from the Kestrel, a Navy salvage ship.",
        "Within hours of lifting the box aboard the Kestrel, the Navy flew it to Washington.",
        "Officials said Johnson had not seen the data. The Johnson administration declined to comment.",
    )
    # English puts no article before a person's name: the Kestrel is a ship
    assert _one(analysis, "Kestrel").kind != "PERSON"
    assert _one(analysis, "Johnson").kind == "PERSON"


def test_a_titles_tail_is_no_name() -> None:
    analysis = _analyze(
        "Dr. Ruth Alder writes a column on children. She is Professor Emeritus at Kelby Medical School, "
        "which named a chair after her.",
        "Alder said parents worry too much.",
    )
    # "Professor Emeritus" is a title whole: nothing of it is a person's name
    assert not holding(analysis, "Emeritus")
    assert _one(analysis, "Ruth Alder").kind == "PERSON"


def test_a_one_word_person_set_off_as_a_drug_is_no_entity() -> None:
    analysis = _analyze(
        "In the last trial the team fed the rats Dorvalin, a drug that dampens the action of dopamine. The "
        "tremors eased within a week.",
        "Dr. Ruth Alder led the study at Kelby Medical School.",
    )
    assert not holding(analysis, "Dorvalin")
    assert _one(analysis, "Ruth Alder").kind == "PERSON"
