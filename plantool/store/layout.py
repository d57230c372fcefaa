"""The compact layout of the database: tables, the views that read like the old tables,
full-text indexes, and the upgrade of a file written in the first layout.

Rows live in ``document_rows``, ``statement_rows`` and ``commitments``; ids come from
AUTOINCREMENT, so an id is never given to a second record. A document's text is stored
once: its statements hold it, ``text_gaps`` the characters between them, and the view
``documents`` puts them back together (a text that cannot be rebuilt exactly is kept
whole in ``document_rows.text``). Section paths are stored once in ``sections``. The
views ``documents`` and ``statements`` have the columns of the first layout's tables, so
SQL written for those, and Datasette, keep working. ``documents_fts`` is a trigram index
of each document's text (no positions: it finds the documents that hold every trigram of
a search, and the statements are then checked); ``commitments_fts`` indexes quotes and
metrics with positions, for phrase searches in Datasette. Both are updated with each
document, so they always agree with the tables (FTS5's integrity-check holds).
"""

from __future__ import annotations

import sqlite3

TABLES = (
    """CREATE TABLE IF NOT EXISTS sections (
        id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)""",
    """CREATE TABLE document_rows (
        id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT, name TEXT, title TEXT,
        region TEXT, year INTEGER, period TEXT, doc_type TEXT, published TEXT,
        content_hash TEXT, encoding TEXT, format TEXT, source TEXT, chars INTEGER,
        text TEXT, ingested_at TEXT, raw_path BLOB)""",
    """CREATE TABLE text_gaps (
        doc_id INTEGER NOT NULL REFERENCES document_rows(id), start INTEGER NOT NULL,
        text TEXT NOT NULL, PRIMARY KEY (doc_id, start)) WITHOUT ROWID""",
    """CREATE TABLE statement_rows (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id INTEGER NOT NULL REFERENCES document_rows(id), seq INTEGER, text TEXT,
        start INTEGER, "end" INTEGER, section_id INTEGER REFERENCES sections(id),
        region TEXT, period TEXT, period_start INTEGER, period_end INTEGER, kind TEXT,
        sector TEXT, heading INTEGER)""",
    # value and value_max have no type: a number SQLite cannot hold exactly stays text
    """CREATE TABLE commitments_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id INTEGER NOT NULL REFERENCES document_rows(id),
        statement_id INTEGER REFERENCES statement_rows(id), seq INTEGER, quote TEXT,
        start INTEGER, "end" INTEGER, region TEXT, period TEXT, period_start INTEGER,
        period_end INTEGER, kind TEXT, metric TEXT, metric_key TEXT, action TEXT,
        measure TEXT, value, value_max, unit TEXT, unit_family TEXT, qualifier TEXT,
        sector TEXT)""",
)

INDEXES = (
    "CREATE INDEX idx_document_rows_path ON document_rows(path)",
    "CREATE INDEX idx_document_rows_content_hash ON document_rows(content_hash)",
    "CREATE INDEX idx_statement_rows_doc_seq ON statement_rows(doc_id, seq)",
    "CREATE INDEX idx_statement_rows_region ON statement_rows(region, period_start)",
    "CREATE INDEX idx_commitments_doc_seq ON commitments(doc_id, seq)",
    "CREATE INDEX idx_commitments_region ON commitments(region, period_start)",
    "CREATE INDEX idx_commitments_metric_key ON commitments(metric_key)",
    "CREATE INDEX idx_commitments_statement ON commitments(statement_id)",
)

DOCUMENT_TEXT = """coalesce(d.text, (
    SELECT group_concat(piece, '') FROM (
        SELECT start, text AS piece FROM statement_rows WHERE doc_id = d.id
        UNION ALL SELECT start, text FROM text_gaps WHERE doc_id = d.id
        ORDER BY start)), '')"""

VIEWS = (
    f"""CREATE VIEW documents AS SELECT d.id, d.path, d.name, d.title, d.region, d.year,
        d.period, d.doc_type, d.published, d.content_hash, d.encoding, d.format, d.source,
        d.chars, {DOCUMENT_TEXT} AS text, d.ingested_at FROM document_rows d""",
    """CREATE VIEW statements AS SELECT s.id, s.doc_id, s.seq, s.text, s.start, s."end",
        (SELECT path FROM sections WHERE id = s.section_id) AS section, s.region, s.period,
        s.period_start, s.period_end, s.kind, s.sector, s.heading FROM statement_rows s""",
)

