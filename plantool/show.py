"""One record in full: its document, section path and surrounding text.

Domain logic only: finding the record and its context; ``views.detail_lines`` shapes
it for the terminal.
"""

from __future__ import annotations

import sqlite_utils

from plantool import store


def describe(db: sqlite_utils.Database, record_id: int, statement: bool = False,
             context_chars: int = 120) -> dict | None:
    """A commitment (or statement) with its document, section and ``context_chars`` of
    text on each side; a target also with its progress rating. None if there is none."""
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

        detail["rating"] = progress.explain(db, row)  # the results considered, and why
    return detail

