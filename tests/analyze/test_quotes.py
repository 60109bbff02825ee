"""Who said what: speech tags, quotes over several paragraphs, pronouns, and what is not a quote."""

from __future__ import annotations

from newsbrief.analyze import extract_quotes
from newsbrief.analyze.context import parse
from newsbrief.analyze.entities import build_index
from newsbrief.analyze.quote_spans import find_spans
from newsbrief.analyze.speakers import bylines, strip_title
from newsbrief.docs import Doc
from newsbrief.model import Article, Quote, Sentence
from newsbrief.order import order_articles
from newsbrief.pipeline import make_docs

COUNCIL_A = (
    "The city council debated the east side transit plan on Tuesday night.\n"
    "“Why should the east side wait another decade?” Councillor Amara Okafor asked during the debate.\n"
    "Councillor Tomas Lindqvist, who chairs the finance committee, said the city could not pay for it.\n"
    "“Where will the money for the buses come from?” asked Councillor Tomas Lindqvist.\n"
    "Minutes later a fire alarm sounded in the chamber.\n"
    "“Get out of the building right now!” Okafor shouted as the alarm rang."
)
COUNCIL_B = (
    "A long debate on the east side transit line ended without a vote.\n"
    "“Why should the east side wait another decade?” Okafor asked her colleagues.\n"
    "The council will meet again next month."
)
MINISTER = (
    "Health Minister Lena Brandt announced the new regional hospital on Monday.\n"
    "“We have waited long enough for this hospital,” Brandt said. “The money is in the budget and the "
    "land is already ours.\n"
    "“Construction will start in the spring, and the first wards will open two years later.\n"
    "“Nobody in this region should have to drive three hours to see a specialist.”\n"
    "The opposition called the plan unaffordable."
)
BAKERY = (
    "The Corner Bakery on Main Street will close at the end of the month after 40 years.\n"
    "“I have bought my bread here every morning since I was a boy,” said regular customer Jose Nunez.\n"
    "“Rents in this neighbourhood have doubled in five years,” Maria Lopez, the owner of the bakery, said.\n"
    "“Nobody can sell bread at those prices and still pay the staff,” said Peter Hall, the head of the "
    "traders' association."
)
FARM = (
    "Maria Keller, 19, has run the family farm since her father, Hans Keller, fell ill last spring.\n"
    "“I learned everything from watching him in the fields,” she said.\n"
    "Hans Keller, 62, said he was proud of his daughter.\n"
    "“She works harder than I ever did at her age,” he said."
)
FESTIVAL = (
    "By Jane Roe\n"
    "The festival opened on Friday with a screening in the old town hall.\n"
    "“Every seat was taken an hour before the film started,” she said.\n"
    "The director Sam Ortiz said his new film “The Long Road Home” opens in cinemas next week.\n"
    "The local paper covered the opening under the headline “Festival crowds fill the old town hall”.\n"
    "The town hall, once a market, was turned into a “playground for the rich” in the 1990s.\n"
    "“I wanted to make a film about my own family and the town where I grew up,” Ortiz said."
)

POLICY = (
    "Acme published a new privacy policy for its smart speakers on Monday.\n"
    "Critics say the Acme policy lets the company keep far more than it needs.\n"
    "“Recordings of your voice may be stored on our servers for up to twelve months,” the policy states.\n"
    "Riders shared a thread from Rosa Diaz of the transport union, asking the city to reconsider.\n"
    "“The fares went up twice this year and the buses still run late every morning.”\n"
    "“Nobody in the city council asked the riders what they need.”"
)


def _quotes(*texts: str) -> tuple[Quote, ...]:
    articles = [
        Article(id=f"a{k}", text=t, title=f"Story {k}", outlet=f"outlet{k}.example")
        for k, t in enumerate(texts)
    ]
    return extract_quotes(make_docs(order_articles(articles)))


def _by_start(quotes: tuple[Quote, ...], start: str) -> Quote:
    hits = [q for q in quotes if q.text.startswith(start)]
    assert len(hits) == 1, [q.text for q in quotes]
    return hits[0]


