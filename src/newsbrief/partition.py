"""Disjoint sets of integers whose representative is their least member.

Entity grouping, quote grouping, timeline event merging and story clustering all join items into
groups and then key, sort or iterate the groups by their representative; a representative that is
always the least member keeps those results independent of the order of the joins. The sets are
scipy's ``DisjointSet`` (union by size, path compression); this class only tracks each set's least
member, so ``find`` and ``union`` cost amortized near-constant time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class Partition:
    """Groups of ints; ``find(x)`` is the least member of ``x``'s group (a new ``x`` starts alone)."""

    def __init__(self, elements: Iterable[int] = ()) -> None:
        self._sets: Any = _disjoint_set()()
        self._least: dict[int, int] = {}
        for x in elements:
            self.find(x)

    def find(self, x: int) -> int:
        """The least member of ``x``'s group."""
        if x not in self._sets:
            self._sets.add(x)
            self._least[x] = x
            return x
        return self._least[self._sets[x]]

    def union(self, a: int, b: int) -> bool:
        """Join the groups of ``a`` and ``b``; False when they already were one group."""
        least = min(self.find(a), self.find(b))
        if not self._sets.merge(a, b):
            return False
        self._least[self._sets[a]] = least
        return True


def _disjoint_set() -> Any:
    """SciPy's ``DisjointSet`` class, imported from the module that defines it.

    Its public name, ``scipy.cluster.hierarchy.DisjointSet``, imports the hierarchy module and with
    it ``scipy.spatial``, ``scipy.linalg`` and ``scipy.special``: ~0.17 CPU s of every brief (and
    ~0.5 s for commands that import nothing else of SciPy), for a class of plain Python that needs
    none of them. The defining module, ``scipy._lib._disjoint_set``, is private: when a SciPy
    release moves it, the public name is used.
    """
    try:
        from scipy._lib._disjoint_set import DisjointSet
    except ImportError:  # pragma: no cover - a SciPy release that moved it
        from scipy.cluster.hierarchy import DisjointSet
    return DisjointSet
