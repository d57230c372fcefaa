"""Views: the rows, columns and lines every command shows, shaped in one place.

A view turns what the library returns (query rows, ingest results, a diff, ratings, an
eval report) into a :class:`View`: rows and the columns to show, the full records for
JSON, styles, and the notes meant for the person at the terminal. ``render`` writes it.
Amounts and percentages are written by one formatter, :func:`number` / :func:`amount`
and :func:`percent`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from plantool.schema import (
    FLAT_FORMATS,
    INGEST_STATUSES,
    JSON_FORMATS,
    commitment_record,
    statement_record,
)


@dataclass
class View:
    """What a command prints: rows in columns (or records for JSON) and notes on stderr."""

    rows: list[dict]
    columns: list[str]
    records: list[dict] | None = None
    title: str = ""
    styles: dict[str, str] | None = None
    row_style: list[str] | None = None
    lead: list[str] = field(default_factory=list)  # notes printed before the rows
    notes: list[str] = field(default_factory=list)  # notes printed after the rows
    quiet: bool = False  # only the notes: there is nothing to tabulate
    gap: bool = False  # a blank line on stdout before this view (a second table)
    flat_columns: list[str] | None = None  # the columns of CSV/TSV, when not ``columns``
    drop_order: list[str] = field(default_factory=list)  # left out first on a narrow terminal


# --- one formatter for amounts and percentages ---------------------------------------------


@dataclass(frozen=True)
class NumberStyle:
    """How large numbers are written: significant digits, 万/亿 steps, the range dash."""

    digits: int
    steps: tuple[tuple[float, float, str], ...]  # (from this size, divide by, word)
    dash: str


PERCENT_UNITS = ("%", "百分点")
NUMBER_STYLES = {
    # diff tables: short cells, 万 only from 10万 on
    "compact": NumberStyle(4, ((1e12, 1e12, "万亿"), (1e8, 1e8, "亿"), (1e5, 1e4, "万")), "–"),
    # progress tables and show: the number as the plan wrote it
    "full": NumberStyle(6, ((1e8, 1e8, "亿"), (1e4, 1e4, "万")), "—"),
}


def number(value: float | int | None, unit: str = "", style: str = "full") -> str:
    """A number as a plan would write it: 1.36亿, 12.7万, 6.5 (percentages unscaled)."""
    if value is None:
        return ""
    chosen = NUMBER_STYLES[style]
    if unit not in PERCENT_UNITS:
        for size, divisor, word in chosen.steps:
            if abs(value) >= size:
                return f"{value / divisor:.{chosen.digits}g}{word}"
    return f"{value:.6g}"


@cache
def _qualifier_before(canonical: str) -> bool:
    """True for a qualifier written before its number (不低于500亿元), not after (6%左右)."""
    from plantool import vocab

    return any(q.canonical == canonical and q.word == canonical and q.position == "before"
               for q in vocab.qualifiers())


def amount(record: dict | None, style: str = "full") -> str:
    """A record's value (or range), unit and qualifier: 200个, 6%左右, 不低于500亿元."""
    if not record or record.get("value") is None:
        return ""
    dash = NUMBER_STYLES[style].dash
    text = number(record["value"], style=style)
    if record.get("value_max") is not None:
        text += dash + number(record["value_max"], style=style)
    text += record.get("unit") or ""
    qualifier = record.get("qualifier") or ""
    return qualifier + text if _qualifier_before(qualifier) else text + qualifier


def percent(ratio: float | None, signed: bool = False) -> str:
    """200%, 97.5% (never rounded up to a misleading 100%); signed: +5.0%, -12.3%."""
    if ratio is None:
        return ""
    if signed:
        return f"{ratio * 100:+.1f}%"
    text = f"{ratio * 100:.1f}" if abs(ratio) < 10 else f"{ratio * 100:.0f}"
    return text.removesuffix(".0") + "%"


# --- list, docs, alias ------------------------------------------------------------------------

COMMITMENT_COLUMNS = ["id", "region", "period", "kind", "sector", "metric", "action", "value",
                      "value_max", "unit", "qualifier", "quote", "doc_id", "doc"]
