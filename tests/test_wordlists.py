"""WordList answers exactly what a scan of the list with startswith/endswith/find answers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plantool import vocab
from plantool.wordmatch import WordList

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


@settings(max_examples=300, deadline=None)
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


@settings(max_examples=300, deadline=None)
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


# The word edits read through WordList answer what the scans they replace answered.

_TIME = vocab.time_words()
_VERB_WORDS = vocab.verbs_longest_first()
_NOUNS = ("养老床位", "企业", "大连市", "值", "率", "的")
_PHRASE = st.lists(st.sampled_from(_TIME + _VERB_WORDS[:60] + _NOUNS), max_size=6).map("".join)


def _scan_strip_time_words(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in _TIME:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word):], True
    return text


def _scan_inner_verb(text: str) -> tuple[str, str]:
    from plantool.phrases import _subject_before
    from plantool.phrasewords import NOUN_TAILS, strip_words

    best = None
    for verb in _VERB_WORDS:
        if len(verb) < 2 or vocab.verbs()[verb] == "neutral":
            continue
        idx = text.find(verb)
        if idx > 0 and len(text) - idx - len(verb) >= 2 and (best is None or idx < best[0]) \
                and text[idx + len(verb)] not in NOUN_TAILS and _subject_before(text[:idx]):
            best = (idx, verb)
    if best is None:
        return "", text
    return best[1], strip_words(text[best[0] + len(best[1]):])


@settings(max_examples=300, deadline=None)
@given(_PHRASE)
def test_time_words_drop_as_the_list_scan_dropped_them(text):
    from plantool.phrasewords import strip_words

    assert strip_words(text) == _scan_strip_time_words(text)


@settings(max_examples=300, deadline=None)
@given(_PHRASE)
def test_verbs_split_as_the_list_scan_split_them(text):
    from plantool.phrases import _inner_verb
    from plantool.phrasewords import NOUN_TAILS, _one_leading_verb, trailing_state_verb, trailing_verb

    leading = next(((v, text[len(v):]) for v in _VERB_WORDS if text.startswith(v)
                    and len(text) > len(v) and text[len(v)] not in NOUN_TAILS), ("", text))
    assert _one_leading_verb(text) == leading
    ending = next(((text[: -len(v)], v) for v in _VERB_WORDS if text.endswith(v)), (text, ""))
    assert trailing_verb(text) == ending
    state = next(((text[: -len(v)], v) for v in _VERB_WORDS if text.endswith(v)
                  and vocab.verbs()[v] != "amount" and not (v in ("占", "是") and text[: -len(v)])),
                 (text, ""))
    assert trailing_state_verb(text) == state
    assert _inner_verb(text) == _scan_inner_verb(text)
