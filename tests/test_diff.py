"""plantool diff and plantool alias: slices, pairing on the seeds and the corpus, output."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict

import pytest
from click.testing import CliRunner

from plantool import align, diff, store
from plantool.cli import cli

from .conftest import GOLD, SEEDS, corpus_file


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.stdout, result.stderr


def diff_json(db: str, *args: str) -> list[dict]:
    code, out, err = run(db, "diff", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def pairs(rows: list[dict]) -> list[tuple[float, float]]:
    return [(r["left"]["value"], r["right"]["value"]) for r in rows if r["left"] and r["right"]]


def paired(rows: list[dict], key: str) -> list[tuple[float, float]]:
    return pairs([r for r in rows if r["metric_key"] == align.metric_key(key)])


# ---------------------------------------------------------------------------- slices

@pytest.mark.parametrize("token, region, period, doc", [
    ("2024", None, "2024", None),
    ("2021-2025", None, "2021-2025", None),
    ("2021—2025", None, "2021-2025", None),
    ("沙河口区", "沙河口区", None, None),
    ("大连", "大连市", None, None),
    ("全国", "全国", None, None),
    ("大连市/2024", "大连市", "2024", None),
    ("沙河口区/2021-2025", "沙河口区", "2021-2025", None),
    ("doc:002_4af55ab381632780.txt", None, None, "002_4af55ab381632780.txt"),
])
def test_parse_slice(token, region, period, doc):
    side = diff.parse_slice(token)
    assert (side.region, side.period, side.doc) == (region, period, doc)


@pytest.mark.parametrize("token", ["火星", "大连市/明年", "火星/2024", "2025-2021", "doc:",
                                   "朝阳区"])
def test_parse_slice_rejects_unknown_tokens(token):
    with pytest.raises(diff.SliceError):
        diff.parse_slice(token)


def test_a_region_only_in_the_database_is_a_slice():
    assert diff.parse_slice("某某新区", {"某某新区"}).region == "某某新区"


# ---------------------------------------------------------------------------- seeds acceptance

def test_2023_against_2024_aligns_the_metrics_seed_002_states_for_both_years(seeds_db):
    rows = diff_json(seeds_db, "2023", "2024", "--region", "大连市")
    gold = defaultdict(dict)
    for line in (GOLD / "002_4af55ab381632780.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["region"] == "大连市" and record["period"] in ("2023", "2024"):
            gold[record["metric"]].setdefault(record["period"], record)
    both = {m: d for m, d in gold.items() if len(d) == 2}
    assert len(both) >= 18
    found = [m for m, d in both.items()
             if (d["2023"]["value"], d["2024"]["value"]) in pairs(rows)]
    assert len(found) >= 18, sorted(set(both) - set(found))
    for name in ("地区生产总值", "公办幼儿园", "高标准农田", "口袋公园", "家庭养老床位",
                 "城镇新增就业", "省级美丽宜居村"):
        assert name in found
    assert all(r["left"]["period"] == "2023" for r in rows if r["left"])
    assert all(r["right"]["period"] == "2024" for r in rows if r["right"])


def test_two_districts_of_one_year(seeds_db):
    rows = diff_json(seeds_db, "沙河口区", "甘井子区", "--year", "2025")
    assert paired(rows, "家庭养老床位") == [(1000, 140)]
    assert paired(rows, "口袋公园") == [(6, 13)]
    assert paired(rows, "背街小巷") == [(127, 214)]
    bed = next(r for r in rows if r["metric_key"] == "家庭养老床位" and r["right"])
    assert bed["status"] == "decreased" and bed["delta"] == -860
    assert bed["ratio"] == pytest.approx(0.14)
    park = next(r for r in rows if r["metric_key"] == "口袋公园" and r["left"] and r["right"])
    assert park["status"] == "increased"  # 处 against 座: both count things
    assert {r["left"]["region"] for r in rows if r["left"]} == {"沙河口区"}
    assert {r["right"]["region"] for r in rows if r["right"]} == {"甘井子区"}


def test_an_abbreviation_pairs_with_the_full_name(seeds_db):
    rows = diff_json(seeds_db, "金普新区", "甘井子区", "--year", "2025")
    row = next(r for r in rows if r["metric_key"] == "高新技术企业" and r["left"] and r["right"])
    assert row["left"]["metric"] == "高新技术企业" and row["right"]["metric"] == "高企"
    assert (row["left"]["value"], row["right"]["value"]) == (300, 200)
    assert row["similarity"] == 100


def test_json_rows_have_the_documented_fields(seeds_db):
    rows = diff_json(seeds_db, "大连市/2024", "沙河口区/2025")
    assert rows
    for row in rows:
        assert list(row) == ["metric", "metric_key", "sector", "left", "right", "delta",
                             "ratio", "status", "similarity"]
        assert row["status"] in diff.STATUSES
        for side in ("left", "right"):
            assert row[side] is None or list(row[side]) == list(store.COMMITMENT_FIELDS)
    sectors = [r["sector"] for r in rows]
    assert sectors == sorted(sectors, key=sectors.index), "rows grouped by sector"


def test_incomparable_rows_have_no_change(seeds_db):
    rows = diff_json(seeds_db, "2023", "2024", "--region", "大连市")
    odd = [r for r in rows if r["status"] == "incomparable"]
    assert odd
    for row in odd:
        assert row["delta"] is None and row["ratio"] is None
        assert not align.comparable(row["left"], row["right"])


def test_one_side_per_record(seeds_db):
    rows = diff_json(seeds_db, "2023", "2024", "--region", "大连市")
    left_ids = [r["left"]["id"] for r in rows if r["left"]]
    right_ids = [r["right"]["id"] for r in rows if r["right"]]
    assert len(left_ids) == len(set(left_ids)) and len(right_ids) == len(set(right_ids))


def test_shared_filters_narrow_both_sides(seeds_db):
    rows = diff_json(seeds_db, "2023", "2024", "--region", "大连市", "--sector", "elderly")
    assert rows and {r["sector"] for r in rows} == {"elderly"}
    rows = diff_json(seeds_db, "2023", "2024", "--region", "大连市", "--metric", "GDP")
    assert all("地区生产总值" in r["metric_key"] for r in rows)  # a key, or a substring
    assert paired(rows, "GDP") == [(6, 6)]


def test_a_slice_that_matches_nothing(seeds_db):
    code, out, err = run(seeds_db, "diff", "1999", "2024", "--region", "大连市", "--json")
    assert code == 0 and json.loads(out) == []
    assert "no records in 大连市/1999" in err
    code, out, err = run(seeds_db, "diff", "1999", "2024")
    assert code == 0 and out == ""


def test_errors_are_messages_not_tracebacks(seeds_db):
    code, _, err = run(seeds_db, "diff", "火星", "2024")
    assert code == 1 and "unknown slice '火星'" in err and "Traceback" not in err
    code, _, err = run(seeds_db, "diff", "沙河口区", "甘井子区", "--region", "大连市")
    assert code == 1 and "contradicts" in err


def test_table_and_csv_output(seeds_db):
    code, out, err = run(seeds_db, "diff", "沙河口区", "甘井子区", "--year", "2025")
    assert code == 0
    line = next(x for x in out.splitlines() if "家庭养老床位" in x)
    assert line.startswith("↓") and "新增1000张以上" in line and "140张" in line
    assert "-860张" in line and "-86.0%" in line
    assert "increased" in err and "decreased" in err  # the summary line
    code, out, _ = run(seeds_db, "diff", "沙河口区", "甘井子区", "--year", "2025", "--csv")
    header = out.splitlines()[0].split(",")
    assert header[:3] == ["status", "sector", "metric"] and "right_quote" in header


def test_status_option_filters_rows(seeds_db):
    rows = diff_json(seeds_db, "2023", "2024", "--region", "大连市", "--status", "increased",
                     "--status", "decreased")
    assert rows and {r["status"] for r in rows} <= {"increased", "decreased"}


def test_without_a_region_each_region_is_compared_with_itself(seeds_db):
    rows = diff_json(seeds_db, "2024", "2025")
    both = [r for r in rows if r["left"] and r["right"]]
    assert both, "some records of one region pair across the years"
    assert all(r["left"]["region"] == r["right"]["region"] for r in both)
    # metrics stated in one region for 2024 and only in others for 2025: a region-blind
    # pairing would join them; paired region by region they stay one-sided
    lefts, rights = defaultdict(set), defaultdict(set)
    for row in rows:
        for side, regions in (("left", lefts), ("right", rights)):
            if row[side]:
                regions[row["metric_key"]].add(row[side]["region"])
    apart = [k for k in lefts if k in rights and not lefts[k] & rights[k]]
    assert apart, "the seeds hold a metric of different regions in the two years"
    assert not [r for r in both if r["metric_key"] in apart]


def _record(ident: int, region: str, value: float, **fields) -> dict:
    """A stored commitment as diff reads it, built in the test."""
    row = {"id": ident, "doc_id": 1, "statement_id": ident, "doc": "a.txt", "quote": "",
           "region": region, "period": "2024", "kind": "target", "metric": "口袋公园",
           "metric_key": "口袋公园", "action": "新建", "measure": "amount", "value": value,
           "value_max": None, "unit": "个", "qualifier": "", "sector": "other",
           "context": "", "heading": False}
    row.update(fields)
    return row


def test_pairing_within_regions_keeps_regions_apart():
    left = [_record(1, "甲区", 10), _record(2, "乙区", 5)]
    right = [_record(3, "乙区", 7, period="2025")]
    within = diff.pair_records(left, right, ("region",))
    assert [(r["left"]["id"], r["right"]["id"]) for r in within if r["left"] and r["right"]] \
        == [(2, 3)]
    blind = diff.pair_records(left, right, ())
    assert [(r["left"]["id"], r["right"]["id"]) for r in blind if r["left"] and r["right"]] \
        == [(1, 3)], "without the region the first of two equal candidates wins"


@pytest.mark.parametrize("left, right, status, delta", [
    (dict(value=10), dict(value=12), "increased", 2),
    (dict(value=10), dict(value=7), "decreased", -3),
    (dict(value=10), dict(value=10.0), "unchanged", 0),
    (dict(value=2, value_max=4), dict(value=3), "unchanged", 0),
    (dict(value=10, unit="个"), dict(value=10, unit="%", measure="change"), "incomparable", None),
    (dict(value=10, unit="公里"), dict(value=12000, unit="米"), "increased", 2),
])
def test_status_of_a_pair(left, right, status, delta):
    row = diff.pair_records([_record(1, "甲区", **{"value": 0, **left})],
                            [_record(2, "甲区", **{"period": "2025", **right})], ())[0]
    assert (row["status"], row["delta"]) == (status, delta)


def test_amounts_over_windows_of_different_length_do_not_compare():
    five_years = _record(1, "甲区", 500, period="2021-2025")
    one_year = _record(2, "甲区", 100, period="2025")
    row = diff.pair_records([five_years], [one_year], ())[0]
    assert row["left"] and row["right"] and row["status"] == "incomparable"
    level = {"measure": "level", "unit": "%", "metric": "森林覆盖率", "metric_key": "森林覆盖率"}
    row = diff.pair_records([_record(1, "甲区", 40, **{**level, "period": "2021-2025"})],
                            [_record(2, "甲区", 42, **level)], ())[0]
    assert row["status"] == "increased"


def test_one_sided_records_are_removed_or_added():
    rows = diff.pair_records([_record(1, "甲区", 3)],
                             [_record(2, "甲区", 4, metric="停车泊位", metric_key="停车泊位")], ())
    assert sorted(r["status"] for r in rows) == ["added", "removed"]


def test_the_stored_key_decides_the_pair():
    left = [_record(1, "甲区", 3, metric="街心公园", metric_key="口袋公园")]
    right = [_record(2, "甲区", 4, metric="口袋公园")]
    row = diff.pair_records(left, right, ())[0]
    assert row["status"] == "increased" and row["metric_key"] == "口袋公园"


# ---------------------------------------------------------------------------- statements

def test_statements_shared_and_one_sided(seeds_db):
    code, out, _ = run(seeds_db, "diff", "沙河口区", "甘井子区", "--year", "2025",
                       "--statements", "--json")
    assert code == 0
    rows = json.loads(out)
    statuses = {r["status"] for r in rows}
    assert statuses <= set(diff.STATEMENT_STATUSES) and {"shared", "removed"} <= statuses
    shared = [r for r in rows if r["status"] == "shared"]
    assert any("背街小巷" in r["key"] for r in shared)
    for row in shared:
        assert row["key"] in row["left"]["text"] or row["key"] in row["right"]["text"]
    removed = " ".join(r["left"]["text"] for r in rows if r["status"] == "removed")
    assert "罗斯福广场" in removed


def test_statement_phrases_drop_verbs_and_numbers():
    phrases = diff.statement_phrases("推动罗斯福广场、凯德和平广场升级改造，整治214条背街小巷")
    assert "罗斯福广场" in phrases and "凯德和平广场" in phrases and "背街小巷" in phrases


# ---------------------------------------------------------------------------- aliases

@pytest.fixture
def own_db(seeds_db, tmp_path):
    path = tmp_path / "own.db"
    shutil.copy(seeds_db, path)
    return str(path)


def test_alias_round_trip(own_db):
    code, _, err = run(own_db, "alias", "家庭养老床位", "养老床位", "“居家”床位")
    assert code == 0 and "养老床位" in err
    code, out, _ = run(own_db, "alias", "--json")
    listed = {r["alias"]: r["canonical"] for r in json.loads(out)}
    assert listed == {"养老床位": "家庭养老床位", "居家床位": "家庭养老床位"}
    code, out, _ = run(own_db, "alias", "--all", "--json")
    assert {"alias": "高企", "canonical": "高新技术企业"}.items() <= \
        next(r for r in json.loads(out) if r["alias"] == "高企").items()
    code, _, _ = run(own_db, "alias", "--remove", "养老床位", "居家床位")
    assert code == 0
    code, out, _ = run(own_db, "alias", "--json")
    assert json.loads(out) == []


def test_alias_applies_at_once_to_diff_and_list_and_survives_reingest(own_db):
    before = diff_json(own_db, "沙河口区", "甘井子区", "--year", "2025")
    assert not paired(before, "精品赛事")
    code, _, _ = run(own_db, "alias", "精品赛事", "大型演出、赛事活动")
    assert code == 0
    aliases = align.load_aliases(store.open_db(own_db))
    after = diff_json(own_db, "沙河口区", "甘井子区", "--year", "2025")
    row = next(r for r in after if r["metric_key"] == "精品赛事" and r["left"] and r["right"])
    assert (row["left"]["value"], row["right"]["value"]) == (12, 20)
    assert align.metric_key("大型演出、赛事活动", aliases) == "精品赛事"
    code, out, _ = run(own_db, "list", "--metric", "精品赛事", "--json")
    assert {r["metric"] for r in json.loads(out)} >= {"精品赛事", "大型演出、赛事活动"}

    code, _, err = run(own_db, "ingest", "--force", "-q", str(SEEDS))
    assert code == 0, err
    again = diff_json(own_db, "沙河口区", "甘井子区", "--year", "2025")
    assert any(r["metric_key"] == "精品赛事" and r["left"] and r["right"] for r in again)


def _list_keys(db: str, *args: str) -> dict[int, str]:
    code, out, err = run(db, "list", "--limit", "0", "--json", *args)
    assert code == 0, err
    return {r["id"]: r["metric_key"] for r in json.loads(out)}


def _diff_keys(rows: list[dict]) -> dict[int, str]:
    """Record id → the metric_key diff shows for it, on the row and in the record."""
    found = {}
    for row in rows:
        for side in ("left", "right"):
            if row[side]:
                assert row[side]["metric_key"] == row["metric_key"]
                found[row[side]["id"]] = row["metric_key"]
    return found


def test_list_and_diff_show_one_metric_key_after_an_alias(own_db):
    run(own_db, "alias", "精品赛事", "大型演出、赛事活动")
    rows = diff_json(own_db, "沙河口区", "甘井子区", "--year", "2025")
    listed = _list_keys(own_db)
    event = next(r for r in rows if r["right"] and r["right"]["metric"] == "大型演出、赛事活动")
    assert listed[event["right"]["id"]] == event["metric_key"] == "精品赛事"
    shown = _diff_keys(rows)
    assert {i: listed[i] for i in shown} == shown
    run(own_db, "alias", "--remove", "大型演出赛事活动")
    assert _list_keys(own_db)[event["right"]["id"]] == "大型演出赛事活动"


def test_a_document_ingested_after_an_alias_is_keyed_with_it(own_db):
    run(own_db, "alias", "精品赛事", "大型演出、赛事活动")
    code, _, err = run(own_db, "ingest", "--force", "-q", str(SEEDS))
    assert code == 0, err
    rows = diff_json(own_db, "沙河口区", "甘井子区", "--year", "2025")
    shown = _diff_keys(rows)
    listed = _list_keys(own_db)
    assert "精品赛事" in shown.values() and {i: listed[i] for i in shown} == shown


def test_alias_usage_errors(own_db):
    code, _, err = run(own_db, "alias", "家庭养老床位")
    assert code == 2 and "ALIAS" in err
    code, _, err = run(own_db, "alias", "口袋公园", "“口袋公园”")
    assert code == 1 and "canonical" in err


# ---------------------------------------------------------------------------- corpus

def _corpus_db(tmp_path, *files) -> str:
    from plantool import ingest

    path = str(tmp_path / "corpus.db")
    db = store.open_db(path)
    results = ingest.ingest_paths(db, [str(f) for f in files])
    assert all(r.ok for r in results)
    return path


def _by_key(rows: list[dict], key: str, kind: str) -> list[tuple]:
    return [(r["left"]["value"], r["right"]["value"], r["status"]) for r in rows
            if r["metric_key"] == key and r["left"] and r["right"]
            and r["left"]["kind"] == kind]


@pytest.mark.corpus
def test_corpus_two_consecutive_national_reports(tmp_path):
    first = corpus_file("政府工作报告-国务院", "2016.md")
    second = corpus_file("政府工作报告-国务院", "2017.md")
    rows = diff_json(_corpus_db(tmp_path, first, second), "doc:2016.md", "doc:2017.md")
    targets = {k: _by_key(rows, k, "target") for k in (
        "地区生产总值", "居民消费价格", "城镇新增就业", "城镇登记失业率")}
    assert (6.5, 6.5, "decreased") in targets["地区生产总值"]  # 6.5–7% → 6.5%
    assert (3, 3, "unchanged") in targets["居民消费价格"]
    assert (10000000, 11000000, "increased") in targets["城镇新增就业"]
    assert (4.5, 4.5, "unchanged") in targets["城镇登记失业率"]
    results = _by_key(rows, "地区生产总值", "achievement")
    assert (6.9, 6.7, "decreased") in results


@pytest.mark.corpus
def test_corpus_two_provinces_of_one_year(tmp_path):
    guangdong = corpus_file("政府工作报告-省自治区", "广东省", "2023.md")
    shandong = corpus_file("政府工作报告-省自治区", "山东省", "2023.md")
    db = _corpus_db(tmp_path, guangdong, shandong)
    rows = diff_json(db, "广东省/2023", "山东省/2023")
    keys = {r["metric_key"] for r in rows if r["left"] and r["right"]}
    assert {"地区生产总值", "居民消费价格"} <= keys
    gdp = [r for r in rows if r["metric_key"] == "地区生产总值" and r["left"] and r["right"]]
    assert all(r["status"] != "incomparable" for r in gdp)


def test_phrase_counting_words_are_units_that_count():
    from plantool import vocab

    families = {u.word: u.family for u in vocab.units()}
    counters = diff._phrase_words("counter")
    assert counters and all(families.get(c) in ("count", "people") for c in counters)


@pytest.mark.parametrize("text, phrases", [
    ("加快建设滨海步道，完善城市绿道", ("滨海步道", "城市绿道")),  # verbs cut
    ("新建3所幼儿园和两所养老院", ("幼儿园和", "养老院")),  # a number with its counter cuts
    ("打造“智慧社区”示范工程", ("智慧社区", "示范工程")),  # a quoted name kept whole
])
def test_statement_phrases_by_shape(text, phrases):
    assert diff.statement_phrases(text) == phrases