def test_tag_after_question_and_exclamation_marks_and_across_outlets() -> None:
    quotes = _quotes(COUNCIL_A, COUNCIL_B)
    why = _by_start(quotes, "Why should the east side")
    assert why.speaker == "Amara Okafor"
    assert {c.article_id for c in why.citations} == {"a0", "a1"}
    assert len(why.variants) == 2
    assert _by_start(quotes, "Where will the money").speaker == "Tomas Lindqvist"
    assert _by_start(quotes, "Get out of the building").speaker == "Amara Okafor"


def test_quote_over_three_paragraphs_keeps_its_middle_and_speaker() -> None:
    quotes = _quotes(MINISTER)
    long = _by_start(quotes, "The money is in the budget")
    assert "Construction will start in the spring" in long.text
    assert long.text.endswith("to see a specialist.")
    assert long.speaker == "Lena Brandt"
    middle = MINISTER.index("Construction will start")
    assert any(c.start <= middle < c.end for c in long.citations)
    assert _by_start(quotes, "We have waited long enough").speaker == "Lena Brandt"


def test_speaker_after_the_verb_and_in_apposition() -> None:
    quotes = _quotes(BAKERY)
    assert _by_start(quotes, "I have bought my bread").speaker == "Jose Nunez"
    assert _by_start(quotes, "Rents in this neighbourhood").speaker == "Maria Lopez"
    assert _by_start(quotes, "Nobody can sell bread").speaker == "Peter Hall"


def test_daughter_is_not_her_father_of_the_same_surname() -> None:
    quotes = _quotes(FARM)
    assert _by_start(quotes, "I learned everything").speaker == "Maria Keller"
    assert _by_start(quotes, "She works harder").speaker == "Hans Keller"


def test_titles_headlines_and_scare_quotes_are_not_quotes_and_the_byline_never_speaks() -> None:
    quotes = _quotes(FESTIVAL)
    texts = [q.text for q in quotes]
    assert not any("Long Road Home" in t for t in texts)
    assert not any("Festival crowds" in t for t in texts)
    assert not any("playground for the rich" in t for t in texts)
    assert _by_start(quotes, "I wanted to make a film").speaker == "Sam Ortiz"
    seat = _by_start(quotes, "Every seat was taken")
    assert seat.speaker != "Jane Roe"
    assert all(q.speaker != "Jane Roe" for q in quotes)


def test_marks_straight_curly_mixed_and_glued() -> None:
    text = 'It ended."We are done here," he said. "Mixed marks close too.” And “curly ones.”'
    inner = [text[a:b] for s in find_spans(text) for a, b in s.pieces]
    assert inner == ["We are done here", "Mixed marks close too.", "curly ones."]
    text = "``Newswire corpora write quotes this way,'' said one editor."
    assert [text[a:b] for s in find_spans(text) for a, b in s.pieces] == [
        "Newswire corpora write quotes this way"
    ]


def test_titles_are_stripped_from_names() -> None:
    assert strip_title("Councillor Amara Okafor") == "Amara Okafor"
    assert strip_title("regular customer Jose Nunez") == "Jose Nunez"
    assert strip_title("Detective Constable Owen Harlow") == "Owen Harlow"
    assert strip_title("Okafor") == "Okafor"


def test_documents_and_announced_quotes() -> None:
    quotes = _quotes(POLICY)
    assert _by_start(quotes, "Recordings of your voice").speaker == "the Acme policy"
    assert _by_start(quotes, "The fares went up").speaker == "Rosa Diaz"
    assert _by_start(quotes, "Nobody in the city council").speaker == "Rosa Diaz"  # the next paragraph


