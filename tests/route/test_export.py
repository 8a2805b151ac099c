"""finder.route.export: a route written where the user said, atomically, never over a file unasked.

``sample_route`` is also used by the TUI tests of the route panel and the export screen: a small,
hand-built route (real towns, fictitious centres) so those tests do not depend on the directory.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from finder import i18n
from finder.errors import FinderError, UsageError
from finder.i18n import tr
from finder.model import (
    Centre,
    Commune,
    Intake,
    Route,
    RoutedCentre,
    RouteStep,
    RtmsDecision,
    RtmsOffer,
    note,
)
from finder.route import export
from finder.route.export import FORMATS, ExportExists, export_route, suggested_filename

SAINT_ETIENNE = Commune(
    insee="42218",
    name="Saint-Étienne",
    postcodes=("42000", "42100"),
    department="42",
    department_name="Loire",
    region="84",
    region_name="Auvergne-Rhône-Alpes",
    lat=45.4339,
    lon=4.3917,
    population=171000,
)


def centre(cid: str, **fields) -> Centre:
    values = dict(
        id=cid,
        region="auvergne-rhone-alpes",
        path=f"directory/auvergne-rhone-alpes/{cid}.toml",
        name="Centre d'évaluation et de traitement de la douleur",
        establishment=f"Hôpital {cid}",
        kind="sdc-centre",
        audience=("adult",),
        city="Lyon",
        lat=45.76,
        lon=4.84,
        sources=(f"https://example.org/{cid}",),
        last_verified=date(2026, 6, 1),
        unverified=False,
    )
    values.update(fields)
    return Centre(**values)


def sample_route(*, place: Commune = SAINT_ETIENNE, centres: tuple[RoutedCentre, ...] | None = None) -> Route:
    """Three centres, nearest first: a verified SDC, a stale rTMS unit, an unverified one off radius."""
    if centres is None:
        centres = (
            RoutedCentre(
                centre("chu-near", city="Saint-Priest-en-Jarez", lat=45.47, lon=4.37, phone="04 77 00 00 00"),
                distance_km=4.4,
                within_radius=True,
            ),
            RoutedCentre(
                centre(
                    "rtms-lyon",
                    kind="reference-centre",
                    establishment="Hôpital *Neuro* [Lyon]",
                    rtms=RtmsOffer(True, ("M1",), ("neuropathic_central",), "Unit page (2024)."),
                    last_verified=date(2024, 1, 15),
                    stale=True,
                ),
                distance_km=51.2,
                within_radius=True,
            ),
            RoutedCentre(
                centre(
                    "far-away",
                    city="Grenoble",
                    lat=45.19,
                    lon=5.72,
                    last_verified=None,
                    unverified=True,
                    kind="sdc-consultation",
                ),
                distance_km=107.9,
                within_radius=False,
            ),
        )
    intake = Intake(place=place, pain_category="neuropathic_central", months=12, intensity=7, refractory=True)
    ids = tuple(item.centre.id for item in centres)
    steps = (
        RouteStep(
            "preconditions",
            note("step.preconditions"),
            (
                note("preconditions.checklist", ids=("referral_letter", "aetiological_workup")),
                note("criteria.none", ids=("major_impact",)),
            ),
        ),
        RouteStep("sdc_evaluation", note("step.sdc_evaluation"), (note("clinical.sdc_first"),), ids),
        RouteStep(
            "rtms", note("step.rtms"), (note("rtms.evidence", category="neuropathic_central"),), ids[1:2]
        ),
    )
    return Route(
        intake=intake,
        steps=steps,
        centres=centres,
        rtms=RtmsDecision(True, "A", "Lefaucheur 2020"),
        reminders=(note("clinical.centre_confirms"),),
        warnings=(note("warning.stale", count=1),),
        created=date(2026, 11, 20),
    )


def test_each_format_is_written_and_readable(tmp_path):
    route = sample_route()
    written = {fmt: export_route(route, fmt, tmp_path / suggested_filename(route, fmt)) for fmt in FORMATS}
    assert json.loads(written["json"].read_text(encoding="utf-8"))["centres"][0]["id"] == "chu-near"
    letter = written["letter"].read_text(encoding="utf-8")
    assert tr("route.letter.greeting") in letter and "Hôpital chu-near" in letter
    assert "Saint-Priest-en-Jarez" in written["markdown"].read_text(encoding="utf-8")
    assert "Saint-Priest-en-Jarez" in written["text"].read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written.values())


def test_suggested_name_holds_the_town_only_and_follows_the_language():
    route = sample_route()
    assert suggested_filename(route, "markdown") == "parcours-saint-etienne.md"
    assert suggested_filename(route, "letter") == "parcours-saint-etienne-courrier.txt"
    i18n.set_language("en")
    assert suggested_filename(route, "json") == "route-saint-etienne.json"


def test_an_existing_file_is_refused_unless_overwrite_is_asked(tmp_path):
    target = tmp_path / "parcours.md"
    target.write_text("notes du médecin", encoding="utf-8")
    with pytest.raises(ExportExists) as refused:
        export_route(sample_route(), "markdown", target)
    assert str(target) in str(refused.value)
    assert target.read_text(encoding="utf-8") == "notes du médecin"
    export_route(sample_route(), "markdown", target, overwrite=True)
    assert "Saint-Étienne" in target.read_text(encoding="utf-8")


def test_a_missing_folder_is_named_in_the_error(tmp_path):
    missing = tmp_path / "absent"
    with pytest.raises(FinderError, match=r"absent n'existe pas"):
        export_route(sample_route(), "text", missing / "parcours.txt")
    assert not missing.exists()


def test_a_folder_given_as_file_name_is_refused(tmp_path):
    with pytest.raises(FinderError, match="dossier"):
        export_route(sample_route(), "text", tmp_path)


def test_an_unknown_format_suggests_the_closest(tmp_path):
    with pytest.raises(UsageError, match="markdown"):
        export_route(sample_route(), "markdwn", tmp_path / "x.md")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_partial_file_and_the_old_one_intact(tmp_path, monkeypatch):
    target = tmp_path / "parcours.md"
    target.write_text("version précédente", encoding="utf-8")

    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export.os, "fsync", disk_full)
    with pytest.raises(FinderError, match="No space left"):
        export_route(sample_route(), "markdown", target, overwrite=True)
    assert target.read_text(encoding="utf-8") == "version précédente"
    assert [p.name for p in tmp_path.iterdir()] == ["parcours.md"]


def test_an_unwritable_folder_gives_a_clear_error(tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(export.os, "open", refused)  # creating the temporary file is refused
    with pytest.raises(FinderError, match=r"impossible d.écrire dans le dossier .*Permission denied"):
        export_route(sample_route(), "json", tmp_path / "parcours.json")
    assert list(tmp_path.iterdir()) == []


def test_a_name_taken_during_the_write_is_not_overwritten(tmp_path, monkeypatch):
    """Another program creates the file between the check and the move: its content survives."""
    target = tmp_path / "parcours.txt"
    real_link = os.link

    def racing_link(source, destination):
        Path(destination).write_text("écrit entre-temps", encoding="utf-8")
        real_link(source, destination)

    monkeypatch.setattr(export.os, "link", racing_link)
    with pytest.raises(ExportExists):
        export_route(sample_route(), "text", target)
    assert target.read_text(encoding="utf-8") == "écrit entre-temps"
    assert [p.name for p in tmp_path.iterdir()] == ["parcours.txt"]


def test_without_hard_links_the_file_is_still_written_once(tmp_path, monkeypatch):
    def no_links(source, destination):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(export.os, "link", no_links)
    written = export_route(sample_route(), "text", tmp_path / "parcours.txt")
    assert "Saint-Étienne" in written.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["parcours.txt"]


# --- replacing: only regular files, keeping their mode; temporary files of a killed run --------------


def test_replace_keeps_the_mode_of_the_replaced_file(tmp_path):
    target = tmp_path / "parcours.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    export_route(sample_route(), "markdown", target, overwrite=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Saint-Étienne" in target.read_text(encoding="utf-8")


def test_a_new_file_gets_the_mode_an_editor_would_give(tmp_path):
    previous = os.umask(0o027)
    try:
        written = export_route(sample_route(), "text", tmp_path / "parcours.txt")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(written.stat().st_mode) == 0o640


@pytest.mark.parametrize("kind", ["device", "fifo", "symlink"])
def test_replace_never_touches_what_is_not_a_regular_file(tmp_path, kind):
    target = tmp_path / "parcours.md"
    if kind == "device":
        target = Path("/dev/null")  # as root, replacing it made it a regular file
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        (tmp_path / "real.md").write_text("kept", encoding="utf-8")
        target.symlink_to(tmp_path / "real.md")
    before = os.lstat(target)
    with pytest.raises(FinderError) as refused:
        export_route(sample_route(), "markdown", target, overwrite=True)
    assert not isinstance(refused.value, ExportExists)
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    if kind == "symlink":
        assert (tmp_path / "real.md").read_text(encoding="utf-8") == "kept"


def test_temporary_files_of_a_killed_run_are_removed_at_the_next_write(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f".parcours.md.{dead.stdout.strip()}.0123abcd.finder-tmp"
    stale.write_text("partial", encoding="utf-8")
    alive = tmp_path / f".other.md.{os.getppid()}.0123abcd.finder-tmp"  # a running process's: kept
    alive.write_text("in progress", encoding="utf-8")
    export_route(sample_route(), "markdown", tmp_path / "parcours.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, "parcours.md"])


def test_git_ignores_the_temporary_files():
    ignored = (Path(__file__).parents[2] / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".*.finder-tmp" in ignored
