"""Reading: encodings detected (not assumed), Markdown front matter, HTML article text,
directory walks. Fixtures are small strings encoded in the test."""

from __future__ import annotations

import io
import sys
from types import SimpleNamespace

import pytest

from plantool import read

from .conftest import corpus_file

REPORT = ("2024年大连市政府工作报告\n"
          "一、2023年工作回顾\n"
          "全市地区生产总值增长6.5%，新增城镇就业12.5万人。\n"
          "二、2024年主要目标\n"
          "新增家庭养老床位1000张以上，新建社区食堂20个。\n")
# 镕 is a GBK character missing from GB2312: pages labelled gb2312 often contain it.
GBK_ONLY = "朱镕基同志指出，要把国有企业改革作为重点。\n"


def page(body: str, charset: str = "utf-8", title: str = "2024年大连市政府工作报告") -> str:
    return (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" '
            f'content="text/html; charset={charset}"><title>{title}_大连市人民政府</title>'
            f"</head><body>{body}</body></html>\n")


# --- encodings --------------------------------------------------------------------


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
    ("utf-16", "utf-16"),  # with a byte-order mark
    ("utf-16-le", "utf-16-le"),  # without one
    ("utf-16-be", "utf-16-be"),
])
def test_encodings_are_detected(encoding, expected):
    source = read.from_bytes(REPORT.encode(encoding), "r.txt", "r.txt")
    assert source.encoding == expected
    assert source.text == REPORT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_or_ascii_is_detected(encoding):
    text = "新增家庭养老床位一千张新建社区食堂二十个"  # no ASCII byte, so no zero byte
    source = read.from_bytes(text.encode(encoding), "r.txt", "r.txt")
    assert (source.encoding, source.text.strip()) == (encoding, text)


def test_gbk_file_is_decoded_as_gb18030():
    source = read.from_bytes(GBK_ONLY.encode("gbk"), "zhu.txt", "zhu.txt")
    assert source.encoding == "gb18030"
    assert "朱镕基" in source.text


def test_page_declaring_gb2312_is_decoded_as_gb18030():
    data = page(f"<p>{GBK_ONLY}</p>", charset="gb2312").encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # the trap the rule avoids
    source = read.from_bytes(data, "p.html", "p.html")
    assert source.encoding == "gb18030"
    assert "朱镕基同志指出" in source.text


@pytest.mark.parametrize("declared", ["utf-8", "iso-8859-1", "windows-1252"])
def test_a_wrong_charset_declaration_does_not_win(declared):
    data = page(f"<p>{REPORT}</p>", charset=declared).encode("gbk")
    source = read.from_bytes(data, "p.html", "p.html")
    assert source.encoding == "gb18030"
    assert "新增家庭养老床位1000张以上" in source.text


def test_declared_big5_is_honoured():
    text = "新增家庭養老床位一千張，新建社區食堂二十個。"
    data = page(f"<p>{text}</p>", charset="big5", title="社區食堂").replace(
        "大连市", "臺北市").encode("big5")
    source = read.from_bytes(data, "p.html", "p.html")
    assert source.encoding == "big5"
    assert text in source.text


def test_encoding_override():
    text = "新增家庭養老床位一千張，新建社區食堂二十個。\n"
    data = text.encode("big5")
    assert read.from_bytes(data, "t.txt", "t.txt").text == text  # Big5 is detected
    source = read.from_bytes(data, "t.txt", "t.txt", encoding="big5")
    assert (source.encoding, source.text) == ("big5", text)
    # GB labels map to gb18030 there too
    assert read.from_bytes(GBK_ONLY.encode("gbk"), "z.txt", "z.txt", "gb2312").text == GBK_ONLY


def test_encoding_override_that_does_not_fit_is_an_error():
    with pytest.raises(read.ReadError, match="invalid utf-8 at byte 0"):
        read.from_bytes(GBK_ONLY.encode("gbk"), "z.txt", "z.txt", encoding="utf-8")
    with pytest.raises(read.ReadError, match="unknown encoding 'nope'"):
        read.from_bytes(GBK_ONLY.encode("gbk"), "z.txt", "z.txt", encoding="nope")
    with pytest.raises(ValueError):
        read.check_encoding("nope")
    assert read.check_encoding("GBK") == "gb18030"