STATEMENT_COLUMNS = ["id", "region", "period", "kind", "sector", "text", "doc_id", "doc"]
#: CSV/TSV: what an analyst computes with, beside what the table shows.
COMMITMENT_EXPORT_COLUMNS = ["id", "region", "period", "kind", "sector", "metric", "metric_key",
                             "action", "measure", "value", "value_max", "unit", "qualifier",
                             "quote", "doc", "doc_id", "path", "statement_id", "start", "end"]
STATEMENT_EXPORT_COLUMNS = ["id", "region", "period", "kind", "sector", "text", "section", "doc",
                            "doc_id", "path"]
#: On a narrow terminal these go first, in this order; the quote (or text) always stays.
COMMITMENT_DROP_ORDER = ["value_max", "qualifier", "doc", "action", "sector", "kind", "doc_id",
                         "period", "unit", "region", "metric"]
STATEMENT_DROP_ORDER = ["sector", "kind", "doc", "doc_id", "period", "region"]
DOCUMENT_COLUMNS = ["id", "name", "title", "region", "year", "period", "doc_type", "published",
                    "statements", "commitments", "path"]
DOCUMENT_DROP_ORDER = ["published", "period", "doc_type", "statements", "commitments", "year",
                       "name", "region", "path"]
ALIAS_COLUMNS = ["alias", "canonical", "source", "created_at"]
#: Unit families whose numbers are never written with 万/亿 (6%, 3岁, 35微克/立方米).
UNSCALED_FAMILIES = ("percent", "permille", "ratio", "age", "days", "months", "time",
                     "workdays", "concentration", "word", "voltage", "microgram", "milligram")


def default_units(fmt: str | None) -> str:
    """Tables for reading show display units (亿元); exports keep the stored base units."""
    return "base" if fmt in (*FLAT_FORMATS, *JSON_FORMATS) else "display"


def _tidy(number: float) -> float | int:
    number = round(number, 6)
    return int(number) if float(number).is_integer() else number


def display_units(record: dict) -> dict:
    """The record with its value, value_max and unit for reading: 150 亿元, not
    15000000000 元; 12.5 万人, not 125000 人."""
    from plantool import vocab

    value, unit = record.get("value"), record.get("unit") or ""
    if (not isinstance(value, (int, float)) or not unit or unit[0] in "万亿"
            or vocab.unit_family(unit) in UNSCALED_FAMILIES):
        return record
    for size, divisor, word in NUMBER_STYLES["full"].steps:
        if abs(value) >= size:
            top = record.get("value_max")
            return {**record, "value": _tidy(value / divisor), "unit": word + unit,
                    "value_max": _tidy(top / divisor) if isinstance(top, (int, float)) else top}
    return record


def page_note(page) -> list[str]:
    """``100 of 15,760 shown — --limit 0 for all`` when a limit or offset left rows out."""
    if isinstance(page, list):
        return [] if page else ["no records match"]
    if not page.records:
        return ["no records match" if not page.total else
                f"no records from row {page.offset + 1:,}: {page.total:,} match"]
    if not page.cut:
        return []
    start = f" (from row {page.offset + 1:,})" if page.offset else ""
    total = f"more than {page.total - 1:,}" if getattr(page, "more", False) else f"{page.total:,}"
    return [f"{len(page.records):,} of {total} shown{start} — --limit 0 for all"]


def records_view(page, statements: bool = False, units: str = "base") -> View:
    """``plantool list``: a page of commitments (or statements) with their quotes; a
    ``store.Page`` (or a list of rows)."""
    shape = statement_record if statements else commitment_record
    records = [shape(r) for r in getattr(page, "records", page)]
    if units == "display" and not statements:
        records = [display_units(r) for r in records]
    return View(records, STATEMENT_COLUMNS if statements else COMMITMENT_COLUMNS,
                records=records, notes=page_note(page),
                flat_columns=STATEMENT_EXPORT_COLUMNS if statements else COMMITMENT_EXPORT_COLUMNS,
                drop_order=STATEMENT_DROP_ORDER if statements else COMMITMENT_DROP_ORDER)


def documents_view(rows: list[dict]) -> View:
    """``plantool docs``: the documents with their metadata and counts."""
    return View(rows, DOCUMENT_COLUMNS, notes=[] if rows else ["no documents ingested yet"],
                drop_order=DOCUMENT_DROP_ORDER)


