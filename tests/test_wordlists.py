"""WordList answers exactly what a scan of the list with startswith/endswith/find answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plantool import vocab
from plantool.wordlists import WordList

_CHARS = "新增建设长率年内全市个百分点万亿"
_WORD = st.text(alphabet=_CHARS, min_size=1, max_size=4)
_TEXT = st.text(alphabet=_CHARS, max_size=14)


def _naive_prefixes(words, text, pos):
    seen, found = set(), []
    for word in words:
        if text.startswith(word, pos) and word not in seen:
            found.append(word)
        seen.add(word)
    return found


def _naive_suffixes(words, text):
    seen, found = set(), []
    for word in words:
        if text.endswith(word) and word not in seen:
            found.append(word)
        seen.add(word)
    return found


@settings(max_examples=300)
@given(st.lists(_WORD, max_size=12), _TEXT, st.integers(0, 14), st.booleans())
def test_prefixes_and_suffixes_match_a_linear_scan(words, text, pos, longest_first):
    if longest_first:
        words = sorted(words, key=len, reverse=True)
    wl = WordList(words)
    pos = min(pos, len(text))
    expected = _naive_prefixes(words, text, pos)
    assert wl.prefixes(text, pos) == expected
    assert wl.first_prefix(text, pos) == (expected[0] if expected else None)
    ends = _naive_suffixes(words, text)
    assert wl.suffixes(text) == ends
    assert wl.first_suffix(text) == (ends[0] if ends else None)
    cut = text[:pos]
    assert wl.suffixes(text, pos) == _naive_suffixes(words, cut)
    assert wl.first_suffix(text, pos) == wl.first_suffix(cut)


@settings(max_examples=300)
@given(st.lists(_WORD, max_size=12), _TEXT)
def test_first_occurrences_are_what_find_gives(words, text):
    wl = WordList(words)
    expected = sorted({(text.find(w), w) for w in words if w in text},
                      key=lambda p: (p[0], wl.rank(p[1])))
    assert list(wl.first_occurrences(text)) == expected


def test_units_longest_first_on_real_vocabulary():
    """个百分点 wins over 个 as in the unit table's own order."""
    wl = WordList(u.word for u in vocab.units())
    assert wl.first_prefix("提高1个百分点", 3) == "个百分点"
    assert wl.first_prefix("提高1", 3) is None
    assert wl.first_suffix("新增就业人次") == "人次"
