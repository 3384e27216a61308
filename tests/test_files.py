"""The one way splint writes a file: whole or not at all, and nothing left behind."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest
from splint.linter.files import replace_atomic, replacing, write_atomic


def test_a_failure_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "scene.prompt"
    target.write_text("old")
    with pytest.raises(RuntimeError), replacing(target) as out:
        out.write(b"half of the new")
        raise RuntimeError("the download was cut off")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scene.prompt"]


def test_a_finished_write_replaces_the_file_with_the_mode_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "entry.json"
    replace_atomic(target, b"{}", 0o644, durable=False)
    assert target.read_bytes() == b"{}" and stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.json"]


def test_a_rewritten_prompt_keeps_its_permissions_and_bom(tmp_path: Path) -> None:
    target = tmp_path / "scene.prompt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new", bom=True)
    assert target.read_bytes() == b"\xef\xbb\xbfnew" and stat.S_IMODE(target.stat().st_mode) == 0o640
