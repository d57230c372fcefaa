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
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plantool import evaluate, ingest, panel, progress, store  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "tests" / "gold" / "panels"


def cited_documents(rows: list[dict]) -> list[Path]:
    names = {r[k] for r in rows for k in ("target_doc", "result_doc") if r.get(k)}
    return sorted(CORPUS / n for n in names if (CORPUS / n).exists())


def build_panel(db) -> dict[tuple[str, int, str], panel.Cell]:
    docs = {d["id"]: d for d in store.documents(db)}
    ratings = progress.evaluate(db, store.Filters())
    return {(c.region, c.year, c.indicator): c for c in panel.cells(ratings, docs=docs)}


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
    rows = evaluate.load_panel_gold(args.gold or sorted(GOLD.glob("*.tsv")))
    db = store.open_db(args.db)
    ingest.ingest_paths(db, [str(p) for p in cited_documents(rows)])  # unchanged ones: skipped
    print_scores(evaluate.score_panel(rows, build_panel(db), args.verbose))


if __name__ == "__main__":
    main()
