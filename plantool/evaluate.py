"""Evaluation: score stored records against hand-checked gold files.

Gold layout (as in ../shared/gold): ``<doc>.jsonl`` holds quantified commitments,
``<doc>.statements.jsonl`` statements, ``<doc>.skipped.jsonl`` numbers that are not
commitments. The matching rules are those of the reference scorer, so that the two
agree: same value (after folding) and overlapping quotes, one-to-one, strongest pairs
first; strict F1 counts a pair only when region, period, kind, unit, qualifier and
metric are all right.
"""

from __future__ import annotations

import csv
import json
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from plantool.errors import GoldError

ATTRS = ("region", "period", "kind", "measure", "unit", "qualifier", "metric", "sector")
STRICT = ("region", "period", "kind", "unit", "qualifier", "metric")
MAX_STATEMENT = 500
_DROP = "“”\"'‘’「」《》 "


def norm(value) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return "".join(c for c in text if c not in _DROP)


def norm_period(value) -> str:
    text = norm(value)
    for dash in "—–~至":
        text = text.replace(dash, "-")
    return text[:-1] if text.endswith("年") else text


def same_value(a, b) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    found, start = [], text.find(quote) if quote else -1
    while start != -1:
        found.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return found


def ratio(a, b) -> float:
    return SequenceMatcher(None, norm(a), norm(b)).ratio()


def metric_close(gold, pred) -> bool:
    g, p = norm(gold), norm(pred)
    return bool(g and p) and (g in p or p in g or ratio(g, p) >= 0.6)


def attribute_ok(name: str, gold: dict, pred: dict) -> bool:
    if name == "metric":
        return metric_close(gold.get("metric"), pred.get("metric")) and \
            ratio(gold.get("metric"), pred.get("metric")) >= 0.8
    if name == "period":
        return norm_period(gold.get(name)) == norm_period(pred.get(name))
    return norm(gold.get(name)) == norm(pred.get(name))


@dataclass
class Report:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    strict_tp: int = 0
    pairs: int = 0
    attr_ok: dict = field(default_factory=lambda: {a: 0 for a in ATTRS})
    per_doc: list = field(default_factory=list)
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)
    wrong: list = field(default_factory=list)
    statements_total: int = 0
    statements_found: int = 0
    statements_right: int = 0
    statement_misses: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_f1(self) -> float:
        total = (self.tp + self.fp) + (self.tp + self.fn)
        return 2 * self.strict_tp / total if total else 0.0

    def accuracy(self, name: str) -> float:
        return self.attr_ok[name] / self.pairs if self.pairs else 0.0

    @property
    def statement_recall(self) -> float:
        return self.statements_found / self.statements_total if self.statements_total else 0.0

    @property
    def statement_attrs(self) -> float:
        return self.statements_right / self.statements_found if self.statements_found else 0.0


