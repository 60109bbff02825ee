from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from newsbrief.text import STOPWORDS, content_stems, stem, stopwords


def test_stop_word_lists_load_from_the_package_data() -> None:
    function = stopwords("function")
    news = stopwords("news")
    assert function is STOPWORDS
    assert {"the", "and", "said", "mr"} <= function
    assert {"according", "percent", "told"} <= news
    assert not function & news  # the news list only adds to the function words
    assert all(w == w.strip().lower() and not w.startswith("#") for w in function | news)


def test_stop_word_lists_are_read_once() -> None:
    assert stopwords("news") is stopwords("news")


def test_an_unknown_list_is_an_error() -> None:
    with pytest.raises(FileNotFoundError):
        stopwords("klingon")


def test_content_stems_drop_stop_words() -> None:
    assert content_stems("The minister said the talks were failing") == ["minist", "talk", "fail"]


@pytest.mark.parametrize(
    ("word", "want"),
    # Porter's own examples (Porter 1980 and the Snowball page) and news words
    [
        ("caresses", "caress"),
        ("ponies", "poni"),
        ("running", "run"),
        ("relational", "relat"),
        ("hopeful", "hope"),
        ("generalization", "gener"),
        ("injured", "injur"),
        ("elections", "elect"),
    ],
)
def test_stems_are_porters(word: str, want: str) -> None:
    assert stem(word) == want


def test_words_of_one_or_two_letters_keep_their_form() -> None:
    # Porter's algorithm would turn "is" and "us" into "i" and "u": the pronoun and the country
    # would then share a stem with other words.
    assert [stem(w) for w in ("is", "us", "as", "s", "a")] == ["is", "us", "as", "s", "a"]


def test_stemming_from_many_threads_gives_the_same_stems() -> None:
    words = [
        f"{w}{suffix}"
        for w in ("connect", "report", "elect", "govern")
        for suffix in ("ed", "ing", "ions", "s")
    ]
    want = [stem.__wrapped__(w) for w in words]
    got: list[list[str]] = []

    def work() -> None:
        got.append([stem.__wrapped__(w) for w in words * 50][: len(words)])

    ts = [threading.Thread(target=work) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert got == [want] * 4


def test_stemming_does_not_import_nltk() -> None:
    code = "import sys\nfrom newsbrief.text import content_stems\ncontent_stems('Officials reported')\nassert 'nltk' not in sys.modules\n"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
