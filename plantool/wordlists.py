"""Word lists matched at a position in one step: which words of a list open or end a text.

The extractor asks of many short phrases "which verb, unit or time word opens (or
ends) this text?". A :class:`WordList` answers by looking only at the word lengths that
occur for the character at hand, so a question costs a handful of dictionary look-ups
instead of one ``startswith`` per word of the list. Answers come in the list's own
order (longest first for the lists vocab sorts that way), so "the first word of the
list that matches" keeps its meaning: the rules that read the lists do not change.

Measured against one compiled alternation (``re`` and ``regex``) and a pyahocorasick
automaton on the verb and unit lists: the length buckets are the fastest for a match at
one position (see ``benchmarks/wordlists.py``); :meth:`WordList.first_occurrences`
serves the rules that look for each word anywhere in a phrase.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


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
