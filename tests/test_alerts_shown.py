"""Warning signs written in free text reach the user (domain.md Part 1, Safety amendments A: signs
detected in the description are proposed, the user confirms; they are never applied silently).

``finder pain`` lists the signs its text mentions with the urgent advice to check them; ``finder route``
without ``--alert`` names them first, before step 1, in every format (JSON ``alerts_detected``), and
tells how to confirm them (``--alert ID`` or ``--alert none``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from finder.cli.main import main

FIXTURE = Path(__file__).parent / "fixtures" / "route_directory"

SEVERAL = "céphalée en coup de tonnerre avec fièvre, perte de poids, anesthésie en selle, troubles urinaires"
HEADACHE_EN = "sudden severe headache, worst of my life, with fever and stiff neck"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SEVERAL, ["thunderclap_headache", "headache_fever_neck", "cauda_equina", "weight_loss", "fever"]),
        (HEADACHE_EN, ["thunderclap_headache", "headache_fever_neck", "fever"]),
        ("anesthésie en selle", ["cauda_equina"]),  # no pain category: the sign is still shown
        ("migraine chronique sans fièvre", []),
    ],
)
def test_pain_json_lists_the_signs_the_text_mentions(capsys, text, expected) -> None:
    code, out, _ = run(capsys, "pain", "--json", text)
    data = json.loads(out)
    assert data["alerts"] == expected
    assert [a["id"] for a in data["alert_signs"]] == expected
    assert all(a["label"] and a["words"] for a in data["alert_signs"])
    assert (data["alert_advice"] is None) == (not expected)
    assert code in (0, 1)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_pain_text_lists_each_sign_first_with_the_advice_to_check_it(capsys, language) -> None:
    code, out, _ = run(capsys, "--lang", language, "pain", SEVERAL)
    assert code == 0
    lines = out.splitlines()
    first_sign = next(i for i, line in enumerate(lines) if "thunderclap_headache" in line)
    first_category = next(i for i, line in enumerate(lines) if line.startswith("migraine"))
    assert first_sign < first_category  # prominent: before the categories
    for sign in ("thunderclap_headache", "headache_fever_neck", "cauda_equina", "weight_loss", "fever"):
        assert sign in out
    assert "15" in out and "--alert" in out


def test_pain_without_category_still_shows_the_sign(capsys) -> None:
    code, out, err = run(capsys, "pain", "anesthésie en selle")
    assert "cauda_equina" in out
    assert code == 1 and err  # no category: the usual "no match" message


def test_pain_without_sign_prints_no_alert(capsys) -> None:
    _, out, _ = run(capsys, "pain", "migraine chronique")
    assert "--alert" not in out


def _route(capsys, fmt: str, *extra: str) -> tuple[int, str]:
    code, out, _ = run(
        capsys,
        "--lang",
        "en",
        "route",
        "--directory",
        str(FIXTURE),
        "--pain",
        HEADACHE_EN,
        "--near",
        "Saint-Étienne",
        "--months",
        "0",
        "--format",
        fmt,
        *extra,
    )
    return code, out


def test_route_json_has_alerts_detected_and_the_advice_first(capsys) -> None:
    code, out = _route(capsys, "json")
    data = json.loads(out)
    assert code == 0
    assert data["alerts_detected"] == ["thunderclap_headache", "headache_fever_neck", "fever"]
    assert data["alerts"] == [] and data["alerts_asked"] is False
    first = data["opening_notes"][0]
    assert first["code"] == "warning.alerts_detected"
    assert first["params"]["ids"] == data["alerts_detected"]
    assert "--alert thunderclap_headache headache_fever_neck fever" in first["text"]
    assert "--alert none" in first["text"] and "15" in first["text"]
    # said once, not also as the generic "not answered" warning
    assert "warning.alerts_not_asked" not in [n["code"] for n in data["warning_notes"]]


@pytest.mark.parametrize("fmt", ["text", "markdown", "letter"])
def test_route_names_the_detected_signs_before_step_1_in_every_format(capsys, fmt) -> None:
    _, out = _route(capsys, fmt)
    out = " ".join(out.split()).replace("\\", "")  # the text is wrapped; Markdown escapes "_"
    assert out.count("--alert thunderclap_headache headache_fever_neck fever") == 1
    advice = out.index("--alert thunderclap_headache")
    assert advice < out.index("Before referring") if "Before referring" in out else True
    assert "15" in out[max(0, advice - 600) : advice + 600]


def test_route_with_alert_none_shows_no_detection(capsys) -> None:
    _, out = _route(capsys, "json", "--alert", "none")
    data = json.loads(out)
    assert data["alerts_detected"] == [] and data["alerts_asked"] is True
    assert "warning.alerts_detected" not in [n["code"] for n in data["opening_notes"]]


def test_route_with_a_confirmed_sign_opens_with_the_urgent_line(capsys) -> None:
    _, out = _route(capsys, "json", "--alert", "thunderclap_headache")
    data = json.loads(out)
    assert data["alerts"] == ["thunderclap_headache"] and data["alerts_detected"] == []
    assert [n["code"] for n in data["opening_notes"]][:2] == ["alert.urgent", "alert.signs"]
