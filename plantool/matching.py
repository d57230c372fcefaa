"""Greedy selection, once: pairing two sides one to one, and taking items that do not clash.

``diff`` pairs commitments (through ``align.assign``) and statement phrases with
:func:`greedy_pairs`; ``progress`` covers a span of years with results that do not
overlap through :func:`greedy_pick`. Both walk candidates best first and keep one when
nothing it needs is taken yet: optimal when the best candidates do not compete, and
close to it otherwise, in one sort.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

Item = TypeVar("Item")
Left = TypeVar("Left", bound=Hashable)
Right = TypeVar("Right", bound=Hashable)


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
