"""Vocabularies kept as data files in ``plantool/data``, loaded once.

Every list a rule depends on (regions, units, verbs, qualifiers, sectors, time words)
lives in a tab-separated file a user can read and extend; this module only parses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    """Rows of a data file: tab-separated, ``#`` comments and blank lines skipped."""
    text = resources.files("plantool").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True)
class Unit:
    word: str
    canonical: str
    family: str


@cache
def units() -> tuple[Unit, ...]:
    """Units longest first, so that 个百分点 wins over 个 and 人次 over 人."""
    found = [Unit(r[0], r[1], r[2]) for r in _rows("units.tsv")]
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
    return {r[0]: r[1] for r in _rows("verbs.tsv")}


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
    found = [Qualifier(*r[:4]) for r in _rows("qualifiers.tsv")]
    return tuple(sorted(found, key=lambda q: -len(q.word)))


@cache
def qualifier_direction(canonical: str) -> str:
    for q in qualifiers():
        if q.canonical == canonical:
            return q.direction
    return ""


@cache
def time_words() -> tuple[str, ...]:
    return tuple(sorted((r[0] for r in _rows("time_words.txt")), key=len, reverse=True))


@cache
def sectors() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((r[0], tuple(k for k in r[1].split(",") if k)) for r in _rows("sectors.tsv"))


@dataclass(frozen=True)
class Region:
    name: str
    code: str
    level: str  # province | city | county | zone
    parent: str  # code of the parent region ("" for provinces)
    aliases: tuple[str, ...] = field(default=())


_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")


def _short_names(name: str, level: str) -> tuple[str, ...]:
    """Short forms a text uses for a province or city (辽宁 for 辽宁省, 大连 for 大连市).

    Counties keep their full name only: 沙河口 alone is too easily part of other words.
    """
    if level not in ("province", "city"):
        return ()
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return (name[: -len(suffix)],)
    return ()


@dataclass(frozen=True)
class Gazetteer:
    regions: tuple[Region, ...]
    by_code: dict[str, Region]
    by_name: dict[str, tuple[Region, ...]]

    def parent(self, region: Region) -> Region | None:
        return self.by_code.get(region.parent)

    def ancestors(self, region: Region) -> list[Region]:
        chain, seen = [], set()
        current = self.parent(region)
        while current is not None and current.code not in seen:
            chain.append(current)
            seen.add(current.code)
            current = self.parent(current)
        return chain

    def lookup(self, name: str, scope: Region | None = None) -> Region | None:
        """The region a name means, resolved inside ``scope`` when several share it."""
        found = self.by_name.get(name, ())
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        if scope is not None:
            inside = [r for r in found if r is scope or scope in self.ancestors(r)]
            if len(inside) == 1:
                return inside[0]
        higher = [r for r in found if r.level in ("province", "city")]
        return higher[0] if len(higher) == 1 else None

    def children(self, region: Region) -> list[Region]:
        return [r for r in self.regions if r.parent == region.code]


@cache
def gazetteer() -> Gazetteer:
    regions: list[Region] = []
    for code, name, level, parent in _rows("regions.tsv")[1:]:
        regions.append(Region(name, code, level, parent, _short_names(name, level)))
    for row in _rows("regions_extra.tsv"):
        name, level, parent = row[:3]
        aliases = tuple(a for a in (row[3] if len(row) > 3 else "").split(",") if a)
        regions.append(Region(name, f"{parent}:{name}", level, parent, aliases))
    by_code = {r.code: r for r in regions}
    by_name: dict[str, list[Region]] = {}
    for region in regions:
        for name in (region.name, *region.aliases):
            by_name.setdefault(name, []).append(region)
    return Gazetteer(tuple(regions), by_code, {k: tuple(v) for k, v in by_name.items()})


@cache
def indicators() -> tuple[str, ...]:
    """Indicator names that contain a verb (城镇新增就业), longest first."""
    return tuple(sorted((r[0] for r in _rows("indicators.txt")), key=len, reverse=True))


@cache
def noncommitment_verbs() -> tuple[str, ...]:
    return tuple(sorted((r[0] for r in _rows("noncommitment_verbs.txt")), key=len, reverse=True))


@cache
def noun_verbs() -> tuple[str, ...]:
    return tuple(r[0] for r in _rows("noun_verbs.txt"))


@cache
def contrast_groups() -> tuple[tuple[str, ...], ...]:
    """Words that tell similar indicators apart (登记/调查, 城镇/农村), one group a line."""
    groups = []
    for row in _rows("metric_contrasts.txt"):
        words = tuple(w.strip() for w in row[0].split(",") if w.strip())
        if len(words) > 1:
            groups.append(words)
    return tuple(groups)


@cache
def rows(name: str) -> list[list[str]]:
    """Rows of ``data/NAME``: tab-separated, ``#`` comments and blank lines skipped."""
    return _rows(name)


@cache
def words(name: str) -> tuple[str, ...]:
    """The first column of each row of ``data/NAME``, in file order."""
    return tuple(row[0] for row in rows(name))
