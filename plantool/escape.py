"""Text fit to show: control characters, direction overrides and undecodable bytes made
visible, so that document text or a file name can neither move the cursor, recolour the
terminal nor break a line of output. The one home of that rule for every printer."""

from __future__ import annotations

import os
import re

_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")
_LAYOUT = "\t\n"  # kept by printable(); one_line() escapes them too


def _escape(char: str, keep: str) -> str:
    code = ord(char)
    if char in keep:
        return char
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape of one undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    if char in "\t\n":
        return repr(char)[1:-1]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text for a terminal table or page: every control character as a visible escape
    (\\x1b, \\u202e), tabs and line breaks kept."""
    return _HIDDEN.sub(lambda m: _escape(m.group(), _LAYOUT), text)


def one_line(text: str) -> str:
    """Text for one line of a report: as printable(), line breaks and tabs escaped too."""
    return _HIDDEN.sub(lambda m: _escape(m.group(), ""), text)


def file_name(path: str) -> str:
    """A file name fit to print on one line: bytes that are not UTF-8 (a GBK name from a
    Windows zip, kept by Python as surrogate escapes) read as GB18030 when they are, else
    shown as \\xNN; control characters escaped."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(path)
        try:
            path = raw.decode("gb18030")
        except UnicodeDecodeError:
            pass
    return one_line(path)