def test_charset_normalizer_is_a_restricted_last_resort(monkeypatch):
    import charset_normalizer

    calls = []
    real = charset_normalizer.from_bytes

    def spy(data, **kwargs):
        calls.append(kwargs)
        return real(data, **kwargs)

    monkeypatch.setattr(charset_normalizer, "from_bytes", spy)
    for encoding in ("utf-8", "gbk", "utf-16"):
        read.from_bytes(REPORT.encode(encoding), "r.txt", "r.txt")
    assert calls == []
    with pytest.raises(read.ReadError, match="undecodable"):
        read.from_bytes(b"\xff\x80" * 200 + b"\xff", "x.txt", "x.txt")
    assert calls and set(calls[0]["cp_isolation"]) <= {"utf_8", "gb18030", "big5"}


def test_damaged_utf8_is_refused_not_read_as_mojibake():
    data = REPORT.encode("utf-8") * 3
    at = len("2024年大连市".encode())  # 16, between two characters
    damaged = data[:at] + b"\xff" + data[at:]
    with pytest.raises(read.ReadError, match="invalid UTF-8 at byte 16;"):
        read.from_bytes(damaged, "d.txt", "d.txt")
    with pytest.raises(read.ReadError, match="ends in the middle of a UTF-8 character"):
        read.from_bytes(data[:-2], "t.txt", "t.txt")


def test_damaged_gbk_is_refused():
    data = (REPORT * 3).encode("gbk")
    at = len("2024年大连市".encode("gbk"))  # 12, between two characters
    with pytest.raises(read.ReadError, match="invalid GB18030/GBK at byte 12;"):
        read.from_bytes(data[:at] + b"\xff" + data[at:], "d.txt", "d.txt")


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "zip"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\x00\x01\x02\x03\xfe\xfd" * 50, "NUL bytes"),
])
def test_binary_files_are_refused(data, kind):
    with pytest.raises(read.ReadError, match=f"binary file.*{kind}"):
        read.from_bytes(data, "b.txt", "b.txt")


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t", "\ufeff\n".encode("utf-8"),
                                  " \n".encode("utf-16")])
def test_empty_files_are_refused(data):
    with pytest.raises(read.ReadError, match="empty file"):
        read.from_bytes(data, "e.txt", "e.txt")


def test_text_without_chinese_is_refused():
    with pytest.raises(read.ReadError, match="no Chinese text"):
        read.from_bytes(b"hello world\n", "e.txt", "e.txt")


# --- Markdown and plain text ------------------------------------------------------


def test_front_matter_becomes_metadata():
    text = ("---\nsource: https://www.ln.gov.cn/x.shtml\ntitle: 2012年大连市政府工作报告\n---\n\n"
            "## **一、2011年工作回顾**\n\n新增城镇就业12.5万人。\n")
    source = read.from_bytes(text.encode(), "d.md", "d.md")
    assert source.format == "markdown"
    assert source.front == {"source": "https://www.ln.gov.cn/x.shtml",
                            "title": "2012年大连市政府工作报告"}
    assert source.text.startswith("## **一、2011年工作回顾**")  # markup kept for segmenting
    assert "source:" not in source.text


def test_front_matter_variants():
    crlf = "---\r\ntitle: 标题\r\n---\r\n正文第一段。\r\n"
    source = read.from_bytes(crlf.encode(), "d.md", "d.md")
    assert (source.front, source.text) == ({"title": "标题"}, "正文第一段。\n")
    closed_long = "---\ntitle: 标题\n----\n正文第一段。\n"
    assert read.from_bytes(closed_long.encode(), "d.md", "d.md").front == {"title": "标题"}
    empty = read.from_bytes("---\n---\n正文第一段。\n".encode(), "d.md", "d.md")
    assert (empty.front, empty.text) == ({}, "正文第一段。\n")
    bom_txt = "\ufeff---\ntitle: 标题\n---\n正文第一段。\n"
    source = read.from_bytes(bom_txt.encode(), "d.txt", "d.txt")
    assert (source.front, source.text) == ({"title": "标题"}, "正文第一段。\n")


def test_a_rule_that_is_not_front_matter_is_kept():
    text = "---\n新增养老床位1000张，建设食堂。\n---\n正文。\n"
    source = read.from_bytes(text.encode(), "d.md", "d.md")
    assert source.front == {}
    assert "新增养老床位1000张" in source.text


