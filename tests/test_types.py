"""The code type-checks: mypy with the configuration of ``pyproject.toml`` (strict; relaxed for the
Textual faces), as in the pre-commit hook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mypy(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def test_mypy_finds_nothing():
    completed = mypy()
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    assert "Success: no issues found" in completed.stdout


def test_a_type_error_is_caught(tmp_path):
    """The check can fail: a domain function returning the wrong type is reported."""
    (tmp_path / "bad.py").write_text('def count() -> int:\n    return "one"\n', encoding="utf-8")
    config = ROOT / "pyproject.toml"
    completed = mypy("--config-file", str(config), str(tmp_path / "bad.py"), cwd=tmp_path)
    assert completed.returncode == 1
    assert "Incompatible return value type" in completed.stdout
