"""How common each clustering term is in English at large, as an inverse document frequency.

Story clustering weighs a term by how rare it is in the collection (``Vectorizer.idf``). A collection
of a few hundred articles is a small sample: a word every English text uses now and then ("percent",
"yesterday", "month") can be rare in it by chance and then weighs like a name, gluing unrelated
reports together. ``background_idf`` gives each hash bucket the IDF its word would have in a large
general corpus, and ``Vectorizer.idf`` takes the smaller of that and the collection's own: a
statistic that does not come from the batch alone, and never raises a term's weight.

Source: the word frequencies of ``wordfreq`` (Robyn Speer, 2022; English "large" list, 321,180 words
from Wikipedia, news, books, subtitles and web text; https://github.com/rspeer/wordfreq). A word of
per-token frequency ``f`` appears in an article of ``ARTICLE_WORDS`` words with probability
``p = 1 - exp(-ARTICLE_WORDS f)`` (Poisson), so its background IDF is ``ln(1 / p) + 1``, on the scale
of scikit-learn's smoothed IDF that ``Vectorizer.idf`` uses. Several words may share a bucket: the
bucket takes the commonest one's (the lowest IDF), as the collection's counts would.

Measured under the tuning protocol (docs/tuning.md, round 6). Cost: ~0.8 s of CPU and 2 MiB once per
process, on the first call; only processes that cluster make it.
"""

from __future__ import annotations

import functools
import math
import zlib

import numpy as np
import numpy.typing as npt

ARTICLE_WORDS = 500  # words of a typical news article (the length the Poisson chance assumes)


@functools.cache
def background_idf(features: int) -> npt.NDArray[np.float64]:
    """Per hash bucket (``zlib.crc32(word) & (features - 1)``, as ``termvectors.term_counts``
    hashes), the background IDF ``ln(1 / p) + 1`` of the commonest listed word in it; ``inf`` for a
    bucket no listed word hashes to (no background value: the collection's IDF alone). Stop words
    and tokens that ``term_counts`` never makes are left out. ``features``: a power of two.
    Returns a read-only array of ``features`` floats; computed once per process.
    """
    from wordfreq import get_frequency_dict, get_frequency_list  # ~0.3 s: only where clustering runs

    from newsbrief.termvectors import STOP, TOKEN

    chance = np.zeros(features, dtype=np.float64)
    for word, frequency in get_frequency_dict("en", "large").items():
        if word in STOP or not TOKEN.fullmatch(word):
            continue
        bucket = zlib.crc32(word.encode()) & (features - 1)
        chance[bucket] = max(chance[bucket], -math.expm1(-ARTICLE_WORDS * frequency))
    # wordfreq keeps the list and the dictionary it built (~40 MB) for later calls; this table is all
    # we need of them, and a server would otherwise hold them for its lifetime
    get_frequency_dict.cache_clear()
    get_frequency_list.cache_clear()
    idf = np.full(features, np.inf)
    known = chance > 0
    idf[known] = np.log(1.0 / chance[known]) + 1.0
    idf.flags.writeable = False
    return idf
