"""A mixed-integer linear program solved by HiGHS, without importing ``scipy.optimize``.

``scipy.optimize.milp`` is HiGHS behind SciPy's interface, but importing any part of
``scipy.optimize`` imports all of it (with ``scipy.linalg``, ``numpy.f2py`` and ``numpy.testing``):
0.3-0.4 CPU s of every brief, a sixth of the bundled example's (docs/latency.md). HiGHS's own
bindings import in ~10 ms.
"""

from __future__ import annotations

import highspy
import numpy as np


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
    columns). Returns ``x`` (shape ``(len(cost),)``) or ``None`` when HiGHS finds no feasible point.

    HiGHS (Huangfu & Hall) through its own bindings, ``highspy``, pinned to the HiGHS release that
    SciPy's ``milp`` bundles (1.12) with the options ``milp`` passes (no log, presolve on, node
    limit, relative gap): the same solver and the same answers as ``scipy.optimize.milp``, without
    importing ``scipy.optimize`` (0.3-0.4 CPU s of every brief; docs/latency.md).
    """
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
        solver.setOptionValue(name, setting)
    if solver.passModel(lp) == highspy.HighsStatus.kError or solver.run() == highspy.HighsStatus.kError:
        return None
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
