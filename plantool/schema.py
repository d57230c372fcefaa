"""The names shared by the command line and the library, defined once.

Kinds, sectors (read from ``data/sectors.tsv``, so a sector added there can be chosen
with ``--sector``), document types, output formats, statuses, sort keys and the fields
of the JSON records. This module imports nothing heavy: ``plantool --help`` uses it.
"""

from __future__ import annotations

from functools import cache

KINDS = ("target", "achievement")
FALLBACK_SECTOR = "other"  # a record no sector keyword matched
DOC_TYPES = ("work_report", "five_year_plan", "annual_plan", "implementation_opinions",
             "statistical_communique", "news")
FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")
JSON_FORMATS = ("json", "jsonl")
FLAT_FORMATS = ("csv", "tsv")
INGEST_STATUSES = ("added", "replaced", "forced", "unchanged", "duplicate")
PROGRESS_STATUSES = ("met", "partly_met", "missed", "in_progress", "not_comparable",
                     "not_reported", "not_due")
RATED_STATUSES = ("met", "partly_met", "missed")
DIFF_STATUSES = ("added", "removed", "increased", "decreased", "unchanged", "incomparable")
STATEMENT_DIFF_STATUSES = ("shared", "removed", "added")
DIFF_STATUS_CHOICES = (*DIFF_STATUSES, "shared")
SORT_KEYS = ("doc", "region", "period", "sector", "metric", "value")
DEFAULT_SORT = "doc"
TERMINAL_PAGE = 100  # rows list shows on a terminal unless --limit says otherwise
UNITS = ("base", "display")  # 元, 人 as stored; or 亿元, 万人 for reading

COMMITMENT_FIELDS = ("id", "doc", "doc_id", "path", "statement_id", "quote", "start", "end",
                     "region", "period", "kind", "metric", "metric_key", "action", "measure",
                     "value", "value_max", "unit", "qualifier", "sector")
STATEMENT_FIELDS = ("id", "doc", "doc_id", "path", "text", "section", "region", "period", "kind",
                    "sector")


@cache
def sectors() -> tuple[str, ...]:
    """Every sector a record can have: those of ``data/sectors.tsv``, then ``other``."""
    from plantool import vocab

    named = tuple(dict.fromkeys(name for name, _ in vocab.sectors()))
    return named if FALLBACK_SECTOR in named else (*named, FALLBACK_SECTOR)


def commitment_record(row: dict) -> dict:
    """A commitment as the JSON output shows it: the schema's fields, in order."""
    return {k: row.get(k) for k in COMMITMENT_FIELDS}


def statement_record(row: dict) -> dict:
    """A statement as the JSON output shows it: the schema's fields, in order."""
    return {k: row.get(k) for k in STATEMENT_FIELDS}
