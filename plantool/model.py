"""Record types: what the pipeline produces for one document.

``store.save_document`` and tests read records by the schema's field names, so each
record gives its fields as a plain dict (:meth:`as_dict`, in field order) and
``pipeline.Processed`` holds those dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from plantool.metadata import DocumentMeta

__all__ = ["CommitmentRecord", "DocumentMeta", "StatementRecord"]


class _Record:
    def as_dict(self) -> dict:
        """The fields by their schema names, in declaration order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class StatementRecord(_Record):
    """A sentence (or heading, or table row) of a document with its attribution."""

    id: int  # position in the document, from 1; store maps it to the row id
    text: str
    start: int
    end: int
    section: str
    region: str
    period: str
    kind: str
    sector: str
    heading: bool


@dataclass(frozen=True)
class CommitmentRecord(_Record):
    """A quantified statement: a metric, an amount and the clause's attribution."""

    statement_id: int
    quote: str
    start: int
    end: int
    region: str
    period: str
    kind: str
    metric: str
    metric_key: str
    action: str
    measure: str
    value: int | float
    value_max: int | float | None
    unit: str
    unit_family: str
    qualifier: str
    sector: str