def test_stored_text_keeps_original_characters():
    text = "２０２５年，新增床位１０００张①，占比达到87.2％。\r\n二○三五年远景目标。"
    source = read.from_bytes(text.encode(), "d.txt", "d.txt")
    assert source.text == text.replace("\r\n", "\n") + "\n"


# --- HTML -------------------------------------------------------------------------

GOV_PAGE = """
<div class="header"><div class="logo">大连市人民政府</div>
  <ul class="menu"><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li></ul></div>
<nav><a href="/">网站首页</a> <a href="/x">新闻中心</a></nav>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a></div>
<script>document.write("<p>脚本里的文字</p>");</script><style>p {color: red}</style>
<div class="content-wrap">
  <h1>2024年大连市政府工作报告</h1>
  <div class="article-info">发布日期：2024-02-06　来源：大连市政府办公室</div>
  <div class="TRS_Editor" id="zoom">
    <p>&nbsp;&nbsp;各位代表：</p>
    <p>　　一、2023年工作回顾</p>
    <p>　　全市地区生产总值增长6.5%，新增城镇就业12.5万人。<br/>一般公共预算收入增长8%。</p>
    <table><tr><td>地区生产总值增长</td><td>6%左右</td></tr></table>
    <p>　　新增家庭养老床位1000张以上，新建社区食堂20个。</p>
    <p style="display: none">隐藏的文字</p>
  </div>
  <div class="bdshare">分享到：<a>微信</a><a>微博</a></div>
  <div class="related"><h3>相关阅读</h3>
    <ul><li><a href="/a">全市经济工作会议召开</a></li></ul></div>
  <ul><li><a href="/b">大连市发布2023年统计公报</a></li>
    <li><a href="/c">市政府常务会议</a></li></ul>
</div>
<footer><p>主办：大连市人民政府办公室　版权所有</p></footer>
<div class="footer"><p>辽ICP备05000000号 网站标识码2102000001</p></div>
"""


def test_html_keeps_the_article_and_drops_the_chrome():
    source = read.from_bytes(page(GOV_PAGE).encode(), "p.html", "p.html")
    assert source.format == "html"
    lines = source.text.splitlines()
    assert lines[0] == "2024年大连市政府工作报告"
    for kept in ("各位代表：", "一、2023年工作回顾",
                 "全市地区生产总值增长6.5%，新增城镇就业12.5万人。", "一般公共预算收入增长8%。",
                 "新增家庭养老床位1000张以上，新建社区食堂20个。"):
        assert kept in lines
    assert any(line.startswith("地区生产总值增长") and "6%左右" in line for line in lines)
    for dropped in ("政务公开", "新闻中心", "当前位置", "脚本里的文字", "color", "隐藏的文字",
                    "分享到", "微信", "相关阅读", "全市经济工作会议", "统计公报", "版权所有",
                    "ICP备", "大连市人民政府办公室"):
        assert dropped not in source.text, dropped


def test_html_without_an_article_container_keeps_all_text_but_chrome():
    body = ('<div id="nav"><a href="/">首页</a><a href="/n">新闻</a></div>'
            '<div class="box"><h2>关于印发实施方案的通知</h2><p>到2025年，新增养老床位3000张。</p>'
            '<p>建成社区食堂50个。</p></div><div class="foot">版权所有 大连市民政局</div>')
    text = read.from_bytes(page(body, title="关于印发实施方案的通知").encode(), "p.htm",
                           "p.htm").text
    assert text.splitlines() == ["关于印发实施方案的通知", "到2025年，新增养老床位3000张。",
                                 "建成社区食堂50个。"]


def test_html_header_inside_the_article_is_kept():
    body = ("<header><a href='/'>网站首页</a></header>"
            "<article><header><h1>养老服务三年行动方案</h1></header>"
            "<p>到2027年，养老机构护理型床位占比达到65%。</p></article>")
    text = read.html_to_text(page(body, title="养老服务三年行动方案"))
    assert text.splitlines() == ["养老服务三年行动方案",
                                 "到2027年，养老机构护理型床位占比达到65%。"]


def test_html_title_without_site_name():
    assert read.page_title("2024年政府工作报告_大连市人民政府") == "2024年政府工作报告"
    assert read.page_title("实施方案 | 民政局 | 大连") == "实施方案"
    assert read.page_title("十四五规划（2021—2025年）") == "十四五规划（2021—2025年）"
    body = "<div class='article'><p>到2025年，新增养老床位3000张。</p></div>"
    text = read.html_to_text(page(body, title="养老服务实施方案"))
    assert text.splitlines()[0] == "养老服务实施方案"


