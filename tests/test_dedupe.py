from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from collection_corpus import DAM, WIRE
from newsbrief.dedupe import (
    BANDS,
    JACCARD,
    PREFILTER,
    band_keys,
    copy_links,
    find_duplicates,
    fingerprint,
    independence_keys,
    is_copy,
    minhash,
    same_text,
    similarity,
)
from newsbrief.model import Article

TRIALS = 400


def _fp_copy(a: str, b: str) -> bool:
    return is_copy(fingerprint(a), fingerprint(b), a, b)


def test_identical_normalized_text_is_a_copy() -> None:
    assert _fp_copy(WIRE, "  " + WIRE.upper().replace(",", " ,"))


def test_lightly_edited_syndicated_copy_is_linked_and_rewrites_are_not() -> None:
    story = WIRE + "\n\n" + "\n\n".join(BACKGROUND)
    edited = story.replace("Wednesday", "Wednesday morning") + " Reporting by a staff writer."
    assert similarity(fingerprint(story).signature, fingerprint(edited).signature) >= PREFILTER
    assert _fp_copy(story, edited)
    assert not _fp_copy(DAM[0], DAM[1])


def test_copies_link_to_the_earliest_original_even_through_a_chain() -> None:
    a = WIRE
    b = WIRE + " Officials will give an update at noon."
    c = b + " The river level is falling slowly."
    texts = (a, b, c, DAM[0])
    links = find_duplicates(["a", "b", "c", "d"], [fingerprint(t) for t in texts], list(texts))
    assert links == {"b": "a", "c": "a"}


# -- the estimator: shingle-key sets with an exact Jaccard similarity ------------------------------


def _key_sets(rng: np.random.Generator, jaccard: float, union: int = 200) -> tuple[np.ndarray, np.ndarray]:
    shared = round(jaccard * union)
    own = (union - shared) // 2
    keys = rng.choice(1 << 32, size=shared + 2 * own, replace=False).astype(np.uint32)
    a = np.unique(np.concatenate([keys[:shared], keys[shared : shared + own]]))
    b = np.unique(np.concatenate([keys[:shared], keys[shared + own :]]))
    assert abs(shared / (shared + 2 * own) - jaccard) < 1e-9
    return a, b


def _candidate(a: np.ndarray, b: np.ndarray) -> bool:
    """What the index does before the exact check: a shared band, then the estimate prefilter."""
    sa, sb = minhash(a), minhash(b)
    return bool(set(band_keys(sa)) & set(band_keys(sb))) and similarity(sa, sb) >= PREFILTER


def test_minhash_estimates_are_unbiased_and_decide_reliably_around_the_threshold() -> None:
    rng = np.random.default_rng(20_240_117)
    far = [_key_sets(rng, 0.65) for _ in range(TRIALS)]
    near = [_key_sets(rng, 0.90) for _ in range(TRIALS)]
    far_est = np.array([similarity(minhash(a), minhash(b)) for a, b in far])
    near_est = np.array([similarity(minhash(a), minhash(b)) for a, b in near])
    # unbiased, with the binomial spread of 128 independent functions (not bimodal)
    assert abs(far_est.mean() - 0.65) < 0.01 and far_est.std() < 0.06
    assert abs(near_est.mean() - 0.90) < 0.01 and near_est.std() < 0.04
    # decisions: 0.65 would be linked on the estimate alone in under 1 % of trials; 0.90 is always
    # found as a candidate and estimated above the threshold in over 99 % of trials
    assert np.mean(far_est >= JACCARD) < 0.01
    assert np.mean(near_est >= JACCARD) > 0.99
    assert np.mean([_candidate(a, b) for a, b in near]) > 0.99


def test_band_candidate_rate_follows_the_lsh_curve() -> None:
    rng = np.random.default_rng(7)
    pairs = [_key_sets(rng, 0.3) for _ in range(TRIALS)]
    hits = np.mean([bool(set(band_keys(minhash(a))) & set(band_keys(minhash(b)))) for a, b in pairs])
    expected = 1 - (1 - 0.3**5) ** BANDS  # 0.058
    assert abs(hits - expected) < 0.04


# -- texts with an exact word 5-gram Jaccard --------------------------------------------------------


def _tokens(rng: np.random.Generator, n: int) -> list[str]:
    return [f"w{v:x}" for v in rng.choice(1 << 40, size=n, replace=False)]


