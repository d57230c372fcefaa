"""Every input format a government site serves: .docx, text PDFs (and scans refused),
Big5, traditional characters. Each is ingested through the CLI from a fixture made from
a real report (tests/fixtures/formats/make_fixtures.py) and compared with the records of
the simplified UTF-8 original."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from plantool import docxtext, pdftext, read, traditional
from plantool.cli import cli

from .conftest import SEEDS, corpus_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"
LUOYANG = ("政府工作报告-其他地市", "洛阳市", "2023.md")
COMMUNIQUE = ("国家统计局年度统计", "2025.md")


def ingest(*paths: Path | str, db: Path) -> CliRunner:
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", *map(str, paths)])
    assert "Traceback" not in result.output
    return result


def commitments(db: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["--db", str(db), "list", "--limit", "0", "--format",
                                      "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def documents(db: Path) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("select * from documents order by id")]


def quotes_index_the_stored_text(db: Path) -> bool:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select c.quote, c.start, c.\"end\", d.text from commitments c "
                            "join documents d on d.id = c.doc_id").fetchall()
    return bool(rows) and all(text[start:end] == quote for quote, start, end, text in rows)


def facts(records: list[dict]) -> Counter:
    """What a commitment says, whatever the document's format or script."""
    return Counter((r["metric"], r["value"], r.get("value_max"), r["unit"], r["kind"],
                    r["period"], r["region"]) for r in records)


def copy(name: str, folder: Path, as_name: str = "") -> Path:
    target = folder / (as_name or name)
    shutil.copyfile(FIXTURES / name, target)
    return target


@pytest.fixture(scope="module")
def docx_db(tmp_path_factory) -> Path:
    """The .docx fixture ingested through the CLI (once: the communiqué is long)."""
    folder = tmp_path_factory.mktemp("docx")
    result = ingest(copy("communique.docx", folder), db=folder / "docx.db")
    assert result.exit_code == 0, result.output
    return folder / "docx.db"


@pytest.fixture(scope="module")
def pdf_db(tmp_path_factory) -> Path:
    """The text PDF fixture ingested through the CLI."""
    folder = tmp_path_factory.mktemp("pdf")
    result = ingest(copy("luoyang.pdf", folder), db=folder / "pdf.db")
    assert result.exit_code == 0, result.output
    return folder / "pdf.db"


# --- .docx ------------------------------------------------------------------------


def test_docx_headings_from_styles_and_tables_as_rows(docx_db):
    db = docx_db
    doc = documents(db)[0]
    assert doc["format"] == "docx"
    lines = doc["text"].splitlines()
    assert lines[0] == "# 中华人民共和国2025年国民经济和社会发展统计公报[1]"  # Title style
    assert "# 一、综合" in lines  # Heading 1
    header = lines.index("| 指标 | 年末数（万人） | 比重（%） |  |")  # an empty 4th column
    assert lines[header + 1] == "| --- | --- | --- | --- |"
    assert lines[header + 2] == "| 全国人口 | 140489 | 100.0 |  |"
    records = commitments(db)
    assert any(r["metric"] == "全国人口" and r["unit"] == "人" for r in records)
    assert quotes_index_the_stored_text(db)


@pytest.mark.corpus
def test_docx_gives_the_records_of_the_markdown_original(tmp_path, docx_db):
    ingest(corpus_file(*COMMUNIQUE), db=tmp_path / "md.db")
    from_docx, from_md = commitments(docx_db), commitments(tmp_path / "md.db")
    assert len(from_md) > 1000
    assert facts(from_docx) == facts(from_md)


@pytest.mark.parametrize("style, level", [("Heading 1", 1), ("Heading 3", 3), ("标题 2", 2),
                                          ("Title", 1), ("Normal", 0), ("List Paragraph", 0)])
def test_heading_levels_of_paragraph_styles(style, level):
    assert docxtext.heading_level(style) == level


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "tables.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    result = ingest(path, db=tmp_path / "x.db")
    assert result.exit_code == 1
    assert f"error: {path}: binary file (a zip archive" in result.stderr


