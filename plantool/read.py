"""Reading: files, directories and stdin → decoded document text.

Encodings are detected, not assumed: an explicit ``--encoding`` → a byte-order mark →
UTF-16 without one → strict UTF-8 → the charset an HTML page declares (GB labels read
as gb18030, as browsers do) → GB18030 → charset-normalizer restricted to plausible
Chinese encodings, as a last resort. A file that is almost, but not quite, UTF-8 or
GB18030 is refused with the offset of the first bad byte instead of being read as
mojibake; Big5 (traditional characters), which GB18030 would also decode, is told apart by
its punctuation. HTML pages are reduced to their article text; Markdown loses its YAML
front matter (kept as metadata; anchors and aliases refused). Word documents (.docx) and
PDFs with a text layer are read by :mod:`plantool.docxtext` and :mod:`plantool.pdftext`,
whatever their suffix. Only regular files (or standard input) are read, up to a size
limit (:mod:`plantool.limits`).

Every problem with a file is a :class:`ReadError` whose ``reason`` is one short line
for the person at the terminal.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from plantool import docxtext, limits, pdftext
from plantool.clean import normalise_newlines
from plantool.errors import EncodingError, ReadError
from plantool.escape import file_name
from plantool.htmltext import html_to_text, page_title  # noqa: F401 (page_title: public API)
from plantool.limits import DEFAULT_MAX_BYTES, ENV_MAX_BYTES  # noqa: F401 (public API)

SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
            ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
            ".docx": "docx", ".pdf": "pdf"}
#: Formats read from a package of their own (a zip of XML, a PDF), not decoded as text.
PACKAGED = ("docx", "pdf")
STDIN = "<stdin>"
_GB_LABELS = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "gb18030", "csgb2312",
              "chinese", "iso-ir-58", "euc-cn", "cp936", "windows-936", "ms936", "936",
              "csgbk", "csiso58gb231280", "hz-gb-2312"}
# Declared charsets worth trusting for a Chinese page; a page that declares latin-1 or
# windows-1252 is mislabelled (every byte string decodes as latin-1, into mojibake).
_PLAUSIBLE_DECLARED = {"utf-8", "utf8", "big5", "big5-hkscs", "cp950", "x-big5"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)"""
                      rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
# Opened by ---, closed by --- (or longer, or ...); may be empty.
_FRONT = re.compile(r"\A---[ \t]*\n(?:(.*?)\n)?(?:-{3,}|\.{3})[ \t]*(?:\n|\Z)", re.S)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (.docx, .xlsx or .zip)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc or .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"RIFF", "a RIFF file (WebP, WAV or AVI)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
)


@dataclass
class Source:
    path: str
    name: str
    text: str
    encoding: str
    format: str  # text | markdown | html | docx | pdf
    front: dict = field(default_factory=dict)


# --- finding files ----------------------------------------------------------------


def iter_files(paths: list[str]) -> Iterator[str | ReadError]:
    """Each document file named or found (recursively) under the paths, in order.

    A missing path or a directory holding no documents yields a ReadError in its place,
    so that one bad argument does not stop the others. A file named twice (directly, or
    through two arguments) is yielded once. Inside a directory, hidden files and
    folders and files whose suffix is not a document's are passed over; a file named
    directly is always read (its format is then sniffed).
    """
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if not path.exists():
            reason = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            yield ReadError(file_name(raw), reason)
        elif path.is_dir():
            found = [p for p in _tree_files(path)
                     if p.suffix.lower() in SUFFIXES and not _is_folder_note(p)]
            if not found:
                yield ReadError(file_name(raw), "directory holds no .txt, .md or .html "
                                                "documents, nor .docx or .pdf ones")
            for p in found:
                if _first_time(p, seen):
                    yield str(p)
        elif _first_time(path, seen):
            yield str(path)


def _tree_files(root: Path) -> list[Path]:
    """Every file under ``root`` in path order, hidden files and folders passed over and
    symbolic links to folders not followed; walked with a stack, not recursion, so a
    folder nested a thousand deep is read like any other."""
    found, folders = [], [root]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
            elif entry.is_file():
                found.append(Path(entry.path))
    return sorted(found)


def _is_folder_note(path: Path) -> bool:
    """README, LICENSE and CHANGELOG files describe a folder; they are not documents."""
    return path.stem.upper() in ("README", "LICENSE", "CHANGELOG", "CONTRIBUTING")


