"""The README's first lines are the two commands a newcomer runs, and CI runs exactly the test one."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:12]
    return [line.strip() for line in head if line.startswith("    ")]


def test_the_readme_starts_with_the_start_and_test_commands():
    start, tests = readme_commands()
    assert start.startswith("python3 -m venv .venv") and start.endswith(".venv/bin/finder")
    assert tests.startswith("python3 -m venv .venv") and "pytest" in tests


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.strip()]
    assert ci_lines[-1] == readme_commands()[1]
