"""Closed answers shared by the route command and the conversation: what is accepted, what is refused."""

from __future__ import annotations

import pytest

from finder import i18n
from finder.errors import UsageError
from finder.intake import answers


@pytest.mark.parametrize(("typed", "value"), [("0", 0), ("10", 10), (" 7 ", 7), (5, 5), ("7/10", 7)])
def test_intensity_accepts_whole_numbers_from_0_to_10(typed, value):
    assert answers.parse_intensity(typed) == value


@pytest.mark.parametrize("typed", ["11", "-1", "7.5", "sept", "", "abc", True])
def test_intensity_refuses_the_rest_quoting_the_value_and_the_scale(typed):
    with pytest.raises(UsageError) as error:
        answers.parse_intensity(typed)
    assert (
        f"« {str(typed).strip()} »" in str(error.value)
        and "0" in str(error.value)
        and "10" in str(error.value)
    )


@pytest.mark.parametrize(
    ("typed", "months"),
    [
        ("6", 6),
        ("1,5", 1.5),
        ("0", 0),
        ("2 ans", 24),
        ("2 years", 24),
        ("18 mois", 18),
        ("6 semaines", 1.38),
        (12.0, 12),
    ],
)
def test_months_accept_a_number_and_a_unit(typed, months):
    assert answers.parse_months(typed) == pytest.approx(months, abs=0.01)


@pytest.mark.parametrize("typed", ["-3", "1201", "200 ans", "longtemps", "6 lunes", ""])
def test_months_refuse_negative_huge_or_unclear_durations(typed):
    with pytest.raises(UsageError, match="mois"):
        answers.parse_months(typed)


@pytest.mark.parametrize(
    ("typed", "age"), [("0", 0), ("45", 45), ("120", 120), ("8 ans", 8), ("30 years old", 30)]
)
def test_age(typed, age):
    assert answers.parse_age(typed) == age


@pytest.mark.parametrize("typed", ["121", "-1", "12.5", "douze", ""])
def test_age_refused(typed):
    with pytest.raises(UsageError, match="âge"):
        answers.parse_age(typed)


@pytest.mark.parametrize("typed", ["oui", "O", "yes", "Y", " Oui "])
def test_yes(typed):
    assert answers.parse_yes_no(typed) is True


@pytest.mark.parametrize("typed", ["non", "N", "no", "NON"])
def test_no(typed):
    assert answers.parse_yes_no(typed) is False


def test_yes_no_refuses_anything_else_in_the_users_language():
    with pytest.raises(UsageError, match=r"oui.*non"):
        answers.parse_yes_no("peut-être")
    i18n.set_language("en")
    with pytest.raises(UsageError, match="expected yes"):
        answers.parse_yes_no("maybe")


@pytest.mark.parametrize(
    ("typed", "km"), [("1", 1), ("1000", 1000), ("50 km", 50), ("75.5", 75.5), ("30km", 30)]
)
def test_radius(typed, km):
    assert answers.parse_radius(typed) == km


@pytest.mark.parametrize(
    ("typed", "key"), [("0", "hors limites"), ("1001", "hors limites"), ("50 miles", "non compris")]
)
def test_radius_refused_says_why(typed, key):
    with pytest.raises(UsageError, match=key):
        answers.parse_radius(typed)


def test_dn4_score_is_bounded_by_its_version():
    assert answers.parse_dn4_score("4") == 4
    assert answers.parse_dn4_score("3/7", out_of=7) == 3
    with pytest.raises(UsageError, match="0 à 7"):
        answers.parse_dn4_score("8", out_of=7)


def test_errors_are_usage_errors_with_exit_code_2():
    with pytest.raises(UsageError) as error:
        answers.parse_radius("x")
    assert error.value.exit_code == 2
