"""Storage: the SQLite database, its migrations, ingest transactions and queries.

The text is stored once (statements plus the gaps between them; ``documents`` and
``statements`` are views that rebuild the old columns), ids are never reused, writers
take ``BEGIN IMMEDIATE`` in WAL mode and wait for each other, and ``documents_fts`` /
``commitments_fts`` (FTS5 trigram) answer searches of three characters or more; shorter
ones scan. All SQL of plantool lives in this package: ``database`` (opening, migrations,
transactions), ``layout`` (the tables and views), ``writes``, ``queries``, ``lookups``
and ``ratings`` (the stored progress ratings).
"""

from plantool.store.database import *  # noqa: F403
from plantool.store.lookups import *  # noqa: F403
from plantool.store.queries import *  # noqa: F403
from plantool.store.writes import *  # noqa: F403
