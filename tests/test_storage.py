"""Safe storage: atomic writes, backup, lock, damaged files, schema versions, restore."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from filelock import FileLock

from wijkwijzer.store import migrate

from wijkwijzer.store import schema as store_mod
from wijkwijzer.store.atomic import dump
from wijkwijzer.store.database import Store, StoreBusy
from wijkwijzer.store.document import new_document


def add(path: Path, record_id: str) -> None:
    with Store(path).write() as db:
        db.table("contactpunten").insert({"id": record_id, "rol": "test"})


def one_error_line(result) -> str:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# -- the file on disk ------------------------------------------------------------
def test_first_use_creates_private_diffable_utf8_file(cli, isolated_db):
    assert cli("stadsdelen").exit_code == 0
    raw = isolated_db.read_bytes()
    assert stat.S_IMODE(isolated_db.stat().st_mode) == 0o600  # may hold personal data
    text = raw.decode("utf-8")
    assert "verifiëren" in text  # not ASCII-escaped
    doc = json.loads(text)
    assert text == dump(doc).decode("utf-8")
    # diffable: one line per record, keys sorted, records in doc-id order
    lines = text.splitlines()
    zeehelden = [ln for ln in lines if '"code":"WK051822"' in ln]
    assert len(zeehelden) == 1 and zeehelden[0].startswith('  "22": {"aliassen"')
    assert lines.index(next(ln for ln in lines if ln.startswith('  "2": {') and '"WK051802"' in ln)) < \
        lines.index(zeehelden[0])
    assert doc["meta"]["1"]["schema"] == store_mod.SCHEMA_VERSION


def test_write_keeps_mode_and_previous_version_as_backup(isolated_db):
    Store(isolated_db).document()
    os.chmod(isolated_db, 0o640)
    before = isolated_db.read_bytes()
    add(isolated_db, "nieuw-1")
    assert stat.S_IMODE(isolated_db.stat().st_mode) == 0o640
    assert Store(isolated_db).backup_path.read_bytes() == before
    assert "nieuw-1" in isolated_db.read_text(encoding="utf-8")


def test_exception_inside_write_changes_nothing(isolated_db):
    Store(isolated_db).document()
    before = isolated_db.read_bytes()
    with pytest.raises(RuntimeError):
        with Store(isolated_db).write() as db:
            db.table("contactpunten").insert({"id": "half"})
            raise RuntimeError("boom")
    assert isolated_db.read_bytes() == before
    assert not Store(isolated_db).backup_path.exists()


def test_write_through_symlink_replaces_target_and_keeps_link(tmp_path, monkeypatch):
    real = tmp_path / "echt" / "db.json"
    real.parent.mkdir()
    Store(real).document()
    link = tmp_path / "link.json"
    link.symlink_to(real)
    add(link, "via-link")
    assert link.is_symlink()
    assert "via-link" in real.read_text(encoding="utf-8")


def test_stray_temp_files_are_removed_by_the_next_writer(isolated_db):
    Store(isolated_db).document()
    stray = isolated_db.parent / f".{isolated_db.name}.abcd1234.tmp"
    stray.write_text("half")
    add(isolated_db, "x")
    assert not stray.exists()


def test_second_writer_waits_bounded_then_fails_with_one_sentence(isolated_db, monkeypatch):
    Store(isolated_db).document()
    monkeypatch.setenv("WIJKWIJZER_LOCK_TIMEOUT", "0.2")
    before = isolated_db.read_bytes()
    with FileLock(str(Store(isolated_db).lock_path)):
        with pytest.raises(StoreBusy) as err:
            add(isolated_db, "x")
    assert "ander proces" in str(err.value) and str(isolated_db) in str(err.value)
    assert isolated_db.read_bytes() == before


def test_busy_lock_via_cli_is_exit_1(cli, isolated_db, monkeypatch):
    add(isolated_db, "x")  # makes a backup, so restore has work to do
    monkeypatch.setenv("WIJKWIJZER_LOCK_TIMEOUT", "0.1")
    with FileLock(str(Store(isolated_db).lock_path)):
        line = one_error_line(cli("restore", "--yes"))
    assert "wordt al meer dan 0.1 seconden gewijzigd" in line


# -- locations that cannot be used -----------------------------------------------
@pytest.mark.parametrize("where", ["/proc/wijkwijzer-test/db.json", "/sys/kernel/wijkwijzer-test.json",
                                   "DIR", "FILE/db.json"])  # a link to a new file: see test_promises
def test_unusable_location_is_one_sentence(cli, tmp_path, where):
    (tmp_path / "f").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "nergens" / "db.json")
    path = where.replace("DIR", str(tmp_path)).replace("FILE", str(tmp_path / "f"))
    path = path.replace("LINK", str(tmp_path / "link"))
    line = one_error_line(cli("who", "zeehelden", "--db", path))
    assert line.startswith("Fout: Kan ") and "niet lezen of schrijven" in line


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder(cli, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    os.chmod(folder, 0o555)
    try:
        line = one_error_line(cli("who", "zeehelden", "--db", str(folder / "db.json")))
        assert "geen toegang" in line or "toestemming" in line
    finally:
        os.chmod(folder, 0o755)


# -- damaged files ---------------------------------------------------------------
DAMAGED = {
    "empty": b"",
    "spaces": b"  \n",
    "not json": b"<html>oeps</html>",
    "list": b"[]",
    "other object": b'{"naam": "geen database"}',
    "table not a dict": b'{"meta": {"1": {"schema": 1}}, "wijken": []}',
    "record without key": b'{"meta": {"1": {"schema": 1}}, "wijken": {"1": {"naam": "x"}}}',
    "bad doc id": b'{"meta": {"1": {"schema": 1}}, "wijken": {"a": {"code": "x"}}}',
    "bad schema": b'{"meta": {"1": {"schema": "een"}}}',
    "latin-1": '{"meta": {"1": {"schema": 1}}, "x": {"1": {"n": "é"}}}'.encode("latin-1"),
    "deep": b"[" * 100000,
}


@pytest.mark.parametrize("name", list(DAMAGED))
def test_damaged_file_is_reported_and_never_overwritten(cli, isolated_db, name):
    isolated_db.parent.mkdir(parents=True)
    isolated_db.write_bytes(DAMAGED[name])
    for args in (["who", "zeehelden"], ["contactpunten", "--json"], ["restore", "--yes"]):
        line = one_error_line(cli(*args))
        assert str(isolated_db) in line
        assert isolated_db.read_bytes() == DAMAGED[name]
    assert "geen reservekopie" in line
    assert {p.name for p in isolated_db.parent.iterdir()} <= {isolated_db.name,
                                                              isolated_db.name + ".lock"}


def test_damaged_file_message_names_backup_and_restore_fixes_it(cli, isolated_db):
    add(isolated_db, "x")
    good = Store(isolated_db).backup_path.read_bytes()
    isolated_db.write_bytes(b'{"meta": ')
    line = one_error_line(cli("who", "zeehelden"))
    assert "beschadigd" in line and f"{isolated_db}.bak" in line and "wijkwijzer restore" in line

    refused = cli("restore", input="n\n")
    assert refused.exit_code == 1 and "Afgebroken" in refused.stderr
    assert isolated_db.read_bytes() == b'{"meta": '

    result = cli("restore", input="y\n")
    assert result.exit_code == 0, result.stderr
    assert _without_last_history(isolated_db.read_bytes()) == _without_last_history(good, keep=True)
    aside = [p for p in isolated_db.parent.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == b'{"meta": '
    assert str(aside[0]) in result.stdout
    assert cli("who", "zeehelden", "bomen").exit_code == 0


def test_restore_of_healthy_file_keeps_it_as_replaced(cli, isolated_db):
    add(isolated_db, "eerste")
    add(isolated_db, "tweede")
    current = isolated_db.read_bytes()
    result = cli("restore", "--yes")
    assert result.exit_code == 0
    assert "tweede" not in isolated_db.read_text(encoding="utf-8")
    aside = [p for p in isolated_db.parent.iterdir() if ".replaced-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == current


def test_restore_without_backup_is_one_sentence(cli, isolated_db):
    cli("stadsdelen")
    before = isolated_db.read_bytes()
    line = one_error_line(cli("restore", "--yes"))
    assert "geen reservekopie" in line and f"{isolated_db}.bak" in line
    assert isolated_db.read_bytes() == before


def test_restore_refuses_damaged_backup(cli, isolated_db):
    add(isolated_db, "x")
    Store(isolated_db).backup_path.write_bytes(b"{")
    before = isolated_db.read_bytes()
    line = one_error_line(cli("restore", "--yes"))
    assert "reservekopie" in line and "onbruikbaar" in line
    assert isolated_db.read_bytes() == before


# -- schema versions -------------------------------------------------------------
def test_newer_file_is_refused(cli, isolated_db):
    doc = new_document({})
    doc["meta"]["1"]["schema"] = store_mod.SCHEMA_VERSION + 1
    isolated_db.parent.mkdir(parents=True)
    raw = json.dumps(doc).encode()
    isolated_db.write_bytes(raw)
    line = one_error_line(cli("who", "zeehelden"))
    assert f"schemaversie {store_mod.SCHEMA_VERSION + 1}" in line and "werk wijkwijzer bij" in line
    assert isolated_db.read_bytes() == raw


def hand_made_v0(path: Path) -> bytes:
    """A version-0 file: the record tables only, no meta, no historie."""
    from wijkwijzer.dataset import load_bundled

    doc = new_document(load_bundled())
    del doc["meta"], doc["historie"], doc["postcodes"]
    raw = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return raw


def test_v0_file_is_migrated_after_a_versioned_backup(cli, isolated_db):
    raw = hand_made_v0(isolated_db)
    result = cli("who", "zeehelden", "bomen")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(isolated_db.read_bytes())
    assert doc["meta"]["1"]["schema"] == store_mod.SCHEMA_VERSION
    assert doc["meta"]["1"]["migraties"][0]["van"] == 0
    assert doc["historie"] == {} and doc["postcodes"] == {}
    assert (isolated_db.parent / f"{isolated_db.name}.v0.bak").read_bytes() == raw
    assert cli("who", "zeehelden", "bomen").stdout == result.stdout  # once only


def test_reader_migrates_in_memory_while_lock_is_busy(cli, isolated_db, monkeypatch):
    raw = hand_made_v0(isolated_db)
    monkeypatch.setenv("WIJKWIJZER_LOCK_TIMEOUT", "0.05")
    with FileLock(str(Store(isolated_db).lock_path)):
        assert cli("who", "zeehelden", "bomen").exit_code == 0
    assert isolated_db.read_bytes() == raw


def test_test_only_step_v1_to_v2_runs_under_lock_and_old_program_refuses(cli, isolated_db, monkeypatch):
    add(isolated_db, "x")
    v1 = isolated_db.read_bytes()

    def v1_to_v2(doc):  # e.g. rename a field in every contactpunt
        for rec in doc["contactpunten"].values():
            rec["rol_v2"] = rec.pop("rol", None)
        return doc

    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrate.MIGRATIONS, 1, v1_to_v2)
    add(isolated_db, "y")  # a write migrates first, then applies its change
    doc = json.loads(isolated_db.read_bytes())
    assert doc["meta"]["1"]["schema"] == 2
    assert all("rol_v2" in r for r in doc["contactpunten"].values() if r["id"] == "x")
    assert any(r["id"] == "y" for r in doc["contactpunten"].values())
    assert (isolated_db.parent / f"{isolated_db.name}.v1.bak").read_bytes() == v1

    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", 1)  # the old program again
    line = one_error_line(cli("stadsdelen"))
    assert "schemaversie 2, nieuwer dan deze wijkwijzer (1)" in line


def test_missing_migration_step_is_one_sentence(cli, isolated_db, monkeypatch):
    cli("stadsdelen")
    before = isolated_db.read_bytes()
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", 3)
    line = one_error_line(cli("stadsdelen"))
    assert "geen migratie van schemaversie 1 naar 2" in line
    assert isolated_db.read_bytes() == before


def test_lock_file_that_cannot_be_created_is_one_sentence(cli, isolated_db):
    add(isolated_db, "x")
    Store(isolated_db).lock_path.unlink()
    Store(isolated_db).lock_path.mkdir()
    before = isolated_db.read_bytes()
    assert cli("who", "zeehelden").exit_code == 0  # reading needs no lock
    line = one_error_line(cli("restore", "--yes"))
    assert f"Kan {isolated_db}.lock niet lezen of schrijven: dat is een map." in line
    assert isolated_db.read_bytes() == before


@pytest.mark.parametrize("existing", [False, True])
def test_read_only_file_system_is_one_sentence(cli, isolated_db, monkeypatch, existing):
    import errno

    from wijkwijzer.store import atomic as storage

    if existing:
        add(isolated_db, "x")
    before = isolated_db.read_bytes() if existing else None

    def read_only(*_a, **_k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(storage.tempfile, "mkstemp", read_only)
    args = ("restore", "--yes") if existing else ("who", "zeehelden")
    line = one_error_line(cli(*args))
    assert "alleen-lezen bestandssysteem" in line and str(isolated_db) in line
    assert (isolated_db.read_bytes() if existing else None) == before


def _without_last_history(raw: bytes, keep: bool = False) -> dict:
    """The document of *raw*; unless *keep*, without its last history entry
    (the one a restore adds)."""
    doc = json.loads(raw)
    if not keep:
        last = max(doc["historie"], key=int)
        assert doc["historie"].pop(last)["actie"] == "hersteld"
    return doc


def test_restore_is_in_the_history_and_a_second_restore_says_there_is_nothing_older(cli, isolated_db):
    """#10: restore left no trace in the history, and a second restore put the
    same backup back again (and kept yet another copy aside)."""
    add(isolated_db, "eerste")
    add(isolated_db, "tweede")
    result = cli("restore", "--yes", "--as", "Beheerder")
    assert result.exit_code == 0, result.stderr
    log = json.loads(cli("history", "--json").stdout)
    assert log[-1]["actie"] == "hersteld" and log[-1]["wie"] == "Beheerder"
    assert log[-1]["na"]["versie"] and log[-1]["na"]["van"]
    assert "reservekopie van" in cli("history").stdout
    before = isolated_db.read_bytes()
    files = sorted(p.name for p in isolated_db.parent.iterdir())
    again = cli("restore", "--yes")
    assert again.exit_code == 1
    assert "geen oudere versie" in again.stderr and len(again.stderr.strip().splitlines()) == 1
    assert isolated_db.read_bytes() == before
    assert sorted(p.name for p in isolated_db.parent.iterdir()) == files


def test_a_damaged_database_file_is_explained_in_dutch(cli, isolated_db):
    """QA: the store's reason quoted Python's English parser message."""
    assert cli("stadsdelen").exit_code == 0
    isolated_db.write_text('{\n "meta": {"1": {"schema": 1}}\n "themas": {}\n}\n', encoding="utf-8")
    result = cli("stadsdelen")
    assert result.exit_code == 1
    assert "regel 3, kolom 2: er ontbreekt een komma" in result.stderr and "Expecting" not in result.stderr
