"""Filters as analysts use them: short region names, roll-up to cities and districts,
repeated filters meaning any of them, Chinese sector names, an exact metric."""

from __future__ import annotations

import json

import pytest

from plantool import regions

from .conftest import cli_run as run


def records(*args: str) -> list[dict]:
    result = run("list", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def record_ids(*args: str) -> set[int]:
    return {r["id"] for r in records(*args)}


# --- regions ----------------------------------------------------------------------------------


def test_a_short_region_name_resolves_through_the_gazetteer(seeds):
    full = record_ids("--region", "大连市")
    assert full and record_ids("--region", "大连") == full
    assert record_ids("--region", "中国") == record_ids("--region", "全国")


def test_an_unknown_region_is_an_error_with_the_nearest_names(seeds):
    result = run("list", "--region", "火星市")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown region '火星市'; did you mean ")
    assert "沙河口" in run("list", "--region", "沙河囗区").stderr  # a look-alike character


def test_children_roll_up_the_cities_and_districts(seeds):
    below = set(regions.with_descendants("大连市"))
    assert {"沙河口区", "甘井子区", "金普新区"} <= below
    rolled = records("--region", "大连", "--children")
    assert {r["region"] for r in rolled} >= {"大连市", "沙河口区", "甘井子区"}
    assert {r["region"] for r in rolled} <= below
    one_by_one = set()
    for name in {r["region"] for r in records()} & below:
        one_by_one |= record_ids("--region", name)
    assert {r["id"] for r in rolled} == one_by_one


def test_children_of_a_province_reach_its_districts():
    below = regions.with_descendants("辽宁省")
    assert below[0] == "辽宁省" and "大连市" in below and "沙河口区" in below
    assert "北京市" not in below


def test_children_roll_up_in_progress(seeds):
    result = run("progress", "--region", "大连", "--children", "--json", "--limit", "0")
    assert result.exit_code == 0, result.output
    assert {r["target"]["region"] for r in json.loads(result.stdout)} >= {"大连市", "沙河口区"}


def test_children_need_a_region(seeds):
    result = run("list", "--children")
    assert result.exit_code == 2 and "--children needs a --region" in result.stderr


def test_diff_refuses_several_regions(seeds):
    result = run("diff", "2023", "2024", "--region", "大连", "--region", "沙河口区")
    assert result.exit_code == 2 and "compares within one region" in result.stderr


# --- repeated filters mean any of them ------------------------------------------------------


def test_repeated_regions_mean_any_of_them(seeds):
    both = record_ids("--region", "沙河口区", "--region", "甘井子区")
    assert both == record_ids("--region", "沙河口区") | record_ids("--region", "甘井子区")
    assert record_ids("--region", "沙河口区") < both


def test_repeated_kinds_and_sectors_mean_any_of_them(seeds):
    assert record_ids("--kind", "target", "--kind", "achievement") == record_ids()
    pair = record_ids("--sector", "education", "--sector", "elderly")
    assert pair == record_ids("--sector", "education") | record_ids("--sector", "elderly")


def test_statements_take_repeated_filters_too(seeds):
    both = record_ids("--statements", "--region", "沙河口区", "--region", "大连")
    assert both == (record_ids("--statements", "--region", "沙河口区")
                    | record_ids("--statements", "--region", "大连市"))


@pytest.mark.parametrize("label, sector", [("教育", "education"), ("养老", "elderly"),
                                           ("经济", "economy"), ("生态环境", "environment")])
def test_a_sector_by_its_chinese_name(seeds, label, sector):
    assert record_ids("--sector", label) == record_ids("--sector", sector)


def test_every_sector_has_a_chinese_name():
    from plantool import schema, vocab

    assert set(vocab.sector_labels().values()) == set(schema.sectors())


# --- an exact metric --------------------------------------------------------------------------


def test_an_exact_metric_leaves_out_longer_metrics(seeds):
    loose = records("--metric", "GDP")
    exact = records("--metric", "=GDP")
    assert any("GDP比重" in (r["metric"] or "") for r in loose)
    assert exact and {r["metric_key"] for r in exact} == {"地区生产总值"}
    assert {r["id"] for r in exact} < {r["id"] for r in loose}
    assert all("比重" not in r["metric"] for r in exact)
    assert record_ids("--metric", "=地区生产总值") == {r["id"] for r in exact}


def test_help_documents_the_exact_metric():
    assert "=NAME" in run("list", "--help").stdout


def test_suggestions_put_the_regions_with_records_first(seeds):
    result = run("list", "--region", "大莲市")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown region '大莲市'; did you mean 大连市, ")