def _first_time(path: Path, seen: set[str]) -> bool:
    try:
        key = str(path.resolve())
    except OSError:
        key = str(path)
    if key in seen:
        return False
    seen.add(key)
    return True


# --- reading ----------------------------------------------------------------------


def check_encoding(encoding: str) -> str:
    """The codec name for an ``--encoding`` value; EncodingError if Python has none."""
    try:
        return codecs.lookup(_gb(encoding)).name
    except LookupError:
        raise EncodingError(f"unknown encoding {encoding!r}") from None


def read(path: str, encoding: str | None = None, max_bytes: int | None = None) -> Source:
    """The document at ``path`` (``-`` for standard input), decoded and reduced to text.

    Only a regular file or standard input is read, and no more than ``max_bytes``
    (default: ``PLANTOOL_MAX_BYTES``, else :data:`DEFAULT_MAX_BYTES`). Errors name the
    file printably, whatever the bytes of its name.
    """
    limit = limits.byte_limit(max_bytes)  # a bad PLANTOOL_MAX_BYTES concerns every file
    if path == "-":
        return from_bytes(limits.read_stdin(limit), STDIN, "stdin", encoding)
    shown = file_name(path)
    data = limits.read_file(path, shown, limit)
    return from_bytes(data, shown, file_name(Path(path).name), encoding)


def from_bytes(data: bytes, path: str, name: str, encoding: str | None = None) -> Source:
    """A Source from raw bytes; ``name`` (its suffix) says the format, else it is sniffed."""
    fmt = SUFFIXES.get(Path(name).suffix.lower(), "")
    if not data.strip():
        raise ReadError(path, "empty file")
    packaged = _packaged_text(data, path)
    if packaged is not None:
        text, fmt = packaged
        used = ""
    else:
        fmt = "" if fmt in PACKAGED else fmt  # named .pdf or .docx, but text: sniff it
        text, used, fmt = _decoded_text(data, path, encoding, fmt)
    front: dict = {}
    if fmt == "html":
        text = html_to_text(text, path)
        if not text.strip():
            raise ReadError(path, "no article text found in the HTML page")
    elif fmt not in PACKAGED:
        stripped = text.lstrip("\ufeff \t\r\n")
        if stripped.startswith("---"):
            body, front = split_front_matter(stripped, path)
            text = body if body != stripped else text
    text = normalise_newlines(text)
    if not _HAN.search(text):
        raise ReadError(path, "no Chinese text found" + (f" (decoded as {used})" if used else ""))
    return Source(path, name, text, used, fmt, front)


def _packaged_text(data: bytes, path: str) -> tuple[str, str] | None:
    """The text and format of a Word document or a PDF, else None."""
    if data.startswith(b"%PDF"):
        return pdftext.pdf_text(data, path), "pdf"
    if data.startswith(b"PK\x03\x04") and docxtext.is_docx(data):
        return docxtext.docx_text(data, path), "docx"
    return None


def _decoded_text(data: bytes, path: str, encoding: str | None,
                  fmt: str) -> tuple[str, str, str]:
    """The text of a text file, the encoding it was read in, and its format."""
    guess = _sniff_format(data[:4096].decode("latin-1"), fmt) if fmt in ("", "text") else fmt
    text, used = decode(data, path, encoding, guess)  # an HTML page may declare its charset
    if fmt in ("", "text"):
        fmt = _sniff_format(text[:4096], fmt)  # a UTF-16 page is only seen once decoded
    if not text.strip():
        raise ReadError(path, "empty file")
    if "\x00" in text or _control_share(text) > 0.01:
        raise ReadError(path, f"binary content, not a text document (decoded as {used})")
    return text, used, fmt