# --- PDF --------------------------------------------------------------------------


def test_text_pdf_is_read_with_paragraphs_rejoined(pdf_db):
    db = pdf_db
    doc = documents(db)[0]
    assert (doc["format"], doc["region"], doc["year"]) == ("pdf", "洛阳市", 2023)
    lines = doc["text"].splitlines()
    assert "各位代表：" in lines
    assert not any(line.startswith("— ") for line in lines)  # page numbers dropped
    # a paragraph broken over five lines of the PDF is one line again
    assert any(line.startswith("过去的五年极不寻常") and line.endswith("征程。") for line in lines)
    assert quotes_index_the_stored_text(db)


@pytest.mark.corpus
def test_text_pdf_gives_the_records_of_the_original(tmp_path, pdf_db):
    ingest(corpus_file(*LUOYANG), db=tmp_path / "md.db")
    from_pdf, from_md = commitments(pdf_db), commitments(tmp_path / "md.db")
    assert len(from_md) > 200
    assert facts(from_pdf) == facts(from_md)


def test_scanned_pdf_has_no_text_layer(tmp_path):
    db = tmp_path / "scan.db"
    path = copy("scan.pdf", tmp_path)
    result = ingest(path, db=db)
    assert result.exit_code == 1
    assert f"error: {path}: no text layer: the PDF holds page images only" in result.stderr


def test_a_pdf_named_txt_is_still_read_as_a_pdf(tmp_path):
    import sys

    sys.path.insert(0, str(FIXTURES))
    try:
        from make_fixtures import pdf_bytes
    finally:
        sys.path.remove(str(FIXTURES))
    path = tmp_path / "report.txt"
    path.write_bytes(pdf_bytes([("到2025年，新建社区食堂20个。", 12.0)]))
    source = read.read(str(path))
    assert (source.format, source.text) == ("pdf", "到2025年，新建社区食堂20个。\n")


def test_wrapped_lines_rejoin_but_headings_and_short_lines_stay():
    full = "一" * 37
    indented = full[:33] + "。"  # a one-line paragraph, two characters in
    lines = ["标题", full, full, "最后一行。", "（二）下一节", indented, "新段落", full[:35],
             "接续"]
    assert pdftext.join_wrapped(lines) == ["标题", full * 2 + "最后一行。", "（二）下一节",
                                           indented, "新段落", full[:35] + "接续"]


# --- Big5 -------------------------------------------------------------------------


def test_big5_is_detected_not_stored_as_mojibake(tmp_path):
    db = tmp_path / "big5.db"
    result = ingest(copy("luoyang-big5.txt", tmp_path), db=db)
    assert result.exit_code == 0, result.output
    doc = documents(db)[0]
    assert doc["encoding"].startswith("big5")
    expected = read.read(str(FIXTURES / "luoyang-traditional.md")).text
    assert doc["text"] == expected  # the front matter stays: a .txt file keeps every line
    assert doc["region"] == "洛阳市"


def test_short_big5_text_is_read_as_big5():
    text = "新增家庭養老床位一千張，新建社區食堂二十個。\n"
    source = read.from_bytes(text.encode("big5"), "t.txt", "t.txt")
    assert (source.encoding, source.text) == ("big5", text)


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("0*.txt")))
def test_simplified_gbk_is_never_taken_for_big5(seed):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    data = text.encode("gb18030")
    assert read.from_bytes(data, seed, seed).encoding == "gb18030"


# --- traditional characters -------------------------------------------------------


def test_traditional_report_keeps_its_characters_and_gets_the_simplified_records(tmp_path):
    import opencc

    original = SEEDS / "002_4af55ab381632780.txt"
    converted = tmp_path / "report-traditional.txt"
    converted.write_text(opencc.OpenCC("s2t").convert(original.read_text(encoding="utf-8")),
                         encoding="utf-8")
    ingest(original, db=tmp_path / "simplified.db")
    result = ingest(converted, db=tmp_path / "traditional.db")
    assert result.exit_code == 0, result.output
    simple, trad = documents(tmp_path / "simplified.db")[0], documents(tmp_path / "traditional.db")[0]
    assert trad["text"] == read.read(str(converted)).text  # the original characters
    assert (trad["region"], trad["year"]) == (simple["region"], simple["year"]) == ("大连市", 2024)
    from_trad = commitments(tmp_path / "traditional.db")
    assert facts(from_trad) == facts(commitments(tmp_path / "simplified.db"))
    assert any("億元" in r["quote"] for r in from_trad)  # quotes in the original script
    assert quotes_index_the_stored_text(tmp_path / "traditional.db")


