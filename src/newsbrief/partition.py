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
        # Imported here: scipy.cluster.hierarchy costs ~0.5 s to import, which commands that never
        # group anything (``--help``, ingest, rendering) should not pay.
        from scipy.cluster.hierarchy import DisjointSet

        self._sets: Any = DisjointSet()
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
