"""WordIndex: look-ups at a position and whole-text scans agree with the regular
expressions they replace, on every engine."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plantool import regions, wordmatch
from plantool.wordmatch import WordIndex

WORDS = ("大连", "大连市", "连市", "沙河口区", "沙河市", "市", "口区")
TEXTS = ("大连市沙河口区和沙河市", "连市市口区", "", "无名之地", "大连大连市市")
ALPHABET = "大连市沙河口区和"


def _alternation(words) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@pytest.fixture(params=wordmatch.ENGINES)
def engine(request) -> str:
    return request.param


def test_longest_at_takes_the_longest_word_starting_there():
    index = WordIndex(WORDS)
    assert index.longest_at("大连市沙河口区") == "大连市"
    assert index.longest_at("大连市沙河口区", 3) == "沙河口区"
    assert index.longest_at("大连市沙河口区", 2) == "市"
    assert index.longest_at("河口区", 0) == ""


def test_longest_at_stops_at_the_limit():
    index = WordIndex(WORDS)
    assert index.longest_at("大连市", 0, 2) == "大连"
    assert index.longest_at("沙河口区", 0, 3) == ""


@pytest.mark.parametrize("text", TEXTS)
def test_scan_reads_like_a_longest_first_alternation(text, engine):
    expected = [(m.start(), m.group()) for m in _alternation(WORDS).finditer(text)]
    assert list(WordIndex(WORDS, engine).scan(text)) == expected


@pytest.mark.parametrize("text", TEXTS)
def test_occurring_finds_words_inside_other_words(text, engine):
    assert WordIndex(WORDS, engine).occurring(text) == {w for w in WORDS if w in text}


def test_an_empty_list_finds_nothing(engine):
    index = WordIndex([], engine)
    assert list(index.scan("大连市")) == [] and index.occurring("大连市") == set()
    assert index.longest_at("大连市") == ""


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError):
        WordIndex(WORDS, "telepathy")


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.text(ALPHABET, min_size=1, max_size=4), max_size=8),
       text=st.text(ALPHABET, max_size=40))
def test_every_engine_agrees_with_re_on_any_list_and_text(words, text):
    expected = [(m.start(), m.group()) for m in _alternation(set(words)).finditer(text)] \
        if words else []
    for engine in wordmatch.ENGINES:
        index = WordIndex(words, engine)
        assert list(index.scan(text)) == expected
        assert index.occurring(text) == {w for w in words if w in text}


def test_region_mentions_read_a_long_text_like_the_gazetteer_alternation(engine):
    names = regions.names_index().words
    text = "辽宁省大连市沙河口区、甘井子区和《大连市条例》在朝阳区，金普新区与长兴岛" * 50
    expected = [(m.start(), m.group()) for m in _alternation(names).finditer(text)]
    assert list(WordIndex(names, engine).scan(text)) == expected
