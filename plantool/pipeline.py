"""The extraction pipeline for one document: clean → segment → extract → attribute.

``process`` takes the stored text of a document and returns plain records (dicts with
the schema's field names, made from :mod:`plantool.model`'s record types) that
``store`` writes and tests inspect directly. This module only wires the stages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plantool import attribute, clean, extract, metadata, segment, tables, traditional
from plantool.align import metric_key, record_metric
from plantool.model import CommitmentRecord, StatementRecord
from plantool.numbers import plain


@dataclass
class Processed:
    meta: metadata.DocumentMeta
    statements: list[dict] = field(default_factory=list)
    commitments: list[dict] = field(default_factory=list)


#: Four Han characters, wherever they stand: fewer, and a line is no statement.
_FOUR_HAN = re.compile(r"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){4}")
#: Lines of a speech that carry no content of their own (the address, the closing).
_NOT_ACTIONABLE = re.compile(r"^(各位代表|现在，?我代表|请予审议|谢谢)")


def process(text: str, path: str = "", front: dict | None = None,
            overrides: dict | None = None) -> Processed:
    """The records of a document; one in traditional characters is read through a
    simplified copy of the same length, its quotes kept in the original characters."""
    reading = traditional.reading_copy(text)
    if reading is text:
        return _process(text, path, front, overrides)
    result = _process(reading, path, traditional.simplified_front(front), overrides)
    return traditional.in_original(result, text, reading, front)


def _process(text: str, path: str, front: dict | None, overrides: dict | None) -> Processed:
    parse = clean.parse_copy(text)
    found = segment.blocks(text, parse)
    meta = metadata.detect(text, found, path, front)
    for key, value in (overrides or {}).items():
        if value not in (None, ""):
            setattr(meta, key, value)
    result = Processed(meta)
    attribution = attribute.Attribution(meta)
    reader = tables.TableReader()
    for sentence in segment.district_clauses(segment.sentences(text, parse, found), parse,
                                             meta.region):
        district_line = sentence.is_heading and found[sentence.block].kind == "heading"
        sctx, clause_base = attribution.sentence(sentence.text, sentence.block,
                                                 sentence.headings, district_line)
        sentence_parse = parse[sentence.start:sentence.end]
        quantities = _quantities(sentence, text, sentence_parse, reader)
        if quantities is None:
            continue
        statement = _statement(len(result.statements) + 1, sentence, sctx)
        result.statements.append(statement.as_dict())
        clauses = attribute.SentenceClauses(sentence_parse, clause_base, meta)
        for quantity in quantities:
            record = _commitment(quantity, sentence, clauses, text, statement.id)
            result.commitments.append(record.as_dict())
    return result


def _quantities(sentence: segment.Sentence, text: str, sentence_parse: str,
                reader: tables.TableReader) -> list[extract.Quantity] | None:
    """The quantities of a sentence, or ``None`` when it is no statement at all (an empty
    table row, a line with under four Han characters, an address to the delegates)."""
    if sentence.is_table:
        return reader.feed(text, sentence.start, sentence.end) or None
    if not _FOUR_HAN.match(sentence.text) or _NOT_ACTIONABLE.match(sentence.text):
        return None
    return extract.extract(sentence_parse)


def _statement(number: int, sentence: segment.Sentence,
               sctx: attribute.Context) -> StatementRecord:
    return StatementRecord(
        id=number, text=sentence.text, start=sentence.start, end=sentence.end,
        section=sentence.section, region=sctx.region, period=sctx.period, kind=sctx.kind,
        sector=attribute.sector_of(sentence.text, sentence.section),
        heading=sentence.is_heading)


def _commitment(quantity: extract.Quantity, sentence: segment.Sentence,
                clauses: attribute.SentenceClauses, text: str,
                statement_id: int) -> CommitmentRecord:
    clause_end = clauses.end_after(quantity.num_end)
    ctx = clauses.context(quantity.clause, clause_end, quantity.measure, quantity.action)
    start = sentence.start + quantity.quote_start
    end = sentence.start + quantity.quote_end
    # keyed as aliases.refresh_metric_keys keys it: with an action that is part of the noun
    key = metric_key(record_metric({"metric": quantity.metric, "action": quantity.action,
                                    "quote": text[start:end]}))
    return CommitmentRecord(
        statement_id=statement_id, quote=text[start:end], start=start, end=end,
        region=ctx.region, period=ctx.period, kind=ctx.kind,
        metric=quantity.metric, metric_key=key,
        action=quantity.action, measure=quantity.measure, value=plain(quantity.value),
        value_max=plain(quantity.value_max) if quantity.value_max is not None else None,
        unit=quantity.unit, unit_family=quantity.unit_family, qualifier=quantity.qualifier,
        sector=attribute.sector_of(quantity.metric, sentence.text, sentence.section))