def _load(path: Path) -> list[dict]:
    """The records of one gold file, one JSON object a line; GoldError if it is not that."""
    try:
        with open(path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldError(f"gold file {path}: {error}") from None


def _doc_name(stem: str, gold: list[dict], texts: dict[str, str]) -> str:
    if gold and gold[0].get("doc"):
        return Path(str(gold[0]["doc"])).name
    return stem if stem in texts or f"{stem}.txt" not in texts else f"{stem}.txt"


def _pairs(gold: list[dict], pred: list[dict], text: str) -> dict[int, int]:
    gold_spans = [occurrences(text, g["quote"]) for g in gold]
    pred_spans = [occurrences(text, p.get("quote") or "") for p in pred]
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if not same_value(g["value"], p.get("value")):
                continue
            if pred_spans[j]:
                if not any(a < d and c < b for a, b in gold_spans[i] for c, d in pred_spans[j]):
                    continue
                strength = 2
            elif metric_close(g["metric"], (p.get("quote") or "") + (p.get("metric") or "")):
                strength = 1
            else:
                continue
            candidates.append((strength, ratio(g["metric"], p.get("metric")), i, j))
    matched_gold: dict[int, int] = {}
    matched_pred: set[int] = set()
    for _, _, i, j in sorted(candidates, reverse=True):
        if i not in matched_gold and j not in matched_pred:
            matched_gold[i] = j
            matched_pred.add(j)
    return matched_gold


def _gold_files(gold_dir: str | Path) -> list[Path]:
    """The ``<doc>.jsonl`` files of commitments in ``gold_dir``; GoldError if there are none."""
    found = [p for p in sorted(Path(gold_dir).glob("*.jsonl"))
             if not p.name.endswith((".statements.jsonl", ".skipped.jsonl"))]
    if not found:
        raise GoldError(f"no gold files (<doc>.jsonl) in {gold_dir}")
    return found


def score(gold_dir: str | Path, texts: dict[str, str], predicted: list[dict],
          statements: list[dict] | None = None) -> Report:
    """Score ``predicted`` records of documents whose text is in ``texts`` (name → text)."""
    golds = _gold_files(gold_dir)
    report = Report()
    by_doc: dict[str, list[dict]] = {}
    for record in predicted:
        by_doc.setdefault(Path(str(record.get("doc") or "")).name, []).append(record)
    for path in golds:
        gold = _load(path)
        doc = _doc_name(path.name[: -len(".jsonl")], gold, texts)
        text = texts.get(doc, "")
        pred = by_doc.get(doc, [])
        matched = _pairs(gold, pred, text)
        used = set(matched.values())
        tp = sum(1 for i in matched if not gold[i].get("optional"))
        fn = sum(1 for i, g in enumerate(gold) if i not in matched and not g.get("optional"))
        fp = len(pred) - len(used)
        report.tp, report.fp, report.fn = report.tp + tp, report.fp + fp, report.fn + fn
        report.per_doc.append((doc, tp, fp, fn))
        for i, j in matched.items():
            report.pairs += 1
            right = {a for a in ATTRS if attribute_ok(a, gold[i], pred[j])}
            for a in ATTRS:
                report.attr_ok[a] += a in right
                if a not in right:
                    report.wrong.append((doc, a, gold[i].get(a), pred[j].get(a), gold[i]["quote"]))
            if not gold[i].get("optional") and right.issuperset(STRICT):
                report.strict_tp += 1
        report.misses += [(doc, g["quote"], g["value"]) for i, g in enumerate(gold)
                          if i not in matched and not g.get("optional")]
        report.extras += [(doc, p.get("quote"), p.get("value")) for j, p in enumerate(pred)
                          if j not in used]
    if statements is not None:
        _score_statements(gold_dir, statements, texts, report)
    return report


def _score_statements(gold_dir, statements: list[dict], texts: dict[str, str],
                      report: Report) -> None:
    by_doc: dict[str, list[dict]] = {}
    for record in statements:
        by_doc.setdefault(Path(str(record.get("doc") or "")).name, []).append(record)
    for path in sorted(Path(gold_dir).glob("*.statements.jsonl")):
        gold = _load(path)
        doc = _doc_name(path.name[: -len(".statements.jsonl")], gold, texts)
        for g in gold:
            report.statements_total += 1
            key = norm(g["key"])
            hits = [p for p in by_doc.get(doc, [])
                    if key in norm(p.get("text")) and len(p.get("text") or "") <= MAX_STATEMENT]
            if not hits:
                report.statement_misses.append(("MISSED", doc, g["key"], "", ""))
                continue
            report.statements_found += 1
            good = [p for p in hits if all(
                (norm_period if a == "period" else norm)(p.get(a)) ==
                (norm_period if a == "period" else norm)(g.get(a))
                for a in ("region", "period", "kind"))]
            report.statements_right += bool(good)
            if not good:
                h = hits[0]
                report.statement_misses.append(
                    ("WRONG", doc, g["key"], (g["region"], g["period"], g["kind"]),
                     (h.get("region"), h.get("period"), h.get("kind"))))



def score_db(db, gold_dir: str | Path) -> Report:
    """Score every commitment and statement stored in ``db`` against ``gold_dir``."""
    from plantool import store

    return score(gold_dir, store.document_texts(db), store.commitments(db),
                 store.statements(db))


# --- hand-checked panels ----------------------------------------------------------------------
# A panel gold file (tests/gold/panels/*.tsv) holds, per region, year and headline indicator,
# the target and the result a person read from the reports, each with its quote and document.

def load_panel_gold(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                row["file"] = path.name
                rows.append(row)
    return rows


# Gold values are written in the report's unit; the database keeps base units.
SCALE = {"万人": 10_000, "亿元": 100_000_000, "万元": 10_000, "万吨": 10_000}


def _number(text: str, unit: str = "") -> float | None:
    text = (text or "").strip()
    return float(text) * SCALE.get(unit.strip(), 1) if text else None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < 1e-6


def score_panel(rows: list[dict], cells: dict, verbose: bool = False) -> Counter:
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
            if part == "result":
                got = cell.result_value if cell else None
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