def _texts(rng: np.random.Generator, shared_shingles: int, tail: int) -> tuple[str, str, float]:
    """A = S + Ta, B = S + Tb over distinct words: the 5-grams inside S are the only shared ones, so
    J = (|S| - 4) / (|S| - 4 + |Ta| + |Tb|) exactly; both keep the lead (S comes first)."""
    words = _tokens(rng, shared_shingles + 4 + 2 * tail)
    s = words[: shared_shingles + 4]
    ta, tb = words[len(s) : len(s) + tail], words[len(s) + tail :]
    return " ".join(s + ta), " ".join(s + tb), shared_shingles / (shared_shingles + 2 * tail)


def test_texts_at_jaccard_065_are_never_linked_and_at_090_always_are() -> None:
    rng = np.random.default_rng(11)
    linked_far = missed_near = 0
    for _ in range(TRIALS // 4):
        a, b, j = _texts(rng, 130, 35)
        assert abs(j - 0.65) < 1e-9
        linked_far += bool(find_duplicates(["a", "b"], [fingerprint(a), fingerprint(b)], [a, b]))
        a, b, j = _texts(rng, 180, 10)
        assert abs(j - 0.90) < 1e-9
        missed_near += not find_duplicates(["a", "b"], [fingerprint(a), fingerprint(b)], [a, b])
    assert linked_far == 0 and missed_near == 0


# -- different events that share background paragraphs ---------------------------------------------

BACKGROUND = [
    "The Harwick steelworks opened in 1962 on the south bank of the Morrow estuary and at its peak employed "
    "more than eleven thousand people across three blast furnaces, a rolling mill and its own rail yard.",
    "Production fell steadily through the 1990s as cheaper imports arrived, and the plant changed hands twice "
    "before the current owner, Caldera Metals, bought it out of administration for a nominal sum.",
    "Caldera promised a new electric arc furnace that would cut emissions by two thirds, but the project has "
    "been delayed repeatedly while the company negotiated a grant with the regional development agency.",
    "Local councillors say the town depends on the plant for roughly one job in five, and the supply firms "
    "around the estuary would struggle to survive if the furnaces went cold for any length of time.",
    "Unions have long argued that energy prices, not wages, decide whether the site can compete, and they "
    "have asked ministers for a guaranteed power tariff similar to those offered to plants abroad.",
]
MONDAY = (
    "Caldera Metals said on Monday it would shut the second blast furnace at Harwick for six weeks of "
    "repairs, sending four hundred workers home on full pay while engineers replace the lining.\n\n"
)
THURSDAY = (
    "Workers at the Harwick steelworks voted on Thursday to strike over a pay offer they called an insult, "
    "the first walkout at the plant in thirty years, with picket lines planned from next week.\n\n"
)


def _article(aid: str, outlet: str, text: str, day: int) -> Article:
    return Article(
        id=aid,
        text=text,
        outlet=outlet,
        title=text.split(",")[0],
        published=datetime(2024, 3, day, tzinfo=UTC),
    )


def test_two_events_sharing_background_paragraphs_are_not_copies() -> None:
    background = "\n\n".join(BACKGROUND)
    monday, thursday = MONDAY + background, THURSDAY + background
    assert not same_text(monday, thursday)
    assert not _fp_copy(monday, thursday)
    # even when the background is long enough to put the Jaccard above the threshold: the leads differ
    long_background = background + "\n\n" + background.replace("Harwick", "Harwick plant")
    assert not same_text(MONDAY + long_background, THURSDAY + long_background)
    articles = [_article("mon", "Daily Post", monday, 4), _article("thu", "Evening Star", thursday, 7)]
    assert copy_links(articles) == {}
    assert independence_keys(articles) == {"mon": "Daily Post", "thu": "Evening Star"}


def test_a_trimmed_copy_keeps_its_lead_and_is_linked() -> None:
    full = MONDAY + "\n\n".join(BACKGROUND)
    trimmed = MONDAY + "\n\n".join(BACKGROUND[:-1])  # the last paragraph cut, as wire copies are
    assert same_text(full, trimmed) and same_text(trimmed, full)


# -- independence keys --------------------------------------------------------------------------------


def test_independence_keys_link_copies_to_the_earliest_original_whatever_the_input_order() -> None:
    full = MONDAY + "\n\n".join(BACKGROUND)
    base = datetime(2024, 3, 4, tzinfo=UTC)
    wire = Article(id="w", text=full, outlet="Wire", published=base)
    reprint = Article(
        id="r", text=full, outlet="Gazette", title="Furnace shut", published=base + timedelta(hours=2)
    )
    trimmed = Article(
        id="t",
        text=MONDAY + "\n\n".join(BACKGROUND[:-1]),
        outlet="Herald",
        published=base + timedelta(hours=3),
    )
    own = Article(id="g", text=THURSDAY + BACKGROUND[0], outlet="Gazette", published=base + timedelta(days=3))
    undated = Article(id="0", text=full, outlet="Blog")  # undated: after every dated article
    expected = {"w": "Wire", "r": "Wire", "t": "Wire", "g": "Gazette", "0": "Wire"}
    articles = [wire, reprint, trimmed, own, undated]
    assert independence_keys(articles) == expected
    assert independence_keys(articles[::-1]) == expected
    assert independence_keys([*articles, reprint]) == expected  # an id given twice counts once
    assert copy_links(articles) == {"r": "w", "t": "w", "0": "w"}
    # the Gazette's copy of the wire is the wire's reporting; its own report is independent of it
    assert len(set(expected.values())) == 2


def test_a_collection_with_signatures_of_another_scheme_is_refreshed_before_comparing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newsbrief.store import Collection

    full = MONDAY + "\n\n".join(BACKGROUND)
    base = datetime(2024, 3, 4, tzinfo=UTC)
    wire = Article(id="w", text=full, outlet="Wire", published=base)
    trimmed = Article(
        id="t",
        text=MONDAY + "\n\n".join(BACKGROUND[:-1]),
        outlet="Herald",
        published=base + timedelta(hours=3),
    )
    db = tmp_path / "news.sqlite"
    with Collection(db, create=True) as c:
        c.ingest([wire])
        # as a collection written before the fixed hash family: other signatures, other bands
        stale = np.arange(128, dtype=np.uint32)
        c.db.execute("UPDATE articles SET signature = ?", (stale.tobytes(),))
        c.db.execute("DELETE FROM bands")
        c.db.executemany("INSERT INTO bands VALUES (?, 'w')", [(k,) for k in band_keys(stale)])
        c.db.execute("DELETE FROM meta WHERE key = 'dedupe'")
    with Collection(db) as c:
        assert c.ingest([trimmed]).copies == 1
        (row,) = c.stories()
        assert (row.articles, row.copies, row.outlets) == (1, 1, 1)


def test_reprints_and_trimmed_copies_add_no_independent_outlet() -> None:
    rng = np.random.default_rng(3)
    base = datetime(2024, 6, 1, tzinfo=UTC)
    articles: list[Article] = []
    for n in range(5):
        paragraphs = [" ".join(_tokens(rng, 30)) for _ in range(6)]
        text = "\n\n".join(paragraphs)
        when = base + timedelta(hours=n)
        articles.append(Article(id=f"o{n}", text=text, outlet=f"Outlet {n}", published=when))
        # a verbatim reprint under another name, and (for two) a copy with its last paragraph cut
        articles.append(
            Article(id=f"r{n}", text=text, outlet=f"Reprinter {n}", published=when + timedelta(hours=1))
        )
        if n < 2:
            trimmed = "\n\n".join(paragraphs[:-1])  # 5-gram Jaccard 146/176 = 0.83
            articles.append(
                Article(id=f"t{n}", text=trimmed, outlet=f"Trimmer {n}", published=when + timedelta(hours=2))
            )
    keys = independence_keys(articles)
    assert len(articles) == 12 and len({a.outlet for a in articles}) == 12
    assert len(set(keys.values())) == 5  # "12 articles, 5 independent outlets, 7 copies"
    assert len(copy_links(articles)) == 7


def test_repeated_shingles_do_not_change_the_signature() -> None:
    from newsbrief.dedupe import _shingle_keys, _words, fingerprint, minhash

    text = "the river rose over the bank " * 6 + "and the town was cut off by the water on friday"
    keys = _shingle_keys(_words(text))
    assert len(np.unique(keys)) < len(keys)  # the text repeats its 5-grams
    assert np.array_equal(fingerprint(text).signature, minhash(np.unique(keys)))
