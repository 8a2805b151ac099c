"""Issue 10: ``finder place``, ``finder route``, ``finder centres --near`` and the conversation take the
same decision on a place (``finder.places.decide``) and suggest the same syntax, which they all accept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from finder.cli.main import main
from finder.intake.dialogue import ACCEPTED, NEEDS_CHOICE, PLACE_PREFIX, Dialogue
from finder.places.gazetteer import load_gazetteer

FIXTURE = Path(__file__).parent / "fixtures" / "route_directory"
ROUTE = ["route", "--directory", str(FIXTURE), "--pain", "neuropathic_central", "--months", "12"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def place_json(capsys, query: str) -> dict:
    code, out, _ = run(capsys, "place", query, "--json")
    assert code in (0, 1)
    return json.loads(out) if out else {}


def test_place_json_carries_the_decision_and_why_each_candidate_matched(capsys):
    document = place_json(capsys, "Valence")
    assert document["decision"] == "ask" and document["ambiguous"] is True
    assert document["suggestion"] == "Valence (26)"
    assert isinstance(document["confidence"], float)
    assert [r["why"] for r in document["results"][:2]] == ["exact", "exact"]


def test_place_json_explains_a_foreign_place(capsys):
    document = place_json(capsys, "Monaco")
    assert document["decision"] == "refuse" and document["reason"] == "foreign"
    assert {r["why"] for r in document["results"]} == {"near_foreign"}
    assert [note["code"] for note in document["notes"]] == ["foreign"]
    assert document["notes"][0]["text"]  # rendered in the user's language


def test_place_json_answers_with_a_note(capsys):
    document = place_json(capsys, "1220 Divonne-les-Bains")
    assert document["decision"] == "answer"
    assert document["results"][0]["insee"] == "01143" and document["results"][0]["why"] == "padded_postcode"
    assert "padded_postcode" in [note["code"] for note in document["notes"]]


@pytest.mark.parametrize("query", ["Valence", "Boulogne", "Évry", "44021", "86021"])
def test_place_and_route_agree_on_asking_and_suggest_a_syntax_route_accepts(capsys, query):
    document = place_json(capsys, query)
    assert document["decision"] == "ask"
    suggestion = document["suggestion"]
    code, out, err = run(capsys, "place", query)
    assert code == 0 and suggestion in out
    code, out, err = run(capsys, *ROUTE, "--near", query)
    assert code == 2 and suggestion in err
    code, out, err = run(capsys, *ROUTE, "--near", suggestion, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["place"]["insee"] == document["results"][0]["insee"]


def test_route_refuses_what_matches_nothing(capsys):
    code, _, err = run(capsys, *ROUTE, "--near", "xyzzyqq")
    assert code == 2 and "xyzzyqq" in err


def test_route_answers_with_the_note_on_stderr(capsys):
    code, out, err = run(capsys, *ROUTE, "--near", "POITIERS CEDEX", "--format", "json")
    assert code == 0
    assert json.loads(out)["place"]["insee"] == "86194"
    assert "CEDEX" in err


@pytest.mark.parametrize("query", ["Valence", "Monaco", "Boulogne"])
def test_centres_near_asks_like_route(capsys, query):
    code, _, err = run(capsys, "centres", "--directory", str(FIXTURE), "--near", query)
    assert code == 2 and "(" in err


@pytest.fixture
def dialogue():
    return Dialogue(load_gazetteer())


@pytest.mark.parametrize(
    ("query", "first"),
    [("Monaco", "06012"), ("Évry", "91228"), ("Boulogne", "92012"), ("44021", "44021"), ("1000", "01053")],
)
def test_the_conversation_asks_with_numbered_candidates_and_departments(dialogue, query, first):
    outcome = _answer_place(dialogue, query)
    assert outcome.status == NEEDS_CHOICE
    assert outcome.choices[0].value == PLACE_PREFIX + first
    assert all("(" in choice.detail for choice in outcome.choices)  # department shown
    assert _answer_place(dialogue, "1").status == ACCEPTED
    assert dialogue.raw("place") == first


def test_the_conversation_answers_a_padded_postcode_and_says_so(dialogue):
    outcome = _answer_place(dialogue, "6400 Cannes")
    assert outcome.status == ACCEPTED and dialogue.raw("place") == "06029"
    assert outcome.message  # the note, in the user's language


def test_the_conversation_refuses_nothing_found(dialogue):
    outcome = _answer_place(dialogue, "xyzzyqq")
    assert outcome.status not in (ACCEPTED, NEEDS_CHOICE)


def _answer_place(dialogue: Dialogue, text: str):
    from tests.test_dialogue import run_until

    run_until(dialogue, "place")
    return dialogue.answer("place", text)


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("POITIERS CEDEX", ["cedex"]),
        ("1220 Divonne-les-Bains", ["padded_postcode"]),
        ("44021", ["not_postcode"]),  # with the INSEE commune's name
        ("86021", ["former_code", "not_postcode"]),  # without: a former code, read as CEDEX too
        ("86021 POITIERS CEDEX", ["cedex", "code_ignored"]),
        ("Monaco", ["foreign"]),
    ],
)
def test_every_note_is_said_in_both_languages(capsys, query, codes):
    said = {}
    for language in ("fr", "en"):
        _, out, _ = run(capsys, "place", query, "--json", "--lang", language)
        notes = json.loads(out)["notes"]
        assert [note["code"] for note in notes] == codes
        said[language] = [note["text"] for note in notes]
        assert all(text and "{" not in text for text in said[language])
    assert said["fr"] != said["en"]


def test_the_table_says_why_a_candidate_that_is_not_named_matched(capsys):
    _, out, _ = run(capsys, "place", "44021")
    assert "Villeneuve-en-Retz (code INSEE)" in out and "Nantes (code CEDEX probable)" in out
    _, out, _ = run(capsys, "place", "moncao", "--lang", "en")
    assert out.startswith("No commune surely matches 'moncao'") and "(typo?)" in out
    _, out, _ = run(capsys, "place", "Monaco", "--lang", "en")
    assert "Beausoleil (nearby French commune)" in out


def test_a_far_foreign_city_is_refused_by_every_command(capsys):
    code, out, err = run(capsys, "place", "Londres")
    assert code == 1 and out == "" and "London, GB" in err and "commune française" in err
    code, _, err = run(capsys, *ROUTE, "--near", "Londres")
    assert code == 2 and "London, GB" in err


def test_a_code_note_never_shows_an_empty_guess(capsys):
    """75056 is Paris's INSEE code and no CEDEX guess: the note says so, without a "?" left behind."""
    from finder.cli.main import main

    assert main(["--lang", "en", "centres", "--near", "75056"]) in (0, 1)
    err = capsys.readouterr().err
    assert "INSEE code of Paris" in err and "?" not in err
    assert all(line.startswith("finder") for line in err.splitlines() if line.strip())
