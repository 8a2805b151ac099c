"""``directory new`` writes entries as an editor would, and says plainly when it cannot write."""

from __future__ import annotations

import errno
import os
import stat

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
