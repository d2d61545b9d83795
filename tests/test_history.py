"""Every change is recorded (when, who, before/after) and `history` shows it."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest


@pytest.fixture
def edited(cli):
    """Three changes to two records by two people."""
    assert cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--niveau", "2",
               "--as", "Anna").exit_code == 0
    assert cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--email", "test@example.org",
               "--as", "Bram").exit_code == 0
    assert cli("verify", "WK051822", "--as", "Anna").exit_code == 0


def test_history_json_has_who_what_before_and_after(cli_json, edited):
    rows = cli_json("history")
    assert [(r["wie"], r["actie"], r["record"]) for r in rows] == [
        ("Anna", "gewijzigd", "centrum-gebiedsregisseur-dsb"),
        ("Bram", "gewijzigd", "centrum-gebiedsregisseur-dsb"),
        ("Anna", "geverifieerd", "WK051822"),
    ]
    first = rows[0]
    assert first["soort"] == "contactpunten"
    assert first["voor"]["niveau"] == 1 and first["na"]["niveau"] == 2
    when = datetime.fromisoformat(first["tijd"].replace("Z", "+00:00"))
    assert abs((datetime.now(timezone.utc) - when).total_seconds()) < 600


def test_history_of_one_record_plain_when_piped(cli, edited):
    result = cli("history", "centrum-gebiedsregisseur-dsb")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["tijd", "wie", "actie", "soort", "record", "wijziging"]
    assert len(lines) == 3
    assert lines[1].endswith("niveau: 1 -> 2")
    assert "kanalen.email: leeg -> test@example.org" in lines[2]
    assert "\x1b[" not in result.stdout


def test_history_since_filters_by_date(cli_json, cli, edited):
    assert len(cli_json("history", "--since", "2000-01-01")) == 3
    assert cli_json("history", "--since", "2999-01-01") == []
    result = cli("history", "--since", "gisteren")
    assert result.exit_code == 1 and "--since" in result.stderr


def test_os_user_is_the_default_actor(cli_json, cli, monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "medewerker7")
    assert cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--niveau", "3").exit_code == 0
    assert cli_json("history")[-1]["wie"] == "medewerker7"


def test_add_and_remove_are_recorded_with_null_sides(cli_json, cli, isolated_db):
    assert cli("organisatie", "add", "--naam", "Testclub", "--wijk", "WK051822").exit_code == 0
    assert cli("organisatie", "remove", "testclub", "--yes").exit_code == 0
    added, removed = cli_json("history", "testclub")
    assert added["actie"] == "toegevoegd" and added["voor"] is None and added["na"]["naam"] == "Testclub"
    assert removed["actie"] == "verwijderd" and removed["na"] is None
    doc = json.loads(isolated_db.read_text(encoding="utf-8"))
    assert len(doc["historie"]) == 2


def test_rejected_and_dry_run_changes_leave_no_history(cli_json, cli):
    cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--niveau", "0")
    cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--niveau", "2", "--dry-run")
    assert cli_json("history") == []
    result = cli("history")
    assert result.exit_code == 0 and result.stdout == "" and "Geen wijzigingen" in result.stderr


def test_history_of_an_unknown_id_is_an_error_with_suggestions(cli):
    result = cli("history", "centrum-gebiedsregisseur-dbs")
    assert result.exit_code == 1
    assert "Geen record en geen wijzigingen" in result.stderr
    assert "centrum-gebiedsregisseur-dsb" in result.stderr
    assert cli("history", "centrum-gebiedsregisseur-dsb").exit_code == 0  # known, no changes yet
