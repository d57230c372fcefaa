"""Storage: the SQLite database, its migrations, ingest transactions and queries.

Tables: ``documents`` (metadata, full cleaned text, content hash), ``statements``,
``commitments``, ``aliases`` (analysts' metric aliases), and ``statements_fts`` (FTS5 with
the trigram tokenizer, so that Chinese substrings of three or more characters are
found; shorter queries fall back to a substring scan). Every table operation goes
through sqlite-utils; schema changes are ``Migrations`` steps so older files upgrade.
"""

from plantool.store.database import *  # noqa: F403
from plantool.store.lookups import *  # noqa: F403
from plantool.store.queries import *  # noqa: F403
from plantool.store.writes import *  # noqa: F403
