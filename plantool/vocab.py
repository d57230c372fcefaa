"""Vocabularies kept as data files in ``plantool/data``, loaded once.

Every list a rule depends on (regions, units, verbs, qualifiers, sectors, time words)
lives in a tab-separated file a user can read and extend; this module only parses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@cache
def rows(name: str) -> list[list[str]]:
    """Rows of ``data/NAME``: tab-separated, ``#`` comments and blank lines skipped.

    The one loader of the package's data files; read once per process.
    """
    text = resources.files("plantool").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Unit:
    word: str
    canonical: str
    family: str


@cache
def units() -> tuple[Unit, ...]:
    """Units longest first, so that 个百分点 wins over 个 and 人次 over 人."""
    found = [Unit(r[0], r[1], r[2]) for r in rows("units.tsv")]
    return tuple(sorted(found, key=lambda u: -len(u.word)))


@cache
def unit_family(canonical: str) -> str:
    for unit in units():
        if unit.canonical == canonical:
            return unit.family
    return canonical


@cache
def verbs() -> dict[str, str]:
    """Action verb → the measure it usually signals (amount, level, change, neutral)."""
    return {r[0]: r[1] for r in rows("verbs.tsv")}


@cache
def verbs_longest_first() -> tuple[str, ...]:
    return tuple(sorted(verbs(), key=len, reverse=True))


@dataclass(frozen=True)
class Qualifier:
    word: str
    position: str  # before | after
    canonical: str
    direction: str  # floor | ceiling | approx


@cache
def qualifiers() -> tuple[Qualifier, ...]:
    found = [Qualifier(*r[:4]) for r in rows("qualifiers.tsv")]
    return tuple(sorted(found, key=lambda q: -len(q.word)))


@cache
def qualifier_direction(canonical: str) -> str:
    for q in qualifiers():
        if q.canonical == canonical:
            return q.direction
    return ""


@cache
def time_words() -> tuple[str, ...]:
    return tuple(sorted((r[0] for r in rows("time_words.txt")), key=len, reverse=True))


@cache
def sectors() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((r[0], tuple(k for k in r[1].split(",") if k)) for r in rows("sectors.tsv"))


def gazetteer():
    """The region gazetteer; it lives in :mod:`plantool.regions` (imported lazily: regions
    reads its files through this module)."""
    from plantool import regions

    return regions.gazetteer()


def __getattr__(name: str):
    """``vocab.Region`` and ``vocab.Gazetteer`` are :mod:`plantool.regions`' types."""
    if name in ("Region", "Gazetteer"):
        from plantool import regions

        return getattr(regions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def indicators() -> tuple[str, ...]:
    """Indicator names that contain a verb (城镇新增就业), longest first."""
    return tuple(sorted((r[0] for r in rows("indicators.txt")), key=len, reverse=True))


@cache
def noncommitment_verbs() -> tuple[str, ...]:
    return tuple(sorted((r[0] for r in rows("noncommitment_verbs.txt")), key=len, reverse=True))


@cache
def noun_verbs() -> tuple[str, ...]:
    return tuple(r[0] for r in rows("noun_verbs.txt"))


@cache
def contrast_groups() -> tuple[tuple[str, ...], ...]:
    """Words that tell similar indicators apart (登记/调查, 城镇/农村), one group a line."""
    groups = []
    for row in rows("metric_contrasts.txt"):
        words = tuple(w.strip() for w in row[0].split(",") if w.strip())
        if len(words) > 1:
            groups.append(words)
    return tuple(groups)


@cache
def words(name: str) -> tuple[str, ...]:
    """The first column of each row of a data file, in file order."""
    return tuple(row[0] for row in rows(name))


@cache
def alternation(name: str) -> str:
    """The words of a data file as a regex alternation (file order), for building patterns."""
    import re

    return "|".join(re.escape(word) for word in words(name))


@cache
def sector_labels() -> dict[str, str]:
    """Chinese label → sector (经济 → economy) from ``data/sector_labels.tsv``."""
    return {label: row[0] for row in rows("sector_labels.tsv")
            for label in row[1].split(",") if label}
