"""The extraction pipeline for one document: clean → segment → extract → attribute.

``process`` takes the stored text of a document and returns plain records (dicts with
the schema's field names) that ``store`` writes and tests inspect directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from plantool import attribute, clean, extract, metadata, segment, tables
from plantool.align import metric_key
from plantool.numbers import plain


@dataclass
class Processed:
    meta: metadata.DocumentMeta
    statements: list[dict] = field(default_factory=list)
    commitments: list[dict] = field(default_factory=list)


_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_ACTIONABLE = re.compile(r"^(各位代表|现在，?我代表|请予审议|谢谢)")


def process(text: str, path: str = "", front: dict | None = None,
            overrides: dict | None = None) -> Processed:
    parse = clean.parse_copy(text)
    found = segment.blocks(text, parse)
    meta = metadata.detect(text, found, path, front)
    for key, value in (overrides or {}).items():
        if value not in (None, ""):
            setattr(meta, key, value)
    result = Processed(meta)
    base = attribute.document_context(meta)
    block_region = ""
    carried: attribute.Context | None = None
    carried_block = -1
    heading_ctx: dict[str, attribute.Context] = {}
    reader = tables.TableReader()
    for sentence in _region_clauses(segment.sentences(text, parse, found), parse, meta.region):
        block = found[sentence.block]
        if sentence.is_heading and block.kind == "heading":
            region = attribute.region_line(sentence.text, meta.region)
            if region:
                block_region = region
        ctx = _section_context(sentence.headings, base, meta, heading_ctx)
        if block_region:
            ctx = attribute.Context(block_region, ctx.period, ctx.kind)
        # A time word opening a paragraph ("2024年，…", "过去一年，…") carries to the end of
        # the paragraph in news, and to the next heading in reports.
        if meta.doc_type == "news":
            if sentence.block != carried_block:
                carried, carried_block = None, sentence.block
        elif not _within(sentence.headings, carried_block):
            carried, carried_block = None, None
        previous_carry = carried
        sctx, clause_base, carried = attribute.sentence_context(sentence.text, ctx, meta, carried)
        if carried is not None and carried is not previous_carry and meta.doc_type != "news":
            carried_block = tuple(sentence.headings)
        sentence_parse = parse[sentence.start:sentence.end]
        if sentence.is_table:
            found_here = reader.feed(text, sentence.start, sentence.end)
            if not found_here:
                continue
        elif len(_HAN.findall(sentence.text)) < 4 or _NOT_ACTIONABLE.match(sentence.text):
            continue
        else:
            found_here = extract.extract(sentence_parse)
        statement = {
            "id": len(result.statements) + 1,
            "text": sentence.text,
            "start": sentence.start,
            "end": sentence.end,
            "section": sentence.section,
            "region": sctx.region,
            "period": sctx.period,
            "kind": sctx.kind,
            "sector": attribute.sector_of(sentence.text, sentence.section),
            "heading": sentence.is_heading,
        }
        result.statements.append(statement)
        for quantity in found_here:
            result.commitments.append(
                _commitment(quantity, sentence, sentence_parse, text, clause_base, meta,
                            statement))
    return result


def _region_clauses(sentences, parse: str, scope: str):
    """Split a sentence before a clause whose subject is a district of the document's region
    (…新建家庭养老床位1000张，普兰店区获评…): that clause is its own statement."""
    for sentence in sentences:
        if sentence.is_heading or sentence.is_table:
            yield sentence
            continue
        piece = parse[sentence.start:sentence.end]
        cuts = set()
        for pos in range(1, len(piece)):
            if piece[pos - 1] in "，," and attribute.subject_region(piece[pos:pos + 12], scope):
                cuts.add(pos)
                end = min([i + 1 for i in (piece.find(c, pos) for c in "，,") if i >= 0]
                          or [len(piece)])
                cuts.add(end)  # the district's clause ends at the next comma
        cuts.discard(len(piece))
        if not cuts:
            yield sentence
            continue
        bounds = [0, *sorted(cuts), len(piece)]
        for index, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            part = parse[sentence.start + a:sentence.start + b].rstrip("，, ")
            yield replace(sentence, start=sentence.start + a, end=sentence.start + a + len(part),
                          text=sentence.text[a:a + len(part)], paragraph_index=index)


def _within(headings: list[str], scope) -> bool:
    """Whether a sentence sits in the carried section or one of its subsections."""
    return isinstance(scope, tuple) and tuple(headings[:len(scope)]) == scope


def _section_context(headings: list[str], base: attribute.Context, meta: metadata.DocumentMeta,
                     cache: dict[str, attribute.Context]) -> attribute.Context:
    ctx = base
    for heading in headings:
        key = f"{ctx.period}|{ctx.kind}|{heading}"
        if key not in cache:
            cache[key] = attribute.heading_context(heading, ctx, meta)
        ctx = cache[key]
    return ctx


def _commitment(quantity: extract.Quantity, sentence: segment.Sentence, sentence_parse: str,
                text: str, sctx: attribute.Context, meta: metadata.DocumentMeta,
                statement: dict) -> dict:
    clause_end = quantity.num_end
    while clause_end < len(sentence_parse) and sentence_parse[clause_end] not in "，；。":
        clause_end += 1
    ctx = attribute.clause_context(sentence_parse, quantity.clause, clause_end, sctx, meta)
    start = sentence.start + quantity.quote_start
    end = sentence.start + quantity.quote_end
    return {
        "statement_id": statement["id"],
        "quote": text[start:end],
        "start": start,
        "end": end,
        "region": ctx.region,
        "period": ctx.period,
        "kind": ctx.kind,
        "metric": quantity.metric,
        "metric_key": metric_key(quantity.metric),
        "action": quantity.action,
        "measure": quantity.measure,
        "value": plain(quantity.value),
        "value_max": plain(quantity.value_max) if quantity.value_max is not None else None,
        "unit": quantity.unit,
        "unit_family": quantity.unit_family,
        "qualifier": quantity.qualifier,
        "sector": attribute.sector_of(quantity.metric, sentence.text, sentence.section),
    }
