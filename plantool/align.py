"""Aligning metrics across documents: the normalised ``metric_key`` of a metric."""

from __future__ import annotations

import re

_QUOTES = re.compile(r"[“”\"‘’'「」『』《》〈〉()（）\s]")


def metric_key(metric: str) -> str:
    """A normalised form of a metric: quote marks and blanks removed."""
    return _QUOTES.sub("", metric or "")
