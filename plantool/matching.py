"""Matching, once: greedy one-to-one pairing, and the pairing of two sides' commitments.

:func:`greedy_pairs` pairs two sides one to one; :func:`greedy_pick` keeps items that do
not clash. Both walk candidates best first and keep one when nothing it needs is taken
yet: optimal when the best candidates do not compete, and close to it otherwise, in one
sort. ``diff`` pairs commitments with :func:`assign` (built on ``align``'s keys,
similarity and comparability) and statement phrases with :func:`greedy_pairs`;
``progress`` covers a span of years with results that do not overlap with
:func:`greedy_pick`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from plantool import align, periods

Item = TypeVar("Item")
Left = TypeVar("Left", bound=Hashable)
Right = TypeVar("Right", bound=Hashable)

# A fuzzy (not exact) pair of records that cannot be compared is kept only above this:
# a weak match that says nothing about the numbers is noise.
INCOMPARABLE_FUZZY_MIN = 90.0


def greedy_pick(items: Iterable[Item], claims: Callable[[Item], Iterable[Hashable]]) -> list[Item]:
    """The items, in the order given, that claim nothing an earlier kept item claimed."""
    taken: set[Hashable] = set()
    kept = []
    for item in items:
        wanted = set(claims(item))
        if wanted & taken:
            continue
        taken |= wanted
        kept.append(item)
    return kept


def greedy_pairs(candidates: Iterable[tuple[Any, Left, Right]]) -> list[tuple[Left, Right]]:
    """One-to-one pairs from ``(score_key, left, right)`` candidates, best first.

    Candidates are taken in ascending order of ``(score_key, left, right)`` (so a lower
    score key is better, and a tie goes to the lower left, then the lower right); a
    candidate whose left or right is already paired is passed over. Returns the pairs
    in the order they were taken.
    """
    ordered = sorted(candidates, key=lambda c: (c[0], c[1], c[2]))
    kept = greedy_pick(ordered, lambda c: (("left", c[1]), ("right", c[2])))
    return [(left, right) for _, left, right in kept]


# ---------------------------------------------------------------------------- commitments

def _ranks(keys: Sequence[str]) -> list[int]:
    """Each record's position among the records of its key on its side."""
    seen: dict[str, int] = {}
    ranks = []
    for key in keys:
        ranks.append(seen.get(key, 0))
        seen[key] = seen.get(key, 0) + 1
    return ranks


