"""Matching quality on the evaluation set tests/data/pain_eval.toml (written before the lexicon).

Splits: "tune" (the lexicon was adjusted on it), "holdout" (written with the tune split, before the
lexicon, never tuned on), "late_holdout" (written after tuning, measured once, never tuned on),
"safety_tune" and "safety_holdout" (issue 9: warning-sign wording, negation and reported speech,
radicular, pelvic, children's and English wording; written before the matching fix, the holdout part
never looked at while tuning).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli

from finder.clinical.pain import HIGH_CONFIDENCE, category_ids, match_pain

CASES = tomli.loads((Path(__file__).parents[1] / "data" / "pain_eval.toml").read_text(encoding="utf-8"))[
    "case"
]
# Minimum top-1 accuracy per split; measured at the time of writing: tune 100 %, holdout 100 %,
# late_holdout 93.5 % (29/31). The safety splits, measured before the matching fix: safety_tune 65.0 %
# (26/40), safety_holdout 55.6 % (10/18), with 9 and 2 descriptions given a wrong category with high
# confidence (cancer from "sa mère est morte d'un cancer", CRPS from "cruralgie"...). After the fix
# (negation and reported speech, exact before typo, stricter typos on strong terms, radicular and
# pelvic vocabulary, specificity on ties): safety_tune 100 % (40/40); safety_holdout, measured once
# after tuning, 83.3 % (15/18), its three misses giving no result (the user chooses), none wrong.
MINIMUM = {"tune": 0.95, "holdout": 0.90, "late_holdout": 0.85, "safety_tune": 0.95, "safety_holdout": 0.80}


def _expected(case: dict) -> tuple[str, ...]:
    value = case["expected"]
    return (value,) if isinstance(value, str) else tuple(value)


def _correct(case: dict) -> bool:
    matches = match_pain(case["text"])
    expected = _expected(case)
    if expected == ("",):
        return not matches
    return bool(matches) and matches[0].category in expected


def test_the_set_is_large_varied_and_uses_only_known_ids():
    assert len(CASES) >= 60
    assert {case["split"] for case in CASES} == set(MINIMUM)
    known = {*category_ids(), ""}
    for case in CASES:
        assert set(_expected(case)) <= known, case
    positives = {cid for case in CASES for cid in _expected(case) if cid}
    assert positives == set(category_ids())  # every category is exercised
    assert sum(_expected(case) == ("",) for case in CASES) >= 10  # and descriptions with no answer


@pytest.mark.parametrize("split", sorted(MINIMUM))
def test_top_1_accuracy_per_split(split):
    cases = [case for case in CASES if case["split"] == split]
    failures = [case["text"] for case in cases if not _correct(case)]
    accuracy = 1 - len(failures) / len(cases)
    print(f"{split}: {len(cases) - len(failures)}/{len(cases)} = {accuracy:.1%}")
    assert accuracy >= MINIMUM[split], failures


@pytest.mark.parametrize("split", sorted(MINIMUM))
def test_no_description_gets_a_wrong_category_with_high_confidence(split):
    for case in (case for case in CASES if case["split"] == split):
        expected = _expected(case)
        for match in match_pain(case["text"]):
            if match.category not in expected:
                assert match.score < HIGH_CONFIDENCE, (case["text"], match)
