"""One record in full: its document, section path and surrounding text."""

from __future__ import annotations

import sqlite_utils

from plantool import store


def describe(db: sqlite_utils.Database, record_id: int, statement: bool = False,
             context_chars: int = 120) -> dict | None:
    row = store.get_statement(db, record_id) if statement else store.get_commitment(db, record_id)
    if row is None:
        return None
    text = store.document_text(db, row["doc_id"])
    start, end = row["start"], row["end"]
    section = row.get("section")
    if section is None:
        st = store.get_statement(db, row["statement_id"])
        section = st["section"] if st else ""
    record = store.statement_record(row) if statement else store.commitment_record(row)
    detail = {
        "record": record,
        "type": "statement" if statement else "commitment",
        "title": row.get("title", ""),
        "path": row.get("path", ""),
        "section": section,
        "before": text[max(0, start - context_chars):start],
        "quote": text[start:end],
        "after": text[end:end + context_chars],
    }
    if not statement and row.get("kind") == "target":
        from plantool import progress

        detail.update(progress.explain(db, row))  # the results considered, and why
    return detail


def print_detail(detail: dict, color: bool = False) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(no_color=not color, highlight=False, soft_wrap=True)
    record = detail["record"]
    console.print(f"[bold]{detail['type']} {record['id']}[/bold]  {detail['title']}")
    console.print(f"document: {record['doc']}  ({detail['path']})")
    if detail["section"]:
        console.print(f"section:  {detail['section']}")
    fields = [k for k in record if k not in ("id", "doc", "quote", "text")]
    console.print("  ".join(f"{k}={record[k]}" for k in fields if record[k] not in (None, "")))
    body = Text("…" + detail["before"].replace("\n", " "))
    if color:
        body.append(detail["quote"], style="bold reverse")
    else:
        body.append("【" + detail["quote"] + "】")
    body.append(detail["after"].replace("\n", " ") + "…")
    console.print(body)
    for extra in detail.get("extra_lines", []):
        console.print(extra)
