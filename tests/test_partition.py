from __future__ import annotations

from newsbrief.partition import Partition


def test_the_representative_is_the_least_member_whatever_the_join_order() -> None:
    # union by size would make 5 the root of {5, 6, 7} joined to {1}; the least member still wins
    p = Partition(range(8))
    assert p.union(5, 6) and p.union(6, 7)
    assert p.union(7, 1)
    assert [p.find(x) for x in (1, 5, 6, 7)] == [1, 1, 1, 1]
    assert p.find(0) == 0 and p.find(2) == 2


def test_joining_one_group_twice_reports_it() -> None:
    p = Partition([3, 4])
    assert p.union(3, 4)
    assert not p.union(4, 3)


def test_a_new_member_starts_alone() -> None:
    p = Partition()
    assert p.find(9) == 9
    p.union(9, 2)
    assert p.find(9) == 2