SEARCH_INDEXES = (
    """CREATE VIRTUAL TABLE documents_fts USING fts5(text, tokenize='trigram',
        content=[documents], content_rowid='id', detail=none, columnsize=0)""",
    """CREATE VIRTUAL TABLE commitments_fts USING fts5(quote, metric, tokenize='trigram',
        content=[commitments], content_rowid='id')""",
)

COMMITMENTS_VIEW = """CREATE VIEW commitments_view AS SELECT c.id, c.doc_id,
    d.name AS doc, d.path AS path, d.title AS title, d.region AS doc_region, d.year AS doc_year,
    c.statement_id, c.quote, c.region, c.period, c.kind, c.metric, c.metric_key, c.action,
    c.measure, c.value, c.value_max, c.unit, c.qualifier, c.sector, c.start, c."end"
    FROM commitments c JOIN document_rows d ON d.id = c.doc_id"""

_OLD_STATEMENT_COLUMNS = ('id, doc_id, seq, text, start, "end", region, period, period_start, '
                          "period_end, kind, sector, heading")
_DOCUMENT_COLUMNS = ("id, path, name, title, region, year, period, doc_type, published, "
                     "content_hash, encoding, format, source, chars, text, ingested_at")


def text_gaps(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, str]] | None:
    """The characters of ``text`` outside the statements' spans (start, end, statement
    text), as (start, piece); None when the statements are not exact, ordered,
    non-overlapping pieces of the text (then the text is kept whole)."""
    gaps, at = [], 0
    for start, end, piece in spans:
        if start < at or text[start:end] != piece:
            return None
        if start > at:
            gaps.append((at, text[at:start]))
        at = end
    if at < len(text):
        gaps.append((at, text[at:]))
    return gaps


def document_text(conn: sqlite3.Connection, doc_id: int) -> str:
    """The text of one document, as the ``documents`` view rebuilds it."""
    row = conn.execute("select text from documents where id = ?", [doc_id]).fetchone()
    return row[0] if row else ""


def upgrade_to_compact(conn: sqlite3.Connection) -> None:
    """Move a file of the first layout (tables documents, statements, commitments with a
    trigger-fed statements_fts) into the compact layout, inside the caller's transaction."""
    for trigger in ("statements_ai", "statements_ad", "statements_au"):
        conn.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
    conn.execute("DROP TABLE IF EXISTS statements_fts")
    for ddl in TABLES:
        conn.execute(ddl)
    conn.execute(f"INSERT INTO document_rows ({_DOCUMENT_COLUMNS}) "
                 f"SELECT {_DOCUMENT_COLUMNS} FROM documents")
    conn.execute("INSERT OR IGNORE INTO sections (path) "
                 "SELECT DISTINCT coalesce(section, '') FROM statements")
    conn.execute(f"INSERT INTO statement_rows ({_OLD_STATEMENT_COLUMNS}, section_id) "
                 f"SELECT {', '.join('s.' + c for c in _OLD_STATEMENT_COLUMNS.split(', '))}, "
                 "x.id FROM statements s JOIN sections x ON x.path = coalesce(s.section, '')")
    conn.execute("INSERT INTO commitments_new SELECT * FROM commitments")
    for table in ("commitments", "statements", "documents"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("ALTER TABLE commitments_new RENAME TO commitments")
    for ddl in (*INDEXES, *VIEWS):
        conn.execute(ddl)
    _share_texts(conn)
    for ddl in SEARCH_INDEXES:
        conn.execute(ddl)
    conn.execute("INSERT INTO documents_fts (rowid, text) SELECT id, text FROM documents")
    conn.execute("INSERT INTO commitments_fts (rowid, quote, metric) "
                 "SELECT id, quote, metric FROM commitments")


def _share_texts(conn: sqlite3.Connection) -> None:
    """Drop each document's second copy of its text where the statements and the gaps
    between them rebuild it exactly."""
    for doc_id, text in conn.execute(
            "SELECT id, text FROM document_rows WHERE text IS NOT NULL").fetchall():
        spans = conn.execute('SELECT start, "end", text FROM statement_rows WHERE doc_id = ? '
                             "ORDER BY seq", [doc_id]).fetchall()
        gaps = text_gaps(text, spans)
        if gaps is None:
            continue
        conn.executemany("INSERT INTO text_gaps (doc_id, start, text) VALUES (?, ?, ?)",
                         [(doc_id, start, piece) for start, piece in gaps])
        conn.execute("UPDATE document_rows SET text = NULL WHERE id = ?", [doc_id])
        if document_text(conn, doc_id) != text:  # rebuilt otherwise: keep it whole
            conn.execute("DELETE FROM text_gaps WHERE doc_id = ?", [doc_id])
            conn.execute("UPDATE document_rows SET text = ? WHERE id = ?", [text, doc_id])
