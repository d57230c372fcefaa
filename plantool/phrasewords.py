"""Words edited off a phrase: time and scope words off its front, verbs off either end.

The lists are vocab's (time_words.txt, verbs.tsv, verb_prefixes.txt), each matched
through a :class:`~plantool.wordlists.WordList`, in the list's own order.
"""

from __future__ import annotations

import re

from plantool import vocab
from plantool.wordmatch import WordList

QUOTES = "“”\"‘’'「」『』《》〈〉"
NO_QUOTES = str.maketrans("", "", QUOTES)
MARKUP = re.compile(r"^[*#>]+\s*(\d{1,2}[.、．](?!\d))?|\*+$")
NOUN_TAILS = "值额量率"
_VERBS = WordList(vocab.verbs_longest_first())
_TIME_WORDS = WordList(vocab.time_words())
VERB_PREFIXES = vocab.words("verb_prefixes.txt")
_VERB_PREFIX_LIST = WordList(VERB_PREFIXES)
_LIST_JOINER = re.compile(r"[、和及与]?")


def strip_words(text: str) -> str:
    """Drop time and scope words and quotation marks that do not change what is counted."""
    text = MARKUP.sub("", text.translate(NO_QUOTES))
    changed = True
    while changed:  # passes over the list, as long as a pass drops a word
        changed, rank = False, 0
        while True:
            word = _next_time_word(text, rank)
            if word is None:
                break
            text, changed, rank = text[len(word):], True, _TIME_WORDS.rank(word) + 1
    return text


def _next_time_word(text: str, rank: int) -> str | None:
    """The first time word at or after position ``rank`` of the list that opens ``text``
    and leaves something after it."""
    return next((w for w in _TIME_WORDS.prefixes(text)
                 if _TIME_WORDS.rank(w) >= rank and len(text) > len(w)), None)


def leading_verb(text: str) -> tuple[str, str]:
    """Split verbs off the front of a phrase (新建、改扩建 …): (verbs, rest)."""
    verb, rest = _one_leading_verb(text)
    prefix = _VERB_PREFIX_LIST.first_prefix(text) or ""
    if not verb and prefix and _one_leading_verb(text[len(prefix):])[0]:
        verb, rest = _one_leading_verb(text[len(prefix):])  # 又化解…: the adverb is no noun
    while verb:
        joined = _LIST_JOINER.match(rest).group(0)
        more, after = _one_leading_verb(rest[len(joined):])
        if not more or len(after) < 2:
            break
        verb, rest = verb + joined + more, after
    return verb, rest


def _one_leading_verb(text: str) -> tuple[str, str]:
    """The longest verb opening ``text`` unless it is part of a noun (增加值): (verb, rest)."""
    for verb in _VERBS.prefixes(text):
        if len(text) > len(verb) and text[len(verb)] not in NOUN_TAILS:
            return verb, text[len(verb):]
    return "", text


def trailing_verb(text: str) -> tuple[str, str]:
    """Split a verb off the end of a phrase: (rest, verb)."""
    verb = _VERBS.first_suffix(text)
    if verb:
        return text[: -len(verb)], verb
    return text, ""


def trailing_state_verb(text: str) -> tuple[str, str]:
    """A level, change or neutral verb ending the left side (增长, 达到, 控制在)."""
    for verb in _VERBS.suffixes(text):
        if vocab.verbs()[verb] != "amount":
            rest = text[: -len(verb)]
            if verb in ("占", "是") and rest:
                continue
            return rest, verb
    return text, ""
