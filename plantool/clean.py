"""Text cleaning: a parse copy of the text with the same length as the original.

Quotes must stay exact, so the stored text keeps every original character. Rules run
on a *parse copy* in which a targeted, one-character-for-one map has been applied
(full-width digits and signs, the ideographic space, ○ inside numerals). Because the
map never changes the length, an offset in the parse copy is an offset in the
original. Blanket NFKC is avoided on purpose: it turns ①② into 12 and ㎡ into m2.
"""

from __future__ import annotations

import re

_FULL_WIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULL_WIDTH.update(
    {
        "．": ".",
        "％": "%",
        "－": "-",
        "～": "~",
        "，": "，",
        "\u3000": " ",
        "\u00a0": " ",
        "：": "：",
        "（": "（",
        "）": "）",
        "﹪": "%",
        "﹣": "-",
        "−": "-",
        "‐": "-",
        "‑": "-",
        "＋": "+",
        "／": "/",
    }
)
# Half-width punctuation that seeds and web pages use in Chinese text: map to the
# full-width forms so that clause rules need one set of delimiters.
_HALF_PUNCT = {",": "，", ";": "；", "(": "（", ")": "）", ":": "："}
_TABLE = str.maketrans({**_FULL_WIDTH, **_HALF_PUNCT})

# Delimiters, defined once. The parse copy maps , ; : ( ) to their full-width forms, so
# rules that run on it need only the full-width ones; the ASCII forms stay listed where
# a rule may also see the stored text.
#: Ends of a clause: a commitment's clause never crosses one of these.
CLAUSE_DELIMS = "，；。！？：,;!?\n"
#: Delimiters that close the clause in which a quotation mark may still be open.
QUOTE_SCOPE_DELIMS = "，；。,;"
#: The comma of a list of clauses (not 、, which lists nouns).
COMMAS = "，,"
#: Ends of a sentence inside a paragraph.
SENTENCE_ENDS = "。！？；!?;"
#: The enumeration comma: 新建A、B、C.
LIST_DELIM = "、"
#: Commas and semicolons: the break after a sentence's first clause. Unlike
#: QUOTE_SCOPE_DELIMS it leaves out 。, which inside a sentence only stands in quotes.
CLAUSE_BREAKS = "，,；;"
#: Where a commitment's own clause ends when its time words are read (on the parse copy,
#: where , and ; are already full-width). Narrower than CLAUSE_DELIMS on purpose of
#: history: attribution has always let a colon, ！ or ？ inside the clause, and changing
#: that moves periods (a separate, tested change if wanted).
COMMITMENT_CLAUSE_ENDS = "，；。"
#: Ends of a line that make it a sentence, not a title (a heading never ends so).
LINE_ENDS_NOT_TITLE = SENTENCE_ENDS + "：:" + COMMAS + LIST_DELIM

_NUMERAL = "零〇一二三四五六七八九十"
_CIRCLE_IN_NUMERAL = re.compile(f"(?<=[{_NUMERAL}])[○◯Ｏ](?=[{_NUMERAL}○◯Ｏ])|"
                                f"(?<=[{_NUMERAL}][○◯Ｏ])[○◯Ｏ]|"
                                f"(?<=[{_NUMERAL}])[○◯Ｏ](?=[年])")
# A comma between digits is a thousands separator (1,200); keep it ASCII there.
_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")


def parse_copy(text: str) -> str:
    """The text with a length-preserving map applied, for rules to match against."""
    out = text.translate(_TABLE)
    out = _CIRCLE_IN_NUMERAL.sub("〇", out)
    out = _THOUSANDS.sub(",", out)
    assert len(out) == len(text)
    return out


def normalise_newlines(text: str) -> str:
    """The stored form of a document: newlines unified, BOM and trailing blanks gone."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"
