"""Corpus-wide self-check: does every work report yield this year's headline targets and
last year's results, exactly once?

For each work report (detected type ``work_report``, report year Y) and each headline
indicator of ``plantool/data/headline_indicators.tsv`` it counts, in that document, the
targets for Y and the results for Y-1 the indicator's metric, measure and unit select:
found exactly once, not found, found several times with one value (a restatement), or
several competing values. It also counts results of the indicator's metric that are
quarterly, 年均 (multi-year averages), 人均 (per capita) or levels where a growth rate is
meant, and documents whose detected region or year disagrees with their folder.

    python benchmarks/selfcheck.py [--db PATH] [--limit N] [--json OUT]

Without ``--db`` (or with a path that does not exist yet) it ingests the work reports of
``../shared/corpus`` (``--limit N`` spread evenly over them; 0 = all) into that database
first. Nothing here is asserted in tests; the figures go into closing notes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plantool import indicators, ingest, store  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
REPORT_FOLDERS = ("政府工作报告-国务院", "政府工作报告-省自治区", "政府工作报告-主要城市",
                  "政府工作报告-其他地市")
QUARTERLY = re.compile(r"[一二三四1-4]季度|上半年|前三季度|1-\d+月|1—\d+月")
MULTI_YEAR = re.compile(r"年均|年平均|累计|五年")
PER_CAPITA = re.compile(r"人均")


def spread(items: list, limit: int) -> list:
    if not limit or limit >= len(items):
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def report_files(limit: int) -> list[Path]:
    files = sorted(p for folder in REPORT_FOLDERS for p in (CORPUS / folder).rglob("*.md")
                   if p.name.lower() != "readme.md")
    return spread(files, limit)


def folder_identity(path: str) -> tuple[str, int | None]:
    """The region and year a corpus path claims (全国 for the national folder)."""
    parts = Path(path).parts
    year = int(Path(path).stem[:4]) if Path(path).stem[:4].isdigit() else None
    if {"政府工作报告-国务院", "五年规划", "国家统计局年度统计"} & set(parts):
        return "全国", year
    return parts[-2], year


def classify_counts(records: list[dict]) -> str:
    values = {(r["value"], r.get("value_max")) for r in records}
    if not records:
        return "missing"
    if len(records) == 1:
        return "once"
    return "restated" if len(values) == 1 else "competing"


def doc_records(db, doc_id: int) -> list[dict]:
    rows = db.query("select c.*, s.text as statement from commitments c "
                    "join statements s on s.id = c.statement_id where c.doc_id = ?", [doc_id])
    return list(rows)


def check(db) -> dict:
    docs = [d for d in db.query("select id, path, region, year, doc_type from documents")]
    outcome: dict[str, Counter] = defaultdict(Counter)
    suspicious: Counter = Counter()
    competing: list[dict] = []
    disagreements: list[dict] = []
    reports = 0
    for doc in docs:
        region, year = folder_identity(doc["path"])
        if (doc["region"], doc["year"]) != (region, year):
            disagreements.append({"path": doc["path"], "folder": f"{region}/{year}",
                                  "detected": f"{doc['region']}/{doc['year']}",
                                  "type": doc["doc_type"]})
        if doc["doc_type"] != "work_report" or not doc["year"]:
            continue
        reports += 1
        records = doc_records(db, doc["id"])
        _check_report(doc, records, outcome, suspicious, competing)
    return {"reports": reports, "documents": len(docs), "outcome": outcome,
            "suspicious": suspicious, "competing": competing, "disagreements": disagreements}


def _check_report(doc: dict, records: list[dict], outcome, suspicious, competing) -> None:
    year = doc["year"]
    for indicator in indicators.headline():
        for role, kind, period in (("target", "target", str(year)),
                                   ("result", "achievement", str(year - 1))):
            chosen = [r for r in records if r["kind"] == kind and r["period"] == period
                      and indicator.matches(r["metric_key"], r["measure"], r["unit_family"])]
            verdict = classify_counts(chosen)
            outcome[f"{indicator.id}:{role}"][verdict] += 1
            if verdict == "competing":
                competing.append({"path": doc["path"], "indicator": indicator.id, "role": role,
                                  "values": sorted({str(r["value"]) for r in chosen})})
        for r in records:
            if r["kind"] != "achievement" or r["metric_key"] not in indicator.keys:
                continue
            text = f"{r['quote']}|{r['metric']}"
            if QUARTERLY.search(r["quote"]):
                suspicious[f"{indicator.id}:quarterly"] += 1
            if MULTI_YEAR.search(text):
                suspicious[f"{indicator.id}:multi-year"] += 1
            if PER_CAPITA.search(r["metric"]) and "人均" not in indicator.label:
                suspicious[f"{indicator.id}:per-capita"] += 1
            if indicator.measures == {"change"} and r["measure"] == "level":
                suspicious[f"{indicator.id}:level"] += 1


def print_report(found: dict) -> None:
    print(f"{found['reports']} work reports of {found['documents']} documents")
    print(f"{'indicator':<26}{'role':<8}{'once':>7}{'missing':>9}{'restated':>10}{'competing':>11}")
    for indicator in indicators.headline():
        for role in ("target", "result"):
            counts = found["outcome"][f"{indicator.id}:{role}"]
            total = sum(counts.values()) or 1
            cells = [f"{100 * counts[k] / total:6.1f}%" for k in ("once", "missing")]
            cells += [f"{100 * counts['restated'] / total:9.1f}%",
                      f"{100 * counts['competing'] / total:10.1f}%"]
            print(f"{indicator.id:<26}{role:<8}{cells[0]:>7}{cells[1]:>9}{cells[2]:>10}{cells[3]:>11}")
    once = sum(found["outcome"][k]["once"] for k in found["outcome"])
    total = sum(sum(c.values()) for c in found["outcome"].values()) or 1
    print(f"all indicators: found exactly once {100 * once / total:.1f}% of {total} report×indicator×role")
    print(f"competing region-years: {len(found['competing'])}")
    print("results of an indicator's metric that are not the annual figure: "
          + ", ".join(f"{k} {v}" for k, v in sorted(found["suspicious"].items())))
    print(f"documents whose detected region/year disagrees with the folder: "
          f"{len(found['disagreements'])}")
    for d in found["disagreements"][:15]:
        print(f"  {d['path']}: folder {d['folder']}, detected {d['detected']} ({d['type']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="selfcheck.db")
    parser.add_argument("--limit", type=int, default=300, help="reports to ingest; 0 = all")
    parser.add_argument("--json", help="write the figures as JSON here")
    args = parser.parse_args()
    fresh = not Path(args.db).exists()
    db = store.open_db(args.db)
    if fresh:
        files = report_files(args.limit)
        start = time.perf_counter()
        results = ingest.ingest_paths(db, [str(p) for p in files])
        failed = [r for r in results if not r.ok]
        print(f"ingested {len(files)} files in {time.perf_counter() - start:.1f} s; "
              f"{len(failed)} failed", file=sys.stderr)
    found = check(db)
    print_report(found)
    if args.json:
        Path(args.json).write_text(json.dumps(found, ensure_ascii=False, indent=1, default=dict),
                                   encoding="utf-8")


if __name__ == "__main__":
    main()
