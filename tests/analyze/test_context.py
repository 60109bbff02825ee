"""The story parse: an article longer than spaCy's max_length is parsed in pieces, not a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbrief.analyze.context import nlp, parse
from newsbrief.model import Article
from newsbrief.pipeline import make_docs

PARAGRAPH = "Mayor Jane Roe said on Tuesday that the Acme warehouse in Springfield would reopen in May.\n"


@pytest.fixture
def small_max_length() -> Iterator[int]:
    # The real limit is 1,000,000 characters; the same code path at 2,000 keeps the test fast.
    model = nlp()
    old = model.max_length
    model.max_length = 2_000
    try:
        yield model.max_length
    finally:
        model.max_length = old


def test_article_longer_than_max_length_is_parsed_in_pieces(small_max_length: int) -> None:
    text = PARAGRAPH * 60  # ~5,400 characters, well over the limit
    assert len(text) > small_max_length
    (doc,) = make_docs([Article(id="long", text=text, outlet="a")])
    context = parse([doc])
    parsed = context.parsed[0]
    # offsets stay offsets into the whole article, in every piece
    assert all(text[t.start : t.end] == t.text for t in parsed.tokens)
    assert list(parsed.token_starts) == sorted(parsed.token_starts)
    people = [e for e in parsed.ents if e.label == "PERSON"]
    assert len(people) >= 50 and all(text[e.start : e.end] == e.text == "Jane Roe" for e in people)
    assert parsed.tokens[-1].end > len(text) - len(PARAGRAPH)


def test_spacy_loads_without_its_command_line_which_still_imports_after() -> None:
    # a fresh process: in this one spaCy may already be imported by another test
    code = (
        "import sys\n"
        "from newsbrief.analyze.context import nlp\n"
        "nlp()\n"
        "assert 'weasel' not in sys.modules and 'spacy.cli' not in sys.modules, 'command line imported'\n"
        "import spacy, spacy.cli\n"
        "assert spacy.cli.__file__ and callable(spacy.cli.setup_cli) and callable(spacy.info)\n"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


STORY = [
    "Mayor Jane Roe said on Tuesday that the Acme warehouse in Springfield would reopen in May.",
    "Fire crews from Shelbyville reached the warehouse at 3 a.m., the fire department said.",
    "John Smith, a spokesman for Acme Corp., said the company would pay for the repairs.",
    "The city council of Springfield meets on Friday to discuss the warehouse, Roe said.",
    "Insurers estimated the damage at $2 million, according to the Springfield Gazette.",
    "Acme employs 400 people in Springfield and 1,200 across Illinois.",
    "Governor Mary Major visited the site on Wednesday with Senator Alan Poe.",
    "Police in Springfield said no one was hurt and the cause was under investigation.",
    "The warehouse, built in 1954, stores paper goods for the Midwest.",
]


def test_parse_is_the_same_for_any_batch_size_and_keeps_article_order() -> None:
    # nine articles: split over two threads, interleaved, then put back in order
    docs = make_docs([Article(id=f"a{k}", text=t, outlet=f"o{k}") for k, t in enumerate(STORY)])
    one = parse(docs, batch_size=1)
    many = parse(docs, batch_size=8)
    assert one.parsed == many.parsed
    # tagged whole with the recognizer, or on read: the same tokens, tags and entities
    assert parse(docs, apart=False).parsed == parse(docs, apart=True).parsed == one.parsed
    for n, text in enumerate(STORY):
        parsed = one.parsed[n]
        assert [t.text for t in parsed.tokens] == [text[t.start : t.end] for t in parsed.tokens]
        assert all(e.doc == n and text[e.start : e.end] == e.text for e in parsed.ents)
    assert {e.text for e in one.parsed[2].ents if e.label == "PERSON"} == {"John Smith"}


def test_the_tokenizer_built_from_the_config_is_the_one_the_model_ships() -> None:
    # nlp() skips reading the model's tokenizer from disk; that is only right while the packaged
    # tokenizer is English's default (a model upgrade that customizes it fails here)
    from newsbrief.analyze.context import SPACY_MODEL, _import_spacy

    shipped = _import_spacy().load(SPACY_MODEL, disable=["parser", "lemmatizer", "attribute_ruler"])
    assert nlp().tokenizer.to_bytes(exclude=["vocab"]) == shipped.tokenizer.to_bytes(exclude=["vocab"])
    text = "Dr. O'Neil's U.S.-based firm can't pay $4.5m (it said) - e-mail info@acme.com by 5 p.m."
    assert [t.text for t in nlp()(text)] == [t.text for t in shipped(text)]


def test_registries_answer_from_the_entry_point_table_they_would_filter() -> None:
    import importlib.metadata

    import catalogue  # type: ignore[import-untyped]

    from newsbrief.analyze.context import _memoize_entry_points

    nlp()  # installs the memo
    _memoize_entry_points()  # a second call keeps the one memo
    assert getattr(catalogue.Registry._get_entry_points, "_newsbrief_memo", False)
    table = catalogue.AVAILABLE_ENTRY_POINTS
    for registry in (
        catalogue.Registry(("spacy", "architectures"), entry_points=True),
        catalogue.Registry(("newsbrief_test", "nothing"), entry_points=True),
    ):
        expected = list(table.select(group=registry.entry_point_namespace))
        assert list(registry._get_entry_points()) == expected
        assert list(registry._get_entry_points()) == expected  # the kept answer
    # a new table (catalogue's dict form) is filtered afresh, and the old one again after it
    registry = catalogue.Registry(("newsbrief_test", "square_roots"), entry_points=True)
    assert registry.get_entry_point("root") is None
    found = importlib.metadata.EntryPoint(name="root", value="math:sqrt", group="newsbrief_test_square_roots")
    catalogue.AVAILABLE_ENTRY_POINTS = {"newsbrief_test_square_roots": [found]}
    try:
        assert registry.get_entry_point("root")(9.0) == 3.0
    finally:
        catalogue.AVAILABLE_ENTRY_POINTS = table
    assert registry.get_entry_point("root") is None


# an invented story: sentences that name a person (tagged when the story is parsed) between
# others that do not (tagged only when one of their tags is read)
TAGGED_STORY = [
    "The river rose overnight after three days of rain.\n\n"
    "Water covered the lower streets of Eastbrook by dawn, and the bridge on Mill Road was closed. "
    'Mayor Helen Okafor said the town had opened two shelters. "We are ready for a second crest," '
    "she said.\n\n"
    "Farmers north of the town moved their cattle to higher ground. Some fields will stay under "
    "water for weeks, the county's agriculture office warned.\n\n"
    "The weather service expects the river to fall by Friday.",
    "Residents queued for sandbags at the fire station on Tuesday.\n"
    "Volunteer Tom Briggs, who has lived on Canal Street since 1987, had never seen the water so high. "
    "Insurers have not yet estimated the damage. A second storm could arrive early next week, "
    "forecasters said, though its path was uncertain.",
]


def test_tags_read_are_those_of_a_run_over_the_whole_text() -> None:
    from newsbrief.analyze.context import _tagging

    assert _tagging(nlp()) is not None and _tagging(nlp()).context == 4  # type: ignore[union-attr]
    docs = make_docs([Article(id=f"t{k}", text=t, outlet=f"o{k}") for k, t in enumerate(TAGGED_STORY)])
    context = parse(docs, apart=True)
    whole = [[(t.idx, t.tag_) for t in nlp()(text) if not t.is_space] for text in TAGGED_STORY]
    for n, parsed in enumerate(context.parsed):
        tags = parsed.tokens[0]._tags
        assert 0 < tags.done.count(0) < len(parsed.tokens)  # some sentences wait to be read
        # read scattered, last token first: each read tags what it needs, with the same tags
        for i in reversed(range(len(parsed.tokens))):
            assert (parsed.tokens[i].start, parsed.tokens[i].tag) == whole[n][i]
        assert tags.done.count(0) == 0
        assert [(t.start, t.tag) for t in parsed.tokens] == whole[n]


def test_a_tag_read_tags_its_sentence_alone() -> None:
    docs = make_docs([Article(id="t", text=TAGGED_STORY[0], outlet="o")])
    context = parse(docs, apart=True)
    doc, tokens = docs[0], context.parsed[0].tokens
    tags = tokens[0]._tags
    last = doc.sentences[-1].start  # "The weather service expects ...": no person named
    before = doc.sentences[-2].start  # "Some fields will stay under water ...": none either
    in_last = [i for i, t in enumerate(tokens) if t.start >= last]
    in_before = [i for i, t in enumerate(tokens) if before <= t.start < last]
    assert not any(tags.done[i] for i in in_last + in_before)
    (first,) = context.tokens_between(0, last, last + 3)  # its words alone: nothing tagged
    assert not any(tags.done[i] for i in in_last)
    assert first.text == "The" and first.tag == "DT"
    assert all(tags.done[i] for i in in_last)
    assert not any(tags.done[i] for i in in_before)  # the sentence before still waits
