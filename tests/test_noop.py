"""A command that changes nothing leaves the database and its backup alone, so
`restore` can still undo the last real change (found by QA: a repeated import
overwrote the .bak with the damaged state)."""

from __future__ import annotations

import json


def _bytes(path):
    return path.read_bytes(), path.with_name(path.name + ".bak").read_bytes()


def test_verify_twice_writes_once(cli, isolated_db):
    assert cli("verify", "WK051822", "--as", "tester").exit_code == 0
    before = _bytes(isolated_db)
    result = cli("verify", "WK051822", "--as", "tester")
    assert result.exit_code == 0
    assert "Niets veranderd" in result.stdout
    assert _bytes(isolated_db) == before
    assert len(json.loads(cli("history", "WK051822", "--json").stdout)) == 1


def test_repeated_import_keeps_the_backup(cli, isolated_db, tmp_path):
    out = tmp_path / "cp.csv"
    assert cli("export", "--format", "csv", "--out", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8-sig").replace("Stadhuis, Spui 70", "Stadhuis, Spui 71")
    out.write_text(text, encoding="utf-8-sig")
    assert cli("import", str(out), "--as", "tester").exit_code == 0
    after_first = _bytes(isolated_db)
    assert cli("import", str(out), "--as", "tester").exit_code == 0
    assert _bytes(isolated_db) == after_first
    assert cli("restore", "--yes").exit_code == 0
    assert "Spui 70" in isolated_db.read_text(encoding="utf-8")
