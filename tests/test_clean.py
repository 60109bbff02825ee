"""Boilerplate rules are tested on page shapes, not on one site's wording."""

from __future__ import annotations

import pytest

from newsbrief.clean import clean_text, normalize_typography, unwrap

PAGE = """World | Europe | Politics
Ministers agree on new border rules
Ministers agree on new border rules
Posted: 4 March 2024 10:15
Photo: Jane Smith/Agency
By Maria Keller and Tom Ruiz, Brussels
Interior ministers agreed on Monday on a new set of border rules after two days of talks.
The interior minister of Austria speaks to reporters in Brussels, March 4, 2024The agreement still needs the approval of the European Parliament, officials said.
Share this article
Subscribe to our newsletter
The rules will take effect next year if parliament approves them.
Advertisement
Most read stories
Storm hits coast
Prices rise again
"""


def test_furniture_lines_are_removed() -> None:
    cleaned = clean_text(PAGE)
    text = cleaned.text
    for junk in (
        "World | Europe",
        "Photo:",
        "By Maria",
        "Share this",
        "Subscribe",
        "Advertisement",
        "Most read",
        "Storm hits",
    ):
        assert junk not in text
    assert "Interior ministers agreed on Monday" in text
    assert "The rules will take effect next year" in text


def test_title_date_and_byline_are_recovered() -> None:
    cleaned = clean_text(PAGE)
    assert cleaned.title == "Ministers agree on new border rules"
    assert "Ministers agree on new border rules" not in cleaned.text
    assert cleaned.published is not None and cleaned.published.date().isoformat() == "2024-03-04"
    assert cleaned.byline.startswith("Maria Keller")


def test_glued_caption_is_dropped_and_sentence_kept() -> None:
    text = clean_text(PAGE).text
    assert "speaks to reporters" not in text
    assert "The agreement still needs the approval of the European Parliament, officials said." in text.split(
        "\n"
    )


def test_caption_with_trailing_credit_is_dropped() -> None:
    raw = "Protesters gather outside parliament on Tuesday. (AP Photo/John Doe)\nThousands of people protested outside parliament on Tuesday against the new law."
    text = clean_text(raw).text
    assert "AP Photo" not in text
    assert text.startswith("Thousands of people")


def test_names_with_mixed_case_are_not_split() -> None:
    raw = "Executives at McDonald's and iPhone makers met on Friday to discuss the new supply agreement in detail."
    assert clean_text(raw).text == raw


def test_seed_boilerplate_is_stripped(seed_articles) -> None:  # type: ignore[no-untyped-def]
    for article in seed_articles:
        for junk in (
            "Most viewed",
            "Recent Features",
            "Credit:",
            "(Reuters)",
            "button",
            "Please direct",
            "2011The",
        ):
            assert junk not in article.text


def test_plain_text_typography_is_normalized() -> None:
    assert normalize_typography("TOWN _ He said ``yes'' -- twice.") == "TOWN — He said “yes” — twice."
    assert "``" not in clean_text("The mayor said ``we will rebuild the bridge,'' on Monday morning.").text


def test_a_shouted_legal_notice_glued_to_the_first_sentence_is_cut() -> None:
    raw = (
        "NEW YORK, N.Y. 10001 Tel: 212-555-0100 Fax: 212-555-0199 COPYRIGHT 2001 BY NEWSWIRE SERVICES,"
        " INC. NO PORTION OF THIS MATERIAL MAY BE USED WITHOUT ATTRIBUTION TO NEWSWIRE SERVICES, INC."
        " NASA'S new probe reached Jupiter on Monday, officials said.\nThe probe will study the moons."
    )
    cleaned = clean_text(raw)
    assert (
        cleaned.text
        == "NASA'S new probe reached Jupiter on Monday, officials said.\nThe probe will study the moons."
    )
    assert cleaned.removed[0].startswith("NEW YORK, N.Y. 10001") and cleaned.removed[0].endswith(
        "SERVICES, INC."
    )


