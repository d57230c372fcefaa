"""Rows an analyst computes with: a slice against itself is unchanged; progress exports
carry the numbers beside the display text and each document's id and path."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from plantool.cli import cli

PLAN = ("2024年大连市政府工作报告\n二、2024年工作安排\n"
        "今年新增企业100家，新建社区食堂20个，新增项目30个。\n")
REPORT_2023 = ("2023年浙江省人民政府工作报告\n二、2023年工作安排\n"
               "今年经济社会发展的主要预期目标是：全省生产总值增长5%以上，城镇新增就业100万人。\n")
REPORT_2024 = ("2024年浙江省人民政府工作报告\n一、2023年工作回顾\n"
               "过去一年，全省生产总值增长6%，城镇新增就业128万人。\n")


def _run(db, *args: str):
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result


def test_a_slice_against_itself_is_all_unchanged(make_db):
    db = make_db({"a.txt": PLAN})
    rows = [json.loads(line) for line in _run(db, "diff", "2024", "2024", "--nl").stdout.splitlines()]
    assert [r["status"] for r in rows] == ["unchanged"] * 3  # 企业 and 项目 too, vague as they are
    assert all(r["left"] == r["right"] and r["delta"] == 0 for r in rows)
    assert "3 unchanged" in _run(db, "diff", "大连市", "大连市").stderr


def test_progress_csv_carries_numbers_and_documents(make_db):
    db = make_db({"2023.txt": REPORT_2023, "2024.txt": REPORT_2024})
    rows = list(csv.DictReader(io.StringIO(_run(db, "progress", "--csv").stdout)))
    gdp = next(r for r in rows if r["metric"].endswith("生产总值"))
    assert (gdp["target"], gdp["target_value"], gdp["target_unit"]) == ("5%以上", "5", "%")
    assert (gdp["result_value"], gdp["result_unit"], gdp["ratio"]) == ("6", "%", "1.2")
    assert gdp["target_path"].endswith("2023.txt") and gdp["result_path"].endswith("2024.txt")
    assert gdp["target_doc_id"] != gdp["result_doc_id"] and gdp["result_doc_id"]
    jobs = next(r for r in rows if r["metric"] == "城镇新增就业")
    assert (jobs["target_value"], jobs["result_value"], jobs["result_unit"]) == \
        ("1000000", "1280000", "人")


def test_progress_json_carries_each_documents_id_and_path(make_db):
    db = make_db({"2023.txt": REPORT_2023, "2024.txt": REPORT_2024})
    records = [json.loads(line) for line in _run(db, "progress", "--nl").stdout.splitlines()]
    assert all(r["target_path"].endswith("2023.txt") and r["result_path"].endswith("2024.txt")
               for r in records)
    assert all(isinstance(r["target_doc_id"], int) and isinstance(r["result_doc_id"], int)
               for r in records)


def test_an_unreported_target_has_no_result_document(make_db):
    db = make_db({"2023.txt": REPORT_2023})
    rows = list(csv.DictReader(io.StringIO(_run(db, "progress", "--csv").stdout)))
    assert [(r["status"], r["result_value"], r["result_doc_id"], r["result_path"]) for r in rows] \
        == [("not_due", "", "", "")] * 2


def test_the_terminal_table_keeps_its_columns(make_db):
    db = make_db({"2023.txt": REPORT_2023, "2024.txt": REPORT_2024})
    header = _run(db, "progress", "--format", "markdown").stdout.splitlines()[0]
    assert "target_path" not in header and "of_target" in header
