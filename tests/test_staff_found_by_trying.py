"""Staff side of #10: small lies found by trying the commands as a user."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.test_cli import set_field


@pytest.fixture
def db(cli, isolated_db):
    assert cli("stadsdelen").exit_code == 0
    return isolated_db


def stored(path, kind: str, key: str, value: str) -> dict | None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return next((r for r in doc[kind].values() if r.get(key) == value), None)


DSB = ("--rol", "gebiedsregisseur DSB", "--dienst", "DSB", "--gebied", "centrum", "--thema", "openbare ruimte",
       "--niveau", "1")


def test_contactpunt_add_with_same_rol_dienst_gebied_is_refused_naming_the_record(cli, db):
    before = db.read_bytes()
    result = cli("contactpunt", "add", "--id", "dubbel", *DSB)
    assert result.exit_code == 1
    assert "'centrum-gebiedsregisseur-dsb'" in result.stderr and "--force" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before
    forced = cli("contactpunt", "add", "--id", "dubbel", *DSB, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert stored(db, "contactpunten", "id", "dubbel")["rol"] == "gebiedsregisseur DSB"


def test_another_gebied_is_no_duplicate(cli, db):
    result = cli("contactpunt", "add", "--id", "ander", "--rol", "gebiedsregisseur DSB", "--dienst", "DSB",
                 "--gebied", "Zeeheldenkwartier", "--thema", "alle", "--niveau", "2")
    assert result.exit_code == 0, result.stderr


def test_verify_confirms_an_unconfirmed_record(cli, cli_json, db):
    assert stored(db, "contactpunten", "id", "centrum-gebiedsregisseur-dsb")["status"] == "onbevestigd"
    assert cli("verify", "centrum-gebiedsregisseur-dsb").exit_code == 0
    rec = stored(db, "contactpunten", "id", "centrum-gebiedsregisseur-dsb")
    assert rec["status"] == "actief" and rec["geverifieerd_op"] == date.today().isoformat()
    first = cli_json("who", "zeehelden", "bomen")["contactpunten"][0]
    assert first["status"] == "actief"
    assert "onbevestigd" not in cli("who", "zeehelden", "bomen", "--uitgebreid").stdout.split("\n\n")[1]


def test_verify_leaves_an_inactive_record_inactive(cli, db):
    set_field(db, "contactpunten", "centrum-stadsdeeldirecteur", "status", "inactief")
    assert cli("verify", "centrum-stadsdeeldirecteur").exit_code == 0
    assert stored(db, "contactpunten", "id", "centrum-stadsdeeldirecteur")["status"] == "inactief"


@pytest.mark.parametrize("command, row", [("diensten", "DSB"), ("themas", "bestuur"),
                                          ("contactpunten", "centrum-stadsdeeldirecteur")])
def test_lists_mark_inactive_records(cli, db, command, row):
    set_field(db, command, row, "status", "inactief")
    line = next(x for x in cli(command).stdout.splitlines() if x.startswith(row + "\t"))
    assert "(inactief)" in line


@pytest.mark.parametrize("typed", ["30-11-2025", "2025-11-30", "30/11/2025"])
def test_dates_accept_what_the_csv_import_accepts(cli, db, typed):
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--geverifieerd-op", typed)
    assert result.exit_code == 0, result.stderr
    assert stored(db, "contactpunten", "id", "centrum-gebiedsregisseur-dsb")["geverifieerd_op"] == "2025-11-30"


def test_history_since_takes_a_dutch_date(cli, db):
    assert cli("verify", "WK051822").exit_code == 0
    today = date.today()
    dutch = cli("history", "--since", today.strftime("%d-%m-%Y"), "--json")
    assert dutch.exit_code == 0, dutch.stderr
    assert json.loads(dutch.stdout) == json.loads(cli("history", "--since", today.isoformat(), "--json").stdout)
    assert cli("history", "--since", "31-02-2026").exit_code == 1
