"""The ``finder`` process's first code: the console script and ``python -m finder`` start here.

They import this module, not :mod:`finder.cli.main`, so that a Ctrl-C pressed while finder's modules
load (the first 25 ms or so of a command) ends the process with 130 and no traceback, as it does once
a command runs. Everything else is :func:`finder.cli.main.entry`'s.
"""

from __future__ import annotations

from finder.errors import EXIT_INTERRUPTED


def entry() -> int:
    """Load the command line and run :func:`finder.cli.main.entry`; 130 if interrupted while loading."""
    try:
        from finder.cli.main import entry as run
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return run()
