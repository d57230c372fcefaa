"""Queries behind list, show and docs: filters to SQL, full-text search, ordering."""

from __future__ import annotations

import os
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

Choice = str | tuple[str, ...] | None  # one value, or several meaning any of them


@dataclass
class Filters:
    """The filters shared by list, diff and progress; several values of one filter mean
    any of them (``region=("大连市", "沈阳市")``)."""

    region: Choice = None
    period: str | None = None  # a year (2024) or a span (2021-2025)
    kind: Choice = None
    sector: Choice = None
    metric: str | None = None  # substring of the metric, or a metric_key
    doc: str | None = None  # document id, path, path suffix or file name
    search: str | None = None  # full-text search over statements
    metric_exact: bool = False  # metric names the metric (or its key) exactly


def values(choice: Choice) -> tuple[str, ...]:
    """A filter's values as a tuple: none, one or several."""
    if choice is None or choice == "":
        return ()
    return (choice,) if isinstance(choice, str) else tuple(choice)


def _check_choices(filters: Filters) -> None:
    """A kind or sector that no record can have is a mistake, not an empty answer."""
    from plantool.schema import KINDS, sectors

    for kind in values(filters.kind):
        if kind not in KINDS:
            raise FilterError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    for sector in values(filters.sector):
        if sector not in sectors():
            raise FilterError(f"unknown sector {sector!r}; choose from {', '.join(sectors())}")


def _any_of(column: str, chosen: tuple[str, ...]) -> str:
    return f"{column} in ({','.join('?' * len(chosen))})"


def _where(filters: Filters, table: str, doc_ids: list[int] | None = None
           ) -> tuple[list[str], list]:
    """SQL conditions and their parameters; ``doc_ids``: the documents --doc resolved to."""
    _check_choices(filters)
    where, params = [], []
    for column, chosen in (("region", values(filters.region)), ("kind", values(filters.kind)),
                           ("sector", values(filters.sector))):
        if chosen:
            where.append(_any_of(f"{table}.{column}", chosen))
            params += chosen
    if filters.period:
        wanted = periods.parse_strict(filters.period)
        where.append(f"{table}.period_start <= ? and {table}.period_end >= ?")
        params += [wanted.end, wanted.start]
    if doc_ids is not None:
        where.append(_any_of("documents.id", tuple(doc_ids)))
        params += doc_ids
    return where, params


def commitment_conditions(db: sqlite_utils.Database, filters: Filters,
                          aliases: dict[str, str] | None = None) -> tuple[list[str], list]:
    """The SQL conditions (and parameters) selecting the commitments ``filters`` match,
    over ``commitments`` joined with ``documents``: the one home of that rule."""
    where, params = _where(filters, "commitments", _doc_ids(db, filters.doc))
    if filters.metric:
        keys = _metric_keys(db, filters.metric, aliases)
        marks = ",".join("?" * len(keys))
        named = "commitments.metric = ?" if filters.metric_exact else "instr(commitments.metric, ?) > 0"
        where.append(f"({named} or commitments.metric_key in ({marks}))")
        params += [filters.metric, *keys]
    if filters.search:
        where.append(_search_clause("commitments.statement_id"))
        params += _search_params(filters.search)
    return where, params


def query_commitments(db: sqlite_utils.Database, filters: Filters, order: str = "",
                      limit: int = 0, aliases: dict[str, str] | None = None) -> list[dict]:
    """Commitment rows with their document's name and path, filtered, sorted, limited."""
    where, params = commitment_conditions(db, filters, aliases)
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


def _statement_where(db: sqlite_utils.Database, filters: Filters) -> tuple[list[str], list]:
    where, params = _where(filters, "statements", _doc_ids(db, filters.doc))
    if filters.metric:
        named = "metric = ?" if filters.metric_exact else "instr(metric, ?) > 0"
        where.append("statements.id in (select statement_id from commitments where "
                     f"{named} or metric_key = ?)")
        params += [filters.metric, filters.metric]
    if filters.search:
        where.append(_search_clause("statements.id"))
        params += _search_params(filters.search)
    return where, params


def query_statements(db: sqlite_utils.Database, filters: Filters, order: str = "",
                     limit: int = 0) -> list[dict]:
    """Statement rows with their document's name and path, filtered, sorted, limited."""
    where, params = _statement_where(db, filters)
    return _select(db, "statements", where, params, order, limit)


def _select(db: sqlite_utils.Database, table: str, where: list[str], params: list,
            order: str, limit: int) -> list[dict]:
    """Rows of ``table`` with their document's file name and path, filtered, sorted and
    limited."""
    sql = (
        f"select {table}.*, documents.name as doc, documents.path as path from {table} "
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
                sort: str = "doc", limit: int = 0, offset: int = 0) -> list[dict]:
    """The commitments that match ``filters`` as JSON records (the schema's fields), sorted
    by ``sort`` (one of SORT_KEYS), from the ``offset``-th on, at most ``limit`` (0: all).
    A ``metric`` filter also finds the records of its aliases (高企 finds 高新技术企业)."""
    spec = filters or Filters()
    rows = query_commitments(db, spec, sort, _upto(limit, offset), aliases=_aliases(db, spec))
    return [commitment_record(r) for r in rows[offset:]]


