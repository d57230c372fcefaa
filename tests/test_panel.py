"""The panel: cells built from ratings, gaps, the choice among competing targets, and the
hand-checked panels in tests/gold/panels (their quotes are exact)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from plantool import panel
from plantool.judge import Rules
from plantool.progress import rate

from .conftest import CORPUS

PANELS = Path(__file__).resolve().parent / "gold" / "panels"


def target(id_, region="浙江省", year=2023, value=5, unit="%", metric_key="地区生产总值",
           measure="change", family="percent", doc_id=1, value_max=None):
    return {"id": id_, "region": region, "period": str(year), "period_start": year,
            "period_end": year, "kind": "target", "metric": metric_key, "metric_key": metric_key,
            "measure": measure, "unit": unit, "unit_family": family, "value": value,
            "value_max": value_max, "qualifier": "左右", "action": "增长", "doc_id": doc_id,
            "quote": f"增长{value}{unit}", "sector": "economy"}


def rated(record):
    return rate(record, [], 2025, Rules())


def test_a_headline_target_becomes_one_cell():
    cells = panel.cells([rated(target(1))])
    assert [(c.region, c.year, c.indicator) for c in cells] == [("浙江省", 2023, "gdp_growth")]


def test_a_level_or_an_unknown_metric_is_no_headline_cell():
    level = target(2, unit="元", measure="level", family="cny")
    other = target(3, metric_key="口袋公园", unit="个", measure="amount", family="count")
    assert panel.cells([rated(level), rated(other)]) == []


def test_a_span_target_is_no_cell_of_one_year():
    five_years = {**target(4), "period": "2021-2025", "period_start": 2021, "period_end": 2025}
    assert panel.cells([rated(five_years)]) == []


def test_the_target_of_that_years_report_wins_and_others_compete():
    docs = {1: {"year": 2022, "doc_type": "work_report"}, 2: {"year": 2023, "doc_type": "work_report"}}
    early, own = target(5, value=6, doc_id=1), target(6, value=5, doc_id=2)
    [cell] = panel.cells([rated(early), rated(own)], docs=docs)
    assert cell.target["id"] == 6 and [t["id"] for t in cell.competing] == [5]


def test_metrics_asked_for_replace_the_headline_indicators():
    record = target(7, metric_key="口袋公园", unit="个", measure="amount", family="count")
    found = panel.cells([rated(record)], panel.Selector(metrics=("口袋公园",)))
    assert [c.indicator for c in found] == ["口袋公园"]


@pytest.mark.parametrize("value, value_max, unit, result, gap", [
    (5, None, "%", 5.4, (0.4, "pp")),
    (6, 6.5, "%", 6.2, (0.0, "pp")),  # inside a range
    (6, 6.5, "%", 5.5, (-0.5, "pp")),
    (100, None, "人", 110, (10.0, "%")),
    (5, None, "%", None, (None, "")),
])
def test_the_gap_is_in_points_for_rates_and_percent_for_amounts(value, value_max, unit, result, gap):
    assert panel.gap({"value": value, "value_max": value_max, "unit": unit}, result) == gap


def test_regions_under_a_province_include_its_cities_and_districts():
    names = panel.regions_under("辽宁省")
    assert {"辽宁省", "大连市", "沙河口区"} <= names and "浙江省" not in names


@pytest.mark.corpus
def test_every_quote_of_the_hand_checked_panels_is_in_its_document():
    if not CORPUS.exists():
        pytest.skip(f"corpus {CORPUS} not present")
    missing, rows = [], 0
    texts: dict[str, str] = {}
    for path in sorted(PANELS.glob("*.tsv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                rows += 1
                for quote, doc in ((row["target_quote"], row["target_doc"]),
                                   (row["result_quote"], row["result_doc"])):
                    if quote and doc:
                        text = texts.setdefault(doc, (CORPUS / doc).read_text(encoding="utf-8"))
                        if quote not in text:
                            missing.append((path.name, doc, quote))
    assert rows >= 300 and missing == []