def aliases_view(rows: list[dict]) -> View:
    """``plantool alias``: the aliases recorded (and the built-in ones with --all)."""
    notes = [] if rows else ["no aliases yet: plantool alias CANONICAL ALIAS…"]
    return View(rows, ALIAS_COLUMNS, notes=notes)


def removed_aliases_line(names: Sequence[str], removed: Sequence[str]) -> str:
    """``removed 2 alias(es); not found: 国高企``; a name counts as removed when its cleaned
    form was (gqy removes GQY)."""
    from plantool.aliases import clean

    missing = sorted({name for name in names if clean(name) not in set(removed)})
    return f"removed {len(removed)} alias(es)" + (f"; not found: {', '.join(missing)}"
                                                  if missing else "")


def added_aliases_line(stored: Sequence[str], canonical: str) -> str:
    """``高企, 国高企 → 高新技术企业``."""
    return f"{', '.join(stored)} → {canonical}"


# --- ingest -----------------------------------------------------------------------------------

INGEST_COLUMNS = ["document", "status", "title", "region", "year", "periods", "statements",
                  "commitments"]


def ingest_rows(results: Iterable) -> list[dict]:
    """One row per document ingested (or found unchanged), for the summary table."""
    return [{"document": r.path, "status": r.status + (f": {r.note}" if r.note else ""),
             "title": r.title, "region": r.region, "year": r.year or "",
             "periods": r.periods, "statements": r.statements, "commitments": r.commitments}
            for r in results if r.ok]


def ingest_line(results: Sequence) -> str:
    """``5 documents: 3 added, 2 unchanged; 1 failed`` (statuses that occurred only)."""
    counts = Counter(r.status for r in results if r.ok)
    ok = sum(counts.values())
    failed = len(results) - ok
    parts = [f"{counts[s]} {s}" for s in INGEST_STATUSES if counts[s]]
    line = f"{ok} document{'' if ok == 1 else 's'}"
    if parts:
        line += ": " + ", ".join(parts)
    return line + f"; {failed} failed"


def ingest_error_line(result) -> str:
    """``error: report.txt: empty file``: one line per file that failed."""
    return f"error: {result.path}: {result.reason}"


# --- show -------------------------------------------------------------------------------------


def detail_record(detail: dict) -> dict:
    """``plantool show --json``: the detail, a target's rating as its record and lines."""
    from plantool.reports import explain_lines, progress_record

    shown = {k: v for k, v in detail.items() if k != "rating"}
    if detail.get("rating") is not None:
        shown["progress"] = progress_record(detail["rating"], candidates=True)
        shown["extra_lines"] = explain_lines(detail["rating"])
    return shown


def detail_view(detail: dict, fmt: str) -> View:
    """``plantool show`` in a format: the detail as one JSON record, else one row of the
    list's export columns with the document's title and the section."""
    if fmt in JSON_FORMATS:
        return View([], [], records=[detail_record(detail)])
    statement = detail["type"] == "statement"
    columns = STATEMENT_EXPORT_COLUMNS if statement else COMMITMENT_EXPORT_COLUMNS
    extra = [c for c in ("title", "section") if c not in columns]
    row = {**detail["record"], "title": detail["title"], "section": detail["section"]}
    return View([row], columns + extra)


def detail_lines(detail: dict, color: bool = False) -> list:
    """``plantool show``: header, document, section, fields, the quote in its context, and
    for a target the results considered: Text objects (document text escaped, never read as
    markup) and plain lines."""
    from rich.text import Text

    from plantool.render import printable

    record = detail["record"]
    lines: list = [Text.assemble((f"{detail['type']} {record['id']}", "bold"), "  ",
                                 printable(detail["title"] or "")),
                   Text(printable(f"document: {record['doc']} (id {record.get('doc_id')})  "
                                  f"({detail['path']})"))]
    if detail["section"]:
        lines.append(Text(printable(f"section:  {detail['section']}")))
    fields = [k for k in record if k not in ("id", "doc", "doc_id", "path", "quote", "text")]
    lines.append(Text(printable("  ".join(f"{k}={record[k]}" for k in fields
                                          if record[k] not in (None, "")))))
    body = Text("…" + printable(detail["before"].replace("\n", " ")))
    if color:
        body.append(printable(detail["quote"]), style="bold reverse")
    else:
        body.append("【" + printable(detail["quote"]) + "】")
    body.append(printable(detail["after"].replace("\n", " ")) + "…")
    lines.append(body)
    from plantool.reports import explain_lines

    rating = detail.get("rating")
    return lines + (explain_lines(rating) if rating is not None else [])  # a target's progress


