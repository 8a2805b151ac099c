"""Which files make a directory of centres, and where a region's entries go.

``entry_files`` lists the ``.toml`` files under a folder (hidden folders and files skipped) as
strings: the validator (``validate.collect_files``) and the directory cache's key share it.
``region_slug`` names a region's folder (here rather than in the validator, so that a route, which
needs it, does not import the validator).
"""

from __future__ import annotations

import os
from pathlib import Path

from finder.text import fold

SUFFIX = ".toml"


def region_slug(name: str) -> str:
    """A region's folder name: ``"Provence-Alpes-Côte d'Azur"`` -> ``"provence-alpes-cote-d-azur"``."""
    return fold(name).replace(" ", "-")


def entry_files(root: Path) -> list[str]:
    """The entry files under ``root`` (a resolved folder) as paths relative to it, sorted as strings.

    Hidden files and folders are skipped; symlinked folders (a region kept elsewhere) are followed,
    each real folder once, so a link back up the tree cannot loop.
    """
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    for folder, folders, names in os.walk(root, followlinks=True):
        try:
            info = os.stat(folder)
        except OSError:
            folders[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:  # a link back up the tree, or a folder seen by another way
            folders[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == os.curdir else relative + os.sep
        found += [prefix + name for name in names if name.endswith(SUFFIX) and not name.startswith(".")]
    found.sort()
    return found