def statements(db: sqlite_utils.Database, filters: Filters | None = None,
               sort: str = "doc", limit: int = 0, offset: int = 0) -> list[dict]:
    """The statements that match ``filters`` as JSON records, sorted and limited."""
    rows = query_statements(db, filters or Filters(), sort, _upto(limit, offset))
    return [statement_record(r) for r in rows[offset:]]


@dataclass
class Page:
    """Some of the records that match: ``records`` from the ``offset``-th, of ``total``."""

    records: list[dict]
    total: int
    offset: int = 0
    #: the total is a floor: a text search stopped counting at SEARCH_COUNT_CAP + 1
    more: bool = False

    @property
    def cut(self) -> bool:
        """Whether records that match were left out (by the limit or the offset)."""
        return self.total > len(self.records)


def page(db: sqlite_utils.Database, filters: Filters, sort: str = "doc", limit: int = 0,
         offset: int = 0, statements_only: bool = False) -> Page:
    """A page of commitments (or statements) and how many match in all."""
    query = statements if statements_only else commitments
    records = query(db, filters, sort, limit, offset)
    if (limit and len(records) == limit) or (offset and not records):
        cap = SEARCH_COUNT_CAP if filters.search else 0
        total = count(db, filters, statements_only, cap)
        return Page(records, total, offset, more=bool(cap) and total > cap)
    return Page(records, offset + len(records), offset)


#: A page of a text search says how many match up to this many; counting every match of
#: a frequent two-character word would scan every statement only to print a number.
SEARCH_COUNT_CAP = 1_000


def count(db: sqlite_utils.Database, filters: Filters, statements_only: bool = False,
          cap: int = 0) -> int:
    """How many commitments (or statements) match ``filters``; with ``cap``, at most
    ``cap + 1`` (enough to say "more than cap")."""
    table = "statements" if statements_only else "commitments"
    if statements_only:
        where, params = _statement_where(db, filters)
    else:
        where, params = commitment_conditions(db, filters, _aliases(db, filters))
    sql = (f"select 1 from {table} join documents on documents.id = {table}.doc_id"
           + (" where " + " and ".join(f"({w})" for w in where) if where else "")
           + (f" limit {int(cap) + 1}" if cap else ""))
    return db.execute(f"select count(*) from ({sql})", params).fetchone()[0]


def _upto(limit: int, offset: int) -> int:
    """The rows to fetch for a page: all (0), or the ones before it and the page."""
    return limit + offset if limit else 0


def _aliases(db: sqlite_utils.Database, filters: Filters) -> dict[str, str] | None:
    """The metric aliases a metric filter needs (None without one)."""
    if not filters.metric:
        return None
    from plantool.align import load_aliases

    return load_aliases(db)


MAX_ID = 2 ** 63 - 1  # the largest id SQLite stores


def is_record_id(text: str) -> bool:
    """Whether ``text`` is an id SQLite can hold: ASCII digits, at most 2^63 - 1."""
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


def find_documents(db: sqlite_utils.Database, name: str) -> list[dict]:
    """The documents (id, name, path) that ``name`` names: an id, a path (as stored, or a
    file that exists here), the end of a path after a ``/`` (dalian/2024.md), a file name
    with or without its extension (2024.md, 2024). ``id:N`` names document N only."""
    name = name.strip()
    if name.startswith("id:"):
        wanted = name[3:].strip()
        return list(db.query("select id, name, path from documents where id = ?",
                             [int(wanted) if is_record_id(wanted) else None]))
    here = os.path.abspath(name) if name and os.path.exists(name) else ""
    suffix = "/" + name.removeprefix("./")
    return list(db.query(
        "select id, name, path from documents where id = ? or path = ? or path = ? "
        "or name = ? or substr(path, -?) = ? or substr(name, 1, ?) = ? order by id",
        [int(name) if is_record_id(name) else None, name, here, name, len(suffix), suffix,
         len(name) + 1, name + "."]))


def _doc_ids(db: sqlite_utils.Database, name: str | None) -> list[int] | None:
    """The one document ``name`` names (None without a name); a name that names none or
    several is an error listing the candidates."""
    if not name:
        return None
    found = find_documents(db, name)
    if len(found) == 1:
        return [found[0]["id"]]
    if not found:
        raise FilterError(f"no document {name!r}: give an id, a path or the end of one "
                          "(plantool docs lists them)")
    listed = "; ".join(f"id {d['id']} {d['path']}" for d in found[:8])
    more = f"; … {len(found) - 8} more" if len(found) > 8 else ""
    raise FilterError(f"document {name!r} is ambiguous: {len(found)} documents match "
                      f"({listed}{more}); give more of its path, or id:N")