def _positions(keys: Sequence[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        found.setdefault(key, []).append(index)
    return found


# align.key_similarity rounds to one decimal and never scores above fuzz.ratio (equal
# keys score 100 in both): a key it scores ``t`` or more has a fuzz.ratio of at least
# ``t - 0.05``, so a cutoff this much lower preselects every one of them.
ROUNDING_MARGIN = 0.1


def near_keys(key: str, keys: Sequence[str], cutoff: float) -> list[str]:
    """The ``keys`` whose fuzz.ratio with ``key`` is ``cutoff`` or more, in one rapidfuzz
    call (its C loop): the preselection of keys to score with ``align.key_similarity``."""
    from rapidfuzz import fuzz, process

    return [other for other, _, _ in process.extract(key, keys, scorer=fuzz.ratio,
                                                     score_cutoff=cutoff, limit=None)]


def _candidate_keys(left: Sequence[str], right: Sequence[str],
                    threshold: float) -> dict[tuple[str, str], float]:
    """Similar (left key, right key) pairs, scored once per distinct key."""
    right_keys = sorted({k for k in right if len(k) >= 2})
    pairs: dict[tuple[str, str], float] = {}
    for key in {k for k in left if len(k) >= 2}:
        for other in near_keys(key, right_keys, threshold):
            score = align.key_similarity(key, other)
            if score >= threshold:
                pairs[(key, other)] = score
    return pairs


def _preference(a: dict, b: dict, score: float, rank_gap: int) -> tuple:
    """Sort key of a candidate pair: best first."""
    same_kind = (a.get("kind") or "") == (b.get("kind") or "")
    units = (a.get("unit") or "", b.get("unit") or "")
    # a bare number counts in the other side's counting word (减少1240万 / 减少1442万人)
    same_unit = units[0] == units[1] or (not all(units) and align.comparable(a, b))
    context = 0
    if a.get("context") and b.get("context"):
        from rapidfuzz import fuzz

        context = int(fuzz.ratio(a["context"], b["context"]) // 10)
    return (-score, -align.comparable(a, b), -same_kind, -_same_span(a, b), -same_unit,
            _magnitude_gap(a, b), -context, rank_gap)


def _magnitude_gap(a: dict, b: dict) -> int:
    """How many doublings apart two values are (0 within a factor of two): of two
    records of one metric, the one of the same order of size is the likelier partner."""
    x, y = a.get("value"), b.get("value")
    if not align.comparable(a, b) or not x or not y or x * y < 0:
        return 0
    return int(abs(math.log2(abs(x) / abs(y))))


def _span_length(record: dict) -> int:
    return periods.span_length(record.get("period"))


def _same_span(a: dict, b: dict) -> bool:
    """Both annual, or both spans of one length: a five-year target goes with another."""
    return _span_length(a) == _span_length(b)


def assign(left: list[dict], right: list[dict], aliases: dict | None = None,
           threshold: float = align.DEFAULT_THRESHOLD) -> list[tuple[dict | None, dict | None, float]]:
    """Pair the records of two sides one to one, best pairs first.

    A pair needs metric similarity ≥ ``threshold``. Among equally similar candidates
    the comparable one wins, then the same kind (targets with targets), periods of the
    same length (a five-year target with a five-year target), the same unit, values of
    the same order of size, the more similar context (an optional ``context`` string in
    the records, e.g. the statement) and the same position among the records of that
    metric. Fuzzy pairs that cannot be compared need ``INCOMPARABLE_FUZZY_MIN``. Greedy
    on that order: optimal when keys are equal, and near it otherwise.

    Records are compared on ``key_of`` (their stored key; ``aliases`` apply to records
    without one). Returns (left, right, similarity) for every pair, then (left, None, 0) for each
    unpaired left record and (None, right, 0) for each unpaired right record.
    """
    left_keys = [align.key_of(r, aliases) for r in left]
    right_keys = [align.key_of(r, aliases) for r in right]
    scores = _pair_scores(left, right, left_keys, right_keys, threshold)
    chosen = sorted(greedy_pairs(
        (_preference(left[i], right[j], score, gap), i, j)
        for (i, j), (score, gap) in scores.items()))
    used_left, used_right = {i for i, _ in chosen}, {j for _, j in chosen}
    pairs: list[tuple[dict | None, dict | None, float]] = [
        (left[i], right[j], scores[(i, j)][0]) for i, j in chosen]
    pairs += [(r, None, 0.0) for i, r in enumerate(left) if i not in used_left]
    pairs += [(None, r, 0.0) for j, r in enumerate(right) if j not in used_right]
    return pairs


def _pair_scores(left: list[dict], right: list[dict], left_keys: list[str],
                 right_keys: list[str], threshold: float) -> dict[tuple[int, int], tuple[float, int]]:
    """(left index, right index) → (similarity, rank gap) of every pair worth considering:
    similar keys, and comparable numbers unless the keys are very alike."""
    left_ranks, right_ranks = _ranks(left_keys), _ranks(right_keys)
    left_by_key, right_by_key = _positions(left_keys), _positions(right_keys)
    found = {}
    for (lkey, rkey), score in _candidate_keys(left_keys, right_keys, threshold).items():
        for i in left_by_key[lkey]:
            for j in right_by_key[rkey]:
                if score < 100 and score < INCOMPARABLE_FUZZY_MIN and \
                        not align.comparable(left[i], right[j]):
                    continue
                found[(i, j)] = (score, abs(left_ranks[i] - right_ranks[j]))
    return found