# --- eval -------------------------------------------------------------------------------------


def _eval_commitment_lines(report, verbose: bool) -> list[str]:
    from plantool.evaluate import ATTRS

    lines = ["== quantified commitments"]
    lines += [f"  {doc}: tp {tp}  fp {fp}  fn {fn}" for doc, tp, fp, fn in report.per_doc]
    lines.append(f"  attribute accuracy on matched pairs ({report.pairs}): "
                 + "  ".join(f"{a} {report.accuracy(a):.2f}" for a in ATTRS))
    if verbose:
        lines += ["  MISSED " + " ".join(map(str, m)) for m in report.misses]
        lines += ["  EXTRA  " + " ".join(map(str, e)) for e in report.extras]
        lines += ["  WRONG  " + " ".join(map(str, w)) for w in report.wrong]
    return lines


def _eval_statement_lines(report, verbose: bool) -> list[str]:
    if not report.statements_total:
        return []
    lines = [f"== statements: found {report.statements_found}/{report.statements_total}, "
             f"region+period+kind right on {report.statements_right}/"
             f"{report.statements_found}"]
    if verbose:
        lines += ["  STMT " + " ".join(map(str, m)) for m in report.statement_misses]
    return lines


def eval_lines(report, verbose: bool = False) -> list[str]:
    """``plantool eval``: per-document counts, attribute accuracy and the F1 line last."""
    lines = _eval_commitment_lines(report, verbose) + _eval_statement_lines(report, verbose)
    core = min(report.accuracy("region"), report.accuracy("period"), report.accuracy("kind"))
    line = (f"quantified P {report.precision:.3f} R {report.recall:.3f} F1 {report.f1:.3f}; "
            f"strict F1 {report.strict_f1:.3f}; region/period/kind >= {core:.2f}")
    if report.statements_total:
        line += (f"; statements recall {report.statement_recall:.3f} "
                 f"attrs {report.statement_attrs:.3f}")
    return lines + [line]


# --- diff -------------------------------------------------------------------------------------

DIFF_MARKS = {"added": "+", "removed": "-", "increased": "↑", "decreased": "↓",
              "unchanged": "=", "incomparable": "≠", "shared": "="}
DIFF_STYLES = {"added": "green", "removed": "red", "increased": "cyan", "decreased": "yellow",
               "unchanged": "dim", "incomparable": "magenta", "shared": "dim"}
DIFF_COLUMNS = ["", "sector", "metric", "left", "right", "change", "%", "status", "sim"]
DIFF_DROP_ORDER = ["sim", "%", "sector", "change", "status"]
STATEMENT_DIFF_COLUMNS = ["", "sector", "key", "left", "right", "status"]
STATEMENT_DIFF_FLAT_COLUMNS = ["status", "sector", "key", "left", "right", "similarity"]
FLAT_SIDE_FIELDS = ("id", "region", "period", "kind", "measure", "value", "value_max", "unit",
                    "qualifier", "quote", "doc", "doc_id", "path")


def describe_side(record: dict | None) -> str:
    """增长6%以上 · achievement: the action, number, unit and qualifier of a record."""
    if record is None:
        return ""
    text = f"{record.get('action') or ''}{amount(record, 'compact')}"
    return f"{text} · {record.get('kind') or ''}".strip(" ·")


def change_text(row: dict) -> str:
    """+1.2万个, -0.5百分点: the change from left to right in the left side's unit."""
    if row["delta"] is None:
        return ""
    unit = (row["left"] or {}).get("unit") or ""
    unit = "百分点" if unit == "%" else unit
    sign = "+" if row["delta"] > 0 else ""
    return sign + number(row["delta"], unit, "compact") + unit


def change_percent(row: dict) -> str:
    """+12.5%: the relative change, blank when there is none."""
    if row["ratio"] is None or row["delta"] in (None, 0):
        return ""
    return percent(row["ratio"] - 1, signed=True)


