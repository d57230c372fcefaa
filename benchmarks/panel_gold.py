"""Score the panel against hand-checked panels (tests/gold/panels/*.tsv).

Each gold row is one region, year and headline indicator with the target and the result
a person read from the reports (value, quote, document). The script ingests every
document the gold cites (from ../shared/corpus) into a database, builds the panel and
counts, per file and indicator, how many gold values the panel reproduces:

* a target agrees when the panel's target for that cell has the gold value (and upper
  end of a range);
* a result agrees when the panel's result has the gold value;
* a part the gold leaves empty (not stated) agrees when the panel has none either.

    python benchmarks/panel_gold.py [GOLD.tsv ...] [--db PATH] [-v]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plantool import ingest, panel, progress, store  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "tests" / "gold" / "panels"


def load_gold(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                row["file"] = path.name
                rows.append(row)
    return rows


def cited_documents(rows: list[dict]) -> list[Path]:
    names = {r[k] for r in rows for k in ("target_doc", "result_doc") if r.get(k)}
    return sorted(CORPUS / n for n in names if (CORPUS / n).exists())


# Gold values are written in the report's unit; the database keeps base units.
SCALE = {"万人": 10_000, "亿元": 100_000_000, "万元": 10_000, "万吨": 10_000}


def _number(text: str, unit: str = "") -> float | None:
    text = (text or "").strip()
    return float(text) * SCALE.get(unit.strip(), 1) if text else None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < 1e-6


def build_panel(db) -> dict[tuple[str, int, str], panel.Cell]:
    docs = {d["id"]: d for d in store.documents(db)}
    ratings = progress.evaluate(db, store.Filters())
    return {(c.region, c.year, c.indicator): c for c in panel.cells(ratings, docs=docs)}


def score(rows: list[dict], cells: dict, verbose: bool = False) -> Counter:
    tally: Counter = Counter()
    for row in rows:
        cell = cells.get((row["region"], int(row["year"]), row["indicator"]))
        unit = row.get("target_unit") or row.get("result_unit") or ""
        checks = (("target", _number(row["target_value"], unit),
                   _number(row["target_value_max"], unit), cell.target if cell else None),
                  ("result", _number(row["result_value"], row.get("result_unit") or unit), None,
                   cell.result if cell else None))
        for part, value, upper, found in checks:
            got = found.get("value") if found else None
            got_max = found.get("value_max") if found else None
            ok = _same(value, got) and (part == "result" or upper is None or _same(upper, got_max))
            key = f"{row['file']}:{row['indicator']}:{part}"
            tally[key + ":n"] += 1
            tally[key + ":ok"] += ok
            if verbose and not ok:
                quote = found.get("quote") if found else ""
                print(f"  miss {row['region']} {row['year']} {row['indicator']} {part}: "
                      f"gold {value} got {got} ({quote})")
    return tally


def print_scores(tally: Counter) -> None:
    groups = sorted({k.rsplit(":", 1)[0] for k in tally})
    total_ok = total_n = 0
    for group in groups:
        n, ok = tally[group + ":n"], tally[group + ":ok"]
        total_ok, total_n = total_ok + ok, total_n + n
        print(f"{group:<48} {ok:>4}/{n:<4} {ok / n:.2f}")
    print(f"{'all':<48} {total_ok:>4}/{total_n:<4} {total_ok / max(total_n, 1):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path)
    parser.add_argument("--db", default="panel_gold.db")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    rows = load_gold(args.gold or sorted(GOLD.glob("*.tsv")))
    db = store.open_db(args.db)
    ingest.ingest_paths(db, [str(p) for p in cited_documents(rows)])  # unchanged ones: skipped
    print_scores(score(rows, build_panel(db), args.verbose))


if __name__ == "__main__":
    main()
