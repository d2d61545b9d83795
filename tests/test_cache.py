"""The derived read index (<db>.index): same answers as the file, never stale or trusted blindly."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

QUERIES = [
    ("zeehelden", "bomen"), ("Bewonersorganisatie Zeeheldenkwartier", "bomen"), ("2531", "overlast"),
    ("Haagse", "Hout"), ("Loosduinen",), ("WK051822",), ("zeeheldnkwartier", "subsidie"),
    ("centrum", "bomenn"), ("haagse-hout", "welzijn"), ("BU05180170",), ("schilderswijk", "afval"),
    ("xyzzyqq", "bomen"), ("zeehelden", "qwrtzp"), ("1234",), ("2599",), ("duinoord", "parkeren"),
]


@pytest.fixture(autouse=True)
def index_even_for_small_files(monkeypatch):
    """The bundled data is below cache.MIN_SIZE; index it anyway to test the index."""
    from wijkwijzer.lookup import index as cache

    monkeypatch.setattr(cache, "MIN_SIZE", 0)


def index_of(db):
    return db.with_name(db.name + ".index")


def run(cli, *args):
    result = cli("who", *args, "--json")
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("args", QUERIES, ids=lambda a: " ".join(a))
def test_answer_from_index_equals_answer_from_file(cli, isolated_db, args):
    cli("who", "zeehelden", "--json")  # creates the database and builds the index
    assert index_of(isolated_db).is_file()
    from_index = run(cli, *args)
    index_of(isolated_db).unlink()
    from_file = run(cli, *args)  # no index: parses the file (and writes the index again)
    assert from_index == from_file
    assert index_of(isolated_db).is_file()


def test_index_follows_a_change_and_has_the_databases_permissions(cli, isolated_db):
    first = json.loads(cli("who", "zeehelden", "bomen", "--json").stdout)
    assert first["contactpunten"][0]["rol"] == "gebiedsregisseur DSB"
    cli("who", "zeehelden", "--json")
    assert index_of(isolated_db).is_file()
    edit = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--rol", "regisseur openbare ruimte")
    assert edit.exit_code == 0, edit.stderr
    # the write updated the derived copy itself (#12): the old rol is gone from it at once
    assert b"regisseur openbare ruimte" in index_of(isolated_db).read_bytes()
    after = json.loads(cli("who", "zeehelden", "bomen", "--json").stdout)
    assert after["contactpunten"][0]["rol"] == "regisseur openbare ruimte"
    again = json.loads(cli("who", "zeehelden", "bomen", "--json").stdout)  # from the new index
    assert again == after
    mode = os.stat(index_of(isolated_db)).st_mode & 0o777
    assert mode == os.stat(isolated_db).st_mode & 0o777


def test_index_of_another_file_version_is_not_used(cli, isolated_db):
    cli("who", "zeehelden", "--json")
    cli("who", "zeehelden", "--json")
    doc = json.loads(isolated_db.read_text(encoding="utf-8"))
    for rec in doc["contactpunten"].values():
        if rec["id"] == "centrum-gebiedsregisseur-dsb":
            rec["rol"] = "veranderd buiten wijkwijzer om"
    isolated_db.write_text(json.dumps(doc), encoding="utf-8")  # an edit by hand, not via Store
    answer = json.loads(cli("who", "zeehelden", "bomen", "--json").stdout)
    assert answer["contactpunten"][0]["rol"] == "veranderd buiten wijkwijzer om"


@pytest.mark.parametrize("garbage", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\xff" * 200])
def test_damaged_index_is_ignored_and_rebuilt(cli, isolated_db, garbage):
    cli("stadsdelen")  # first use creates the database (and says so on stderr)
    expected = run(cli, "zeehelden", "bomen")
    index_of(isolated_db).write_bytes(garbage)
    assert run(cli, "zeehelden", "bomen") == expected
    con = sqlite3.connect(index_of(isolated_db))
    assert con.execute("SELECT COUNT(*) FROM rec").fetchone()[0] > 0
    con.close()
    assert run(cli, "zeehelden", "bomen") == expected


def test_index_from_other_matching_code_is_not_used(cli, isolated_db):
    cli("who", "zeehelden", "--json")
    con = sqlite3.connect(index_of(isolated_db))
    con.execute("UPDATE meta SET value = value || 'x' WHERE key = 'fingerprint'")
    con.execute("DELETE FROM rec WHERE kind = 'contactpunten'")
    con.commit()
    con.close()
    code, out, _err = run(cli, "zeehelden", "bomen")
    assert code == 0 and json.loads(out)["contactpunten"]


def test_small_database_needs_no_index(cli, isolated_db, monkeypatch):
    from wijkwijzer.lookup import index as cache

    monkeypatch.setattr(cache, "MIN_SIZE", 512 * 1024)
    assert cli("who", "zeehelden", "bomen").exit_code == 0
    assert not index_of(isolated_db).exists()


def test_index_damaged_inside_gives_one_sentence_then_heals(cli, isolated_db):
    cli("stadsdelen")  # first use creates the database (and says so on stderr)
    expected = run(cli, "zeehelden", "bomen")
    con = sqlite3.connect(index_of(isolated_db))
    con.execute("UPDATE rec SET doc = x'00'")  # valid SQLite, unreadable records
    con.commit()
    con.close()
    code, out, err = run(cli, "zeehelden", "bomen")
    assert code == 1 and out == ""
    assert err.startswith("Fout: De afgeleide leesindex") and "Traceback" not in err
    assert not index_of(isolated_db).exists()
    assert run(cli, "zeehelden", "bomen") == expected


def test_unwritable_place_next_to_the_database_keeps_no_index_elsewhere(cli, isolated_db, tmp_path,
                                                                        monkeypatch):
    """#18 point 6: an index in another folder (the user's cache) is a copy of personal
    data that the owner's forget cannot reach; there is none, the file is parsed."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cli("stadsdelen")  # first use creates the database (and says so on stderr)
    expected = run(cli, "zeehelden", "bomen")
    index_of(isolated_db).unlink()
    (index_of(isolated_db) / "blocked").mkdir(parents=True)  # cannot be replaced by a file
    assert run(cli, "zeehelden", "bomen") == expected
    assert run(cli, "zeehelden", "bomen") == expected
    assert [p for p in tmp_path.rglob("*.index") if p.is_file()] == []
    assert not (tmp_path / "cache").exists()


