"""Queries behind list, show and docs: filters to SQL, full-text search, ordering."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from plantool import periods
from plantool.errors import FilterError
from plantool.schema import (  # noqa: F401 (the record shapes are part of store's API)
    COMMITMENT_FIELDS,
    SORT_KEYS,
    STATEMENT_FIELDS,
    commitment_record,
    statement_record,
)


@dataclass
class Filters:
    """The filters shared by list, diff and progress."""

    region: str | None = None
    period: str | None = None  # a year (2024) or a span (2021-2025)
    kind: str | None = None
    sector: str | None = None
    metric: str | None = None  # substring of the metric, or a metric_key
    doc: str | None = None  # file name, substring of the name or path, or document id
    search: str | None = None  # full-text search over statements


def _check_choices(filters: Filters) -> None:
    """A kind or sector that no record can have is a mistake, not an empty answer."""
    from plantool.schema import KINDS, sectors

    if filters.kind and filters.kind not in KINDS:
        raise FilterError(f"unknown kind {filters.kind!r}; choose from {', '.join(KINDS)}")
    if filters.sector and filters.sector not in sectors():
        raise FilterError(f"unknown sector {filters.sector!r}; "
                          f"choose from {', '.join(sectors())}")


def _where(filters: Filters, table: str) -> tuple[list[str], list]:
    _check_choices(filters)
    where, params = [], []
    if filters.region:
        where.append(f"{table}.region = ?")
        params.append(filters.region)
    if filters.period:
        wanted = periods.parse_strict(filters.period)
        start, end = wanted.start, wanted.end
        where.append(f"{table}.period_start <= ? and {table}.period_end >= ?")
        params += [end, start]
    if filters.kind:
        where.append(f"{table}.kind = ?")
        params.append(filters.kind)
    if filters.sector:
        where.append(f"{table}.sector = ?")
        params.append(filters.sector)
    if filters.doc:
        if str(filters.doc).isdigit():
            where.append("documents.id = ?")
            params.append(int(filters.doc))
        else:
            where.append("(documents.name = ? or instr(documents.path, ?) > 0)")
            params += [filters.doc, filters.doc]
    return where, params


def query_commitments(db: sqlite_utils.Database, filters: Filters, order: str = "",
                      limit: int = 0, aliases: dict[str, str] | None = None) -> list[dict]:
    where, params = _where(filters, "commitments")
    if filters.metric:
        keys = _metric_keys(db, filters.metric, aliases)
        marks = ",".join("?" * len(keys))
        where.append(f"(instr(commitments.metric, ?) > 0 or commitments.metric_key in ({marks}))")
        params += [filters.metric, *keys]
    if filters.search:
        where.append(_search_clause("commitments.statement_id"))
        params += _search_params(filters.search)
    return _select(db, "commitments", where, params, order, limit)


def _metric_keys(db: sqlite_utils.Database, metric: str,
                 aliases: dict[str, str] | None) -> list[str]:
    """The stored metric keys that mean ``metric``: itself and, with ``aliases``, its
    normalised key and every alias of that key (高企 finds 高新技术企业). Stored keys are
    normalised with the current aliases (``set_metric_keys`` re-keys them when the
    aliases change), so these few keys find every record by the metric_key index."""
    if aliases is None:
        return [metric]
    from plantool.align import metric_key

    wanted = metric_key(metric, aliases)
    names = [alias for alias, canonical in aliases.items()
             if canonical == wanted and metric_key(alias, aliases) == wanted]
    return list(dict.fromkeys([metric, wanted, *sorted(names)]))


def query_statements(db: sqlite_utils.Database, filters: Filters, order: str = "",
                     limit: int = 0) -> list[dict]:
    where, params = _where(filters, "statements")
    if filters.metric:
        where.append("statements.id in (select statement_id from commitments where "
                     "instr(metric, ?) > 0 or metric_key = ?)")
        params += [filters.metric, filters.metric]
    if filters.search:
        where.append(_search_clause("statements.id"))
        params += _search_params(filters.search)
    return _select(db, "statements", where, params, order, limit)


def _select(db: sqlite_utils.Database, table: str, where: list[str], params: list,
            order: str, limit: int) -> list[dict]:
    """Rows of ``table`` with their document's file name, filtered, sorted and limited."""
    sql = (
        f"select {table}.*, documents.name as doc from {table} "
        f"join documents on documents.id = {table}.doc_id"
        + (" where " + " and ".join(f"({w})" for w in where) if where else "")
        + f" order by {_order(order, table)}"
        + (f" limit {int(limit)}" if limit else "")
    )
    return [_tidy(_exact(row)) for row in db.query(sql, params)]


def _exact(row: dict) -> dict:
    """A whole number too large for SQLite's integers is stored as its digits: read it
    back as the number it is."""
    for key in ("value", "value_max"):
        value = row.get(key)
        if isinstance(value, str) and value.lstrip("-").isdigit():
            row[key] = int(value)
    return row


