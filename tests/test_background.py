"""The background IDF of English at large (wordfreq), read for real from the installed package."""

from __future__ import annotations

import math
import zlib

import numpy as np

from newsbrief.background import ARTICLE_WORDS, background_idf
from newsbrief.model import Article
from newsbrief.termvectors import FEATURES, Vectorizer, document_frequencies, term_counts


def _bucket(word: str) -> int:
    return zlib.crc32(word.encode()) & (FEATURES - 1)


def test_common_words_have_a_low_background_idf_and_rare_names_a_high_one() -> None:
    idf = background_idf(FEATURES)
    assert not idf.flags.writeable
    # "yesterday" is in one article of 25 or so; an invented name is in no list, and its bucket holds
    # at most some other rare word (two thirds of the buckets hold a listed word)
    assert idf[_bucket("yesterday")] < 5.0
    assert idf[_bucket("yesterday")] < idf[_bucket("girders")] < idf[_bucket("qzvbrellmotz")]
    assert idf[_bucket("qzvbrellmotz")] > 9.0
    assert 0.5 < np.isfinite(idf).mean() < 0.8


def test_the_background_idf_follows_the_poisson_chance_of_a_word_in_an_article() -> None:
    from wordfreq import get_frequency_dict

    f = get_frequency_dict("en", "large")["girders"]
    expected = math.log(1.0 / -math.expm1(-ARTICLE_WORDS * f)) + 1.0
    # the bucket holds the commonest word hashed to it: never above the word's own value
    assert background_idf(FEATURES)[_bucket("girders")] <= expected + 1e-9


def test_a_word_rare_in_a_small_collection_but_common_in_english_weighs_as_background() -> None:
    # "yesterday" and an invented place name are each in one article of 61; the collection alone
    # cannot tell them apart, the background can
    texts = [
        "Yesterday the Harlow bridge was shut after engineers found cracked girders.",
        "Kessingford council voted to rebuild the Harlow bridge girders next spring.",
    ] + [f"Stall {k} at the Wendle market sold rye loaves, seed buns and plum jam." for k in range(59)]
    counts = [term_counts(Article(id=f"a{i}", text=t), debris=False) for i, t in enumerate(texts)]
    vectorizer = Vectorizer(document_frequencies(counts), len(counts))
    idf = vectorizer.idf()
    pool = np.log((len(counts) + 1) / (vectorizer.df + 1)) + 1.0
    assert pool[_bucket("yesterday")] == pool[_bucket("kessingford")]
    assert idf[_bucket("yesterday")] < pool[_bucket("yesterday")]
    assert idf[_bucket("kessingford")] == pool[_bucket("kessingford")]
    assert np.all(idf <= pool)
