"""Regions: one home for the gazetteer and for finding regions in text.

The gazetteer is read from ``data/regions.tsv`` (administrative divisions with their
6-digit codes and parent codes) and ``data/regions_extra.tsv`` (new areas and zones
such as 金普新区 that users ask about). A name shared by several regions (朝阳区 in
Beijing and in Changchun) is resolved inside a scope, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from plantool import vocab
from plantool.wordmatch import WordIndex


@dataclass(frozen=True)
class Region:
    name: str
    code: str
    level: str  # province | city | county | zone
    parent: str  # code of the parent region ("" for provinces)
    aliases: tuple[str, ...] = field(default=())


#: Suffixes a province or city drops in running text (辽宁 for 辽宁省); longest first.
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")
#: Conjunctions after a district name that make it one of several, not the subject.
_LIST_AFTER_NAME = ("、", "等", "和", "与")
#: How far into a sentence its subject's name may reach (the longest names are shorter).
SUBJECT_WINDOW = 12


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
        """Parent, grandparent … of a region, nearest first."""
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

    def descendants(self, region: Region) -> list[Region]:
        """Every region below ``region`` (children, their children …), breadth first."""
        out: list[Region] = []
        seen = {region.code}
        queue = [region]
        while queue:
            for child in self.children(queue.pop(0)):
                if child.code not in seen:
                    seen.add(child.code)
                    out.append(child)
                    queue.append(child)
        return out

    def within(self, region: Region, scope: Region) -> bool:
        """Whether ``region`` is ``scope`` or lies inside it."""
        return region is scope or scope in self.ancestors(region)


@cache
def gazetteer() -> Gazetteer:
    regions: list[Region] = []
    for code, name, level, parent in vocab.rows("regions.tsv")[1:]:
        regions.append(Region(name, code, level, parent, _short_names(name, level)))
    for row in vocab.rows("regions_extra.tsv"):
        name, level, parent = row[:3]
        aliases = tuple(a for a in (row[3] if len(row) > 3 else "").split(",") if a)
        regions.append(Region(name, f"{parent}:{name}", level, parent, aliases))
    by_code = {r.code: r for r in regions}
    by_name: dict[str, list[Region]] = {}
    for region in regions:
        for name in (region.name, *region.aliases):
            by_name.setdefault(name, []).append(region)
    return Gazetteer(tuple(regions), by_code, {k: tuple(v) for k, v in by_name.items()})


def lookup(name: str, scope: str = "") -> Region | None:
    """A region by full or short name (大连 → 大连市), inside the region named ``scope``.

    ``None`` when the name is unknown or several regions share it and the scope does
    not tell them apart.
    """
    gaz = gazetteer()
    scope_region = gaz.lookup(scope) if scope else None
    return gaz.lookup(name, scope_region)


def ancestors(region: Region) -> list[Region]:
    return gazetteer().ancestors(region)


def descendants(region: Region) -> list[Region]:
    return gazetteer().descendants(region)


@cache
def names_index() -> WordIndex:
    """Every region name of two or more characters, indexed once for look-ups and scans."""
    return WordIndex(n for n in gazetteer().by_name if len(n) >= 2)


def mentions(text: str) -> list[tuple[int, Region]]:
    """Region names in a text, longest name first at each place, outside 《》 titles."""
    gaz = gazetteer()
    out = []
    depth, counted = 0, 0  # 《 minus 》 in text[:counted]
    for start, name in names_index().scan(text):
        depth += text.count("《", counted, start) - text.count("》", counted, start)
        counted = start
        if depth > 0:
            continue
        region = gaz.lookup(name)
        if region is not None:
            out.append((start, region))
    return out


def most_specific(found: list[Region]) -> Region | None:
    """The deepest region of a chain (大连市 and 沙河口区 → 沙河口区); the first on a tie."""
    gaz = gazetteer()
    best = None
    for region in found:
        if best is None or best in gaz.ancestors(region):
            best = region
    return best


def region_line(text: str, scope: str) -> str:
    """A digest's district line (沙河口区): the region it opens, inside ``scope``."""
    plain = text.replace("**", "").strip()
    gaz = gazetteer()
    scope_region = gaz.lookup(scope) if scope else None
    region = gaz.lookup(plain, scope_region)
    if region is None:
        return ""
    if scope_region is not None and not gaz.within(region, scope_region):
        return ""
    return region.name


def subject_region(text: str, scope: str) -> str:
    """A sentence whose subject is a district of the document's region (中山区被评为…)."""
    name = names_index().longest_at(text, 0, SUBJECT_WINDOW)
    gaz = gazetteer()
    region = gaz.lookup(name) if name else None
    if region is None:
        return ""
    scope_region = gaz.lookup(scope) if scope else None
    if scope_region is None or region is scope_region:
        return ""
    after = text[len(region.name):len(region.name) + 1] if text.startswith(region.name) else ""
    if after in _LIST_AFTER_NAME:
        return ""  # 中山区、甘井子区等地区: several districts, no single subject
    if scope_region in gaz.ancestors(region):
        return region.name
    return ""


# --- the names users type in --region ---------------------------------------------------------

#: What users type for the whole country; stored as 全国.
NATIONAL_NAMES = ("全国", "中国", "国家")


def resolve_name(name: str, stored: Iterable[str] = ()) -> str:
    """The stored region a user's ``--region`` means: a stored or full name as it is, a
    short name through the gazetteer (大连 → 大连市, 辽宁 → 辽宁省), 中国 → 全国. An unknown
    name raises RegionError naming the nearest known ones."""
    from plantool.errors import RegionError

    name = name.strip()
    stored = set(stored)
    if name in NATIONAL_NAMES:
        return "全国"
    gaz = gazetteer()
    if name in stored or any(r.name == name for r in gaz.by_name.get(name, ())):
        return name
    found = gaz.lookup(name)
    if found is not None:
        return found.name
    if name in gaz.by_name:  # a short name several regions share
        return name
    nearest = suggestions(name, stored)
    hint = f"; did you mean {', '.join(nearest)}?" if nearest else ""
    raise RegionError(f"unknown region {name!r}{hint}")


def suggestions(name: str, stored: Iterable[str] = (), limit: int = 5) -> list[str]:
    """The known region names nearest to ``name``, those the database holds records for
    first among equals (大莲市 → 大连市 before 大冶市)."""
    from rapidfuzz import fuzz, process

    stored = set(stored)
    choices = sorted(stored | {r.name for r in gazetteer().regions})
    found = process.extract(name, choices, scorer=fuzz.ratio, limit=None, score_cutoff=40)
    ranked = sorted(found, key=lambda f: (-(f[1] + (10 if f[0] in stored else 0)), f[0]))
    return [choice for choice, _, _ in ranked[:limit]]


def with_descendants(name: str) -> tuple[str, ...]:
    """A region's name and the names of every region below it (辽宁省: its cities and their
    districts), from the parent codes of regions.tsv; the name alone if it has none."""
    gaz = gazetteer()
    region = gaz.lookup(name)
    if region is None:
        return (name,)
    return tuple(dict.fromkeys([region.name, *(r.name for r in gaz.descendants(region))]))
