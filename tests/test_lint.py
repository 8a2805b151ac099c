"""The code base stays ruff-clean: lint rules and formatting, checked in CI like any other test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_ruff_check_finds_nothing():
    completed = ruff("check", ".")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_code_is_formatted():
    completed = ruff("format", "--check", ".")
    assert completed.returncode == 0, completed.stdout + completed.stderr
