from collection_corpus import DAM, WIRE
from newsbrief.dedupe import JACCARD, find_duplicates, fingerprint, is_copy, similarity


def test_identical_normalized_text_is_a_copy() -> None:
    assert is_copy(fingerprint(WIRE), fingerprint("  " + WIRE.upper().replace(",", " ,")))


def test_lightly_edited_syndicated_copy_is_linked_and_rewrites_are_not() -> None:
    edited = WIRE.replace("Wednesday", "Wednesday morning") + " Reporting by a staff writer."
    assert similarity(fingerprint(WIRE).signature, fingerprint(edited).signature) >= JACCARD
    assert not is_copy(fingerprint(DAM[0]), fingerprint(DAM[1]))


def test_copies_link_to_the_earliest_original_even_through_a_chain() -> None:
    a = WIRE
    b = WIRE + " Officials will give an update at noon."
    c = b + " The river level is falling slowly."
    links = find_duplicates(["a", "b", "c", "d"], [fingerprint(t) for t in (a, b, c, DAM[0])])
    assert links == {"b": "a", "c": "a"}
