"""A directory cannot hang or crash finder: nested values, pipes, devices, symlinks, huge towns.

Each hostile file is that file's own error; every other entry still loads.

The tests call the directory functions in this process, except
``test_a_fifo_and_a_link_to_dev_zero_are_refused_without_reading``: it runs ``finder directory
validate`` in a child process with a timeout, because if the FIFO were opened for reading the
command would hang, and only a separate process can be killed when it does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from finder.directory import tools
from finder.directory.catalog import load_catalog
from finder.directory.tools import lint
from finder.directory.validate import MAX_BYTES, collect_files, validate_paths
from tests.directory.test_directory_tools import BASE, TODAY

VALID = Path(__file__).parents[1] / "fixtures" / "directory" / "valid"
DAY = date(2026, 1, 15)


@pytest.fixture
def directory(tmp_path) -> Path:
    root = tmp_path / "directory"
    shutil.copytree(VALID, root)
    return root


def codes_of(report, name: str) -> list[str]:
    return [p.code for p in report.problems if Path(p.path).name == name]


def test_deeply_nested_arrays_are_that_files_e001(directory):
    region = directory / "auvergne-rhone-alpes"
    (region / "deep.toml").write_text("x = " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    report = validate_paths([directory], today=DAY)
    assert codes_of(report, "deep.toml") == ["E001"]
    assert len(load_catalog(directory, today=DAY).centres) == 2  # the others still load


def test_nested_values_a_parser_accepts_do_not_crash_the_checks(directory):
    region = directory / "auvergne-rhone-alpes"
    text = (region / "minimal-entry.toml").read_text(encoding="utf-8")
    nested = text.replace("[provenance]", "x = " + "[" * 300 + '"\\u001b"' + "]" * 300 + "\n[provenance]")
    (region / "nested.toml").write_text(nested, encoding="utf-8")
    report = validate_paths([directory], today=DAY)
    assert set(codes_of(report, "nested.toml")) <= {"E001", "E007", "E028"}
    assert codes_of(report, "nested.toml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_and_a_link_to_dev_zero_are_refused_without_reading(directory):
    region = directory / "auvergne-rhone-alpes"
    os.mkfifo(region / "fifo.toml")
    (region / "zero.toml").symlink_to("/dev/zero")
    started = time.monotonic()
    # in a child process: if the FIFO were opened for reading, the command would hang
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "finder",
            "--lang",
            "en",
            "directory",
            "validate",
            "--directory",
            str(directory),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - started < 60
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any("fifo.toml" in line and "[E001]" in line and "not a regular file" in line for line in lines)
    assert any("zero.toml" in line and "[E001]" in line for line in lines)
    assert "internal error" not in result.stderr


def test_a_file_over_the_limit_is_e020_after_a_bounded_read(directory):
    big = directory / "auvergne-rhone-alpes" / "big.toml"
    big.write_bytes(b"#" * (MAX_BYTES + 10))
    assert codes_of(validate_paths([directory], today=DAY), "big.toml") == ["E020"]


def test_a_symlinked_region_folder_is_followed_and_a_loop_ends(directory, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "auvergne-rhone-alpes"
    elsewhere.mkdir(parents=True)
    shutil.copy(directory / "auvergne-rhone-alpes" / "full-entry.toml", elsewhere / "linked-entry.toml")
    shutil.move(directory / "auvergne-rhone-alpes", tmp_path / "kept")
    (directory / "auvergne-rhone-alpes").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "loop").symlink_to(directory, target_is_directory=True)  # a link back up
    files = collect_files([directory])
    assert [f.name for f in files] == ["linked-entry.toml"]
    assert [c.id for c in load_catalog(directory, today=DAY).centres] == ["linked-entry"]


def test_a_deep_file_under_a_small_stack_is_still_only_its_own_error(tmp_path):
    """In a child process with a small stack (a running app calls from deeper): E001, no crash."""
    code = (
        "import sys; sys.setrecursionlimit(400)\n"
        "from finder.directory.catalog import load_catalog\n"
        f"catalog = load_catalog({str(tmp_path / 'directory')!r})\n"
        "print(len(catalog.centres), [p.code for p in catalog.problems])\n"
    )
    shutil.copytree(VALID, tmp_path / "directory")
    deep = tmp_path / "directory" / "auvergne-rhone-alpes" / "deep.toml"
    deep.write_text("x = " + "[" * 401 + "]" * 401 + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 ['E001']"


# --- lint: near-linear in the size of a commune -------------------------------------------------


def _town(count: int) -> list:
    import random

    rng = random.Random(7)
    words = ["douleur", "centre", "consultation", "clinique", "hopital", "nord", "sud", "saint", "marie"]
    words += ["unite", "evaluation", "traitement", "pole", "service", "pierre"]
    return [
        replace(
            BASE,
            id=f"c{i}",
            path=f"directory/bretagne/c{i}.toml",
            name=" ".join(rng.sample(words, 4)) + f" {i % 50}",
            establishment=f"Etablissement {rng.choice(words)} {i % 7}",
        )
        for i in range(count)
    ]


def test_lint_of_10000_entries_in_one_town_is_quick():
    centres = _town(10_000)
    started = time.perf_counter()
    problems = lint(centres, today=TODAY)
    assert time.perf_counter() - started < 30  # the all-pairs version ran past 300 s
    assert any(p.code == "L003" for p in problems)


def test_the_near_linear_lint_finds_what_all_pairs_finds_on_a_mid_size_town(monkeypatch):
    centres = _town(400)

    def l003() -> set[tuple[str, str]]:
        return {(p.path, p.message) for p in lint(centres, today=TODAY) if p.code == "L003"}

    windowed = l003()
    monkeypatch.setattr(tools, "ALL_PAIRS_LIMIT", 10_000)
    exhaustive = l003()
    assert windowed <= exhaustive
    assert len(windowed) >= 0.9 * len(exhaustive), (len(windowed), len(exhaustive))
