"""progress: status rules, qualifier direction, span aggregation, seeds and corpus."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from plantool import judge as judge_mod
from plantool import progress, reports, store
from plantool.cli import cli
from plantool.progress import Rules, judge, rate, sense_of

from .conftest import corpus_file

SEED_PLAN = "001_1d0a5113fd5c9ab2.txt"
SEED_REPORT = "002_4af55ab381632780.txt"
SEED_NEWS = "003_74dab5f471753063.txt"


def rec(ident: int = 1, **fields) -> dict:
    """A commitment row as the store returns it, with defaults."""
    period = str(fields.pop("period", "2024"))
    start, end = int(period[:4]), int(period[-4:])
    row = {"id": ident, "doc_id": 1, "statement_id": ident, "doc": "a.txt", "quote": "",
           "region": "大连市", "period": period, "period_start": start, "period_end": end,
           "kind": "target", "metric": "口袋公园", "action": "", "measure": "amount",
           "value": 100, "value_max": None, "unit": "个", "qualifier": "", "sector": "other",
           "doc_type": "work_report", "doc_date": 2025}
    row.update(fields)
    return row


def result(ident: int, value: float, period: str = "2024", **fields) -> dict:
    return rec(ident, kind="achievement", value=value, period=period, **fields)


def rated(target: dict, results: list[dict], as_of: int | None = 2026,
          rules: Rules | None = None) -> progress.Rating:
    rules = rules or Rules()
    return rate(target, progress.consider(target, results, None, rules), as_of, rules)


# --- the status rule on plain numbers ---------------------------------------------------


@pytest.mark.parametrize("value, status", [(120, "met"), (100, "met"), (99, "partly_met"),
                                           (50, "partly_met"), (49.9, "missed"), (0, "missed")])
def test_floor_statuses(value, status):
    assert judge(value, 100, "floor")[0] == status


def test_floor_ratio_is_result_over_target():
    assert judge(400, 200, "floor") == ("met", 2.0)


@pytest.mark.parametrize("value, status", [(2.6, "met"), (4.6, "met"), (4.61, "missed")])
def test_ceiling_statuses(value, status):
    assert judge(value, 4.6, "ceiling")[0] == status


def test_approx_floor_allows_three_percent_short():
    assert judge(7.8, 8, "floor", approx=True)[0] == "met"  # 97.5%
    assert judge(7.7, 8, "floor", approx=True)[0] == "partly_met"  # 96.25%
    assert judge(7.7, 8, "floor", approx=True, rules=Rules(approx_floor=0.95))[0] == "met"


def test_approx_ceiling_allows_three_percent_over():
    assert judge(3.09, 3, "ceiling", approx=True)[0] == "met"
    assert judge(3.2, 3, "ceiling", approx=True)[0] == "missed"
    assert judge(3.2, 3, "ceiling", approx=True, rules=Rules(approx_ceiling=1.1))[0] == "met"


def test_range_floor_uses_lower_end_and_ceiling_the_upper():
    assert judge(6.7, 6.5, "floor", target_max=7)[0] == "met"
    assert judge(2.0, 2, "floor", target_max=3) == ("met", 1.0)
    assert judge(3.5, 3, "ceiling", target_max=4)[0] == "met"
    assert judge(4.5, 3, "ceiling", target_max=4)[0] == "missed"


def test_partly_share_is_an_option():
    assert judge(60, 100, "floor", rules=Rules(partly=0.7))[0] == "missed"


# --- qualifier and metric direction ---------------------------------------------------------


@pytest.mark.parametrize("fields, sense, approx", [
    ({"qualifier": "以上"}, "floor", False),
    ({"qualifier": "不少于"}, "floor", False),
    ({"qualifier": "以内", "metric": "城镇登记失业率", "unit": "%"}, "ceiling", False),
    ({"qualifier": "以下"}, "ceiling", False),
    ({"qualifier": "左右", "metric": "居民消费价格", "action": "涨幅", "unit": "%"},
     "ceiling", True),
    ({"qualifier": "左右", "metric": "地区生产总值", "action": "增长", "unit": "%"}, "floor", True),
    ({"qualifier": "以上", "metric": "单位国内生产总值能耗", "action": "下降"}, "floor", False),
    ({"metric": "能耗强度", "action": "累计下降", "unit": "%"}, "floor", False),
    ({"metric": "PM2.5平均浓度", "action": "降至", "measure": "level"}, "ceiling", False),
    ({"metric": "总人口", "action": "控制在"}, "ceiling", False),
    ({"metric": "口袋公园", "action": "建设"}, "floor", False),
])
def test_sense_of_targets(fields, sense, approx):
    assert sense_of(rec(**fields)) == (sense, approx)


def test_a_fall_against_a_rise_counts_negative():
    target = rec(metric="居民消费价格", action="涨幅", measure="change", unit="%")
    fall = result(2, 0.7, metric="居民消费价格", action="下降", measure="change", unit="%")
    assert progress.oriented(fall, target) == -0.7
    rating = rated({**target, "value": 4, "qualifier": "左右"}, [fall])
    assert (rating.status, rating.value) == ("met", -0.7)


def test_a_decline_written_into_the_metric_is_a_decline():
    target = rec(metric="能耗强度", action="下降", measure="change", unit="%", value=3.1,
                 qualifier="以上")
    found = result(2, 5.6, metric="单位国内生产总值能耗下降", action="", measure="change",
                   unit="%")
    assert progress.falls(found) and progress.oriented(found, target) == 5.6


def test_qualifier_direction_decides_the_status():
    unemployment = {"metric": "城镇登记失业率", "measure": "level", "unit": "%", "value": 4.6}
    found = [result(2, 4.1, **{k: v for k, v in unemployment.items() if k != "value"})]
    assert rated(rec(qualifier="以内", **unemployment), found).status == "met"
    growth = {"metric": "地区生产总值", "action": "增长", "measure": "change", "unit": "%"}
    above = rated(rec(value=8, qualifier="以上", **growth), [result(2, 7.9, **growth)])
    assert above.status == "partly_met"
    about = rated(rec(value=8, qualifier="左右", **growth), [result(2, 7.9, **growth)])
    assert about.status == "met"


# --- matching and statuses of whole targets -------------------------------------------------


def test_met_with_the_best_result():
    rating = rated(rec(value=200), [result(2, 400), result(3, 50, metric="停车泊位")])
    assert (rating.status, rating.ratio, rating.result["id"]) == ("met", 2.0, 2)


def test_missed_and_partly_met():
    assert rated(rec(), [result(2, 30)]).status == "missed"
    assert rated(rec(), [result(2, 60)]).status == "partly_met"


def test_not_reported_when_the_period_is_over():
    rating = rated(rec(), [result(2, 400, metric="停车泊位"), result(3, 400, period="2023")])
    assert (rating.status, rating.result) == ("not_reported", None)


def test_not_due_when_the_period_has_not_ended():
    assert rated(rec(), [], as_of=2024).status == "not_due"
    partial = rated(rec(measure="change", action="增长", unit="%", value=8),
                    [result(2, 9, measure="change", action="增长", unit="%")], as_of=2024)
    assert partial.status == "not_due" and partial.ratio == pytest.approx(9 / 8)


def test_a_floor_already_reached_is_met_before_the_period_ends():
    rating = rated(rec(period="2021-2025"), [result(2, 60, period="2021"),
                                             result(3, 50, period="2022")], as_of=2023)
    assert (rating.status, rating.value) == ("met", 110)
    partial = rated(rec(period="2021-2025"), [result(2, 60, period="2021")], as_of=2023)
    assert partial.status == "in_progress" and "1 of 5 years reported" in partial.why


def test_a_partial_span_is_in_progress_not_missed():
    """Two yearly growth figures of a five-year 年均 target: never missed from 2 of 5."""
    target = rec(period="2016-2020", metric="地区生产总值", action="年均增长", measure="change",
                 unit="%", value=7)
    years = [result(2, 3, period="2016", metric="地区生产总值", action="增长",
                    measure="change", unit="%"),
             result(3, 4, period="2017", metric="地区生产总值", action="增长",
                    measure="change", unit="%")]
    rating = rated(target, years, as_of=2024)
    assert rating.status == "in_progress" and rating.value == pytest.approx(3.5)
    assert rating.why.startswith("2 of 5 years reported")
    assert "2 of 5 years" in rating.basis
    whole = result(4, 6.5, period="2016-2020", metric="地区生产总值", action="年均增长",
                   measure="change", unit="%")
    assert rated(target, [*years, whole], as_of=2024).status == "partly_met"


def test_a_level_counts_the_years_up_to_the_latest_one():
    target = rec(period="2021-2025", measure="level", value=100)
    assert progress.years_reported(target, [progress.Candidate(
        result(2, 50, period="2023", measure="level"), 100, True)]) == (3, 5)
    assert rated(target, [result(2, 50, period="2023", measure="level")],
                 as_of=2026).status == "in_progress"
    assert rated(target, [result(2, 50, period="2025", measure="level")],
                 as_of=2026).status == "partly_met"


def test_not_comparable_shows_the_result_anyway():
    target = rec(metric="技术合同成交额", measure="level", unit="元", qualifier="超过",
                 value=5e10)
    growth = result(2, 18.7, metric="技术合同成交额", action="增长", measure="change", unit="%")
    rating = rated(target, [growth])
    assert (rating.status, rating.result["id"], rating.ratio) == ("not_comparable", 2, None)


def test_units_of_one_family_convert():
    target = rec(metric="粮食产量", measure="level", unit="吨", value=5.5e8, qualifier="以上")
    rating = rated(target, [result(2, 1.2e12, metric="粮食产量", measure="level", unit="斤")])
    assert rating.status == "met" and rating.value == pytest.approx(6e8)


# --- spans ---------------------------------------------------------------------------------


def test_amounts_add_up_over_the_years():
    rating = rated(rec(period="2021-2025", value=500),
                   [result(y - 2019, 100, period=str(y)) for y in (2021, 2022)]
                   + [result(4, 120, period="2023"), result(5, 90, period="2023")])
    assert (rating.status, rating.value) == ("in_progress", 320)  # 3 of 5 years
    assert rating.result["parts"] == [2, 3, 4] and rating.result["id"] is None
    assert "3 of 5 years" in rating.basis


def test_a_result_for_the_whole_span_wins_over_the_sum():
    found = [result(2, 100, period="2021"), result(3, 450, period="2021-2025")]
    rating = rated(rec(period="2021-2025", value=500), found)
    assert (rating.result["id"], rating.status) == (3, "partly_met")


def test_a_level_takes_the_latest_value():
    level = {"metric": "高新技术企业", "measure": "level", "unit": "家"}
    found = [result(2, 5300, period="2024", **level), result(3, 4000, period="2023", **level)]
    rating = rated(rec(period="2021-2025", value=5000, **level), found)
    assert (rating.value, rating.status) == (5300, "met")
    assert "latest" in rating.basis


def test_changes_compound_or_average():
    fall = {"metric": "单位国内生产总值能耗", "action": "下降", "measure": "change", "unit": "%"}
    years = [result(i, v, period=str(2009 + i), **fall)
             for i, v in enumerate([4, 4, 4, 4, 4], 2)]
    rating = rated(rec(period="2011-2015", value=16, **fall), years)
    assert rating.value == pytest.approx((1 - 0.96 ** 5) * 100)  # 18.5%
    assert rating.status == "met"
    growth = {"metric": "地区生产总值", "action": "年均增长", "measure": "change", "unit": "%"}
    yearly = [result(i, v, period=str(2014 + i), **{**growth, "action": "增长"})
              for i, v in enumerate([6.8, 6.9, 6.7, 6.0, 2.2], 2)]
    average = rated(rec(period="2016-2020", value=6.5, qualifier="以上", **growth), yearly)
    assert average.value == pytest.approx(5.72) and average.status == "partly_met"


def test_elliptical_results_inherit_the_metric():
    rows = [rec(1, metric="国内生产总值", measure="level", unit="元", statement_id=7),
            rec(2, metric="", action="增长", measure="change", unit="%", statement_id=7),
            rec(3, metric="", action="增长", measure="change", unit="%", statement_id=8)]
    filled = progress.fill_elliptical(rows)
    assert progress.metric_of(filled[1]) == "国内生产总值" and filled[1].inherited_from == 1
    assert progress.metric_of(filled[2]) == "" and filled[2].inherited_from is None
    assert [dict(r) for r in filled] == rows, "the rows' own fields are left as stored"
    assert "inherited_metric" not in filled[1]


def test_region_as_of_and_documents():
    assert progress.doc_year({"year": 2012, "doc_type": "statistical_communique"}) == 2013
    assert progress.doc_year({"year": 2024, "published": "2025-05-14"}) == 2025


def test_summary_counts_and_bar():
    ratings = [rated(rec(1), [result(2, 400)]), rated(rec(3), [result(4, 10)]),
               rated(rec(5, sector="health"), [])]
    rows = reports.progress_summary(ratings)
    total = rows[-1]
    assert (total["targets"], total["met"], total["missed"], total["not_reported"]) == (3, 1, 1, 1)
    assert (total["rated"], total["unrated"], total["share_of"]) == (2, 1, "2 rated of 3")
    assert total["met_share"] == "50%" and total["bar"] == "###xxxx..."
    assert {r["name"] for r in rows if r["group"] == "sector"} == {"other", "health"}


# --- the seeds, through the command line -----------------------------------------------------


def progress_json(db: str, *args: str) -> list[dict]:
    outcome = CliRunner().invoke(cli, ["--db", db, "progress", "--limit", "0", "--json", *args])
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.output)


def by_metric(rows: list[dict], word: str) -> dict:
    found = [r for r in rows if word in (r["target"]["metric"] or "")]
    assert found, f"no target with {word}"
    return found[0]


@pytest.fixture(scope="module")
def seed_2024(seeds_db):
    return progress_json(seeds_db, "--doc", SEED_REPORT, "--year", "2024")


def test_seed_waste_sorting_met_at_200_percent(seed_2024):
    row = by_metric(seed_2024, "垃圾分类样板小区")
    assert (row["status"], row["ratio"]) == ("met", 2.0)
    assert row["target"]["value"] == 200 and row["result"]["value"] == 400
    assert row["result"]["doc"] == SEED_NEWS


def test_seed_gazelle_firms_met(seed_2024):
    row = by_metric(seed_2024, "瞪羚")
    assert row["status"] == "met" and row["result"]["value"] == 300
    assert row["result"]["qualifier"] == "超过"


def test_seed_technology_contracts_not_comparable(seed_2024):
    row = by_metric(seed_2024, "技术合同成交额")
    assert row["status"] == "not_comparable" and row["ratio"] is None
    assert row["result"]["unit"] == "%" and row["result"]["value"] == 18.7


def test_seed_json_rows_have_the_documented_keys(seed_2024):
    assert {"target", "result", "ratio", "status"} <= set(seed_2024[0])
    assert all(r["target"]["kind"] == "target" for r in seed_2024)
    assert {r["status"] for r in seed_2024} <= set(progress.STATUSES)


def test_seed_five_year_targets_not_due_by_2025(seeds_db):
    rows = progress_json(seeds_db, "--doc", SEED_PLAN, "--year", "2021-2025")
    spans = [r for r in rows if r["target"]["period"] == "2021-2025"]
    assert len(spans) >= 5
    # the latest document holding 沙河口区 records is a 2025 plan: 2021-2025 is not over
    assert {r["status"] for r in spans} == {"not_due"}


def test_status_filter(seeds_db):
    rows = progress_json(seeds_db, "--status", "met")
    assert rows and {r["status"] for r in rows} == {"met"}


def test_summary_counts_every_status_even_when_rows_are_filtered(seeds_db):
    outcome = CliRunner().invoke(cli, ["--db", seeds_db, "progress", "--status", "met",
                                       "--summary", "--json"])
    total = json.loads(outcome.output)[-1]
    assert total["group"] == "all" and total["targets"] > total["met"] > 0


def test_show_of_a_result_has_no_progress(seeds_db):
    db = store.open_db(seeds_db)
    row = store.query_commitments(db, store.Filters(kind="achievement"), limit=1)[0]
    detail = json.loads(CliRunner().invoke(cli, ["--db", seeds_db, "show", str(row["id"]),
                                                 "--json"]).output)[0]
    assert "progress" not in detail


def test_table_has_a_summary(seeds_db):
    outcome = CliRunner().invoke(cli, ["--db", seeds_db, "progress", "--doc", SEED_REPORT,
                                       "--year", "2024", "--limit", "5"])
    assert outcome.exit_code == 0, outcome.output
    assert "met_share" in outcome.output and "#" in outcome.output
    assert "大连市" in outcome.output.split("met_share")[1]


def test_summary_only_as_csv(seeds_db):
    outcome = CliRunner().invoke(cli, ["--db", seeds_db, "progress", "--summary", "--csv"])
    assert outcome.exit_code == 0, outcome.output
    header = outcome.output.splitlines()[0]
    assert header.startswith("group,name,targets,rated,unrated,met,partly_met,missed,in_progress")


def test_tolerance_options_are_validated(seeds_db):
    outcome = CliRunner().invoke(cli, ["--db", seeds_db, "progress", "--approx-floor", "1.5"])
    assert outcome.exit_code == 2 and "--approx-floor" in outcome.output


def test_show_lists_the_results_considered(seeds_db):
    db = store.open_db(seeds_db)
    target = [r for r in store.query_commitments(db, store.Filters(doc=SEED_REPORT, kind="target"))
              if "垃圾分类样板小区" in r["metric"]][0]
    outcome = CliRunner().invoke(cli, ["--db", seeds_db, "show", str(target["id"])])
    assert outcome.exit_code == 0, outcome.output
    assert "progress: met (200% of target)" in outcome.output
    assert "results considered (1)" in outcome.output and "chosen" in outcome.output
    detail = json.loads(CliRunner().invoke(cli, ["--db", seeds_db, "show", str(target["id"]),
                                                 "--json"]).output)[0]
    assert detail["progress"]["candidates"][0]["chosen"] is True


# --- the corpus --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def national(tmp_path_factory):

    files = [corpus_file("政府工作报告-国务院", f"{year}.md") for year in (2015, 2016, 2017)]
    files.append(corpus_file("国家统计局年度统计", "2015.md"))
    return _corpus_db(tmp_path_factory, "national", files)


def _corpus_db(tmp_path_factory, name: str, files) -> str:
    """A database of corpus files, ingested through the real pipeline."""
    from plantool import ingest

    path = tmp_path_factory.mktemp(name) / f"{name}.db"
    results = ingest.ingest_paths(store.open_db(str(path)), [str(f) for f in files])
    assert all(r.ok for r in results)
    return str(path)


@pytest.mark.corpus
def test_national_2015_main_targets(national):
    rows = [r for r in progress_json(national, "--year", "2015", "--region", "全国")
            if r["target"]["period"] == "2015"]
    statuses = {}
    for word in ("国内生产总值", "城镇新增就业", "城镇登记失业率", "能耗", "居民消费价格"):
        statuses[word] = by_metric(rows, word)["status"]
    # 2015: GDP +6.9% against about 7%; 1312万 jobs against 1000万+; unemployment 4.05%
    # against 4.5%; energy intensity -5.6% against -3.1%+; CPI +1.4% against about 3%
    assert statuses == dict.fromkeys(statuses, "met"), statuses
    assert by_metric(rows, "国内生产总值")["ratio"] == pytest.approx(6.9 / 7, abs=0.01)


@pytest.mark.corpus
def test_national_latest_year_not_due(national):
    rows = progress_json(national, "--year", "2017", "--region", "全国")
    assert rows and all(r["status"] == "not_due" for r in rows
                        if r["target"]["period"] == "2017")


def test_cli_statuses_are_the_library_statuses(seeds_db):
    from plantool import cli as cli_module

    assert cli_module.PROGRESS_STATUSES == progress.STATUSES
    outcome = CliRunner().invoke(cli, ["--db", seeds_db, "progress", "--kind", "achievement"])
    assert outcome.exit_code == 2 and "rates targets" in outcome.output


@pytest.fixture(scope="module")
def liaoning(tmp_path_factory):

    files = [corpus_file("政府工作报告-省自治区", "辽宁省", f"{year}.md") for year in (2018, 2019)]
    return _corpus_db(tmp_path_factory, "liaoning", files)


@pytest.mark.corpus
def test_province_2018_review(liaoning):
    rows = [r for r in progress_json(liaoning, "--year", "2018", "--region", "辽宁省")
            if r["target"]["period"] == "2018"]
    gdp = by_metric(rows, "地区生产总值")  # 6.5%左右 against 5.7%: 88%, under 97%
    assert gdp["status"] == "partly_met" and gdp["ratio"] == pytest.approx(5.7 / 6.5, abs=0.001)
    assert by_metric(rows, "居民消费价格")["status"] == "met"  # 3%左右 against +2.5%
    assert by_metric(rows, "城镇登记失业率")["status"] == "met"  # 4.5%以内 against 3.98%


# --- record state and keys -----------------------------------------------------------------


def test_an_inherited_metric_is_compared_on_its_own_key():
    growth = {"action": "增长", "measure": "change", "unit": "%"}
    target = rec(1, metric="国内生产总值", value=7, qualifier="左右", **growth)
    stated = progress.fill_elliptical([
        result(2, 5e12, metric="国内生产总值", measure="level", unit="元", statement_id=9,
               metric_key="地区生产总值"),
        result(3, 6.9, metric="", statement_id=9, metric_key="", **growth)])
    rating = rated(target, stated)
    assert (rating.status, rating.result["id"]) == ("met", 3)
    assert rating.result["metric"] == "", "the result prints as stored"
    chosen = next(c for c in rating.candidates if c.chosen)
    assert chosen.note == "metric inherited from #2"


def test_stored_keys_decide_which_results_align():
    target = rec(1, metric="街心公园", metric_key="口袋公园")
    assert rated(target, [result(2, 150, metric="口袋公园", metric_key="口袋公园")]).status == "met"
    unkeyed = rec(1, metric="街心公园")  # a record never stored: its key is computed
    assert rated(unkeyed, [result(2, 150, metric="口袋公园")]).status == "not_reported"


def test_why_a_result_won_names_the_first_difference():
    same = {"metric": "口袋公园"}
    report = result(2, 120, doc_type="statistical_communique", **same)
    news = result(3, 130, doc_type="news", **same)
    rating = rated(rec(1, value=100), [news, report])
    assert rating.result["id"] == 2
    assert rating.why.startswith("more authoritative source (a statistical communiqué)")


@pytest.mark.parametrize("rule, fields, sense", [
    ("qualifier caps", {"qualifier": "以内"}, "ceiling"),  # stored for 不超过, 最多…
    ("floor or decline", {"qualifier": "不低于"}, "floor"),
    ("floor or decline", {"metric": "单位产值水耗", "action": "下降", "unit": "%"}, "floor"),
    ("verb or metric caps", {"metric": "人口总量", "action": "控制在"}, "ceiling"),
    ("verb or metric caps", {"metric": "城镇调查失业率", "unit": "%"}, "ceiling"),
])
def test_each_sense_rule_decides_the_targets_it_names(rule, fields, sense):
    target = rec(**fields)
    assert dict(judge_mod.SENSE_RULES)[rule](target) == sense
    first = next(name for name, r in judge_mod.SENSE_RULES if r(target))
    assert first == rule and sense_of(target)[0] == sense


def test_a_target_no_sense_rule_answers_for_is_a_floor():
    target = rec(metric="停车泊位", action="新增")
    assert not any(r(target) for _, r in judge_mod.SENSE_RULES)
    assert sense_of(target) == ("floor", False)


# --- which results may stand for a target (judge.CANDIDATE_RULES) ---------------------------


def gdp(ident: int, value: float, period: str = "2020", kind: str = "achievement",
        **fields) -> dict:
    base = {"metric": "地区生产总值", "action": "增长", "measure": "change", "unit": "%",
            "quote": f"地区生产总值增长{value}%"}
    base.update(fields)
    return rec(ident, kind=kind, value=value, period=period, **base)


GDP_TARGET = gdp(1, 6, kind="target", qualifier="左右", quote="地区生产总值增长6%左右")


def test_every_candidate_rule_has_a_docstring():
    assert [name for name, _ in judge_mod.CANDIDATE_RULES] == [
        "part of a year", "per head of a total", "average over years", "share of a total"]
    assert all(rule.__doc__ for _, rule in judge_mod.CANDIDATE_RULES)


@pytest.mark.parametrize("metric, quote", [
    ("一季度地区生产总值", "一季度地区生产总值下降3%"),
    ("上半年地区生产总值", "上半年地区生产总值增长2.1%"),
    ("地区生产总值", "1-5月地区生产总值增长4%"),
    ("前三季度地区生产总值", "前三季度地区生产总值增长5%"),
])
def test_a_figure_for_part_of_a_year_never_stands_for_the_year(metric, quote):
    part = gdp(2, 3, metric=metric, quote=quote, action="下降" if "下降" in quote else "增长")
    assert judge_mod.set_aside(GDP_TARGET, part) == "a figure for part of a year"
    rating = rated(GDP_TARGET, [part, gdp(3, 3.8, quote="增长3.8%")])
    assert (rating.status, rating.result["id"]) == ("partly_met", 3)
    alone = rated(GDP_TARGET, [part])
    assert (alone.status, alone.result) == ("not_reported", None)
    if alone.candidates:  # 前三季度… is too unlike to be considered at all
        assert "part of a year" in alone.why and alone.candidates[0].aside


def test_a_quarterly_target_may_take_a_quarterly_result():
    target = gdp(1, 5, kind="target", metric="一季度地区生产总值", quote="一季度地区生产总值增长5%")
    part = gdp(2, 6, metric="一季度地区生产总值", quote="一季度地区生产总值增长6%")
    assert judge_mod.set_aside(target, part) is None


@pytest.mark.parametrize("metric", ["人均地区生产总值", "全省人均地区生产总值"])
def test_a_per_head_figure_is_not_its_total(metric):
    head = gdp(2, 9, metric=metric, quote=f"{metric}增长9%")
    assert judge_mod.set_aside(GDP_TARGET, head) == "a per-head figure"
    rating = rated(GDP_TARGET, [head, gdp(3, 5.9)])
    assert (rating.status, rating.result["id"]) == ("met", 3)  # 5.9 of 6 左右


def test_incomes_are_per_head_even_unsaid():
    target = rec(metric="城镇居民可支配收入", action="增长", measure="change", unit="%", value=7)
    found = rec(2, kind="achievement", metric="城镇居民人均可支配收入", action="增长",
                measure="change", unit="%", value=7.5)
    assert judge_mod.set_aside(target, found) is None


def test_a_yearly_average_is_no_one_years_result():
    average = gdp(2, 4.7, action="年均增长", quote="地区生产总值年均增长4.7%")
    assert judge_mod.set_aside(GDP_TARGET, average) == "a yearly average over several years"
    assert rated(GDP_TARGET, [average, gdp(3, 6.1)]).result["id"] == 3
    span = gdp(4, 6, period="2016-2020", kind="target", action="年均增长")
    assert judge_mod.set_aside(span, average) is None


def test_a_level_beside_the_growth_figure_does_not_make_it_not_comparable():
    """地区生产总值4.86万亿元，增长3.8%: the growth counts what the level counts."""
    level = gdp(2, 4.86e12, action="", measure="level", unit="元", statement_id=7,
                quote="地区生产总值4.86万亿元")
    growth = gdp(3, 3.8, metric="", statement_id=7, quote="增长3.8%")
    rows = progress.fill_elliptical([level, growth])
    rating = rated(GDP_TARGET, rows)
    assert (rating.status, rating.result["id"]) == ("partly_met", 3)


def test_a_share_of_the_total_is_not_the_total():
    share = gdp(2, 22.5, metric="服务业增加值占地区生产总值比重", action="", measure="level",
                quote="服务业增加值占地区生产总值比重22.5%")
    assert judge_mod.set_aside(GDP_TARGET, share) == "a share of a total"
    ratio = gdp(3, 2.08, metric="全社会研发经费支出与地区生产总值之比", action="", measure="level")
    assert judge_mod.set_aside(GDP_TARGET, ratio) == "a share of a total"
    intensity = gdp(4, 2.5, kind="target", metric="全社会研发经费投入强度", action="达到",
                    measure="level")
    assert judge_mod.set_aside(intensity, ratio) is None  # aliases: one indicator
    target = gdp(1, 50, kind="target", metric="服务业增加值占地区生产总值比重", measure="level")
    assert judge_mod.set_aside(target, share) is None


def test_a_growth_stated_with_a_review_level_rates_the_year():
    """地区生产总值11912亿元，增长7.8%, both dated 2012-2016: the 2016 target takes 7.8%."""
    target = gdp(1, 7.5, period="2016", kind="target")
    level = gdp(2, 1.19e12, period="2012-2016", action="", measure="level", unit="元",
                statement_id=9, quote="地区生产总值11912亿元")
    growth = gdp(3, 7.8, period="2012-2016", statement_id=9, quote="增长7.8%")
    other = gdp(4, 9.9, period="2012-2016", statement_id=10, quote="增长9.9%")
    rating = rated(target, [level, growth, other])
    assert (rating.status, rating.result["id"]) == ("met", 3)
    assert "stated with the level #2" in next(c.note for c in rating.candidates if c.chosen)
    assert rated(target, [level, other]).status == "not_comparable"
    assert progress.beside_levels(gdp(5, 1e12, kind="target", measure="level", unit="元"),
                                  [growth], []) == []


def test_planted_is_added_and_arrived_capital_is_the_capital_attracted():
    """新增红树林1100亩 met by 新造红树林1100亩; 引进内资 met by 实际到位内资."""
    target = rec(metric="红树林", action="新增", unit="亩", value=1100, quote="新增红树林1100亩")
    planted = result(2, 1100, metric="新造红树林", measure="level", unit="亩",
                     quote="新造红树林1100亩")
    assert rated(target, [planted]).status == "met"
    capital = rec(metric="引进内资", action="完成", measure="level", unit="元", value=2.1e11)
    arrived = result(3, 2e11, metric="实际到位内资", measure="level", unit="元")
    assert rated(capital, [arrived]).status == "partly_met"



# --- how comparable candidates are ranked (progress.RANK_RULES) ------------------------------


@pytest.mark.parametrize("rule, better, worse", [
    ("metric similarity", {"metric": "地区生产总值"}, {"metric": "地区生产总值总量"}),
    ("exact period", {"period": "2020"}, {"period": "2016-2020"}),
    ("authoritative source", {"doc_type": "statistical_communique"}, {"doc_type": "news"}),
    ("later document", {"doc_date": 2022}, {"doc_date": 2021}),
    ("first mention", {}, {}),
])
def test_each_rank_rule_picks_the_result_it_names(rule, better, worse):
    target = gdp(1, 6, kind="target", measure="level", action="", quote="地区生产总值6%")
    first = gdp(2, 6, **{"measure": "level", "action": "", **better})
    second = gdp(3, 6, **{"measure": "level", "action": "", **worse})
    rating = rated(target, [second, first])
    assert rating.result["id"] == 2
    names = [name for name, _, _ in progress.RANK_RULES]
    assert all(key.__doc__ for _, key, _ in progress.RANK_RULES)
    at = names.index(rule)
    a, b = progress.rank(rating.candidates[0], target), progress.rank(rating.candidates[1], target)
    assert a[:at] == b[:at] and a[at] > b[at], "an earlier rule decides"
    expected = {"metric similarity": "higher metric similarity",
                "exact period": "its period is exactly",
                "authoritative source": "a statistical communiqué",
                "later document": "later document (2022 vs 2021)",
                "first mention": "first mention"}[rule]
    assert expected in rating.why