@pytest.mark.corpus
def test_taiwan_characters_fixture_matches_the_simplified_original(tmp_path):
    ingest(copy("luoyang-traditional.md", tmp_path), db=tmp_path / "t.db")
    ingest(corpus_file(*LUOYANG), db=tmp_path / "s.db")
    from_trad, from_simple = commitments(tmp_path / "t.db"), commitments(tmp_path / "s.db")
    assert len(from_simple) > 200
    assert facts(from_trad) == facts(from_simple)
    assert documents(tmp_path / "t.db")[0]["title"].startswith("洛陽市政府工作報告")


def test_simplified_text_is_read_as_it_is():
    text = (SEEDS / "000_5423c526d952e733.txt").read_text(encoding="utf-8")
    assert traditional.reading_copy(text) is text
    assert traditional.traditional_share(text) < traditional.TRADITIONAL_SHARE


def test_the_reading_copy_has_the_length_of_the_original(monkeypatch):
    text = "新增家庭養老床位一千張，乾安縣和若干縣的衛生院。"
    copy_ = traditional.reading_copy(text)
    assert copy_ == "新增家庭养老床位一千张，乾安县和若干县的卫生院。"

    class Lengthening:  # a phrase table entry of another length
        def convert(self, value: str) -> str:
            return value.replace("養老", "养老服务") if len(value) > 1 else value.translate(
                str.maketrans("養張衛", "养张卫"))

    monkeypatch.setattr(traditional, "_converters", lambda: (Lengthening(),))
    traditional._one.cache_clear()
    try:
        fallback = traditional.simplified_copy("養老床位一千張")
    finally:
        traditional._one.cache_clear()
    assert fallback == "养老床位一千张"


def test_a_damaged_pdf_is_one_clear_line(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes((FIXTURES / "luoyang.pdf").read_bytes()[:3000])
    result = ingest(path, db=tmp_path / "x.db")
    assert result.exit_code == 1
    assert f"error: {path}: binary file (a PDF document) that cannot be read" in result.stderr


def test_a_damaged_pdf_says_nothing_else_on_stderr(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xc7\xec\x8f\xa2\n5 0 obj")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "plantool", "--db", str(tmp_path / "x.db"),
                           "ingest", str(path)], capture_output=True, timeout=120, cwd=root,
                          env={**os.environ, "PYTHONPATH": str(root)})
    lines = done.stderr.decode("utf-8").splitlines()
    assert lines[0].startswith(f"error: {path}: binary file (a PDF document)")
    assert lines[1:] == ["0 documents; 1 failed", "Error: nothing was ingested"]


def test_text_named_like_a_pdf_or_docx_is_read_as_text(tmp_path):
    for name in ("report.pdf", "report.docx"):
        path = tmp_path / name
        path.write_text("到2025年，新建社区食堂20个。\n", encoding="utf-8")
        source = read.read(str(path))
        assert (source.format, source.encoding) == ("text", "utf-8")


def test_indentation_and_blank_lines_open_paragraphs_page_numbers_go():
    full = "二" * 37
    pages = [f"  {full[:35]}\n{full}\n末行。\n\n  {full[:35]}\n\n          — 1 —\n",
             f"{full}\n续完。\n  另一段\n"]
    lines, opens = pdftext.page_lines(pages)
    assert lines == [full[:35], full, "末行。", full[:35], full, "续完。", "另一段"]
    assert opens == [True, False, False, True, False, False, True]
    assert pdftext.join_wrapped(lines, opens) == [full[:35] + full + "末行。",
                                                  full[:35] + full + "续完。", "另一段"]
