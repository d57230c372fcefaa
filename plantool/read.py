"""Reading: files, directories and stdin → decoded document text.

Encodings are detected, not assumed: BOM → strict UTF-8 → a declared charset (GB
labels read as gb18030, as browsers do) → GB18030 → charset-normalizer restricted to
plausible Chinese encodings. HTML pages are reduced to their article text; Markdown
loses its YAML front matter (kept as metadata).
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from plantool.clean import normalise_newlines

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
            ".htm": "html", ".shtml": "html"}
_GB_LABELS = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "gb18030", "csgb2312",
              "chinese", "iso-ir-58", "euc-cn", "cp936", "windows-936"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


class ReadError(Exception):
    """A file that cannot be read as a document; the message says why."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class Source:
    path: str
    name: str
    text: str
    encoding: str
    format: str
    front: dict = field(default_factory=dict)


def iter_files(paths: list[str]) -> Iterator[str | ReadError]:
    """Each document file named or found (recursively) under the paths, in order.

    A missing path or a directory holding no documents yields a ReadError in its place,
    so that one bad argument does not stop the others.
    """
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if not path.exists():
            yield ReadError(raw, "no such file or directory")
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in p.parts))
            if not found:
                yield ReadError(raw, "directory holds no .txt, .md or .html documents")
            for p in found:
                yield str(p)
        else:
            yield str(path)


def read(path: str, encoding: str | None = None) -> Source:
    if path == "-":
        data = sys.stdin.buffer.read()
        return from_bytes(data, "-", "stdin", encoding)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ReadError(path, error.strerror or str(error)) from None
    return from_bytes(data, path, Path(path).name, encoding)


def from_bytes(data: bytes, path: str, name: str, encoding: str | None = None) -> Source:
    fmt = SUFFIXES.get(Path(name).suffix.lower(), "")
    if not data.strip():
        raise ReadError(path, "empty file")
    if not fmt:
        fmt = _sniff_format(data)
    text, used = decode(data, path, encoding, fmt)
    if "\x00" in text or _control_share(text) > 0.01:
        raise ReadError(path, "binary content, not a text document")
    front: dict = {}
    if fmt == "html":
        text = html_to_text(text, path)
    else:
        text, front = split_front_matter(text)
        if fmt == "text" and text.lstrip().startswith("---\n"):
            text, front = split_front_matter(text.lstrip())
    text = normalise_newlines(text)
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise ReadError(path, "no Chinese text found")
    return Source(path, name, text, used, fmt or "text", front)


def _sniff_format(data: bytes) -> str:
    head = data[:2048].lower()
    if b"<html" in head or b"<!doctype html" in head or b"<body" in head:
        return "html"
    return "text"


def _control_share(text: str) -> float:
    sample = text[:5000]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return bad / max(1, len(sample))


def decode(data: bytes, path: str, encoding: str | None, fmt: str) -> tuple[str, str]:
    if encoding:
        try:
            return data.decode(_gb(encoding)), encoding
        except (LookupError, UnicodeDecodeError) as error:
            raise ReadError(path, f"cannot decode as {encoding}: {error}") from None
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    if _looks_utf16(data):
        for name in ("utf-16-le", "utf-16-be"):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096]) if fmt == "html" else None
    if declared:
        label = declared.group(1).decode("ascii").lower()
        try:
            return data.decode(_gb(label)), _gb(label)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    return _normalizer_guess(data, path)


def _gb(label: str) -> str:
    return "gb18030" if label.lower() in _GB_LABELS else label


def _looks_utf16(data: bytes) -> bool:
    sample = data[:400]
    if len(sample) < 4:
        return False
    zeros_even = sum(1 for b in sample[0::2] if b == 0)
    zeros_odd = sum(1 for b in sample[1::2] if b == 0)
    half = len(sample) / 2
    return max(zeros_even, zeros_odd) > 0.2 * half


def _normalizer_guess(data: bytes, path: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes as guess

    best = guess(data, cp_isolation=["utf_8", "gb18030", "big5"]).best()
    if best is None or best.encoding is None:
        raise ReadError(path, "undecodable bytes: not UTF-8, UTF-16, GB18030 or Big5")
    return str(best), best.encoding


def split_front_matter(text: str) -> tuple[str, dict]:
    text = text.lstrip("\ufeff")
    match = _FRONT.match(text.replace("\r\n", "\n"))
    if not match:
        return text, {}
    import yaml

    try:
        front = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        front = {}
    if not isinstance(front, dict):
        front = {}
    return text.replace("\r\n", "\n")[match.end():], front


# --- HTML -------------------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form",
              "iframe", "svg", "button", "select", "option", "template", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "table", "ul", "ol", "dd", "dt", "blockquote", "pre", "td", "title"}
_CHROME_HINT = re.compile(r"nav|menu|footer|header|breadcrumb|crumb|share|comment|sidebar|"
                          r"copyright|toolbar|banner|login|search|related|recommend", re.I)
_ARTICLE_HINT = re.compile(r"article|content|TRS_Editor|zoom|main|detail|正文|text|body",
                           re.I)


class _Collector(HTMLParser):
    """Text by block, remembering which blocks sit in chrome-like containers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # tag, skipped, article
        self.lines: list[tuple[str, bool]] = []  # text, inside an article container
        self.current: list[str] = []
        self.title = ""
        self._in_title = False

    def _skipping(self) -> bool:
        return any(skip for _, skip, _ in self.stack)

    def _in_article(self) -> bool:
        return any(article for _, _, article in self.stack)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("br", "img", "hr", "meta", "link", "input"):
            if tag == "br":
                self._flush()
            return
        names = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        skip = tag in _SKIP_TAGS or (bool(_CHROME_HINT.search(names))
                                     and not _ARTICLE_HINT.search(names))
        article = tag == "article" or bool(_ARTICLE_HINT.search(names))
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "title":
            self._in_title = True
        self.stack.append((tag, skip, article))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK_TAGS:
            self._flush()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skipping():
            return
        self.current.append(data)

    def _flush(self) -> None:
        text = re.sub(r"[ \t\r\n]+", " ", "".join(self.current)).strip()
        self.current = []
        if text:
            self.lines.append((text, self._in_article()))

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(html: str, path: str = "") -> str:
    """The article text of a page: navigation, scripts, styles and chrome dropped."""
    collector = _Collector()
    try:
        collector.feed(html)
        collector.close()
    except (AssertionError, ValueError) as error:
        raise ReadError(path, f"unreadable HTML: {error}") from None
    lines = collector.lines
    article = [t for t, inside in lines if inside]
    if sum(len(t) for t in article) >= 0.3 * sum(len(t) for t, _ in lines) and article:
        chosen = article
    else:
        chosen = [t for t, _ in lines]
    title = collector.title.strip()
    if title and not any(title in t or t in title for t in chosen[:3]):
        chosen = [title] + chosen
    return "\n".join(chosen)
