"""Removing the documents whose files are gone (``ingest --prune``).

Written against the store's ``prune_missing(db, exists=...)``; :func:`plantool.ingest.prune`
uses the store's own when it has one.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from plantool import store
from plantool.store.writes import _delete_document


def prune_missing(db: sqlite_utils.Database, exists: Callable[[str], bool]) -> list[dict]:
    """Remove every document whose path ``exists`` says is gone, with its statements and
    commitments, one transaction per document; the removed documents' id, path and name."""
    gone = [{"id": d["id"], "path": d["path"], "name": d["name"]}
            for d in store.documents(db) if not exists(d["path"])]
    for doc in gone:
        with db.atomic():
            _delete_document(db, doc["id"])
    return gone
