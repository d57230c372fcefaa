"""Which word-list matcher to use: length buckets, ``re``, ``regex`` or pyahocorasick.

On the clause texts of a few corpus documents, times the two questions the extractor
asks of its word lists — "which word of the list starts at this position?" (units
after a number, verbs opening a phrase) and "where does each word first occur?" (a
verb inside a phrase) — with each candidate, as a ratio to the plain scan of the list
with ``str.startswith`` / ``str.find`` that it replaces. Every candidate must give the
same answers as the scan; the script checks that before it times anything.

    python benchmarks/wordlists.py [--docs N] [--repeat R]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plantool import read, vocab  # noqa: E402
from plantool.wordmatch import WordList  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def clauses(docs: int) -> list[str]:
    files = [f for f in read.iter_files([str(CORPUS)]) if isinstance(f, str)]
    step = max(1, len(files) // docs)
    texts = [read.read(f).text for f in files[::step][:docs]]
    return [c for t in texts for c in re.split(r"[，。；\n]", t) if c]


def scan_prefix(words: tuple[str, ...]):
    def first(text: str, pos: int) -> str | None:
        return next((w for w in words if text.startswith(w, pos)), None)
    return first


def bucket_prefix(words: tuple[str, ...]):
    return WordList(words).first_prefix


def pattern_prefix(module, words: tuple[str, ...]):
    pattern = module.compile("|".join(module.escape(w) for w in words))

    def first(text: str, pos: int) -> str | None:
        found = pattern.match(text, pos)
        return found.group(0) if found else None
    return first


def automaton_prefix(words: tuple[str, ...]):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for rank, word in enumerate(words):
        if not automaton.exists(word):
            automaton.add_word(word, (rank, word))
    automaton.make_automaton()
    longest = max(len(w) for w in words)

    def first(text: str, pos: int) -> str | None:
        found = [v for end, v in automaton.iter(text, pos, min(len(text), pos + longest))
                 if end - len(v[1]) + 1 == pos]
        return min(found)[1] if found else None
    return first


def scan_occurrences(words: tuple[str, ...]):
    def all_first(text: str) -> list[tuple[int, str]]:
        found = {(text.find(w), w) for w in words if w in text}
        rank = {w: i for i, w in reversed(list(enumerate(words)))}
        return sorted(found, key=lambda p: (p[0], rank[p[1]]))
    return all_first


def bucket_occurrences(words: tuple[str, ...]):
    wl = WordList(words)
    return lambda text: list(wl.first_occurrences(text))


def automaton_occurrences(words: tuple[str, ...]):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for rank, word in enumerate(words):
        if not automaton.exists(word):
            automaton.add_word(word, (rank, word))
    automaton.make_automaton()

    def all_first(text: str) -> list[tuple[int, str]]:
        first: dict[str, tuple[int, int]] = {}
        for end, (rank, word) in automaton.iter(text):
            first.setdefault(word, (end - len(word) + 1, rank))
        return [(pos, w) for w, (pos, _) in sorted(first.items(), key=lambda kv: kv[1])]
    return all_first


def best_of(fn, cases, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        for case in cases:
            fn(*case)
        times.append(time.process_time() - start)
    return statistics.median(times)


def compare(title: str, makers: dict, words: tuple[str, ...], cases: list, repeat: int) -> None:
    built = {name: make(words) for name, make in makers.items()}
    reference = [built["scan"](*c) for c in cases]
    print(f"{title}: {len(words)} words, {len(cases)} questions")
    base = best_of(built["scan"], cases, repeat)
    for name, fn in built.items():
        if [fn(*c) for c in cases] != reference:
            print(f"  {name:>12}: DIFFERENT ANSWERS")
            continue
        print(f"  {name:>12}: {best_of(fn, cases, repeat) / base:6.3f} × the scan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import regex

    texts = clauses(args.docs)
    positions = [(t, i) for t in texts for i in range(0, len(t), 3)]
    prefix_makers = {"scan": scan_prefix, "buckets": bucket_prefix,
                     "re": lambda w: pattern_prefix(re, w), "regex": lambda w: pattern_prefix(regex, w),
                     "ahocorasick": automaton_prefix}
    for title, words in (("verbs at a position", vocab.verbs_longest_first()),
                         ("units at a position", tuple(u.word for u in vocab.units()))):
        compare(title, prefix_makers, words, positions, args.repeat)
    inner = tuple(v for v in vocab.verbs_longest_first() if len(v) >= 2)
    phrases = [(t[:24],) for t in texts]
    compare("first occurrence of each verb in a phrase",
            {"scan": scan_occurrences, "buckets": bucket_occurrences,
             "ahocorasick": automaton_occurrences}, inner, phrases, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