def _sniff_format(head: str, fmt: str) -> str:
    """HTML when the text opens as a page (or, with no suffix, has one near the top)."""
    head = head.lstrip("\ufeff\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head:
        return "html"
    if not fmt and ("<html" in head[:2048] or "<body" in head[:2048]):
        return "html"
    return fmt or "text"


def _control_share(text: str) -> float:
    sample = text[:5000]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v\x1a")
    return bad / max(1, len(sample))


# --- decoding ---------------------------------------------------------------------


def decode(data: bytes, path: str, encoding: str | None = None,
           fmt: str = "") -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read in; ReadError if there is none.

    An explicit encoding wins; otherwise the readers of ``DECODERS`` are tried in order
    (each answers, refuses with a ReadError, or passes), charset-normalizer last.
    """
    if encoding:
        return _decode_as(data, path, encoding)
    for reader in DECODERS:
        found = reader(data, path, fmt)
        if found is not None:
            return found
    return _normalizer_guess(data, path)


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def _by_bom(data: bytes, path: str, fmt: str) -> tuple[str, str] | None:
    """A byte-order mark names the encoding; bad bytes after it are an error."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as error:
                label = name.replace("-sig", "").upper()
                raise ReadError(path, _bad_bytes(error, f"{label} (after a {label} byte-order "
                                                        "mark)")) from None
    return None


def _not_binary(data: bytes, path: str, fmt: str) -> tuple[str, str] | None:
    """A known binary format (PDF, zip, image …) or NUL bytes that are not UTF-16 text."""
    kind = _binary_kind(data)
    if kind:
        raise ReadError(path, f"binary file ({kind}), not a text document")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data, require_han=False)
        if utf16:
            return utf16
        raise ReadError(path, "binary file (it contains NUL bytes), not a text document")
    return None


def _strict(codec: str, label: str):
    """A reader for one codec: the text when it decodes, an error when the data is almost
    but not quite in that codec (a corrupt file, not another encoding), else a pass."""

    def reader(data: bytes, path: str, fmt: str) -> tuple[str, str] | None:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as error:
            if _mostly_valid(data, codec):
                raise ReadError(path, _bad_bytes(error, label)) from None
        return None

    reader.__name__ = f"strict_{codec.replace('-', '_')}"
    return reader


def _declared(data: bytes, path: str, fmt: str) -> tuple[str, str] | None:
    """The charset an HTML page declares, when the bytes decode in it."""
    declared = _declared_charset(data) if fmt == "html" else ""
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    return None


def _utf16_unmarked(data: bytes, path: str, fmt: str) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark, recognised by its Chinese characters."""
    return _utf16_without_bom(data)


_BIG5_CODECS = ("big5", "cp950", "big5hkscs")
#: Punctuation every Chinese text is full of. In Big5 read as GB18030 it turns into
#: private-use or rare characters; GBK text hardly ever decodes as Big5 at all.
_CHINESE_PUNCTUATION = frozenset("，。、；：“”（）《》")


def _punctuation_share(text: str) -> float:
    sample = text[:4000]
    return sum(c in _CHINESE_PUNCTUATION for c in sample) / max(1, len(sample))


def _big5_unmarked(data: bytes, path: str, fmt: str) -> tuple[str, str] | None:
    """Big5 text, which GB18030 would decode too (as mojibake): the reading whose
    punctuation is Chinese punctuation wins."""
    for codec in _BIG5_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        try:
            other = _punctuation_share(data.decode("gb18030"))
        except UnicodeDecodeError:
            other = 0.0
        if _punctuation_share(text) > other + 0.01 and _plausible_share(text) >= 0.95:
            return text, codec
        return None
    return None


#: The order encodings are tried in when none is given.
DECODERS = (_by_bom, _not_binary, _strict("utf-8", "UTF-8"), _declared, _utf16_unmarked,
            _big5_unmarked, _strict("gb18030", "GB18030/GBK"))


def _decode_as(data: bytes, path: str, encoding: str) -> tuple[str, str]:
    try:
        name = check_encoding(encoding)
    except EncodingError as error:
        raise ReadError(path, str(error)) from None
    if name in ("utf-8", "utf-16", "utf-32") and data.startswith(
            (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = "utf-8-sig" if name == "utf-8" else name
    try:
        return data.decode(name), name
    except UnicodeDecodeError as error:
        raise ReadError(path, _bad_bytes(error, encoding)) from None


def _bad_bytes(error: UnicodeDecodeError, encoding: str) -> str:
    if error.end >= len(error.object) and "end of data" in error.reason:
        return (f"undecodable bytes: the file ends in the middle of a {encoding} character "
                "(truncated?)")
    return (f"undecodable bytes: invalid {encoding} at byte {error.start}; the file is damaged "
            "or mixes encodings (--encoding forces one)")


def _binary_kind(data: bytes) -> str:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and b"\x00" not in data[:512]:
                continue
            return kind
    return ""


def _mostly_valid(data: bytes, encoding: str) -> bool:
    """Whether ``data`` is text in ``encoding`` with a few damaged bytes.

    Text in another encoding read this way fails almost everywhere: over the corpus in
    GBK or Big5, read as UTF-8, there are at most 0.3 good non-ASCII characters for each
    bad one. Ten or more good ones for each bad one means damage, not a wrong guess.
    """
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if ord(c) > 127) - bad
    return bad > 0 and good >= 20 and good >= 10 * bad


def _declared_charset(data: bytes) -> str:
    """The charset a page declares, if it is one a Chinese page plausibly uses."""
    match = _CHARSET.search(data[:8192])
    if not match:
        return ""
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = _gb(label)
    if label != "gb18030" and label not in _PLAUSIBLE_DECLARED:
        return ""
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""


def _gb(label: str) -> str:
    return "gb18030" if label.lower().strip() in _GB_LABELS else label


# What Chinese documents are made of: ASCII, Latin-1 signs, general punctuation, CJK
# punctuation and symbols, ideographs, full-width forms (not half-width katakana).
_PLAUSIBLE_RANGES = ((0x09, 0x0D), (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x27BF),
                     (0x3000, 0x303F), (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                     (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF01, 0xFF5E), (0xFFE0, 0xFFE6))


def _plausible_share(text: str) -> float:
    sample = text[:4000]
    good = sum(1 for c in sample if any(lo <= ord(c) <= hi for lo, hi in _PLAUSIBLE_RANGES))
    return good / max(1, len(sample))


def _han_share(text: str) -> float:
    sample = "".join(text[:4000].split())
    return len(_HAN.findall(sample)) / max(1, len(sample))


def _utf16_without_bom(data: bytes, require_han: bool = True) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark, when one byte order reads as Chinese text."""
    if len(data) % 2:
        return None
    # ASCII characters put their zero byte second in little-endian, first in big-endian.
    zeros_odd = data[1::2].count(0)
    zeros_even = data[0::2].count(0)
    order = ("utf-16-le", "utf-16-be") if zeros_odd >= zeros_even else ("utf-16-be", "utf-16-le")
    for name in order:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _plausible_share(text) >= 0.95 and (_han_share(text) >= 0.3 or not require_han):
            return text, name
    return None


