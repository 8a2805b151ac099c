"""Privacy, proved: finder works with the network made impossible, and writes nothing it was not asked to
but its caches (the directory's centres and finder's own data, in the user's cache folder; README
"Privacy").

Each command runs in a child process under the guard of ``tests/privacy/`` (sockets blocked, every
write and spawn reported) with a temporary HOME and working directory; the folders finder could write
to (the HOME, the working directory, the package folder and the shipped directory) are listed before
and after.
"""

from __future__ import annotations

import marshal
import os
import textwrap
from pathlib import Path

import pytest

from tests.privacy.harness import (
    REPO,
    GuardedRun,
    Sandbox,
    changes,
    make_sandbox,
    run_guarded,
    snapshot,
    watched_roots,
)


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return make_sandbox(tmp_path)


def run_and_watch(
    argv: list[str], sandbox: Sandbox, *, allowed: tuple[Path, ...] = (), **kwargs
) -> tuple[GuardedRun, list[str]]:
    """Run under the guard; return the run and the unexpected changes in the watched folders (changes
    inside finder's cache folder are checked by ``caches_hold_nothing_of``)."""
    allowed_paths = {str(path) for path in allowed}
    roots = watched_roots(sandbox)
    before = {root: snapshot(root) for root in roots}
    run = run_guarded(argv, sandbox, **kwargs)
    after = {root: snapshot(root) for root in roots}
    unexpected = [
        change
        for root in roots
        for change in changes(before[root], after[root])
        if not _allowed(change.split(" ", 1)[1], allowed_paths, sandbox)
    ]
    return run, unexpected


def cache_root(sandbox: Sandbox) -> Path:
    """finder's cache folder in the sandbox (finder.user_cache): the directory cache and the derived
    copies of finder's own data files (the gazetteer...), never anything typed."""
    return Path(sandbox.env()["XDG_CACHE_HOME"]) / "finder"


def _allowed(path: str, allowed_paths: set[str], sandbox: Sandbox) -> bool:
    root = cache_root(sandbox)
    return path in allowed_paths or path in (str(root), str(root.parent)) or Path(path).is_relative_to(root)


def assert_private(
    run: GuardedRun, unexpected: list[str], *, allowed: tuple[Path, ...] = (), sandbox: Sandbox | None = None
) -> None:
    """No network, no spawn, no traceback; writes only to ``allowed`` and (with ``sandbox``) finder's
    cache folder, where no temporary file may be left."""
    allowed_paths = {str(path) for path in allowed}
    if sandbox is not None:
        root = cache_root(sandbox)
        cached = [p for p in run.writes if _allowed(p, set(), sandbox)]
        left = [p for p in cached if Path(p).name.endswith(".finder-tmp") and Path(p).exists()]
        assert left == [], f"temporary cache files left: {left}"
        allowed_paths |= set(cached) | {str(root)}
    assert run.network == [], f"network access attempted:\n{run.describe()}"
    assert [path for path in run.writes if path not in allowed_paths] == [], (
        f"wrote files it was not asked to:\n{run.describe()}"
    )
    assert run.spawns == [], f"started another program:\n{run.describe()}"
    assert unexpected == [], "files changed:\n" + "\n".join(unexpected) + "\n" + run.describe()
    assert "Traceback" not in run.stderr, run.describe()


# --- the guard itself: each witness must catch what it is there to catch -----------------------


def test_guard_blocks_and_reports_a_connection(sandbox):
    probe = textwrap.dedent(
        """
        import urllib.request
        try:
            urllib.request.urlopen("http://192.0.2.1/", timeout=2)
        except Exception as error:
            print("caught", type(error).__name__)
        """
    )
    run = run_guarded([], sandbox, prefix=("-c", probe))
    assert "caught" in run.stdout, run.describe()
    assert run.network, run.describe()


def test_guard_blocks_name_resolution_even_when_the_error_is_swallowed(sandbox):
    probe = textwrap.dedent(
        """
        import socket
        try:
            socket.getaddrinfo("api-adresse.data.gouv.fr", 443)
        except OSError:
            pass
        """
    )
    run = run_guarded([], sandbox, prefix=("-c", probe))
    assert run.returncode == 0
    assert any("getaddrinfo" in attempt for attempt in run.network), run.describe()


def test_guard_allows_local_unix_sockets_that_asyncio_needs(sandbox):
    probe = "import asyncio\nasyncio.run(asyncio.sleep(0))\nprint('ok')"
    run = run_guarded([], sandbox, prefix=("-c", probe))
    assert run.stdout.strip() == "ok" and run.network == [], run.describe()


def test_a_python_that_does_nothing_writes_nothing(sandbox):
    run, unexpected = run_and_watch([], sandbox, prefix=("-c", "import finder.cli.main"))
    assert_private(run, unexpected)


def test_both_witnesses_see_a_write_to_home(sandbox):
    probe = "import os, pathlib\npathlib.Path(os.environ['HOME'], 'leak.txt').write_text('patient')"
    run, unexpected = run_and_watch([], sandbox, prefix=("-c", probe))
    assert run.writes == [str(sandbox.home / "leak.txt")], run.describe()
    assert unexpected == [f"created {sandbox.home / 'leak.txt'}"]


