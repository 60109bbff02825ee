"""Exact centred TF-IDF cosines (``newsbrief.termvectors``) against a dense computation written out."""

import numpy as np
import scipy.sparse as sp

from newsbrief.background import background_idf
from newsbrief.model import Article
from newsbrief.termvectors import (
    FEATURES,
    CentredRows,
    Total,
    Vectorizer,
    document_frequencies,
    mean_vector,
    term_counts,
    unit_sum,
)

# A small invented pool: two reports of a bridge closure, two of a cycling race, one of a bakery
# opening, and a page without content words (its row stays empty).
POOL = [
    (
        "Bridge shut",
        "The Harlow river bridge was shut on Friday after engineers found cracks in two steel girders.",
    ),
    (
        "Bridge repairs",
        "Engineers will repair the cracked girders of the Harlow bridge; the river crossing stays shut.",
    ),
    ("Sprint win", "Mara Kell won the third stage of the Coastal Tour in a sprint finish at Port Wendle."),
    ("Tour stage", "The Coastal Tour's third stage ended at Port Wendle, where Kell took the sprint."),
    ("Bakery opens", "A bakery selling rye loaves and seed buns opened on Mill Lane this week."),
    ("", "The and of a to in."),
]


def _dense_reference(counts: list, centre: np.ndarray | None) -> np.ndarray:
    """The centred unit rows built densely, as the projection-free definition reads."""
    df = document_frequencies(counts)
    idf = np.minimum(np.log((len(counts) + 1) / (df + 1)) + 1.0, background_idf(FEATURES))
    dense = np.zeros((len(counts), FEATURES))
    for r, c in enumerate(counts):
        dense[r, c.indices] = c.weights.astype(np.float64) * idf[c.indices]
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    unit = np.divide(dense, norms, out=np.zeros_like(dense), where=norms > 0)
    if centre is None:
        return unit
    shifted = (unit - centre) * (norms > 0)
    n = np.linalg.norm(shifted, axis=1, keepdims=True)
    return np.divide(shifted, n, out=np.zeros_like(shifted), where=n > 0)


def _pool() -> tuple[list, Vectorizer, np.ndarray]:
    articles = [Article(id=f"a{i}", title=t, text=x) for i, (t, x) in enumerate(POOL)]
    counts = [term_counts(a, debris=False) for a in articles]
    df = document_frequencies(counts)
    plain = Vectorizer(df, len(counts))
    centre = mean_vector(unit_sum(plain.unit(counts)), len(counts))
    return counts, Vectorizer(df, len(counts), centre), centre


def test_exact_cosines_equal_the_dense_computation() -> None:
    counts, vectorizer, centre = _pool()
    rows = vectorizer.transform(counts)
    everything = np.arange(len(counts))
    reference = _dense_reference(counts, centre)
    assert np.allclose(rows.cosines(everything, everything), reference @ reference.T, atol=1e-12)
    assert not rows.cosines(everything, everything)[5].any()  # no content words: no cosine
    sims = rows.cosines(everything, everything)
    assert sims[0, 1] > sims[0, 2] and sims[2, 3] > sims[2, 4]  # the two stories are found
    plain = Vectorizer(vectorizer.df, vectorizer.documents).transform(counts)
    unit = _dense_reference(counts, None)
    assert np.allclose(plain.cosines(everything, everything), unit @ unit.T, atol=1e-12)


def test_sums_of_centred_rows_multiply_exactly_without_being_built() -> None:
    counts, vectorizer, centre = _pool()
    rows = vectorizer.transform(counts)
    reference = _dense_reference(counts, centre)
    bridge, race = rows.total([0, 1]), rows.total([2, 3, 5])
    assert np.isclose(rows.dot(bridge, race), reference[[0, 1]].sum(0) @ reference[[2, 3, 5]].sum(0))
    assert np.isclose(rows.dot(bridge, bridge), np.linalg.norm(reference[[0, 1]].sum(0)) ** 2)
    merged = rows.row(0) + rows.row(1)  # a merge: the union of two sparse sums
    assert np.isclose(rows.dot(merged, race), rows.dot(bridge, race))
    assert np.allclose(rows.dots([0, 4], race), reference[[0, 4]] @ reference[[2, 3, 5]].sum(0))
    assert np.allclose(
        rows.against([1, 2], [bridge, race, Total.empty()]),
        reference[[1, 2]]
        @ np.stack([reference[[0, 1]].sum(0), reference[[2, 3, 5]].sum(0), np.zeros(FEATURES)]).T,
    )
    # a stored sum taken under the same centre again is the same sum
    again = rows.adopt(race.indices, race.values, race.weight)
    assert np.isclose(rows.dot(bridge, again), rows.dot(bridge, race))


def test_rows_in_another_order_give_the_same_cosines() -> None:
    counts, vectorizer, _centre = _pool()
    rows = vectorizer.transform(counts)
    order = [4, 2, 0, 5, 3, 1]
    shuffled = CentredRows.of(sp.csr_matrix(rows.unit[order]), rows.center)
    everything = np.arange(len(counts))
    expected = rows.cosines(everything, everything)[np.ix_(order, order)]
    assert np.array_equal(shuffled.cosines(everything, everything), expected)
    assert np.array_equal(rows.take(order).cosines(everything, everything), expected)


def test_adding_sums_is_their_exact_union_in_either_order() -> None:
    a = Total(np.array([2, 5, 9], dtype=np.int32), np.array([0.5, 0.25, 1.0]), 1.5, 0.1)
    b = Total(np.array([0, 5, 11], dtype=np.int32), np.array([0.125, 0.5, 2.0]), 2.0, 0.2)
    for total in (a + b, b + a):
        assert total.indices.tolist() == [0, 2, 5, 9, 11]
        assert total.values.tolist() == [0.125, 0.5, 0.75, 1.0, 2.0]
        assert (total.weight, total.along) == (3.5, a.along + b.along)
    assert (a + Total.empty()).indices.tolist() == [2, 5, 9]