def _normalizer_guess(data: bytes, path: str) -> tuple[str, str]:
    """The last resort: charset-normalizer, allowed only encodings Chinese text uses."""
    failure = ReadError(path, "undecodable bytes: not UTF-8, UTF-16, GB18030 or Big5 text "
                              "(--encoding forces one)")
    try:
        from charset_normalizer import from_bytes as guess
    except ImportError:  # pragma: no cover - a declared dependency
        raise failure from None
    best = guess(data, cp_isolation=["utf_8", "gb18030", "big5"]).best()
    if best is None or best.encoding is None:
        raise failure
    text = str(best)
    if _control_share(text) > 0.01 or not _HAN.search(text) or _plausible_share(text) < 0.9:
        raise failure
    return text, best.encoding


# --- Markdown front matter --------------------------------------------------------


#: Front matter is a few lines of metadata; more than this is not front matter.
MAX_FRONT_MATTER = 64 * 1024


def split_front_matter(text: str, path: str = "") -> tuple[str, dict]:
    """YAML front matter (between ``---`` lines at the very start) → (body, metadata).

    YAML anchors and aliases (``&a`` … ``*a``) are refused with a ReadError: metadata
    never needs them, and nested aliases expand exponentially (an "alias bomb").
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    match = _FRONT.match(text[:MAX_FRONT_MATTER + 16])
    if not match:
        return text, {}
    import yaml

    try:
        if _uses_aliases(match.group(1) or ""):
            raise ReadError(path, "YAML front matter with anchors or aliases (&name, *name): "
                                  "plantool does not expand them")
        front = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError:
        return text, {}  # not front matter after all: keep the lines as text
    if not isinstance(front, dict):
        return text, {}
    return text[match.end():], {str(k): v for k, v in front.items()}


def _uses_aliases(front: str) -> bool:
    """Whether YAML text defines an anchor or uses an alias (its tokens say, cheaply)."""
    import yaml

    return any(isinstance(token, (yaml.AnchorToken, yaml.AliasToken))
               for token in yaml.scan(front, Loader=yaml.SafeLoader))
