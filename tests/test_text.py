from __future__ import annotations

import pytest

from newsbrief.text import STOPWORDS, content_stems, stopwords


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