def test_capitals_without_a_notice_or_a_sentence_end_are_kept() -> None:
    for line in (
        "UNITED NATIONS (AP) — THE SECURITY COUNCIL MET ON MONDAY AND VOTED ON NEW SANCTIONS. It passed 14-1.",
        "NO PORTION OF THE BUDGET MAY BE USED FOR TRAVEL, the agency said on Monday in a statement.",
    ):
        assert clean_text(line + "\nA second paragraph follows here.").text.startswith(line)


def test_sentences_that_merely_mention_a_promo_word_are_kept() -> None:
    kept = (
        "The court ruled on copyright law.",
        "He pressed the panic button.",
        "The law bans the advertisement of cigarettes.",
        "Police said cookies were found at the scene.",
    )
    furniture = ("Advertisement", "Copyright 2020 The Associated Press. All rights reserved.", "Trending now")
    raw = "\n".join(("The first paragraph of the story is long enough to stay.", *kept, *furniture))
    assert clean_text(raw).text.split("\n") == [
        "The first paragraph of the story is long enough to stay.",
        *kept,
    ]


LEAD = "The first paragraph of the story is long enough to stay in the cleaned text."


@pytest.mark.parametrize(
    "line",
    [
        # a publisher's notice, however long: wire copy carries it word for word into every outlet
        "Copyright 2024 Coast Herald. All rights reserved. This material may not be published, "
        "broadcast, rewritten or redistributed.",
        "Copyright © 2017 City Radio. All rights reserved. Visit our website terms of use and "
        "permissions pages for further information.",
    ],
)
def test_a_long_copyright_notice_is_dropped(line: str) -> None:
    assert clean_text(f"{LEAD}\n{line}\nThe last paragraph stays as well.").text.split("\n") == [
        LEAD,
        "The last paragraph stays as well.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Copyright law changed in 2019, and holders sued the company over the songs it streamed without pay.",
    ],
)
def test_a_sentence_that_opens_like_a_notice_is_kept(line: str) -> None:
    assert line in clean_text(f"{LEAD}\n{line}").text


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            "The 52-year-old was treated for smoke inhalation and sent home. AP Photo/Dana Whitfield",
            "The 52-year-old was treated for smoke inhalation and sent home.",
        ),
        (
            "Police said the attack had been planned for weeks. Reuters/Jane Doe",
            "Police said the attack had been planned for weeks.",
        ),
        (
            "Two potters open their studio in 1998. Photograph: Hal Brennan/PA",
            "Two potters open their studio in 1998.",
        ),
        (
            "Nora Vance arrives at a premiere in Toronto. Photograph: Ines Calloway/Invision/AP",
            "Nora Vance arrives at a premiere in Toronto.",
        ),
        (
            "Mina spent 12 days at the field camp. Courtesy Nell Ferris",
            "Mina spent 12 days at the field camp.",
        ),
        (
            "“We will finish the bridge on time. We promise.” AFP/Getty Images",
            "“We will finish the bridge on time. We promise.”",
        ),
        (
            "The talks ended without a deal late on Monday. Karim Haddad/European Pressphoto Agency",
            "The talks ended without a deal late on Monday.",
        ),
        (
            "Lucien Marchetti / AFP / Getty Images The harbour master inspects the flooded quay in Genoa.",
            "The harbour master inspects the flooded quay in Genoa.",
        ),
    ],
)
def test_a_bare_photo_credit_glued_to_a_sentence_is_cut(line: str, kept: str) -> None:
    cleaned = clean_text(f"{LEAD}\n{line}")
    assert cleaned.text.split("\n") == [LEAD, kept]
    assert [r for r in cleaned.removed if r in line] == [line.replace(kept, "").strip(" ")]


@pytest.mark.parametrize(
    "line",
    [
        "AP Photo/Dana Whitfield",
        "Oskar Lindqvist/AFP/Getty Images",
        "Getty Images",
        "Reuters/Jane Doe",
        "(Photo: Getty Images)",
        "Actors Nora Vance and Theo Marsh (Photo: Getty Images, WireImage)",
        "Photograph: Ines Calloway/Invision/AP",
        "Photo by Miriam K. Osei for The Washington Post",
        "Image caption Firefighters in breathing gear waited outside the depot",
    ],
)
def test_a_line_that_is_only_a_credit_or_a_labelled_caption_is_dropped(line: str) -> None:
    assert clean_text(f"{LEAD}\n{line}\nThe story goes on in a second paragraph.").text.split("\n") == [
        LEAD,
        "The story goes on in a second paragraph.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "He told Reuters the deal was off.",
        "The figures were compiled by AP and Reuters.",
        "A Reuters/Ipsos poll released on Monday showed him ahead.",
        "The poll was run by Reuters/Ipsos.",
        "Getty Images declined to comment on the photograph.",
        "Police confirmed the arrest. Reuters reported it first.",
        "The photo agency AFP said its photographer was safe.",
    ],
)
def test_sentences_that_mention_a_news_agency_are_kept(line: str) -> None:
    assert clean_text(f"{LEAD}\n{line}").text.split("\n") == [LEAD, line]


