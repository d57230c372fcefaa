"""Finding the words of a fixed list in text, fast: one index built once per list.

A :class:`WordIndex` answers three questions about a text, each in one pass:

- :meth:`WordIndex.longest_at`: the longest word starting at a position (a sentence's
  subject, a unit after a number): a set of words plus, per first character, the word
  lengths longest first — a handful of dictionary probes, no scan of the list;
- :meth:`WordIndex.scan`: the words read left to right, the longest at each place, not
  overlapping — what ``re.finditer`` gives for an alternation of the words sorted
  longest first, but linear in the text whatever the number of words;
- :meth:`WordIndex.occurring`: every word that occurs anywhere, overlaps included.

The whole-text scans use an Aho–Corasick automaton (the ``pyahocorasick`` package) when
it is installed and the first-character index otherwise; both give the same answers.

Lists whose order is a rule ("the first verb of the list that opens the phrase") use a
:class:`WordList` instead: per first and per last character the lengths of its words,
answering in the list's own order. Measured against one compiled alternation (``re`` and
``regex``) and the automaton on the verb and unit lists, the length buckets are the
fastest for a match at one position (``benchmarks/wordlists.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property

try:  # the automaton is an accelerator: without it the same answers come from Python
    import ahocorasick
except ImportError:  # pragma: no cover - without the package; its Python engine is tested anyway
    ahocorasick = None

#: The engines a WordIndex can scan whole texts with, fastest first.
ENGINES = ("automaton", "python") if ahocorasick is not None else ("python",)


class WordIndex:
    """A fixed list of words, indexed for look-ups at a position and scans of whole texts."""

    def __init__(self, words: Iterable[str], engine: str = ENGINES[0]) -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown or unavailable engine {engine!r} (have: {ENGINES})")
        self.words = frozenset(w for w in words if w)
        self.engine = engine
        by_first: dict[str, set[int]] = {}
        for word in self.words:
            by_first.setdefault(word[0], set()).add(len(word))
        #: first character → the lengths of the words it starts, longest first
        self.lengths = {c: tuple(sorted(n, reverse=True)) for c, n in by_first.items()}

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def longest_at(self, text: str, pos: int = 0, limit: int | None = None) -> str:
        """The longest word that starts at ``pos`` (and ends by ``limit``), or ""."""
        stop = len(text) if limit is None else min(limit, len(text))
        for length in self.lengths.get(text[pos:pos + 1], ()):
            if pos + length <= stop and text[pos:pos + length] in self.words:
                return text[pos:pos + length]
        return ""

    def scan(self, text: str) -> Iterator[tuple[int, str]]:
        """(start, word) read left to right: the longest word at each place, no overlaps."""
        if self.engine == "automaton" and self.words:
            yield from self._scan_automaton(text)
            return
        pos = 0
        while True:
            found = self._first_chars.search(text, pos)
            if found is None:
                return
            pos = found.start()
            word = self.longest_at(text, pos)
            if word:
                yield pos, word
            pos += len(word) or 1

    def occurring(self, text: str) -> set[str]:
        """Every word that occurs in ``text``, inside other words too."""
        if self.engine == "automaton" and self.words:
            return {text[end - length + 1:end + 1] for end, length in self._automaton.iter(text)}
        found = set()
        for start in self._first_chars.finditer(text):
            pos = start.start()
            found.update(text[pos:pos + n] for n in self.lengths[text[pos]]
                         if text[pos:pos + n] in self.words)
        return found

    def _scan_automaton(self, text: str) -> Iterator[tuple[int, str]]:
        longest: dict[int, int] = {}
        for end, length in self._automaton.iter(text):
            start = end - length + 1
            if longest.get(start, 0) < length:
                longest[start] = length
        after = 0
        for start in sorted(longest):
            if start >= after:
                yield start, text[start:start + longest[start]]
                after = start + longest[start]

    @cached_property
    def _first_chars(self) -> re.Pattern:
        if not self.lengths:
            return re.compile("(?!)")  # no words: a pattern that never matches
        return re.compile("[" + "".join(re.escape(c) for c in sorted(self.lengths)) + "]")

    @cached_property
    def _automaton(self):
        automaton = ahocorasick.Automaton()
        for word in self.words:
            automaton.add_word(word, len(word))
        automaton.make_automaton()
        return automaton

class WordList:
    """The words of one list (in its order) with, per first and per last character, the
    lengths of the words that start or end with it, longest first."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words: tuple[str, ...] = tuple(words)
        self._rank: dict[str, int] = {}
        for rank, word in enumerate(self.words):
            self._rank.setdefault(word, rank)  # a repeated word answers as its first entry
        self._starting = _lengths_by(self._rank, lambda w: w[0])
        self._ending = _lengths_by(self._rank, lambda w: w[-1])
        self._empty = "" in self._rank
        #: longest first: the first match by length is the first in list order
        self._longest_first = all(len(a) >= len(b) for a, b in zip(self.words, self.words[1:], strict=False))

    def __len__(self) -> int:
        return len(self.words)

    def rank(self, word: str) -> int:
        """The position of ``word`` in the list (its first entry)."""
        return self._rank[word]

    def prefixes(self, text: str, pos: int = 0) -> list[str]:
        """The words of the list that start at ``pos`` of ``text``, in list order."""
        sizes = self._starting.get(text[pos:pos + 1])
        if sizes is None and not self._empty:
            return []
        room = len(text) - pos
        found = [text[pos:pos + size] for size in sizes or () if size <= room
                 and text[pos:pos + size] in self._rank]
        if self._empty:
            found.append("")
        if len(found) > 1:
            found.sort(key=self._rank.__getitem__)
        return found

    def suffixes(self, text: str, end: int | None = None) -> list[str]:
        """The words of the list that end ``text`` (or ``text[:end]``), in list order."""
        room = len(text) if end is None else end
        sizes = self._ending.get(text[room - 1:room] if room > 0 else "", ())
        found = [text[room - size:room] for size in sizes
                 if size <= room and text[room - size:room] in self._rank]
        if self._empty:
            found.append("")
        if len(found) > 1:
            found.sort(key=self._rank.__getitem__)
        return found

    def first_prefix(self, text: str, pos: int = 0) -> str | None:
        """The first word of the list that starts at ``pos`` of ``text``, or None."""
        if self._longest_first and not self._empty:
            room = len(text) - pos
            for size in self._starting.get(text[pos:pos + 1], ()):
                if size <= room and text[pos:pos + size] in self._rank:
                    return text[pos:pos + size]
            return None
        found = self.prefixes(text, pos)
        return found[0] if found else None

    def first_suffix(self, text: str, end: int | None = None) -> str | None:
        """The first word of the list that ends ``text`` (or ``text[:end]``), or None."""
        if self._longest_first and not self._empty:
            room = len(text) if end is None else end
            for size in self._ending.get(text[room - 1:room] if room > 0 else "", ()):
                if size <= room and text[room - size:room] in self._rank:
                    return text[room - size:room]
            return None
        found = self.suffixes(text, end)
        return found[0] if found else None

    def first_occurrences(self, text: str) -> Iterator[tuple[int, str]]:
        """Each word of the list found in ``text`` with the index of its first occurrence
        (what ``text.find(word)`` gives), by index, then in list order; lazily, so that a
        caller that stops at the first good one reads no further."""
        seen: set[str] = set()
        starting = self._starting
        for pos in range(len(text) + 1):
            if self._empty or text[pos:pos + 1] in starting:
                for word in self.prefixes(text, pos):
                    if word not in seen:
                        seen.add(word)
                        yield pos, word


def _lengths_by(ranks: dict[str, int], key) -> dict[str, tuple[int, ...]]:
    """Per character (the first or the last of each word), the word lengths, longest first."""
    lengths: dict[str, set[int]] = {}
    for word in ranks:
        if word:
            lengths.setdefault(key(word), set()).add(len(word))
    return {ch: tuple(sorted(sizes, reverse=True)) for ch, sizes in lengths.items()}