def test_truncated_html_page_is_refused():
    full = page(GOV_PAGE)
    with pytest.raises(read.ReadError, match="truncated HTML page"):
        read.from_bytes(full[: len(full) // 2].encode(), "p.html", "p.html")
    fragment = "<p>到2025年，新增养老床位3000张。</p>"  # a fragment is not a page: fine
    assert read.html_to_text(fragment) == "到2025年，新增养老床位3000张。"


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_a_txt_file_holding_a_web_page_is_read_as_html(encoding):
    source = read.from_bytes(page(GOV_PAGE).encode(encoding), "saved.txt", "saved.txt")
    assert source.format == "html"
    assert "首页" not in source.text and "新增家庭养老床位1000张以上" in source.text


def test_html_page_with_no_article_text():
    with pytest.raises(read.ReadError, match="no article text"):
        read.from_bytes(page("<script>var a = 1;</script>").encode(), "p.html", "p.html")


# --- files, directories, stdin ----------------------------------------------------


def test_iter_files_walks_directories(tmp_path):
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / ".hidden").mkdir()
    for name in ("docs/b.txt", "docs/a.md", "docs/sub/c.html", "docs/sub/d.HTM",
                 "docs/.hidden/x.txt", "docs/.y.txt", "docs/notes.pdf", "docs/README.md"):
        (tmp_path / name).write_text("正文", encoding="utf-8")
    found = list(read.iter_files([str(tmp_path / "docs"), str(tmp_path / "docs" / "b.txt")]))
    names = [p.replace(str(tmp_path / "docs") + "/", "") for p in found]
    assert names == ["a.md", "b.txt", "notes.pdf", "sub/c.html", "sub/d.HTM"]  # b.txt once


def test_iter_files_inside_a_hidden_parent_folder(tmp_path):
    folder = tmp_path / ".cache" / "reports"
    folder.mkdir(parents=True)
    (folder / "r.txt").write_text("正文", encoding="utf-8")
    assert list(read.iter_files([str(folder)])) == [str(folder / "r.txt")]


def test_iter_files_reports_bad_arguments_in_place(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "ok.txt").write_text("正文", encoding="utf-8")
    items = list(read.iter_files(["missing.txt", str(tmp_path / "empty"), "ok.txt", "-"]))
    assert [type(i).__name__ for i in items] == ["ReadError", "ReadError", "str", "str"]
    assert items[0].reason == "no such file or directory"
    assert "holds no .txt, .md or .html documents" in items[1].reason
    assert items[2:] == ["ok.txt", "-"]


def test_read_a_named_file_with_an_unknown_suffix(tmp_path):
    path = tmp_path / "index"
    path.write_bytes(page(GOV_PAGE).encode("gb18030"))
    source = read.read(str(path))
    assert (source.format, source.name) == ("html", "index")
    assert "新增家庭养老床位1000张以上" in source.text


def test_read_stdin(monkeypatch):
    data = REPORT.encode("gbk")
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))
    source = read.read("-")
    assert (source.path, source.name, source.encoding) == ("<stdin>", "stdin", "gb18030")
    assert source.text == REPORT


def test_read_a_directory_or_missing_file():
    with pytest.raises(read.ReadError, match="is a directory"):
        read.read(".")
    with pytest.raises(read.ReadError, match="no such file"):
        read.read("missing.txt")


# --- the real corpus (skipped when absent) ----------------------------------------


@pytest.mark.corpus
def test_real_markdown_report():
    path = corpus_file("政府工作报告-主要城市", "大连市", "2012.md")
    source = read.read(str(path))
    assert source.front["title"] == "2012年大连市政府工作报告"
    assert source.front["source"].startswith("https://")
    assert not source.text.startswith("---")
    assert "各位代表" in source.text


@pytest.mark.corpus
@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-16-le"])
def test_real_report_in_other_encodings(encoding):
    path = corpus_file("政府工作报告-国务院", "2017.md")
    original = read.read(str(path))
    again = read.from_bytes(path.read_text(encoding="utf-8").encode(encoding), "r.md", "r.md")
    assert again.text == original.text
    assert again.front == original.front