def test_tag_after_question_mark_with_or_without_a_sentence_cut() -> None:
    """The same attribution whether the splitter cuts after ?” or keeps the tag in the sentence."""
    article = Article(id="c", text=COUNCIL_A, outlet="c.example")
    lines, cuts, pos = [], [], 0
    for line in COUNCIL_A.split("\n"):
        lines.append((pos, pos + len(line)))
        start = pos
        for mark in ("?” ", "!” "):  # where a splitter that ignores speech tags would cut
            at = line.find(mark)
            if at >= 0:
                cuts.append((start, pos + at + 2))
                start = pos + at + 3
        cuts.append((start, pos + len(line)))
        pos += len(line) + 1
    whole = Doc(article, tuple(Sentence(article.id, k, a, b) for k, (a, b) in enumerate(lines)))
    cut = Doc(article, tuple(Sentence(article.id, k, a, b) for k, (a, b) in enumerate(cuts)))
    assert len(cut.sentences) > len(whole.sentences)
    for doc in (cut, whole):
        quotes = extract_quotes([doc])
        assert _by_start(quotes, "Why should the east side").speaker == "Amara Okafor"
        assert _by_start(quotes, "Get out of the building").speaker == "Amara Okafor"


REVIEW = (
    "By Mark Stone\n"
    "“It is the most careful account of the war I have read in years,” he wrote in his review.\n"
    "Tom Reed described the crossing in his evidence to the inquest.\n"
    "He said Anna, 41, walked on first to test the ice and he called to her to ask whether it held.\n"
    "“I asked her twice whether it was safe to go on before we left the path,” he said."
)


def test_he_follows_the_chain_of_pronouns_and_never_the_byline() -> None:
    ctx = parse(make_docs([Article(id="r", text=REVIEW, outlet="r.example")]))
    assert bylines(ctx, build_index(ctx)) == {"Mark Stone"}
    quotes = _quotes(REVIEW)
    assert _by_start(quotes, "It is the most careful account").speaker is None
    assert _by_start(quotes, "I asked her twice").speaker == "Tom Reed"


CHEF = (
    "Yachtsman Tom Baker called Rosa Lindqvist a “very brave sailor”.\n"
    "“She was never afraid of a storm,” he told reporters.\n"
    "During her racing career, Rosa ran a sailing school and a small boatyard in Oban.\n"
    "She was among the first women to skipper a boat across the Atlantic alone.\n"
    "She recently said: “I have had a wonderful life and I have sailed with everyone I admired.”"
)


def test_a_possessive_before_a_name_ties_only_a_person_noun() -> None:
    # "her racing career, Rosa" ties Rosa to no one, so "she" is Rosa, not the chef named before
    quote = _by_start(_quotes(CHEF), "I have had a wonderful life")
    assert quote.speaker == "Rosa Lindqvist"
    # "her father, Hans Keller" still ties: "she" is Maria, not her father
    assert _by_start(_quotes(FARM), "I learned everything").speaker == "Maria Keller"


DINNER = (
    "Senate leader Tom Vance was honoured at a dinner in the capital on Saturday.\n"
    "His wife, Laura Kemp, a former judge, sat at the head table. “It was a lovely evening,” she said.\n"
    "Athletic director Susan Webb gave a short speech after the meal.\n"
    "“We wish him many more years of service,” said university president Alan Brooks. Webb was less "
    "warm. “The speeches went on far too long.”"
)


def test_his_wife_may_be_the_she_and_a_name_between_breaks_a_quote_chain() -> None:
    quotes = _quotes(DINNER)
    assert _by_start(quotes, "It was a lovely evening").speaker == "Laura Kemp"
    # someone else is named after Brooks's quote: the tagless quote is not his
    assert _by_start(quotes, "The speeches went on").speaker != "Alan Brooks"


def test_a_participle_of_speech_after_a_comma_is_the_main_clauses_subject() -> None:
    quotes = _quotes(
        "Ian Johnston, an assistant commissioner, spoke at the inquiry on Wednesday. Johnston said the "
        "case had hurt police relations with black Britons and with Tom Ward, saying that it had been "
        "“a tragedy for the police, who have lost the confidence of the community.”"
    )
    # "…, saying" tells what the sentence's subject said, not the last name before the comma
    (quote,) = [q for q in quotes if q.text.startswith("a tragedy")]
    assert quote.speaker == "Ian Johnston"


