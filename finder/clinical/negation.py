"""Whether each word of a free-text description is asserted, negated or reported.

Shared by the pain matcher (:mod:`finder.clinical.pain`) and the warning-sign detection
(:mod:`finder.clinical.alert_detect`), so that "pas de fièvre", "cancer écarté", "on n'a rien trouvé"
and "sa mère a eu un cancer" are read the same way everywhere. The triggers are data
(``finder/data/clinical/negation.toml``); the method is NegEx's (Chapman et al., J Biomed Inform
2001): a trigger opens a scope of words before or after it that ends with its clause, and "pseudo"
phrases ("sans soulagement", "rien ne marche") that look like triggers trigger nothing.

Words are cut as the pain matcher always did: letters and digits, folded by :func:`finder.text.fold`;
, ; : ( ) and the words of ``clause_breaks`` ("mais", "but") end a clause, . ! ? and a line break end a
sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from finder.clinical.data import load
from finder.text import fold

Assertion = Literal["asserted", "negated", "reported"]
ASSERTED: Assertion = "asserted"
NEGATED: Assertion = "negated"
REPORTED: Assertion = "reported"

_TOKEN = re.compile(r"[^\W_]+|[,;:()\[\]]|[.!?\n]")
_SENTENCE_END = frozenset(".!?\n")


@dataclass(frozen=True, slots=True)
class Word:
    typed: str  # as typed, lowercased ("brûlures")
    folded: str  # as compared ("brulures")
    clause: int  # clause number in the whole text
    sentence: int  # sentence number in the whole text
    start: int = 0  # where the word's token starts in the text (characters)


Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Rules:
    clause_breaks: frozenset[str]
    before: dict[str, tuple[Phrase, ...]]  # by first word, longest first
    before_window: int
    after: dict[str, tuple[Phrase, ...]]
    fillers: frozenset[str]
    both_ways_stops: frozenset[str]
    reported: dict[str, tuple[Phrase, ...]]
    reported_window: int
    resets: frozenset[str]
    pseudo: dict[str, tuple[Phrase, ...]]


def _phrases(texts: list[str]) -> dict[str, tuple[Phrase, ...]]:
    by_first: dict[str, list[Phrase]] = {}
    for text in texts:
        words = tuple(fold(text).split())
        if words:
            by_first.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(set(found), key=len, reverse=True)) for first, found in by_first.items()}


@cache
def rules() -> _Rules:
    data = load("negation.toml")
    return _Rules(
        clause_breaks=frozenset(fold(w) for w in data["clause_breaks"]),
        before=_phrases(data["before"]["triggers"]),
        before_window=data["before"]["window"],
        after=_phrases(data["after"]["triggers"]),
        fillers=frozenset(fold(w) for w in data["after"]["fillers"]),
        both_ways_stops=frozenset(fold(w) for w in data["after"]["both_ways_stops"]),
        reported=_phrases(data["reported"]["triggers"]),
        reported_window=data["reported"]["window"],
        resets=frozenset(fold(w) for w in data["reported"]["resets"]),
        pseudo=_phrases(data["pseudo"]["phrases"]),
    )


@lru_cache(maxsize=8192)
def _fold_token(token: str) -> tuple[str, ...]:
    return tuple(fold(token).split())


def split_words(text: str) -> list[Word]:
    """The words of ``text`` with their clause and sentence numbers; punctuation only ends them."""
    breaks = rules().clause_breaks
    words: list[Word] = []
    clause = sentence = 0
    for found in _TOKEN.finditer(text):
        token = found.group()
        if not token[0].isalnum():
            clause += 1
            if token in _SENTENCE_END:
                sentence += 1
            continue
        for folded in _fold_token(token):
            if folded in breaks:
                clause += 1
            words.append(Word(token.lower(), folded, clause, sentence, found.start()))
    return words


def state_at(position: int, words: Sequence[Word], said: Sequence[Assertion]) -> Assertion:
    """The state of the first word that starts at or after character ``position`` (asserted if none).

    ``words`` are in text order (as :func:`split_words` gives them): a binary search, so that many
    look-ups in a long text stay fast.
    """
    index = bisect_left(words, position, key=lambda word: word.start)
    return said[index] if index < len(words) else ASSERTED


def _phrase_at(index: int, folded: Sequence[str], table: dict[str, tuple[Phrase, ...]]) -> int:
    """The length of the longest phrase of ``table`` starting at word ``index`` (0: none)."""
    for phrase in table.get(folded[index], ()):
        if tuple(folded[index : index + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def assertions(words: Sequence[Word]) -> tuple[Assertion, ...]:
    """For each word: "negated", "reported" or "asserted". Negation wins over reported speech.

    Linear in the number of words whatever the text (a pasted letter, a hostile repetition of triggers).
    """
    r = rules()
    folded = [w.folded for w in words]
    count = len(words)
    in_pseudo = [False] * count
    for index in range(count):
        length = _phrase_at(index, folded, r.pseudo)
        for covered in range(index, index + length):
            in_pseudo[covered] = True
    clause_start = [0] * count  # index of the first word of each word's clause
    content_before = [False] * count  # a non-filler word comes before it in its clause
    for index in range(1, count):
        if words[index].clause == words[index - 1].clause:
            clause_start[index] = clause_start[index - 1]
            content_before[index] = content_before[index - 1] or folded[index - 1] not in r.fillers
        else:
            clause_start[index] = index
    negated_up_to: dict[int, int] = {}  # clause start -> words before this index are negated
    negated_clauses: set[int] = set()  # clause numbers negated whole (a look-back across a clause)
    negated = [False] * count  # by a trigger before them
    reported = [False] * count
    for index in range(count):
        if in_pseudo[index]:
            continue
        clause = words[index].clause
        start = clause_start[index]
        after = _phrase_at(index, folded, r.after)
        before = _phrase_at(index, folded, r.before)
        # a word that can negate both ways ("écarté") looks back when words come before it in its clause,
        # and forward too when its clause goes on ("le médecin a écarté une méningite")
        forward = before
        if after > before or (after and after == before and content_before[index]):
            # "cancer écarté", "...mais on n'a rien trouvé"
            negated_up_to[start] = max(negated_up_to.get(start, 0), index)
            if not content_before[index] and start > 0 and words[start - 1].sentence == words[index].sentence:
                negated_clauses.add(words[start - 1].clause)
            following = index + after
            goes_on = (
                following < count
                and words[following].clause == clause
                and folded[following] not in r.both_ways_stops
            )
            forward = before if after == before and goes_on else 0
        if forward:  # "pas de fièvre", "no history of cancer", "a écarté une méningite"
            end = index + forward
            for i in range(end, min(end + r.before_window, count)):
                if words[i].clause != clause:
                    break
                negated[i] = True
        trigger = _phrase_at(index, folded, r.reported)
        if trigger:  # "sa mère a eu un cancer", "peur d'avoir un cancer"
            end = index + trigger
            for i in range(end, min(end + r.reported_window, count)):
                if words[i].clause != clause or folded[i] in r.resets:
                    break
                reported[i] = True
    state: list[Assertion] = []
    for index, word in enumerate(words):
        if (
            negated[index]
            or index < negated_up_to.get(clause_start[index], 0)
            or word.clause in negated_clauses
        ):
            state.append(NEGATED)
        else:
            state.append(REPORTED if reported[index] else ASSERTED)
    return tuple(state)
