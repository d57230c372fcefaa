"""The panel: region × year × indicator, each cell a target against its result.

Built on ``progress``: every single-year target of a headline indicator (or of the
metrics asked for) is rated, and the ratings are laid out one cell per region, year and
indicator. Where a cell has several targets (a restatement, or a competing figure), the
one from that year's work report wins, then the first stated; the others are counted
in ``competing``. Every cell keeps the records it was built from, so it leads back to
its quotes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from plantool import indicators, regions
from plantool.errors import FilterError

LEVELS = ("province", "city", "county")


@dataclass
class Cell:
    region: str
    year: int
    indicator: str  # the indicator id, or the metric key asked for with --metric
    label: str
    rating: object  # progress.Rating
    competing: list[dict] = field(default_factory=list)

    @property
    def target(self) -> dict:
        return self.rating.target

    @property
    def result(self) -> dict | None:
        """The result the target was judged on; a figure that could not be compared (a
        GDP level for a growth target) is no result of the cell, only of ``progress``."""
        return self.rating.result if any(c.chosen for c in self.rating.candidates) else None

    @property
    def result_value(self) -> float | int | None:
        """The result in the target's unit and direction (下降0.7% for a rise is -0.7)."""
        if self.result is None or self.rating.value is None:
            return None
        rounded = round(self.rating.value, 6)
        return int(rounded) if float(rounded).is_integer() else rounded

    @property
    def status(self) -> str:
        return self.rating.status

    @property
    def gap(self) -> tuple[float | None, str]:
        """Result minus target: percentage points for rates, % of the target otherwise."""
        return gap(self.target, self.rating.value)


def gap(target: dict, result: float | None) -> tuple[float | None, str]:
    value, upper = target.get("value"), target.get("value_max")
    if result is None or value is None:
        return None, ""
    low, high = float(value), float(upper if upper is not None else value)
    nearest = low if result < low else high if result > high else result
    if (target.get("unit") or "") in ("%", "个百分点"):
        return round(result - nearest, 6), "pp"
    if nearest == 0:
        return None, ""
    return round((result / nearest - 1) * 100, 6), "%"


@dataclass(frozen=True)
class Selector:
    """Which cells a panel holds: metrics (headline indicators by default), regions."""

    metrics: tuple[str, ...] = ()
    exact: bool = False
    level: str | None = None
    regions: frozenset[str] | None = None  # None: every region


def _metric_of(target: dict, selector: Selector) -> tuple[str, str] | None:
    """(indicator id, label) a target belongs to, or None when the panel leaves it out."""
    key = target.get("metric_key") or ""
    if selector.metrics:
        for wanted in selector.metrics:
            if key == wanted or (not selector.exact and wanted in (target.get("metric") or "")):
                return wanted, wanted
        return None
    found = indicators.classify(key, target.get("measure") or "",
                                target.get("unit_family") or "")
    return (found.id, found.label) if found else None


def _level_of(region: str) -> str:
    if region == "全国":
        return "country"
    found = regions.lookup(region)
    return found.level if found else ""


def _wanted_region(region: str, selector: Selector) -> bool:
    if selector.regions is not None and region not in selector.regions:
        return False
    return selector.level is None or _level_of(region) == selector.level


def _preference(rating, year: int, docs: dict[int, dict]) -> tuple:
    """Which of several targets of one cell stands: this year's work report first."""
    target = rating.target
    doc = docs.get(target.get("doc_id"), {})
    own_report = doc.get("year") == year and doc.get("doc_type") == "work_report"
    return (not own_report, target.get("doc_id") or 0, target.get("id") or 0)


def cells(ratings: Iterable, selector: Selector = Selector(),
          docs: dict[int, dict] | None = None) -> list[Cell]:
    """The panel's cells from progress ratings, in region, indicator, year order.

    ``docs`` (document id → its row) lets a cell prefer the target of that year's report.
    """
    docs = docs or {}
    grouped: dict[tuple[str, int, str], list] = {}
    labels: dict[str, str] = {}
    for rating in ratings:
        target = rating.target
        start, end = target.get("period_start"), target.get("period_end")
        if start is None or start != end or not _wanted_region(target.get("region") or "", selector):
            continue
        metric = _metric_of(target, selector)
        if metric is None:
            continue
        labels[metric[0]] = metric[1]
        grouped.setdefault((target.get("region") or "", start, metric[0]), []).append(rating)
    order = {i.id: n for n, i in enumerate(indicators.headline())}
    found = []
    for (region, year, metric), group in grouped.items():
        group.sort(key=lambda r: _preference(r, year, docs))
        best, rest = group[0], group[1:]
        others = [r.target for r in rest if _value_of(r.target) != _value_of(best.target)]
        found.append(Cell(region, year, metric, labels[metric], best, others))
    found.sort(key=lambda c: (c.region, order.get(c.indicator, len(order)), c.indicator, c.year))
    return found


def _value_of(record: dict) -> tuple:
    return record.get("value"), record.get("value_max"), record.get("unit")


def years(found: Sequence[Cell]) -> list[int]:
    return sorted({c.year for c in found})


def regions_under(name: str) -> frozenset[str]:
    """A region and every region below it in the gazetteer (its cities and districts)."""
    root = regions.lookup(name)
    if root is None:
        return frozenset({name})
    return frozenset({root.name, *(r.name for r in regions.descendants(root))})


def selector(metrics: tuple[str, ...] = (), exact: bool = False, level: str | None = None,
             region: str | None = None, children: bool = False) -> Selector:
    """The selector of ``plantool panel``'s options; a region is resolved through the
    gazetteer (辽宁 → 辽宁省), and an unknown one is a FilterError."""
    names = None
    if region:
        found = regions.lookup(region)
        if found is None and region != "全国":
            raise FilterError(f"unknown region {region!r}")
        root = found.name if found else region
        names = regions_under(root) if children else frozenset({root})
    return Selector(metrics, exact, level, names)


@dataclass
class Panel:
    cells: list[Cell]
    docs: dict[int, dict]  # document id → its row (name, path, year, type)

    @property
    def years(self) -> list[int]:
        return years(self.cells)


def build(db, selector: Selector = Selector(), period: str | None = None, rules=None) -> Panel:
    """The panel of a database: every single-year target of the selected metrics, rated.

    ``period`` (a year or span) keeps the cells of those years.
    """
    from plantool import progress, store
    from plantool.judge import Rules

    docs = {d["id"]: d for d in store.documents(db)}
    region = next(iter(selector.regions)) if selector.regions and len(selector.regions) == 1 else None
    ratings = progress.rated(db, store.Filters(region=region, period=period), rules or Rules(),
                             cells=cell_metrics(selector))
    return Panel(cells(ratings, selector, docs), docs)


def cell_metrics(selector: Selector) -> tuple[list[str], list[str]]:
    """(metric keys, metric substrings) a target needs to fill a cell of the panel: the
    metrics asked for (as keys, and unless ``exact`` as substrings), else the keys of the
    headline indicators."""
    if selector.metrics:
        return list(selector.metrics), [] if selector.exact else list(selector.metrics)
    return sorted({key for i in indicators.headline() for key in i.keys}), []


def chosen_result(cell: Cell) -> dict | None:
    """The stored record a cell's result came from (with its document id), if one."""
    chosen = [c.record for c in cell.rating.candidates if c.chosen]
    return chosen[0] if len(chosen) == 1 else None