def test_the_same_words_given_to_two_named_people_are_two_quotes() -> None:
    quotes = _quotes(
        "Hale's campaign manager, Tina Marsh, said the senator was twisting his words. "
        "“Greg never said that,” Marsh said. “He said the numbers don't add up.”",
        "Greg Hale spoke at a rally on Monday. “The numbers don't add up,” Hale told supporters.",
    )
    # the manager reports the candidate's words inside her own quote: each keeps its speaker
    assert _by_start(quotes, "He said the numbers").speaker == "Tina Marsh"
    assert _by_start(quotes, "The numbers don't add up").speaker == "Greg Hale"


def test_a_tag_in_the_next_sentence_that_points_back_names_the_speaker() -> None:
    quotes = _quotes(
        "Harbour master Nina Cole said the ferry would sail on Friday.\n"
        "“The crossing is safe again,” Cole said.\n"
        "“Nobody will lose a day of work over the repairs.”\n"
        "That was how Mayor Owen Kerr put it in a letter to the islanders.\n"
        "“We expect the timetable to hold,” Cole added.\n"
        "“Tickets bought for the cancelled sailings remain valid.”\n"
        "Those were the words of Owen Kerr, speaking at the pier."
    )
    # without a tag of its own the quote would continue Cole's; the next sentence names Kerr
    assert _by_start(quotes, "Nobody will lose").speaker == "Owen Kerr"
    assert _by_start(quotes, "Tickets bought").speaker == "Owen Kerr"
    assert _by_start(quotes, "The crossing is safe").speaker == "Nina Cole"


def test_a_quote_that_runs_on_into_an_inverted_tag_is_the_named_speakers() -> None:
    quotes = _quotes(
        "Sea levels can change the coastline faster than planners expect, engineers say. “We are seeing "
        "with some alarm how quickly the dunes respond” to winter storms, said Ines Varga of the coastal "
        "survey office in Tarnow. “These storms have reshaped the whole bay.”"
    )
    # the tag after the comma is inverted: the speaker follows "said"
    assert _by_start(quotes, "We are seeing").speaker == "Ines Varga"


def test_a_person_beats_an_organisation_as_the_speaker_two_outlets_give() -> None:
    quotes = _quotes(
        "Rep. Tom Varley, (R-Ore.), who chairs the House panel overseeing ports and waterways, "
        "cautioned that ``more dredging money for bad ports is not the answer.'' He noted that spending "
        "has doubled.",
        "But Varley cautioned that ``more dredging money for bad ports is not the answer.''",
    )
    # one outlet's tag names the House inside the chairman's title; the other names Varley
    (quote,) = [q for q in quotes if q.text.startswith("more dredging")]
    assert quote.speaker == "Tom Varley"


def test_a_document_speaks_for_the_author_its_possessor_names() -> None:
    quotes = _quotes(
        "Dr. Ines Varga, a psychiatrist at Kelby University, led the study of 1,300 children.\n"
        "Her report suggests that there are “many children going unidentified and untreated.”\n"
        "The findings were published on Monday.\n"
        "The board met in March.\n"
        "The study will be repeated.\n"
        "His report said that the river was “far more polluted than anyone had feared.”"
    )
    assert _by_start(quotes, "many children going").speaker == "Ines Varga"
    # a possessor no one in the sentences before can be: no speaker rather than "his report"
    assert _by_start(quotes, "far more polluted").speaker is None


def test_a_day_between_the_speaker_and_the_verb_is_no_speaker() -> None:
    quotes = _quotes(
        "Attorney General Mara Quist earlier Thursday urged both sides to settle so the boy “can get on with his life.”\n"
        "Mayor Tom Reed on Monday said the port “will stay open all winter.”"
    )
    assert _by_start(quotes, "can get on").speaker == "Mara Quist"
    assert _by_start(quotes, "will stay open").speaker == "Tom Reed"


def test_a_writing_with_an_unresolved_possessor_has_no_speaker() -> None:
    quotes = _quotes("“The boy has said many times that he wants to stay,” their petition stated.")
    assert _by_start(quotes, "The boy has said").speaker is None