def test_the_guard_sees_an_atomic_replace_and_a_spawn(sandbox):
    probe = textwrap.dedent(
        """
        import os, subprocess, sys
        fd = os.open("part.tmp", os.O_WRONLY | os.O_CREAT)
        os.close(fd)
        os.replace("part.tmp", "export.md")
        subprocess.run([sys.executable, "-c", "pass"])
        """
    )
    run = run_guarded([], sandbox, prefix=("-c", probe))
    assert str(sandbox.cwd / "export.md") in run.writes, run.describe()
    assert len(run.spawns) == 1, run.describe()


def test_temporary_files_land_in_the_sandbox_home(sandbox):
    probe = "import tempfile\nprint(tempfile.gettempdir())"
    run = run_guarded([], sandbox, prefix=("-c", probe))
    assert Path(run.stdout.strip()) == sandbox.home / "tmp"
    assert os.environ.get("HOME") != str(sandbox.home)


# --- every default command, offline and writing nothing ----------------------------------------

COMMANDS = [
    ["place", "st etienne"],
    ["place", "--json", "42000"],
    ["pain", "--json", "brûlures dans les pieds"],
    ["centres", "--near", "Lyon", "--json"],
    ["centres", "douleur", "--rtms"],
    ["route", "--pain", "neuropathic_central", "--near", "Lyon", "--months", "12", "--intensity", "7"],
    ["route", "--pain", "fibromyalgia", "--near", "42000", "--format", "json"],
    ["route", "--pain", "neuropathic_peripheral", "--near", "Brest", "--format", "markdown"],
    ["route", "--pain", "neuropathic_central", "--near", "Lyon", "--format", "letter", "--lang", "en"],
    ["directory", "validate"],
    ["directory", "lint"],
    ["--help"],
]


# The files finder writes on its own, all in the user's cache folder (finder.user_cache; README
# "Privacy"): the validated directory's cache, written by the commands that load the directory, and
# derived copies of finder's own data files (the gazetteer...), written by those that read them.
LOADS_THE_DIRECTORY = ("centres", "route", "lint")


def directory_cache(sandbox: Sandbox, *folders: Path) -> tuple[Path, ...]:
    """The cache files of the shipped directory (and of ``folders``) in the sandbox."""
    from finder.directory.cache import cache_file
    from finder.directory.catalog import default_directory

    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = sandbox.env()["XDG_CACHE_HOME"]
    try:
        return tuple(cache_file(folder.resolve()) for folder in (default_directory(), *folders))
    finally:
        if previous is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = previous


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_command_works_offline_and_writes_nothing_but_its_caches(sandbox, argv):
    cache = directory_cache(sandbox)
    run, unexpected = run_and_watch(argv, sandbox)
    assert run.returncode == 0, run.describe()
    assert run.stdout.strip(), run.describe()
    assert_private(run, unexpected, sandbox=sandbox)
    assert cache[0].is_file() == any(word in argv for word in LOADS_THE_DIRECTORY), run.describe()


def test_the_caches_hold_finders_data_and_nothing_of_the_patient(sandbox):
    cache = directory_cache(sandbox)
    secret = "Tramadol-Lamotrigine-Zyx"
    argv = ["route", "--pain", "douleur brûlante du pied gauche", "--near", "Quimper", "--age", "67"]
    argv += ["--months", "14", "--treatments", secret, "--contraindication", "pacemaker", "--format", "json"]
    run, unexpected = run_and_watch(argv, sandbox)
    assert run.returncode == 0, run.describe()
    assert_private(run, unexpected, sandbox=sandbox)
    document = marshal.loads(cache[0].read_bytes())
    assert set(document) == {"key", "files", "newest", "invalid", "centres"}
    written = [path for path in cache_root(sandbox).rglob("*") if path.is_file()]
    assert cache[0] in written and len(written) > 1  # the directory's, and the gazetteer's at least
    own = own_data()
    for path in written:
        if path.parent.name == "data":  # a parsed copy of finder's own files: exactly what they hold
            assert marshal.loads(path.read_bytes())["value"] == own[path.stem.split("-")[0]], path
            continue
        data = path.read_bytes().replace(str(REPO).encode("utf-8"), b"")
        for answer in (secret, "brûlante", "pacemaker"):  # "Quimper" is a commune of the gazetteer
            assert answer.encode("utf-8") not in data, path


def own_data() -> dict[str, object]:
    """The values of the "data" cache area, parsed from finder's own files (the catalogue's words, the
    clinical tables, the official facts): they hold ids and words a patient may also type ("pacemaker")."""
    from finder import i18n
    from finder.clinical import data
    from finder.directory import official

    return {
        "messages": i18n.parse_catalogue(sorted(i18n.LOCALE_DIR.glob("*.toml"))),
        "clinical": data.parse_tables(sorted(data.DATA_DIR.glob("*.toml"))),
        "official": official.parse_facts(official.DATA_DIR / "official.toml"),
    }


