"""Long lines and long sentences: what the per-sentence shortcuts must keep exact.

The timing side (a long line costs about what the same text with line breaks costs) is
measured by benchmarks/longline.py; these tests hold the behaviour: the same
commitments either way, and clause contexts read once per sentence equal to those read
from each clause's own text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plantool import attribute, clean, periods, pipeline, segment
from plantool.attribute import ACHIEVEMENT, TARGET, Context
from plantool.context import SMALL_NUMBERS, n_years_pattern, target_horizon
from plantool.metadata import DocumentMeta

FIGURES = "全市新建学校5所，改造老旧小区120个，城镇新增就业8万人，到2025年建成公园30个。"
FILLER = ("坚持以人民为中心的发展思想，深化重点领域改革，持续优化营商环境，推动城乡区域协调发展，"
          "加快建设现代化产业体系，统筹发展和安全，") * 6 + "奋力谱写新篇章。"


def _facts(done: pipeline.Processed) -> list[tuple]:
    keys = ("quote", "value", "unit", "period", "kind", "region", "metric", "sector")
    return [tuple(c[k] for k in keys) for c in done.commitments]


def test_a_two_megabyte_line_yields_the_commitments_of_its_lines():
    line = FIGURES + FILLER * 12
    lines = "\n".join([line] * (2_000_000 // len(line.encode("utf-8")) + 1))
    one_line = lines.replace("\n", "")
    assert len(one_line.encode("utf-8")) >= 2_000_000
    meta = {"region": "大连市", "year": 2023}
    with_breaks = pipeline.process(lines, "a.md", overrides=meta)
    without = pipeline.process(one_line, "a.md", overrides=meta)
    assert len(with_breaks.commitments) >= 4 * lines.count("\n")
    assert _facts(without) == _facts(with_breaks)


def test_an_unclosed_quote_makes_one_sentence_of_a_long_line():
    text = "“" + FILLER * 500
    parse = clean.parse_copy(text)
    found = segment.sentences(text, parse, segment.blocks(text, parse))
    assert len(found) == 1 and found[0].end == len(text)


def test_a_closed_quote_ends_its_sentence_again():
    text = "他说：“要加快发展。”" + FILLER + "新建学校5所。"
    parse = clean.parse_copy(text)
    found = segment.sentences(text, parse, segment.blocks(text, parse))
    assert [s.text for s in found][-1] == "新建学校5所。"


def _by_slices(sentence: str, start: int, end: int, ctx: Context, meta: DocumentMeta,
               measure: str, action: str) -> Context:
    """A commitment's context read from its own text up to the clause end, as the rule says."""
    upto, clause = sentence[:end], sentence[start:end]
    horizon = target_horizon(upto, meta, ctx)
    if horizon:
        return Context(ctx.region, horizon[1], TARGET)
    one_year = attribute.year_within_review(upto, clause, ctx, meta)
    if one_year:
        return Context(ctx.region, one_year, ctx.kind)
    if attribute.end_of_span_level(clause, ctx, measure, action):
        return Context(ctx.region, str(periods.bounds(ctx.period)[1]), ctx.kind)
    n_years = n_years_pattern().search(clause)
    if n_years and ctx.kind == TARGET:
        first = int(ctx.period[:4]) if ctx.period[:4].isdigit() else meta.year
        if first:
            return Context(ctx.region, str(first + SMALL_NUMBERS[n_years.group(1)] - 1), TARGET)
    if meta.doc_type == "news" and ctx.kind == ACHIEVEMENT and attribute.has_word("future_strong", upto):
        return Context(ctx.region, ctx.period, TARGET)
    return ctx


PIECES = ["去年", "2019年", "2020年底", "到2025年", "至2021年", "比2019年", "，", "。", "；", "年均增长",
          "累计", "达到", "将", "提出", "要", "三年内达到", "新建", "5所", "的", "截至2020年", "今年"]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=14),
       cut=st.integers(0, 200), width=st.integers(0, 30),
       period=st.sampled_from(["2016-2020", "2021-2025", "2023", ""]),
       kind=st.sampled_from([ACHIEVEMENT, TARGET]),
       doc_type=st.sampled_from(["work_report", "news"]),
       action=st.sampled_from(["达到", "新建", ""]))
def test_clauses_read_once_per_sentence_equal_clauses_read_one_by_one(
        pieces, cut, width, period, kind, doc_type, action):
    sentence = "".join(pieces)
    meta = DocumentMeta(region="大连市", year=2021, doc_type=doc_type)
    ctx = Context("大连市", period, kind)
    clauses = attribute.SentenceClauses(sentence, ctx, meta)
    end = clauses.end_after(min(cut, len(sentence)))
    start = max(0, end - width)
    for clause_end in (end, min(len(sentence), max(start, cut))):  # at a break, and anywhere
        assert clauses.context(start, clause_end, "level", action) == \
            _by_slices(sentence, start, clause_end, ctx, meta, "level", action)
