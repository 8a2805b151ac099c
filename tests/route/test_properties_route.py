"""``finder route`` and ``finder centres`` take any combination of option values: a route (or a list
of centres) in the asked format, or a clean message naming the option; never a traceback.

Values mix the valid (category ids, communes, contraindication ids, formats) with their tricky
neighbours (nan, inf, huge and negative numbers, unknown ids, free text, empty strings).
"""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from finder.clinical.criteria import HAS_CRITERIA
from finder.clinical.pain import category_ids
from finder.clinical.screening import SCREENING_QUESTIONS
from finder.directory.catalog import load_catalog
from tests.privacy.cli_harness import run_cli

CATALOG = load_catalog()
CENTRE_IDS = [centre.id for centre in CATALOG.centres]
NUMBERS = st.one_of(
    st.integers(-5, 130).map(str),
    st.sampled_from(["0", "-0", "nan", "inf", "-inf", "1e308", "1e-9", "3.5", "1_000", " 7 ", "", "x", "²"]),
)
TEXT = st.text(max_size=30).filter(lambda text: not text.startswith("-"))
PAIN = st.one_of(
    st.sampled_from(category_ids()),
    st.sampled_from(["brûlures dans les pieds", "douleur du membre fantôme", "migraine", "fibro", "mal"]),
    TEXT,
)
NEAR = st.one_of(
    st.sampled_from(
        ["Lyon", "42000", "Saint-Denis", "Paris", "Ajaccio", "97411", "Beaulieu", "2A004", "75056"]
    ),
    TEXT,
)
IDS = st.lists(
    st.one_of(st.sampled_from([q.id for q in SCREENING_QUESTIONS]), st.sampled_from(["seizure", "none", ""])),
    max_size=3,
)
CRITERIA = st.lists(st.sampled_from([c.id for c in HAS_CRITERIA] + ["major", "x"]), max_size=2)


@st.composite
def route_argv(draw) -> list[str]:
    argv = ["route"]
    if draw(st.integers(0, 9)):  # mostly present: without them the command asks, or refuses
        argv += ["--pain", draw(PAIN)]
    if draw(st.integers(0, 9)):
        argv += ["--near", draw(NEAR)]
    for option in ("--radius", "--age", "--months", "--intensity", "--dn4", "--dn4-interview"):
        if draw(st.booleans()):
            argv += [option, draw(NUMBERS)]
    if draw(st.booleans()):
        argv += ["--refractory", draw(st.sampled_from(["yes", "no", "oui", "non", "peut-être", ""]))]
    if contraindications := draw(IDS):
        argv += ["--contraindication", *contraindications]
    if criteria := draw(CRITERIA):
        argv += ["--criterion", *criteria]
    if draw(st.booleans()):
        argv += ["--treatments", draw(TEXT)]
    if draw(st.booleans()):
        argv += ["--centre", draw(st.sampled_from([*CENTRE_IDS[:5], "nowhere", ""]))]
    argv += ["--format", draw(st.sampled_from(["text", "markdown", "json", "letter"]))]
    argv += ["--lang", draw(st.sampled_from(["fr", "en"]))]
    return argv


@given(argv=route_argv())
@example(
    argv=["route", "--pain", "neuropathic_central", "--near", "Lyon", "--months", "nan", "--format", "json"]
)
@example(
    argv=["route", "--pain", "neuropathic_central", "--near", "Lyon", "--radius", "inf", "--format", "text"]
)
@example(
    argv=["route", "--pain", "fibromyalgia", "--near", "Ajaccio", "--radius", "1e-9", "--format", "letter"]
)
@example(argv=["route", "--pain", "", "--near", "", "--format", "markdown"])
def test_finder_route_answers_any_options(argv):
    result = run_cli(argv)
    result.assert_clean()
    if result.code == 0:
        assert result.stdout.strip()
        if argv[argv.index("--format") + 1] == "json":
            route = result.json()
            assert {"place", "pain", "steps", "centres", "rtms", "reminders", "warnings"} <= set(route)
            assert all(c["distance_km"] >= 0 for c in route["centres"])
            json.dumps(route, allow_nan=False)  # strict JSON: no NaN or Infinity for other tools


@given(
    query=st.lists(TEXT, max_size=3),
    near=st.one_of(st.none(), NEAR),
    radius=st.one_of(st.none(), NUMBERS),
    kind=st.one_of(
        st.none(), st.sampled_from(["sdc", "sdc-centre", "reference-centre", "SDC", "hospital", ""])
    ),
    pain=st.one_of(st.none(), PAIN),
    rtms=st.booleans(),
    as_json=st.booleans(),
)
def test_finder_centres_answers_any_search(query, near, radius, kind, pain, rtms, as_json):
    argv = ["centres", *query]
    for option, value in (("--near", near), ("--radius", radius), ("--kind", kind), ("--pain", pain)):
        if value is not None:
            argv += [option, value]
    argv += ["--rtms"] * rtms + ["--json"] * as_json
    result = run_cli(argv)
    result.assert_clean()
    if result.code == 0 and as_json:
        document = result.json()
        assert isinstance(document["results"], list)
        json.dumps(document, allow_nan=False)