def _with_sectors(rows: list[dict], blank_repeats: bool,
                  cells: Callable[[dict], dict]) -> list[dict]:
    """Table rows led by the status mark and the sector, shown once per group."""
    out, previous = [], None
    for row in rows:
        sector = row["sector"]
        out.append({"": DIFF_MARKS.get(row["status"], ""),
                    "sector": "" if blank_repeats and sector == previous else sector,
                    **cells(row)})
        previous = sector
    return out


def diff_table_rows(rows: list[dict], blank_repeats: bool = True) -> list[dict]:
    """Compact rows for a table: one cell per side, repeated sectors blanked."""
    return _with_sectors(rows, blank_repeats, lambda row: {
        "metric": row["metric"],
        "left": describe_side(row["left"]),
        "right": describe_side(row["right"]),
        "change": change_text(row),
        "%": change_percent(row),
        "status": row["status"],
        "sim": "" if row["similarity"] in (None, 100) else f"{row['similarity']:g}",
    })


def diff_flat_rows(rows: list[dict]) -> tuple[list[dict], list[str]]:
    """Rows for CSV/TSV: every side's fields in columns of their own."""
    columns = ["status", "sector", "metric", "metric_key"]
    for side in ("left", "right"):
        columns += [f"{side}_{f}" for f in FLAT_SIDE_FIELDS]
    columns += ["delta", "ratio", "similarity"]
    out = []
    for row in rows:
        flat = {k: row[k] for k in ("status", "sector", "metric", "metric_key", "delta",
                                    "ratio", "similarity")}
        for side in ("left", "right"):
            record = row[side] or {}
            flat.update({f"{side}_{f}": record.get(f) for f in FLAT_SIDE_FIELDS})
        out.append(flat)
    return out, columns


def excerpt(text: str, key: str, around: int = 14) -> str:
    """The part of a statement around its key phrase, for a table cell."""
    at = text.find(key)
    if at < 0:
        return text if len(text) <= 2 * around + len(key) else text[: 2 * around] + "…"
    start, end = max(0, at - around), min(len(text), at + len(key) + around)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def statement_diff_rows(rows: list[dict], blank_repeats: bool = True) -> list[dict]:
    """Compact rows for a table of key phrases: the statement around the phrase per side."""
    return _with_sectors(rows, blank_repeats, lambda row: {
        "key": row["key"],
        "left": excerpt((row["left"] or {}).get("text", ""), row["key"]),
        "right": excerpt((row["right"] or {}).get("text", ""), row["key"]),
        "status": row["status"],
    })


def diff_view(result, fmt: str, statuses: Sequence[str] = ()) -> View:
    """``plantool diff``: JSON rows as documented, flat columns for CSV/TSV, a compact
    table (coloured by status on a terminal) otherwise; the summary as a note."""
    empty = result.empty_sides()
    if empty:
        names = " and ".join(side.describe() for side in empty)
        return View([], [], lead=[f"no records in {names}: nothing to compare"],
                    quiet=fmt not in JSON_FORMATS)
    rows = [r for r in result.rows if not statuses or r["status"] in statuses]
    statements = bool(result.rows) and "key" in result.rows[0]
    notes = [result.summary()]
    if fmt in JSON_FORMATS:
        return View(rows, [], notes=notes)
    if fmt in FLAT_FORMATS:
        if statements:  # each side's statement text in a column
            flat = [{**r, "left": (r["left"] or {}).get("text"),
                     "right": (r["right"] or {}).get("text")} for r in rows]
            return View(flat, STATEMENT_DIFF_FLAT_COLUMNS, notes=notes)
        flat, columns = diff_flat_rows(rows)
        return View(flat, columns, notes=notes)
    table = statement_diff_rows(rows) if statements else diff_table_rows(rows)
    return View(table, STATEMENT_DIFF_COLUMNS if statements else DIFF_COLUMNS,
                title=f"{result.left.describe()} → {result.right.describe()}",
                styles={"": "bold", "sector": "bold"},
                row_style=[DIFF_STYLES.get(r["status"], "") for r in rows], notes=notes,
                drop_order=[] if statements else DIFF_DROP_ORDER)
