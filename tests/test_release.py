"""A real release: the sdist and wheel build, and the wheel works from a fresh venv outside the checkout.

The build starts from a copy of the checkout (the files git would ship: tracked and not ignored), so
it writes nothing into the repository. ``python -m build`` makes the sdist, then the wheel *from the
sdist*: a data file missing from either one fails here. The build runs without isolation, with the
test environment's hatchling, and the wheel is installed without its dependencies into a clean venv
(no system site-packages) that reuses the test environment's packages: no registry is reached. Then
the commands run from an empty folder, with no PYTHONPATH: everything they need (the gazetteer,
the shipped directory, the catalogues, the app's styles) has to be inside the package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Release:
    source: Path  # the copy of the checkout the release was built from
    sdist: Path
    wheel: Path
    venv: Path
    outside: Path  # an empty working directory outside the checkout

    @property
    def finder(self) -> Path:
        return self.venv / "bin" / "finder"

    def run(self, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        env = {
            key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))
        }
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        return subprocess.run(
            [str(self.finder), *argv],
            cwd=self.outside,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def shipped_files() -> list[str]:
    """The checkout's files as git sees them: tracked, plus new ones not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return sorted({name for name in listed.split("\0") if name and os.path.lexists(REPO / name)})


def copy_checkout(target: Path) -> None:
    for name in shipped_files():
        source, destination = REPO / name, target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)


def package_files(source: Path) -> set[str]:
    """Every file the installed package needs: ``finder/**`` minus caches, plus the top-level
    ``directory/`` mapped to ``finder/data/directory/``."""
    found = set()
    for folder, dirs, files in os.walk(source / "finder"):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found.update(Path(folder, name).relative_to(source).as_posix() for name in files)
    for path in (source / "directory").rglob("*"):
        if path.is_file():
            found.add("finder/data/directory/" + path.relative_to(source / "directory").as_posix())
    return found


def _reuse_test_dependencies(venv: Path) -> None:
    """Make the test environment's packages (textual, rapidfuzz...) importable in the release venv.

    A plain path line in a ``.pth`` file adds the folder to ``sys.path`` after the venv's own
    site-packages, without running that folder's ``.pth`` files: the editable install of the checkout
    stays out, so ``import finder`` is the wheel's (checked below). This saves reinstalling every
    dependency from the registry on each run.
    """
    purelib = sysconfig.get_paths()["purelib"]
    (target,) = (venv / "lib").glob("python*/site-packages")
    (target / "zz_test_dependencies.pth").write_text(purelib + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Release:
    root = tmp_path_factory.mktemp("release")
    source, dist, outside = root / "source", root / "dist", root / "outside"
    outside.mkdir()
    copy_checkout(source)
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (sdist,) = dist.glob("finder-*.tar.gz")
    (wheel,) = dist.glob("finder-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    installed = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    _reuse_test_dependencies(venv)
    return Release(source, sdist, wheel, venv, outside)


def test_no_symbolic_link_in_the_checkout():
    """A Windows clone turns a committed symbolic link into a small text file: ship none."""
    assert [name for name in shipped_files() if (REPO / name).is_symlink()] == []


def test_the_wheel_holds_every_package_file_including_the_directory_and_data(release):
    names = set(zipfile.ZipFile(release.wheel).namelist())
    missing = sorted(package_files(release.source) - names)
    assert missing == [], f"not in the wheel: {missing}"
    assert any(name.startswith("finder/data/gazetteer") for name in names)
    entries = [name for name in names if name.startswith("finder/data/directory/") and name.endswith(".toml")]
    shipped_entries = list((release.source / "directory").rglob("*.toml"))
    assert len(entries) == len(shipped_entries) > 0, "the shipped centre directory is not in the wheel"


def test_the_sdist_holds_the_data_and_the_directory(release):
    with tarfile.open(release.sdist) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert "pyproject.toml" in names and "README.md" in names
    assert any(name.startswith("finder/data/gazetteer") for name in names)
    assert any(name.startswith("directory/") and name.endswith(".toml") for name in names)


def test_the_installed_package_is_the_wheel_not_the_checkout(release):
    python = release.venv / "bin" / "python"
    located = subprocess.run(
        [str(python), "-c", "import finder; print(finder.__file__)"],
        cwd=release.outside,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ.get("PATH", "")},
    )
    where = Path(located.stdout.splitlines()[0]).resolve()
    assert where.is_relative_to(release.venv.resolve()), where
    assert not where.is_relative_to(REPO)


def test_version_and_help_from_outside(release):
    version = release.run("--version")
    assert version.returncode == 0 and version.stdout.startswith("finder "), version.stderr
    assert "route" in release.run("--help").stdout


def test_place_from_outside(release):
    completed = release.run("place", "--json", "42000")
    assert completed.returncode == 0, completed.stderr
    assert "Saint-Étienne" in completed.stdout


def test_route_from_outside(release):
    completed = release.run(
        "route", "--pain", "neuropathic_central", "--near", "Lyon", "--format", "json", "--radius", "300"
    )
    assert completed.returncode == 0, completed.stderr
    import json

    route = json.loads(completed.stdout)
    assert route["place"]["name"] == "Lyon"
    assert route["centres"], "no centre found: the shipped directory did not reach the installed package"


def test_directory_validate_from_outside(release):
    completed = release.run("directory", "validate")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Traceback" not in completed.stderr


def test_the_app_starts_with_its_styles_from_outside(release):
    """A headless start of the Textual app: a missing .tcss file would stop it with a CSS error."""
    probe = (
        "import asyncio\n"
        "from finder.tui.app import FinderApp\n"
        "async def main():\n"
        "    app = FinderApp()\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.pause()\n"
        "        print('rules', len(app.stylesheet.rules))\n"
        "asyncio.run(main())\n"
    )
    completed = subprocess.run(
        [str(release.venv / "bin" / "python"), "-c", probe],
        cwd=release.outside,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(release.outside)},
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert int(completed.stdout.split("rules")[-1]) > 0
