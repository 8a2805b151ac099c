"""End-to-end route scenarios: ``finder route`` in a subprocess, checked on its JSON (or its message).

The scenarios use the fixture directory ``tests/fixtures/route_directory`` (see its README), so they do
not move when the shipped directory changes. The processes of the table run a few at a time from a
module fixture, so the scenarios cost about what the machine's cores can do, not their sum.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "route_directory"


PARALLEL = 4  # finder processes at once


def _base(command: str) -> list[str]:
    """``finder route`` on the fixture directory, options written as on a shell command line."""
    return ["route", "--directory", str(FIXTURE), *shlex.split(command)]


CHRONIC = "--months 12 --refractory yes"
# name -> finder arguments. JSON scenarios first, then other formats, then bad input.
SCENARIOS: dict[str, list[str]] = {
    "central": _base(f"--pain neuropathic_central --near Saint-Étienne {CHRONIC} --format json"),
    "central_pacemaker": _base(
        f"--pain neuropathic_central --near 42000 {CHRONIC} --contraindication pacemaker --format json"
    ),
    "fibromyalgia": _base(f"--pain fibromyalgia --near Grenoble {CHRONIC} --format json"),
    "low_back": _base(f"--pain low_back --near Saint-Étienne {CHRONIC} --format json"),
    "child": _base(
        "--pain neuropathic_peripheral --near Saint-Étienne --age 10 --months 2 --refractory yes"
        " --format json"
    ),
    "overseas": _base(f"--pain neuropathic_central --near 'Saint-Pierre (974)' {CHRONIC} --format json"),
    "not_refractory": _base(
        "--pain neuropathic_central --near Saint-Étienne --months 12 --refractory no --format json"
    ),
    "letter": _base(
        f"--pain neuropathic_central --near Saint-Étienne {CHRONIC} --intensity 7 --dn4 5"
        " --criterion major_impact --format letter --centre cetd-hcl-lyon-sud"
    ),
    "shipped_adult": [
        "route",
        *shlex.split(f"--pain neuropathic_central --near Saint-Étienne {CHRONIC} --format json"),
    ],
    "shipped_child": [
        "route",
        *shlex.split("--pain fibromyalgia --near 42100 --age 9 --months 2 --format json"),
    ],
    # bad input: a clear message and exit code, never a traceback
    "unknown_category": _base("--pain neuropathic_centrale --near Lyon"),
    "unmatched_text": _base("--pain bonjour --near Lyon"),
    "two_readings": _base("--pain 'migraine et lombalgie' --near Lyon"),
    "unknown_contraindication": _base("--pain low_back --near Lyon --contraindication pacemakr"),
    "unknown_criterion": _base("--pain low_back --near Lyon --criterion major_impactt"),
    "intensity_11": _base("--pain low_back --near Lyon --intensity 11"),
    "negative_months": _base("--pain low_back --near Lyon --months -1"),
    "age_200": _base("--pain low_back --near Lyon --age 200"),
    "months_beyond_age": _base("--pain low_back --near Lyon --age 10 --months 240"),
    "infinite_months": _base("--pain low_back --near Lyon --months inf"),
    "two_dn4": _base("--pain low_back --near Lyon --dn4 5 --dn4-interview 3"),
    "zero_radius": _base("--pain low_back --near Lyon --radius 0"),
    "refractory_maybe": _base("--pain low_back --near Lyon --refractory maybe"),
    "unknown_place": _base("--pain low_back --near Zzyzxville"),
    "ambiguous_place": _base("--pain low_back --near Saint-Denis"),
    "missing_near": _base("--pain low_back"),
    "unknown_centre": _base("--pain low_back --near Lyon --format letter --centre cetd-lyom"),
}


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    env.update(PYTHONIOENCODING="utf-8", FINDER_DEBUG="")
    return env


def run_all(scenarios: dict[str, list[str]]) -> dict[str, subprocess.CompletedProcess]:
    """Run the scenarios a few at a time (stdin not a terminal): the cores stay busy, memory bounded."""

    def run(args: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "finder", *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=_env(),
            timeout=120,
            check=False,
        )

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        futures = {name: pool.submit(run, args) for name, args in scenarios.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="module")
def results():
    return run_all(SCENARIOS)


def ok_json(results, name) -> dict:
    done = results[name]
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def step(data, kind):
    return next((s for s in data["steps"] if s["kind"] == kind), None)


def centres_by_id(data) -> dict[str, dict]:
    return {c["id"]: c for c in data["centres"]}


def test_adult_central_neuropathic_pain_near_an_rtms_centre(results):
    data = ok_json(results, "central")
    assert [s["kind"] for s in data["steps"]] == ["preconditions", "sdc_evaluation", "rtms", "follow_up"]
    assert data["rtms"]["indicated"] is True and data["rtms"]["evidence_level"] == "A"
    assert "Lefaucheur" in data["rtms"]["reference"]
    assert step(data, "rtms")["centres"][0] == "cetd-chu-saint-etienne"  # nearest, and names the category
    assert step(data, "sdc_evaluation")["centres"][0] == "cetd-chu-saint-etienne"
    assert data["place"]["insee"] == "42218" and data["pain"]["category"] == "neuropathic_central"
    by_id = centres_by_id(data)
    assert 3 < by_id["cetd-chu-saint-etienne"]["distance_km"] < 8
    assert [c["distance_km"] for c in data["centres"]] == sorted(c["distance_km"] for c in data["centres"])
    assert "douleur-enfant-hfme-lyon" not in by_id  # children-only structure, adult patient


def test_a_pacemaker_blocks_the_rtms_step_and_is_named(results):
    data = ok_json(results, "central_pacemaker")
    assert "rtms" not in [s["kind"] for s in data["steps"]]
    assert data["rtms"]["blocked_by"] == ["pacemaker"]
    assert data["rtms"]["indicated"] is False
    sdc = step(data, "sdc_evaluation")
    assert sdc["centres"] and "défibrillateur cardiaque" in sdc["detail"]


def test_fibromyalgia_is_level_b(results):
    data = ok_json(results, "fibromyalgia")
    assert data["rtms"]["evidence_level"] == "B"
    assert step(data, "rtms")["centres"][0] == "cetd-chu-grenoble"


def test_low_back_pain_has_no_rtms_step(results):
    data = ok_json(results, "low_back")
    assert "rtms" not in [s["kind"] for s in data["steps"]]
    assert data["rtms"]["evidence_level"] is None
    assert any("Aucun niveau de recommandation" in r for r in data["rtms"]["reasons"])
    assert step(data, "sdc_evaluation")["centres"]


def test_a_child_sees_child_structures_first(results):
    data = ok_json(results, "child")
    first = step(data, "sdc_evaluation")["centres"][0]
    assert first == "douleur-enfant-hfme-lyon"
    assert "child" in centres_by_id(data)[first]["audience"]
    # domain.md B: no rTMS step under 18, whatever the duration; the one stated reason
    assert data["rtms"]["indicated"] is False
    assert [n["code"] for n in data["rtms"]["reason_notes"]] == ["clinical.children_no_rtms"]


def test_an_overseas_place_with_no_centre_within_reach_gets_the_official_lists(results):
    data = ok_json(results, "overseas")  # the fixture directory has no centre overseas
    assert data["place"]["department"] == "974"
    assert data["centres"] == [] and step(data, "sdc_evaluation")["centres"] == []
    assert data["official_pages"]["code"] == "out_of_reach" and data["official_pages"]["pages"]


def test_not_refractory_has_no_rtms_step_and_says_why(results):
    data = ok_json(results, "not_refractory")
    assert "rtms" not in [s["kind"] for s in data["steps"]]
    assert [n["code"] for n in data["rtms"]["reason_notes"]] == ["reason.not_refractory_lines"]


def test_stale_and_unverified_entries_are_marked(results):
    data = ok_json(results, "low_back")
    by_id = centres_by_id(data)
    assert by_id["algologie-ch-vienne"]["stale"] is True
    assert by_id["consultation-douleur-ch-roanne"]["unverified"] is True
    # algology comes after every labelled structure
    sdc = step(data, "sdc_evaluation")["centres"]
    assert sdc[-1] == "algologie-ch-vienne"


def test_letter_to_a_chosen_centre(results):
    done = results["letter"]
    assert done.returncode == 0, done.stderr
    letter = done.stdout
    assert "Hospices Civils de Lyon, Centre hospitalier Lyon Sud" in letter
    assert "- [x] Intensité, durée et répercussions majeures" in letter
    assert "DN4 : 5/10, positif" in letter and "7/10" in letter
    assert "Nom ____" in letter


def test_shipped_directory_saint_etienne_adult_goes_to_its_rtms_capable_cetd(results):
    data = ok_json(results, "shipped_adult")
    assert step(data, "sdc_evaluation")["centres"][0] == "chu-saint-etienne-douleur"
    assert step(data, "rtms")["centres"][0] == "chu-saint-etienne-douleur"
    assert centres_by_id(data)["chu-saint-etienne-douleur"]["rtms"] is True


def test_shipped_directory_saint_etienne_child_goes_to_the_paediatric_unit_first(results):
    data = ok_json(results, "shipped_child")
    assert step(data, "sdc_evaluation")["centres"][0] == "chu-saint-etienne-enfants"
    assert [n["code"] for n in data["rtms"]["reason_notes"]] == ["clinical.children_no_rtms"]  # domain.md B


@pytest.mark.parametrize(
    ("name", "code", "fragments"),
    [
        ("unknown_category", 2, ["neuropathic_centrale", "neuropathic_central"]),
        ("unmatched_text", 2, ["bonjour", "low_back", "fibromyalgia"]),
        ("two_readings", 2, ["migraine", "low_back"]),
        ("unknown_contraindication", 2, ["pacemakr", "pacemaker"]),
        ("unknown_criterion", 2, ["major_impactt", "major_impact"]),
        ("intensity_11", 2, ["--intensity", "11", "0", "10"]),
        ("negative_months", 2, ["--months", "-1"]),
        ("age_200", 2, ["--age", "200", "120"]),
        ("months_beyond_age", 2, ["--months 240", "--age 10"]),
        ("infinite_months", 2, ["--months", "inf", "1200"]),
        ("two_dn4", 2, ["--dn4", "--dn4-interview"]),
        ("zero_radius", 2, ["--radius", "1000"]),
        ("refractory_maybe", 2, ["maybe"]),
        ("unknown_place", 2, ["Zzyzxville"]),
        ("ambiguous_place", 2, ["Saint-Denis (974", "Saint-Denis (93", "département"]),
        ("missing_near", 2, ["--near"]),
        ("unknown_centre", 2, ["cetd-lyom"]),
    ],
)
def test_bad_input_gets_a_clear_message(results, name, code, fragments):
    done = results[name]
    assert done.returncode == code, (done.stdout, done.stderr)
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    for fragment in fragments:
        assert fragment in done.stderr


# --- the same command line in process (cheaper): formats, language, free text -----------------------


def finder_main(capsys, command: str) -> tuple[int, str, str]:
    from finder.cli.main import main

    code = main(_base(command))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_free_text_pain_is_matched_with_its_score(capsys):
    code, out, err = finder_main(
        capsys, f"--pain 'douleur du bras depuis mon AVC' --near Lyon {CHRONIC} --format json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["pain"]["category"] == "neuropathic_central"
    assert 0 < data["pain"]["score"] <= 100


def test_english_output(capsys):
    code, out, err = finder_main(
        capsys, f"--lang en --pain fibromyalgia --near Grenoble {CHRONIC} --format json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert step(data, "rtms")["title"] == "rTMS: to discuss with the pain team"
    assert data["pain"]["label"] == "Fibromyalgia"


def test_text_output_is_readable_and_says_call_to_confirm(capsys):
    code, out, err = finder_main(capsys, f"--pain neuropathic_central --near Saint-Étienne {CHRONIC}")
    assert code == 0, err
    assert out.startswith("Parcours d'orientation")
    assert out.count("appeler pour confirmer") >= 3
    assert "non remboursée" in out


def test_markdown_output(capsys):
    code, out, err = finder_main(capsys, f"--pain low_back --near Rennes {CHRONIC} --format markdown")
    assert code == 0, err
    assert "## 2. Évaluation en structure douleur chronique (SDC)" in out
    assert "Centre d'évaluation et de traitement de la douleur (CETD) adultes" in out


def test_letter_to_a_centre_outside_the_route(capsys):
    code, out, err = finder_main(
        capsys, "--pain low_back --near Saint-Étienne --format letter --centre cetd-chu-rennes"
    )
    assert code == 0, err
    assert "CHU de Rennes, Hôpital Pontchaillou" in out


def test_directory_problems(tmp_path):
    """An empty directory is an error; a directory with a broken entry routes with the others and warns."""
    empty = tmp_path / "empty"
    empty.mkdir()
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURE, broken)
    (broken / "bretagne" / "cetd-casse.toml").write_text(
        'name = "Centre"\nkind = "sdc-centree"\n', encoding="utf-8"
    )
    args = ["--pain", "low_back", "--near", "Rennes", "--format", "json"]
    done = run_all(
        {
            "empty": ["route", "--directory", str(empty), *args],
            "broken": ["route", "--directory", str(broken), *args],
        }
    )
    assert done["empty"].returncode == 1 and "Traceback" not in done["empty"].stderr
    assert str(empty) in done["empty"].stderr
    data = ok_json(done, "broken")
    assert step(data, "sdc_evaluation")["centres"][0] == "cetd-chu-rennes"
    assert any("1 fiche(s)" in w for w in data["warnings"])


def test_on_a_terminal_missing_answers_are_asked_on_stderr():
    """With stdin a terminal, --pain and --near are asked for; stdout still holds only the route."""
    import pty

    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "finder", *_base("--format json")],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=_env(),
    )
    os.close(terminal)
    os.write(controller, b"lombalgie\nRennes\n")
    out, err = proc.communicate(timeout=60)
    os.close(controller)
    assert proc.returncode == 0, err
    assert "Douleur (catégorie ou description) :" in err and "Commune du patient :" in err
    data = json.loads(out)
    assert data["pain"]["category"] == "low_back" and data["place"]["name"] == "Rennes"


class _Ban(BaseHTTPRequestHandler):
    """A local stand-in for api-adresse.data.gouv.fr: one address in Saint-Étienne, else nothing."""

    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
        features = []
        if "rue de la paix" in query.lower():
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [4.387653, 45.434681]},
                    "properties": {
                        "label": "10 Rue de la Paix 42000 Saint-Étienne",
                        "score": 0.97,
                        "postcode": "42000",
                        "citycode": "42218",
                        "city": "Saint-Étienne",
                        "type": "housenumber",
                    },
                }
            )
        body = json.dumps({"type": "FeatureCollection", "features": features}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_online_address_is_the_origin_and_unknown_addresses_fall_back_offline(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ban)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host, port = server.server_address
        monkeypatch.setenv("FINDER_BAN_URL", f"http://{host}:{port}")
        monkeypatch.setenv("NO_PROXY", "*")
        args = f"--pain low_back {CHRONIC} --online --format json"
        done = run_all(
            {
                "address": _base(f"--near '10 rue de la paix saint etienne' {args}"),
                "unknown": _base(f"--near Rennes {args}"),
            }
        )
    finally:
        server.shutdown()
        server.server_close()
    data = ok_json(done, "address")
    assert data["place"]["insee"] == "42218"
    assert data["place"]["point"] == pytest.approx([45.434681, 4.387653])
    assert data["place"]["score"] == 97.0
    fallback = ok_json(done, "unknown")
    assert fallback["place"]["name"] == "Rennes" and fallback["place"]["point"] is None
    assert "Base Adresse Nationale ne connaît pas" in done["unknown"].stderr


def test_contraindication_none_records_a_screening_without_yes_answers(capsys):
    code, out, err = finder_main(
        capsys,
        f"--pain neuropathic_central --near Saint-Étienne {CHRONIC} --contraindication none --format json",
    )
    assert code == 0, err
    assert json.loads(out)["rtms"]["screened"] is True
    code, out, err = finder_main(
        capsys, f"--pain neuropathic_central --near Saint-Étienne {CHRONIC} --format json"
    )
    assert json.loads(out)["rtms"]["screened"] is False


def test_contraindication_none_with_an_id_is_a_usage_error(capsys):
    code, _, err = finder_main(
        capsys, f"--pain neuropathic_central --near Saint-Étienne {CHRONIC} --contraindication none pacemaker"
    )
    assert code == 2
    assert "none" in err


@pytest.mark.parametrize(
    ("option", "value", "parser"),
    [
        ("--radius", "5000", "parse_radius"),
        ("--months", "1300", "parse_months"),
        ("--age", "121", "parse_age"),
        ("--intensity", "11", "parse_intensity"),
        ("--dn4", "11", "parse_dn4"),
        ("--dn4-interview", "8", "parse_dn4_interview"),
        ("--refractory", "maybe", "parse_yes_no"),
    ],
)
def test_route_options_share_the_conversation_parsers(option, value, parser, capsys):
    """One parser per answer: the bounds and the message of the command line are the conversation's."""
    from finder import i18n
    from finder.cli.main import main
    from finder.errors import UsageError
    from finder.intake import answers

    i18n.set_language("fr")
    with pytest.raises(UsageError) as refused:
        getattr(answers, parser)(value)
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "fr", "route", "--pain", "low_back", "--near", "Lyon", option, value])
    assert exited.value.code == 2
    assert str(refused.value) in capsys.readouterr().err
