"""The command line stays fast: no subcommand imports Textual (only the TUI and ``serve`` do).

Each command runs in a fresh interpreter, so modules imported by earlier tests cannot hide a leak.
That the domain packages never import Textual, even lazily, is import-linter's contract
(``tests/test_architecture.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from finder.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit_:
    code = exit_.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"textual", "rich", "textual_serve"})
sys.stderr.write("\\nPROBE " + json.dumps({"code": code, "heavy": heavy}) + "\\n")
"""

COMMANDS = [
    ["--help"],
    ["--version"],
    ["place", "st etienne"],
    ["place", "--json", "42000"],
    ["pain", "brûlures des pieds"],
    ["centres", "--json"],
    ["route", "--pain", "neuropathic_central", "--near", "Lyon", "--format", "json"],
    ["directory", "validate"],
    ["directory", "lint"],
    ["serve", "--help"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_command_does_not_import_textual(argv):
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=60
    )
    probe_line = completed.stderr.strip().splitlines()[-1]
    assert probe_line.startswith("PROBE "), completed.stderr
    probe = json.loads(probe_line.removeprefix("PROBE "))
    assert probe["heavy"] == [], f"finder {' '.join(argv)} imported {probe['heavy']}"
