"""A mixed-integer linear program solved by HiGHS, without importing ``scipy.optimize``.

``scipy.optimize.milp`` is HiGHS behind SciPy's interface, but importing any part of
``scipy.optimize`` imports all of it (with ``scipy.linalg``, ``numpy.f2py`` and ``numpy.testing``):
0.3-0.4 CPU s of every brief, a sixth of the bundled example's (docs/latency.md). HiGHS's own
bindings import in ~10 ms.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from newsbrief.errors import ConfigError


def solve_mip(
    cost: np.ndarray,
    columns: tuple[np.ndarray, np.ndarray, np.ndarray],
    row_bounds: tuple[np.ndarray, np.ndarray],
    n_integer: int,
    *,
    node_limit: int,
    gap: float,
) -> np.ndarray | None:
    """min ``cost · x`` s.t. ``lower <= A x <= upper``, ``0 <= x <= 1``, the first ``n_integer`` of
    ``x`` integer; ``A`` given column-wise (``starts``, ``row index``, ``value``, compressed sparse
    columns). Returns ``x`` (shape ``(len(cost),)``; the best point found within ``node_limit``
    branch-and-bound nodes, or within ``gap`` of the optimum) or ``None`` when HiGHS finds no
    feasible point. Raises ``ValueError`` when HiGHS refuses an option or the program (a row index
    outside it, a node limit that is not an integer) and ``ConfigError`` when ``highspy`` is not
    installed.

    HiGHS (Huangfu & Hall) through its own bindings, ``highspy``, with the options SciPy's ``milp``
    passes (no log, presolve on, node limit, relative gap); requirements/runtime.txt pins highspy
    1.12.0, the HiGHS release SciPy 1.17 bundles, and the summaries of both dev sets were byte for
    byte those of ``scipy.optimize.milp`` (docs/latency.md). Cost: the solve, plus ~10 ms to import
    highspy once, against 0.3-0.4 CPU s for ``scipy.optimize``.
    """
    highspy = _highspy()
    starts, index, value = columns
    lower, upper = row_bounds
    lp = highspy.HighsLp()
    lp.num_col_ = len(cost)
    lp.num_row_ = len(lower)
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(len(cost))
    lp.col_upper_ = np.ones(len(cost))
    lp.row_lower_ = lower
    lp.row_upper_ = upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = len(cost)
    lp.a_matrix_.num_row_ = len(lower)
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_integer + [highspy.HighsVarType.kContinuous] * (
        len(cost) - n_integer
    )
    solver = highspy.Highs()
    for name, setting in (
        ("log_to_console", False),
        ("mip_max_nodes", node_limit),
        ("presolve", "on"),
        ("mip_rel_gap", gap),
    ):
        if solver.setOptionValue(name, setting) == highspy.HighsStatus.kError:
            raise ValueError(f"HiGHS refused the option {name}={setting!r}")
    if solver.passModel(lp) == highspy.HighsStatus.kError:
        raise ValueError("HiGHS refused the program (a row index or bound out of place)")
    if solver.run() == highspy.HighsStatus.kError:
        raise ValueError(
            f"HiGHS failed on the program ({solver.modelStatusToString(solver.getModelStatus())})"
        )
    status = solver.getModelStatus()
    info = solver.getInfo()
    limited = (
        highspy.HighsModelStatus.kTimeLimit,
        highspy.HighsModelStatus.kIterationLimit,
        highspy.HighsModelStatus.kSolutionLimit,
    )
    if status != highspy.HighsModelStatus.kOptimal and not (
        status in limited and info.objective_function_value != highspy.kHighsInf
    ):
        return None
    return np.array(solver.getSolution().col_value)


def _highspy() -> Any:
    """The ``highspy`` module (a runtime dependency; its import costs ~10 ms, paid on first solve)."""
    try:
        import highspy
    except ImportError as exc:
        raise ConfigError(
            "the summarizer's solver is not installed; reinstall newsbrief or run "
            "`pip install highspy==1.12.0`"
        ) from exc
    return highspy
