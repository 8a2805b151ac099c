"""The architecture holds: import-linter's contracts of ``pyproject.toml`` are kept.

The layers (faces > conversation > route > directory > clinical | places > shared helpers) and "the
domain never imports Textual" are checked on every import, lazy ones inside functions included.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(*args: str) -> subprocess.CompletedProcess[str]:
    script = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run(
        [sys.executable, "-c", script, "--no-cache", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_contracts_are_kept():
    completed = lint_imports()
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    assert "0 broken" in completed.stdout


def test_a_broken_layer_is_caught(tmp_path):
    """The check can fail: a domain module importing Textual breaks the contract."""
    copy = tmp_path / "finder"
    subprocess.run(["cp", "-r", str(ROOT / "finder"), str(copy)], check=True)
    (copy / "places" / "leak.py").write_text("import textual\n", encoding="utf-8")
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, '.'); from importlinter.cli import lint_imports_command; "
            "sys.exit(lint_imports_command())",
            "--no-cache",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode != 0
    assert "finder.places.leak -> textual" in completed.stdout
