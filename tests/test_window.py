from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from newsbrief.window import in_order


def test_results_come_in_input_order_with_a_bounded_number_in_flight() -> None:
    in_flight: list[int] = []
    most = 0

    with ThreadPoolExecutor(4) as pool:

        def submit(x: int) -> Future[int]:
            nonlocal most
            in_flight.append(x)
            most = max(most, len(in_flight))
            return pool.submit(lambda: x * x)

        def take(f: Future[int]) -> int:
            in_flight.pop(0)
            return f.result()

        assert list(in_order(submit, take, range(10), 3)) == [x * x for x in range(10)]
    assert most == 3


def test_nothing_is_submitted_before_the_first_result_is_asked_for() -> None:
    submitted: list[int] = []

    def submit(x: int) -> int:
        submitted.append(x)
        return x

    results = in_order(submit, lambda x: x, range(5), 2)
    assert submitted == []
    assert next(results) == 0 and submitted == [0, 1]