def _search_clause(column: str) -> str:
    """Rows whose statement holds the search text. Three characters or more: only the
    documents that hold every trigram of it (``documents_fts``) are looked at, and the
    statement is compared ignoring case, as the trigram index does; shorter text: every
    statement, compared exactly. ``column`` is the statement id of the rows (their table's
    ``doc_id`` names their document)."""
    table = column.split(".")[0]
    text = "statements.text" if column == "statements.id" else \
        f"(select text from statement_rows where statement_rows.id = {column})"
    # Parenthesised as a whole: it is and-ed with the other filters.
    return (f"({table}.doc_id in (select rowid from documents_fts where documents_fts match ? "
            f"union all select id from document_rows where ? = 1) "
            f"and instr(case when ? then plantool_fold({text}) else {text} end, ?) > 0)")


def _search_params(text: str) -> list:
    """The values of ``_search_clause``: the trigram query (every trigram quoted, so the
    text is never query syntax), whether to look at every document, whether to compare
    ignoring case, and the text to find."""
    if len(text) < 3:
        return ['""', 1, 0, text]
    grams = dict.fromkeys(text[i:i + 3] for i in range(len(text) - 2))
    query = " ".join('"' + gram.replace('"', '""') + '"' for gram in grams)
    cased = text.lower() != text or text.upper() != text
    return [query, 0, int(cased), text.lower() if cased else text]


_ORDERS = {
    "": "{t}.doc_id, {t}.seq",
    "doc": "{t}.doc_id, {t}.seq",
    "region": "{t}.region, {t}.period_start, {t}.doc_id, {t}.seq",
    "period": "{t}.period_start, {t}.period_end, {t}.doc_id, {t}.seq",
    "sector": "{t}.sector, {t}.doc_id, {t}.seq",
    "metric": "{t}.metric_key, {t}.period_start, {t}.doc_id, {t}.seq",
    "value": "{t}.value desc, {t}.doc_id, {t}.seq",
}
assert SORT_KEYS == tuple(k for k in _ORDERS if k), "schema.SORT_KEYS and _ORDERS differ"


def _order(order: str, table: str) -> str:
    if order not in _ORDERS:
        raise FilterError(f"cannot sort by {order!r}; choose from {', '.join(SORT_KEYS)}")
    if table == "statements" and order in ("metric", "value"):
        order = ""
    return _ORDERS[order].format(t=table)


def _tidy(row: dict) -> dict:
    for key in ("value", "value_max"):
        value = row.get(key)
        if isinstance(value, float) and value.is_integer():
            row[key] = int(value)
    return row


def documents(db: sqlite_utils.Database) -> list[dict]:
    """Every stored document with its statement and commitment counts, by id."""
    sql = """
        select d.id, d.name, d.title, d.region, d.year, d.period, d.doc_type, d.published,
               d.chars, d.path,
               (select count(*) from statement_rows s where s.doc_id = d.id) as statements,
               (select count(*) from commitments c where c.doc_id = d.id) as commitments
        from document_rows d order by d.id
    """
    return list(db.query(sql))


def get_commitment(db: sqlite_utils.Database, record_id: int) -> dict | None:
    rows = list(db.query(
        "select commitments.*, documents.name as doc, documents.title as title, "
        "documents.path as path from commitments join documents on "
        "documents.id = commitments.doc_id where commitments.id = ?", [record_id]))
    return _tidy(rows[0]) if rows else None


def get_statement(db: sqlite_utils.Database, record_id: int) -> dict | None:
    rows = list(db.query(
        "select statements.*, documents.name as doc, documents.title as title, "
        "documents.path as path from statements join documents on "
        "documents.id = statements.doc_id where statements.id = ?", [record_id]))
    return rows[0] if rows else None


def document_text(db: sqlite_utils.Database, doc_id: int) -> str:
    row = db.execute("select text from documents where id = ?", [doc_id]).fetchone()
    return row[0] if row else ""


def commitments(db: sqlite_utils.Database, filters: Filters | None = None,
                sort: str = "doc", limit: int = 0) -> list[dict]:
    """The commitments that match ``filters`` as JSON records (the schema's fields), sorted
    by ``sort`` (one of SORT_KEYS), at most ``limit`` (0: all). A ``metric`` filter also
    finds the records of its aliases (高企 finds 高新技术企业)."""
    spec = filters or Filters()
    aliases = None
    if spec.metric:
        from plantool.align import load_aliases

        aliases = load_aliases(db)
    rows = query_commitments(db, spec, sort, limit, aliases=aliases)
    return [commitment_record(r) for r in rows]


def statements(db: sqlite_utils.Database, filters: Filters | None = None,
               sort: str = "doc", limit: int = 0) -> list[dict]:
    """The statements that match ``filters`` as JSON records, sorted and limited."""
    return [statement_record(r) for r in query_statements(db, filters or Filters(), sort, limit)]
