"""matching: greedy one-to-one pairing and greedy picking of items that do not clash."""

from __future__ import annotations

from plantool.matching import greedy_pairs, greedy_pick


def test_pairs_are_one_to_one_best_first():
    candidates = [(-90, "a", "x"), (-100, "a", "y"), (-95, "b", "y"), (-80, "b", "x")]
    # a–y (100) first; b cannot take y any more, so b–x (80); a–x is passed over
    assert greedy_pairs(candidates) == [("a", "y"), ("b", "x")]


def test_a_lower_score_key_wins_whatever_the_input_order():
    forward = [(2, "a", "x"), (1, "b", "x")]
    assert greedy_pairs(forward) == greedy_pairs(list(reversed(forward))) == [("b", "x")]


def test_ties_go_to_the_lower_left_then_the_lower_right():
    assert greedy_pairs([(0, 2, 9), (0, 1, 9)]) == [(1, 9)]
    assert greedy_pairs([(0, 1, 8), (0, 1, 7)]) == [(1, 7)]


def test_tuple_score_keys_compare_field_by_field():
    candidates = [((-100, -3), "甲", "乙"), ((-100, -5), "甲", "丙"), ((-90, -9), "丁", "乙")]
    assert greedy_pairs(candidates) == [("甲", "丙"), ("丁", "乙")]


def test_no_candidates_no_pairs():
    assert greedy_pairs([]) == []


def test_pick_keeps_items_whose_claims_are_free():
    spans = [(2021, 2025), (2021, 2021), (2026, 2026), (2024, 2027)]
    years = lambda span: range(span[0], span[1] + 1)  # noqa: E731
    assert greedy_pick(spans, years) == [(2021, 2025), (2026, 2026)]


def test_pick_keeps_the_order_given_and_items_that_claim_nothing():
    assert greedy_pick(["b", "", "a", "b"], lambda s: set(s)) == ["b", "", "a"]
