"""Where the database lives: ``--db``, else ``$PLANTOOL_DB``, else ``./plantool.db``.

Its own small module, so that ``plantool path`` (and anything else that only needs the
path) imports neither sqlite-utils nor the rest of the store.
"""

from __future__ import annotations

import os

DEFAULT_DB = "plantool.db"


def db_path(explicit: str | None = None) -> str:
    """--db, else $PLANTOOL_DB, else ./plantool.db."""
    return explicit or os.environ.get("PLANTOOL_DB") or DEFAULT_DB


def resolved(explicit: str | None = None) -> str:
    """The absolute path of the database in use, links resolved (``plantool path``)."""
    return os.path.realpath(db_path(explicit))
