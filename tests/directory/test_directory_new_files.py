"""``directory new`` writes entries as an editor would, and says plainly when it cannot write."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from finder.cli.main import main
from finder.directory.toml_edit import write_atomic
from finder.errors import FinderError

NEW = ["directory", "new", "--no-input", "--today", "2026-01-15", "--name", "Centre de la douleur"]
NEW += ["--establishment", "CHU de Nantes", "--kind", "sdc-centre", "--city", "Nantes"]
NEW += ["--sources", "https://example.org/a", "--id", "files-test"]


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_the_entry_gets_0666_less_the_umask(tmp_path, mask, mode):
    previous = os.umask(mask)
    try:
        write_atomic(tmp_path / "bretagne" / "x.toml", "name = 'x'\n", expected=None)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "bretagne" / "x.toml").stat().st_mode) == mode


@pytest.mark.parametrize(
    ("call", "error"),
    [("fsync", errno.ENOSPC), ("open", errno.EACCES), ("open", errno.EROFS)],
)
def test_a_full_disk_or_read_only_folder_is_a_clear_message(tmp_path, monkeypatch, capsys, call, error):
    real = getattr(os, call)

    def failing(*args, **kwargs):
        if call == "open" and not str(args[0]).endswith(".finder-tmp"):
            return real(*args, **kwargs)
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(os, call, failing)
    code = main(["--lang", "en", *NEW, "--directory", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot write the entry" in err and os.strerror(error) in err
    assert "internal error" not in err
    assert not list(tmp_path.rglob("*.toml")) and not list(tmp_path.rglob(".*"))


def test_without_hard_links_the_entry_is_still_written_once(tmp_path, monkeypatch):
    def no_links(source, destination):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "bretagne" / "x.toml"
    write_atomic(path, "name = 'x'\n", expected=None)
    assert path.read_text(encoding="utf-8") == "name = 'x'\n"
    assert [p.name for p in path.parent.iterdir()] == ["x.toml"]
    with pytest.raises(FileExistsError):
        write_atomic(path, "name = 'y'\n", expected=None)
    assert path.read_text(encoding="utf-8") == "name = 'x'\n"


def test_a_folder_that_cannot_be_created_is_a_clear_message(tmp_path):
    (tmp_path / "bretagne").write_text("a file where the region folder should be", encoding="utf-8")
    with pytest.raises(FinderError) as refused:
        write_atomic(tmp_path / "bretagne" / "x.toml", "name = 'x'\n", expected=None)
    assert "bretagne" in str(refused.value)


# --- directory export-user: the same writer ------------------------------------------------------


@pytest.fixture
def user_entries(tmp_path):
    source = tmp_path / "user"
    (source / "bretagne").mkdir(parents=True)
    (source / "bretagne" / "x.toml").write_text("name = 'x'\n", encoding="utf-8")
    return source


def test_export_user_keeps_the_mode_of_the_replaced_zip(user_entries, tmp_path):
    import zipfile

    from finder.directory.user import export_user

    target = tmp_path / "shared.zip"
    target.write_bytes(b"old")
    target.chmod(0o600)
    assert export_user(user_entries, target) == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert zipfile.ZipFile(target).namelist() == ["bretagne/x.toml"]


def test_export_user_never_replaces_a_device_and_says_why(user_entries):
    from finder.directory.user import export_user

    before = os.lstat("/dev/null")
    with pytest.raises(FinderError, match="/dev/null"):
        export_user(user_entries, Path("/dev/null"))
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_export_user_on_a_full_disk_is_a_message(user_entries, tmp_path, monkeypatch):
    from finder.directory.user import export_user

    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FinderError, match=os.strerror(errno.ENOSPC)):
        export_user(user_entries, tmp_path / "shared.zip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["user"]
