"""Documents in traditional characters: detected, then read through a simplified copy.

The stored text of a document is always what it was written in; the rules only know
simplified Chinese. A document whose Han characters are largely traditional-only is
therefore processed on a *reading copy* converted to simplified characters one for
one (so that every offset in the copy is an offset in the stored text), and the
quotes, statement texts, section paths and title of the records are taken back from
the stored text at the same offsets.

Conversion runs OpenCC's ``tw2s`` and then ``hk2s``: each is OpenCC's standard
``t2s`` preceded by the reverse of the Taiwan (or Hong Kong) variant table, so text in
any of the three traditional standards (OpenCC's, Taiwan's, Hong Kong's) comes back to
the same simplified characters. Neither rewrites vocabulary (``tw2sp`` would turn
新增 into 添加).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from plantool.pipeline import Processed

_HAN = re.compile(r"[\u4e00-\u9fff]")
#: Share of Han characters that conversion changes above which a text is traditional.
#: Simplified reports in the corpus reach 0.001 (著 → 着, 於 → 于 in names); reports
#: converted with OpenCC's s2t, s2tw or s2hk start at 0.25.
TRADITIONAL_SHARE = 0.05
#: The OpenCC configurations applied in turn.
CONFIGS = ("tw2s", "hk2s")


@lru_cache(maxsize=1)
def _converters() -> tuple:
    import opencc

    return tuple(opencc.OpenCC(name) for name in CONFIGS)


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, converted phrase-aware (its length may change)."""
    for converter in _converters():
        text = converter.convert(text)
    return text


@lru_cache(maxsize=8192)
def _one(char: str) -> str:
    converted = to_simplified(char)
    return converted if len(converted) == 1 else char


def simplified_copy(text: str) -> str:
    """``text`` in simplified characters, one character for one.

    Phrase-aware conversion keeps the length almost always; when it does not (a
    phrase table entry of another length), every character is converted on its own.
    """
    converted = to_simplified(text)
    if len(converted) != len(text):
        converted = "".join(_one(c) if _HAN.match(c) else c for c in text)
    return _place_names_kept(text, converted)


@lru_cache(maxsize=1)
def _changed_place_names() -> tuple[tuple[str, str], ...]:
    """(converted, gazetteer) spellings of the place names conversion changes: 乾安县
    becomes 干安县, since 乾 is also the traditional form of 干."""
    from plantool import vocab

    names = {row[1] for row in vocab.rows("regions.tsv")[1:] if len(row) > 1}
    names |= {name[:-1] for name in names if len(name) >= 3}
    found = []
    for name in sorted(names):
        converted = to_simplified(name)
        if converted != name and len(converted) == len(name):
            found.append((converted, name))
    return tuple(found)


def _place_names_kept(text: str, converted: str) -> str:
    """The converted copy with place names spelled as the gazetteer spells them, where the
    original writes the gazetteer's character (乾安縣 → 乾安县, but 若干縣 stays 若干县)."""
    chars: list[str] | None = None
    for wrong, name in _changed_place_names():
        at = converted.find(wrong)
        while at >= 0:
            chars = chars if chars is not None else list(converted)
            for i, char in enumerate(name):
                if text[at + i] == char:
                    chars[at + i] = char
            at = converted.find(wrong, at + 1)
    return converted if chars is None else "".join(chars)


def traditional_share(text: str, converted: str | None = None) -> float:
    """The share of the Han characters of ``text`` that only traditional script writes."""
    converted = simplified_copy(text) if converted is None else converted
    han = changed = 0
    for original, simple in zip(text, converted, strict=True):
        if _HAN.match(original):
            han += 1
            changed += original != simple
    return changed / max(1, han)


def reading_copy(text: str) -> str:
    """The text the rules read: ``text`` itself, or its simplified copy when it is written
    in traditional characters (the same length, offset for offset)."""
    if traditional_share(_sample(text)) < TRADITIONAL_SHARE / 2:
        return text  # a clearly simplified text is not converted as a whole
    converted = simplified_copy(text)
    if converted == text or traditional_share(text, converted) < TRADITIONAL_SHARE:
        return text
    return converted


def _sample(text: str, size: int = 2000) -> str:
    """The opening, middle and end of a long text, enough to tell its script."""
    if len(text) <= 3 * size:
        return text
    middle = len(text) // 2
    return text[:size] + text[middle:middle + size] + text[-size:]


def _original(part: str, reading: str, text: str) -> str:
    """``part`` (a piece of the reading copy) in the document's own characters."""
    at = reading.find(part) if part else -1
    return text[at:at + len(part)] if at >= 0 else part


def simplified_front(front: dict | None) -> dict | None:
    """Front matter with its text values in simplified characters, for the rules."""
    if not front:
        return front
    return {key: to_simplified(value) if isinstance(value, str) else value
            for key, value in front.items()}


def in_original(result: Processed, text: str, reading: str,
                front: dict | None = None) -> Processed:
    """Records made on the reading copy, with their quoted text back in the original
    (and the title as the front matter writes it, when it comes from there)."""
    for statement in result.statements:
        statement["text"] = _slice_or_find(statement, "text", reading, text)
        statement["section"] = " > ".join(_original(part, reading, text)
                                          for part in statement["section"].split(" > "))
    for commitment in result.commitments:
        commitment["quote"] = _slice_or_find(commitment, "quote", reading, text)
    front_title = str((front or {}).get("title") or "")
    if front_title and result.meta.title == to_simplified(front_title):
        result.meta.title = front_title
    else:
        result.meta.title = _original(result.meta.title, reading, text)
    return result


def _slice_or_find(record: dict, key: str, reading: str, text: str) -> str:
    start, end = record["start"], record["end"]
    if reading[start:end] == record[key]:
        return text[start:end]
    return _original(record[key], reading, text)
