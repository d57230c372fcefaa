"""Reports on rated targets: the views of ``plantool progress`` and ``plantool panel``.

Shaped like every other view (:class:`plantool.views.View`), with the one number
formatter of :mod:`plantool.views`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from plantool.schema import FLAT_FORMATS, PROGRESS_STATUSES, RATED_STATUSES, commitment_record
from plantool.views import View, amount, percent

# --- progress ---------------------------------------------------------------------------------

PROGRESS_STYLES = {"met": "green", "partly_met": "yellow", "missed": "red",
                   "in_progress": "blue", "not_comparable": "magenta", "not_reported": "dim",
                   "not_due": "cyan"}
PROGRESS_COLUMNS = ["id", "region", "period", "sector", "metric", "target", "result",
                    "of_target", "status", "target_doc", "target_quote", "result_doc",
                    "result_quote"]
# csv/tsv: the numbers beside the display text, and each document's id and path
PROGRESS_EXPORT_COLUMNS = ["id", "region", "period", "sector", "metric", "target", "target_value",
                           "target_value_max", "target_unit", "result", "result_value",
                           "result_unit", "of_target", "ratio", "status", "target_doc",
                           "target_doc_id", "target_path", "target_quote", "result_doc",
                           "result_doc_id", "result_path", "result_quote"]
PROGRESS_SUMMARY_COLUMNS = ["group", "name", "targets", "rated", "unrated", *PROGRESS_STATUSES,
                            "met_share", "share_of", "bar"]
SUMMARY_TITLE = ("share met of the targets rated (met, partly_met, missed); bar over all "
                 "targets: # met, x other rated, . unrated")


def progress_row(rating) -> dict:
    """A flat row of a rating for tables."""
    t, r = rating.target, rating.result
    return {"id": t["id"], "region": t["region"], "period": t["period"], "sector": t["sector"],
            "metric": t["metric"], "target": amount(t),
            "result": _result_text(rating), "of_target": percent(rating.ratio),
            "status": rating.status, "target_doc": t["doc"], "target_quote": t["quote"],
            "result_doc": r["doc"] if r else "", "result_quote": r["quote"] if r else ""}


def progress_export_row(rating) -> dict:
    """A flat row of a rating for csv/tsv: the table's row with the numbers beside the
    display text (the result in the target's unit and direction) and each document's id
    and path."""
    t = rating.target
    value = None if rating.value is None else _rounded(rating.value)
    target_doc_id, target_path, result_doc_id, result_path = _documents(rating)
    row = {**progress_row(rating), "target_value": t.get("value"),
           "target_value_max": t.get("value_max"), "target_unit": t.get("unit") or "",
           "result_value": value, "result_unit": (t.get("unit") or "") if value is not None else "",
           "ratio": _ratio(rating), "target_doc_id": target_doc_id, "target_path": target_path,
           "result_doc_id": result_doc_id, "result_path": result_path}
    return {c: row[c] for c in PROGRESS_EXPORT_COLUMNS}


def _documents(rating) -> tuple:
    """(target doc id, target path, result doc id, result path) of a rating."""
    return (rating.target.get("doc_id"), getattr(rating, "target_path", ""),
            getattr(rating, "result_doc_id", None), getattr(rating, "result_path", ""))


def _ratio(rating) -> float | None:
    return None if rating.ratio is None else round(rating.ratio, 4)


def _result_text(rating) -> str:
    from plantool.progress import measure

    r = rating.result
    if not r:
        return ""
    if r.get("id") is None:
        return amount(r) + f" ({r['period']})"
    action = r.get("action") or ""
    return (action if measure(r) == "change" else "") + amount(r)


def _rounded(value: float) -> float | int:
    rounded = round(value, 6)
    return int(rounded) if float(rounded).is_integer() else rounded


def _candidate_record(candidate) -> dict:
    from plantool.progress import metric_of

    found = candidate.record
    return {"id": found["id"], "period": found["period"], "metric": metric_of(found),
            "value": found["value"], "unit": found["unit"], "doc": found["doc"],
            "similarity": candidate.similarity, "comparable": candidate.comparable,
            "chosen": candidate.chosen, "note": candidate.note}


def progress_record(rating, candidates: bool = False) -> dict:
    """The JSON object of a rating: full target and result records, ratio and status."""
    out = {"target": commitment_record(rating.target), "result": rating.result,
           "ratio": _ratio(rating),
           "status": rating.status, "sense": rating.sense, "approx": rating.approx,
           "value": None if rating.value is None else _rounded(rating.value),
           "basis": rating.basis, "why": rating.why,
           **dict(zip(("target_doc_id", "target_path", "result_doc_id", "result_path"),
                      _documents(rating), strict=True))}
    if candidates:
        out["candidates"] = [_candidate_record(c) for c in rating.candidates]
    return out


def bar(share: float | None, width: int = 10, plain: bool = True) -> str:
    """A text bar of a share: ``####......`` when piped, blocks on a terminal."""
    if share is None:
        return ""
    full = round(share * width)
    on, off = ("#", ".") if plain else ("█", "░")
    return on * full + off * (width - full)


def status_bar(counts: Counter, width: int = 10, plain: bool = True) -> str:
    """A text bar over all the targets counted: met, then the other rated, then the
    unrated (``##x.......``), so that a share of few rated targets never fills it."""
    total = sum(counts.values())
    if not total:
        return ""
    met = round(counts["met"] / total * width)
    rated = round(sum(counts[s] for s in RATED_STATUSES) / total * width)
    marks = ("#", "x", ".") if plain else ("█", "▒", "░")
    return marks[0] * met + marks[1] * (rated - met) + marks[2] * (width - rated)


def _summary_row(group: str, name: str, counts: Counter, plain: bool, width: int) -> dict:
    targets = sum(counts.values())
    rated = sum(counts[s] for s in RATED_STATUSES)
    share = counts["met"] / rated if rated else None
    out = {"group": group, "name": name, "targets": targets, "rated": rated,
           "unrated": targets - rated}
    out.update({s: counts[s] for s in PROGRESS_STATUSES})
    out["met_share"] = percent(share)
    out["share_of"] = f"{rated} rated of {targets}"
    out["bar"] = status_bar(counts, width, plain)
    return out


def progress_summary(ratings: Sequence, plain: bool = True, width: int = 10) -> list[dict]:
    """Counts per status per region and per sector, rated and unrated, and the share met
    of those rated (with how many that is); one pass over the ratings."""
    return summary_rows(Counter((r.target.get("region") or "", r.target.get("sector") or "",
                                 r.status) for r in ratings), plain, width)


def summary_rows(tally: Counter, plain: bool = True, width: int = 10) -> list[dict]:
    """The summary's rows from (region, sector, status) → how many targets."""
    counts: dict[str, dict[str, Counter]] = {"region": {}, "sector": {}}
    overall: Counter = Counter()
    for (region, sector, status), n in tally.items():
        for group, name in (("region", region), ("sector", sector)):
            if name not in counts[group]:
                counts[group][name] = Counter()
            counts[group][name][status] += n
        overall[status] += n
    rows = [_summary_row(group, name, named[name], plain, width)
            for group, named in counts.items() for name in sorted(named)]
    rows.append(_summary_row("all", "", overall, plain, width))
    return rows


def _ratings_view(ratings: list, limit: int, fmt: str = "table",
                  complete: Callable[[list], list] | None = None) -> View:
    shown = ratings[:limit] if limit else ratings
    notes = []
    if len(shown) < len(ratings):
        notes.append(f"{len(shown)} of {len(ratings)} targets shown; --limit 0 for all")
    if not ratings:
        notes.append("no targets match")
    shown = complete(shown) if complete is not None else shown
    flat = fmt in FLAT_FORMATS
    return View([(progress_export_row if flat else progress_row)(r) for r in shown],
                PROGRESS_EXPORT_COLUMNS if flat else PROGRESS_COLUMNS,
                records=[progress_record(r) for r in shown],
                row_style=[PROGRESS_STYLES[r.status] for r in shown], notes=notes)


def summary_view(tally: Counter, plain: bool = True) -> View:
    """``plantool progress --summary``: the summary alone, from the counts of ``tally``."""
    return View(summary_rows(tally, plain=plain), PROGRESS_SUMMARY_COLUMNS, title=SUMMARY_TITLE,
                styles={"bar": "green"})


def progress_views(everything: list, fmt: str, statuses: Sequence[str] = (), limit: int = 0,
                   summary_only: bool = False, plain: bool = True,
                   complete: Callable[[list], list] | None = None) -> list[View]:
    """``plantool progress``: the ratings (those of ``statuses``), then the summary of all
    of them under a table, or the summary alone. ``complete`` reads in full the ratings
    shown (``progress.complete``), when ``everything`` holds brief ones."""
    ratings = [r for r in everything if not statuses or r.status in statuses]
    shown = [] if summary_only else [_ratings_view(ratings, limit, fmt, complete)]
    if summary_only or (fmt in ("table", "markdown") and ratings):
        shown.append(View(progress_summary(everything, plain=plain), PROGRESS_SUMMARY_COLUMNS,
                          title=SUMMARY_TITLE, styles={"bar": "green"},
                          gap=not summary_only))
    return shown


def explain_lines(rating) -> list[str]:
    """For ``plantool show`` of a target: its status, why, and every result considered."""
    from plantool.progress import metric_of

    approx = ", approximate" if rating.approx else ""
    lines = [f"progress: {rating.status}" + (f" ({percent(rating.ratio)} of target)"
                                             if rating.ratio is not None else "")
             + f"; a {rating.sense}{approx}" + (f"; {rating.basis}" if rating.basis else "")]
    if rating.why:
        lines.append(f"  why: {rating.why}")
    if not rating.candidates:
        lines.append("  no result of this region, period and metric was found")
        return lines
    lines.append(f"results considered ({len(rating.candidates)}):")
    for c in rating.candidates:
        r = c.record
        mark = "*" if c.chosen else " "
        text = (f" {mark} #{r['id']} {r['period']} {metric_of(r)} {r.get('action') or ''}"
                f" {amount(r)}  [{r['doc']}, {r.get('doc_type') or '?'}]"
                f" similarity {c.similarity:g}")
        state = "chosen" if c.chosen else ("comparable" if c.comparable else "set aside")
        lines.append(f"{text}; {state}" + (f" ({c.note})" if c.note else ""))
    return lines


# --- panel ------------------------------------------------------------------------------------

PANEL_GLYPHS = {"met": "✓", "partly_met": "◐", "missed": "✗", "not_comparable": "≠",
                "not_reported": "?", "not_due": "…", "in_progress": "~"}
PANEL_COLUMNS = ["region", "year", "indicator", "label", "target_value", "target_value_max",
                 "target_qualifier", "target_unit", "target_quote", "target_doc_id", "target_path",
                 "result_value", "result_unit", "result_quote", "result_doc_id", "result_path",
                 "status", "gap", "gap_unit", "target_id", "result_id", "competing"]


def panel_record(cell, docs: dict[int, dict]) -> dict:
    """One cell in long format: the target, the result, the status and the gap, each
    leading back to its record, quote and document (what a user exports to Stata)."""
    target, result = cell.target, cell.result or {}
    from plantool.panel import chosen_result

    source = chosen_result(cell) or {}
    gap, gap_unit = cell.gap
    return {
        "region": cell.region, "year": cell.year, "indicator": cell.indicator, "label": cell.label,
        "target_value": target.get("value"), "target_value_max": target.get("value_max"),
        "target_qualifier": target.get("qualifier") or "", "target_unit": target.get("unit") or "",
        "target_quote": target.get("quote") or "", "target_doc_id": target.get("doc_id"),
        "target_path": docs.get(target.get("doc_id"), {}).get("path", ""),
        "result_value": cell.result_value,
        "result_unit": (target.get("unit") or "") if cell.result_value is not None else "",
        "result_quote": result.get("quote") or "", "result_doc_id": source.get("doc_id"),
        "result_path": docs.get(source.get("doc_id"), {}).get("path", ""),
        "status": cell.status, "gap": gap, "gap_unit": gap_unit,
        "target_id": target.get("id"), "result_id": result.get("id"),
        "competing": len(cell.competing),
    }


def _panel_text(cell) -> str:
    """A wide cell: the glyph, the target and, when there is one, the result."""
    target = amount(cell.target)
    result = ""
    if cell.result_value is not None:  # in the target's unit and direction
        result = amount({**cell.result, "value": cell.result_value, "value_max": None,
                         "unit": cell.target.get("unit")})
    return f"{PANEL_GLYPHS.get(cell.status, '')} {target}" + (f" → {result}" if result else "")


def panel_wide_rows(found: Sequence, years: Sequence[int]) -> list[dict]:
    """Region × indicator rows, a column per year: the table people read."""
    rows: dict[tuple[str, str], dict] = {}
    for cell in found:
        row = rows.setdefault((cell.region, cell.indicator),
                              {"region": cell.region, "indicator": cell.label})
        row[str(cell.year)] = _panel_text(cell)
    return [{**row, **{str(y): row.get(str(y), "") for y in years}} for row in rows.values()]


def panel_view(result, fmt: str) -> View:
    """``plantool panel``: long format for csv/tsv/json/jsonl, wide (years as columns) for
    a table or markdown, with a legend and the counts by status."""
    counts = Counter(c.status for c in result.cells)
    rated = sum(counts[s] for s in RATED_STATUSES)
    notes = [f"{len(result.cells)} cells: " + ", ".join(f"{counts[s]} {s}" for s in PANEL_GLYPHS
                                                         if counts[s])
             + f" ({rated} rated)"] if result.cells else ["no targets of these metrics match"]
    records = [panel_record(c, result.docs) for c in result.cells]
    if fmt in ("table", "markdown"):
        years = result.years
        notes.insert(0, "  ".join(f"{g} {s}" for s, g in PANEL_GLYPHS.items()))
        return View(panel_wide_rows(result.cells, years), ["region", "indicator", *map(str, years)],
                    records=records, notes=notes)
    return View(records, PANEL_COLUMNS, records=records, notes=notes)