def test_finder_no_cache_writes_nothing_at_all(sandbox):
    argv = ["route", "--pain", "fibromyalgia", "--near", "42000", "--format", "json"]
    run, unexpected = run_and_watch(argv, sandbox, env={"FINDER_NO_CACHE": "1"})
    assert run.returncode == 0, run.describe()
    assert_private(run, unexpected)


def test_directory_new_writes_the_entry_it_was_asked_for_and_nothing_else(sandbox):
    import shutil

    directory = sandbox.cwd / "annuaire"
    shutil.copytree(REPO / "directory", directory)
    entry = directory / "auvergne-rhone-alpes" / "centre-douleur-exemple.toml"
    argv = [
        "directory", "new", "--directory", str(directory), "--no-input", "--yes",
        "--id", entry.stem, "--name", "Centre d'évaluation et de traitement de la douleur",
        "--establishment", "Hôpital Exemple", "--kind", "sdc-centre", "--city", "Lyon",
        "--postcode", "69003", "--sources", "https://example.org/douleur",
    ]  # fmt: skip
    run, unexpected = run_and_watch(argv, sandbox, allowed=(entry,))
    assert run.returncode == 0, run.describe()
    assert entry.is_file(), run.describe() + "\n" + "\n".join(unexpected)
    # The atomic write goes through a temporary file beside the entry, and the candidate entry is
    # checked in a temporary folder: allowed while they leave no trace (the listings prove it).
    cached = cache_root(sandbox)  # the gazetteer's derived copy, checked by assert_private
    transient = [
        p
        for p in run.writes
        if p != str(entry) and not Path(p).exists() and not Path(p).is_relative_to(cached)
    ]
    assert all(
        Path(p).is_relative_to(sandbox.home / "tmp") or Path(p).parent == entry.parent for p in transient
    )
    run.writes = [p for p in run.writes if p not in transient]
    assert_private(run, unexpected, allowed=(entry, entry.parent), sandbox=sandbox)


def test_online_is_the_only_way_to_the_network_and_fails_cleanly_without_it(sandbox):
    run = run_guarded(["place", "--online", "10 rue de la République, Lyon"], sandbox)
    assert run.network, f"--online did not try the address API:\n{run.describe()}"
    assert run.returncode != 0 and "Traceback" not in run.stderr, run.describe()
    assert "finder: " in run.stderr, run.describe()


def test_a_whole_tui_conversation_works_offline_and_writes_only_the_export_and_the_cache(sandbox):
    export = sandbox.home / "parcours.md"  # the default export folder: documents, else home (none here)
    script = Path(__file__).parent / "privacy" / "tui_conversation.py"
    allowed = (export,)
    run, unexpected = run_and_watch([export.name], sandbox, prefix=(str(script),), allowed=allowed)
    assert run.returncode == 0, run.describe()
    assert "ROUTE preconditions sdc_evaluation" in run.stdout, run.describe()
    assert export.is_file() and "Lyon" in export.read_text(encoding="utf-8")
    transient = [p for p in run.writes if p != str(export) and Path(p).parent == export.parent]
    assert all(not Path(p).exists() for p in transient), transient  # the atomic write's temporary file
    run.writes = [p for p in run.writes if p not in transient]
    assert_private(run, unexpected, allowed=allowed, sandbox=sandbox)


def test_the_users_own_centres_are_written_only_by_their_explicit_commands(sandbox):
    """``directory new --user`` writes one entry (a centre, no patient) in the per-user data folder;
    ``export-user`` writes only the file asked for; a route reading them writes nothing."""
    user = sandbox.home / ".local" / "share" / "finder" / "directory"
    entry = user / "bretagne" / "chu-brest-douleur.toml"
    argv = [
        "directory", "new", "--user", "--no-input", "--yes", "--id", entry.stem,
        "--name", "Consultation douleur", "--establishment", "CHU de Brest", "--city", "Brest",
        "--sources", "https://example.org/brest",
    ]  # fmt: skip
    created = (user, user.parent, user.parent.parent, entry.parent, entry)  # the folders of the new entry
    run, unexpected = run_and_watch(argv, sandbox, allowed=created)
    assert run.returncode == 0 and entry.is_file(), run.describe()
    transient = [p for p in run.writes if p != str(entry) and not Path(p).exists()]
    run.writes = [p for p in run.writes if p not in transient]
    assert_private(run, unexpected, allowed=created, sandbox=sandbox)
    route = ["route", "--pain", "low_back", "--near", "Brest", "--format", "json"]
    cache = directory_cache(sandbox, user)  # the user's own centres are cached like the shipped ones
    run, unexpected = run_and_watch(route, sandbox)
    assert run.returncode == 0 and '"origin": "user"' in run.stdout, run.describe()
    assert_private(run, unexpected, sandbox=sandbox)
    assert all(path.is_file() for path in cache)
    shared = sandbox.cwd / "centres.zip"
    run, unexpected = run_and_watch(["directory", "export-user", str(shared)], sandbox, allowed=(shared,))
    assert run.returncode == 0 and shared.is_file(), run.describe()
    run.writes = [p for p in run.writes if p == str(shared) or Path(p).exists()]
    assert_private(run, unexpected, allowed=(shared,))