def test_an_embedded_post_is_kept_and_a_dated_caption_is_not() -> None:
    post = "The new camera never sleeps. It hears every word you say. — Dana Reyes (@danareyes) June 3, 2024"
    caption = "Shoppers queue outside the new store in Leeds, June 3, 2024"
    text = (
        "The console maker unveiled its new camera on Monday in front of a small audience of reviewers.\n"
        f"{post}\n{caption}\n"
        "The camera will go on sale in the autumn, the company said in a statement to reporters."
    )
    cleaned = clean_text(text).text
    assert post in cleaned
    assert caption not in cleaned


def test_newswire_markup_entities_are_dropped_and_html_ones_kept() -> None:
    text = (
        "Officials said the dam would hold through the weekend, according to the county engineer. &QL;\n"
        "&UR; The river crested at 12 feet on Sunday night &amp; fell slowly on Monday morning."
    )
    cleaned = clean_text(text).text
    assert "&QL;" not in cleaned and "&UR;" not in cleaned
    assert "county engineer." in cleaned and "&amp; fell" in cleaned


def test_an_embedded_posts_image_link_is_dropped() -> None:
    line = "We will rebuild together. pic.twitter.com/Ab12Cd34 — Dana Reyes (@danareyes) June 3, 2024"
    text = f"The storm flattened the harbour district on Sunday night, the coastguard said.\n{line}"
    cleaned = clean_text(text).text
    assert "pic.twitter.com" not in cleaned
    assert "We will rebuild together. — Dana Reyes (@danareyes) June 3, 2024" in cleaned


WRAPPED_STORY = (
    "The harbour authority reopened the northern pier on Tuesday after six weeks of repairs to the "
    "quay wall, the port director said. Ferries to the islands will use it again from next week.\n\n"
    "Fishermen had asked for the work since a storm damaged the wall in January, and the council "
    "paid for it from its emergency fund."
)


@pytest.mark.parametrize("width", [30, 60, 72])
def test_hard_wrapped_paragraphs_are_joined(width: int) -> None:
    # mail and wire copy wrapped at a fixed width: every line was read as a paragraph of its own
    import textwrap

    wrapped = "\n\n".join(textwrap.fill(p, width) for p in WRAPPED_STORY.split("\n\n"))
    assert len(wrapped.splitlines()) >= 6
    assert clean_text(wrapped).text == WRAPPED_STORY.replace("\n\n", "\n")


def test_a_text_of_short_paragraphs_is_not_joined() -> None:
    # one paragraph a line, all short: each ends its sentence, so none is a wrap
    text = "\n".join(
        (
            "The pier reopened on Tuesday.",
            "Ferries return next week.",
            "The repairs took six weeks.",
            "Fishermen welcomed the news.",
            "The council paid for the work.",
        )
    )
    assert unwrap(text) == text
    assert clean_text(text).text == text


def test_a_three_word_headline_standing_alone_is_the_title() -> None:
    body = (
        "The board voted on Monday to close the old river ferry after a year of losses.\n"
        "Its last crossing will be in June, the operator said."
    )
    cleaned = clean_text("Board closes ferry\n\n" + body)
    assert cleaned.title == "Board closes ferry"
    assert cleaned.text == body
    # three words run into the story's first paragraph are not taken on shape alone, nor three in
    # capitals: a menu or a dateline
    assert clean_text("Board closes ferry\n" + body).title == ""
    for line in ("Home News World", "Print Email Share", "Sunday, March 3"):
        assert clean_text(f"{line}\n\n{body}").title == ""
