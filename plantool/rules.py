"""Rule tables: the one first-match loop every ordered table of rules is read with.

A rule is a function of one *view* of the text (a line, a heading, a sentence, a
document) that answers with a verdict, or ``None`` when the text is not of its kind. A
table lists rules in precedence order; the first rule that answers wins, and its name
is kept so that a decision can be explained and tested.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

View = TypeVar("View")
Verdict = TypeVar("Verdict")


def first(rules: Sequence[Callable[[View], Verdict | None]], view: View) -> tuple[str, Verdict | None]:
    """The name and answer of the first rule that answers; ``("", None)`` when none does."""
    for rule in rules:
        verdict = rule(view)
        if verdict is not None:
            return rule.__name__, verdict
    return "", None