def test_an_index_an_older_version_left_in_the_cache_folder_is_removed(cli, isolated_db, tmp_path,
                                                                       monkeypatch):
    from wijkwijzer.store.derived import legacy_index_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cli("stadsdelen")
    old = legacy_index_path(isolated_db)
    old.parent.mkdir(parents=True)
    old.write_bytes(b"Test Testpersoon")
    assert cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--rol", "x").exit_code == 0
    assert not old.exists()  # a write removes that copy


def test_hand_edited_fields_of_the_wrong_shape_answer_the_same_from_the_index(cli, isolated_db):
    cli("who", "zeehelden", "--json")
    doc = json.loads(isolated_db.read_text(encoding="utf-8"))
    for rec in doc["contactpunten"].values():
        if rec["id"] == "centrum-gebiedsregisseur-dsb":
            rec["gebied"] = "centrum"  # one string instead of a list
    for rec in doc["organisaties"].values():
        if rec["id"] == "bewonersorganisatie-zeeheldenkwartier":
            rec["wijken"] = rec["wijken"][0]
    isolated_db.write_text(json.dumps(doc), encoding="utf-8")
    from_file = run(cli, "zeehelden", "bomen")  # builds the index
    assert index_of(isolated_db).is_file()
    assert run(cli, "zeehelden", "bomen") == from_file
    assert json.loads(from_file[1])["contactpunten"][0]["id"] == "centrum-gebiedsregisseur-dsb"
