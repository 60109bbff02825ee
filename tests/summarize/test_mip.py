from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csc_matrix

from newsbrief.summarize.mip import solve_mip


def _coverage_program(rng: np.random.Generator, n_s: int, n_c: int) -> tuple[np.ndarray, csc_matrix, float]:
    """A random concept-coverage program of the summarizer's shape: budget row, then c_i <= Σ s_j."""
    lengths = rng.integers(5, 40, n_s).astype(float)
    rows, cols, vals = [0] * n_s, list(range(n_s)), list(lengths)
    for i in range(n_c):
        members = rng.choice(n_s, size=int(rng.integers(2, 5)), replace=False)
        rows += [1 + i] * (len(members) + 1)
        cols += [n_s + i, *members.tolist()]
        vals += [1.0] + [-1.0] * len(members)
    matrix = csc_matrix((vals, (rows, cols)), shape=(1 + n_c, n_s + n_c))
    cost = -np.concatenate([rng.random(n_s), rng.integers(1, 6, n_c).astype(float)])
    return cost, matrix, float(lengths.sum() / 3)


@pytest.mark.parametrize("seed", range(12))
def test_same_answer_as_scipy_milp(seed: int) -> None:
    # the summarizer moved from scipy.optimize.milp to HiGHS's own bindings: same solver release,
    # same options, so the same selection (the summaries of both dev sets were byte-identical)
    rng = np.random.default_rng(seed)
    n_s, n_c = int(rng.integers(5, 60)), int(rng.integers(3, 120))
    cost, matrix, budget = _coverage_program(rng, n_s, n_c)
    lower = np.full(matrix.shape[0], -np.inf)
    upper = np.zeros(matrix.shape[0])
    lower[0], upper[0] = 0.0, budget
    ours = solve_mip(
        cost,
        (matrix.indptr.astype(np.int32), matrix.indices.astype(np.int32), matrix.data),
        (lower, upper),
        n_s,
        node_limit=200,
        gap=0.05,
    )
    theirs = milp(
        cost,
        integrality=np.concatenate([np.ones(n_s), np.zeros(n_c)]),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, lower, upper),
        options={"node_limit": 200, "presolve": True, "mip_rel_gap": 0.05},
    )
    assert ours is not None and theirs.x is not None
    assert np.array_equal(ours[:n_s] > 0.5, theirs.x[:n_s] > 0.5)
    assert float(cost @ ours) == pytest.approx(theirs.fun)
    assert float(matrix[0].toarray()[0] @ ours) <= budget + 1e-6


def test_an_infeasible_program_gives_none() -> None:
    # one sentence of 10 words that must be chosen (lower bound 10) under a budget of 5
    cost = np.array([-1.0])
    columns = (np.array([0, 1], dtype=np.int32), np.array([0], dtype=np.int32), np.array([10.0]))
    bounds = (np.array([10.0]), np.array([5.0]))
    assert solve_mip(cost, columns, bounds, 1, node_limit=10, gap=0.0) is None


def test_a_program_highs_refuses_is_an_error_not_an_empty_summary() -> None:
    cost = np.array([-1.0])
    bounds = (np.array([0.0]), np.array([5.0]))
    outside = (np.array([0, 1], dtype=np.int32), np.array([5], dtype=np.int32), np.array([1.0]))  # row 5 of 1
    with pytest.raises(ValueError, match="refused the program"):
        solve_mip(cost, outside, bounds, 1, node_limit=10, gap=0.0)
    fine = (np.array([0, 1], dtype=np.int32), np.array([0], dtype=np.int32), np.array([1.0]))
    with pytest.raises(ValueError, match="mip_max_nodes"):
        solve_mip(cost, fine, bounds, 1, node_limit=10.5, gap=0.0)  # type: ignore[arg-type]


def test_without_highspy_a_brief_says_what_to_install(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "a.txt").write_text(
        "The council approved the budget on Tuesday after a long debate.\n\n"
        "The mayor said the vote showed the city could plan for the next five years.\n"
    )
    code = (
        "import sys\n"
        "sys.modules['highspy'] = None  # as in an install that lost it\n"
        "from newsbrief.cli import main\n"
        f"sys.argv = ['newsbrief', 'brief', {str(tmp_path)!r}]\n"
        "main()\n"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert res.returncode == 2
    assert "pip install highspy" in res.stderr and "Traceback" not in res.stderr
