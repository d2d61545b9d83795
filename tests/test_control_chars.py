"""QA: ESC, BEL, NUL and other control characters went in through `add`,
`edit` and the CSV/JSON import and came out raw in CSV (and iCalendar).
Validation now refuses them with a sentence naming the field; a newline or
tab is kept only in opmerking and openingstijden. A database that already
holds them (an older version, a hand edit) exports them as visible escapes."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from tinydb import Query

from wijkwijzer.store.database import Store

CP = "centrum-gebiedsregisseur-dsb"
ADD = ("contactpunt", "add", "--dienst", "DSB", "--gebied", "centrum", "--thema", "bomen", "--niveau", "2",
       "--bron", "test")
RAW = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")  # a control in UTF-8, tab/LF/CR apart


@pytest.fixture(autouse=True)
def database(cli):
    cli("stadsdelen")


def stored(isolated_db, record_id: str = CP) -> dict:
    """The contactpunt *record_id* as the database file holds it."""
    return next(c for c in Store(isolated_db).snapshot()["contactpunten"] if c["id"] == record_id)


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\x01", "\x7f", "\x9b"])
def test_add_refuses_a_control_character_naming_the_field(cli, isolated_db, char):
    before = isolated_db.read_bytes()
    result = cli(*ADD, "--rol", f"wijk{char}[31magent")
    assert result.exit_code == 1
    assert f"Veld 'rol': bevat een onzichtbaar stuurteken (U+{ord(char):04X}, op plaats 5)" in result.stderr
    assert "Traceback" not in result.stderr and char not in result.stderr
    assert isolated_db.read_bytes() == before


def test_a_newline_or_tab_is_one_line_fields_only(cli, isolated_db):
    result = cli(*ADD, "--rol", "wijk\nagent")
    assert result.exit_code == 1 and "Veld 'rol': moet één regel zijn" in result.stderr
    assert cli(*ADD, "--rol", "wijkagent", "--opmerking", "ma-vr\r\nza\tzo", "--openingstijden",
               "ma 9-12\rdi 9-12").exit_code == 0
    cp = stored(isolated_db, "centrum-wijkagent")
    assert cp["opmerking"] == "ma-vr\nza\tzo" and cp["kanalen"]["openingstijden"] == "ma 9-12\ndi 9-12"


def test_edit_refuses_and_changes_nothing(cli, isolated_db):
    before = isolated_db.read_bytes()
    result = cli("contactpunt", "edit", CP, "--adres", "Spui 70\x1b]0;x\x07")
    assert result.exit_code == 1 and "Veld 'adres': bevat een onzichtbaar stuurteken (U+001B" in result.stderr
    assert cli("contactpunt", "edit", CP, "--opmerking", "bel\x07").exit_code == 1
    assert isolated_db.read_bytes() == before


def test_csv_and_json_import_refuse_naming_row_and_field(cli, isolated_db, tmp_path):
    assert cli("export", "--format", "csv", "--out", str(tmp_path / "cp.csv")).exit_code == 0
    text = (tmp_path / "cp.csv").read_text("utf-8-sig").replace("gebiedsregisseur DSB", "gebieds\x00regisseur", 1)
    (tmp_path / "cp.csv").write_text(text, "utf-8-sig")
    before = isolated_db.read_bytes()
    result = cli("import", str(tmp_path / "cp.csv"))
    assert result.exit_code == 1 and "veld 'rol': bevat een onzichtbaar stuurteken (U+0000" in result.stderr
    assert cli("export", "--format", "json", "--out", str(tmp_path / "all.json")).exit_code == 0
    doc = json.loads((tmp_path / "all.json").read_text("utf-8"))
    doc["organisaties"][0]["aliassen"] = ["oud\x1b[2J"]
    (tmp_path / "all.json").write_text(json.dumps(doc), "utf-8")
    result = cli("import", str(tmp_path / "all.json"))
    assert result.exit_code == 1 and "veld 'aliassen': bevat een onzichtbaar stuurteken" in result.stderr
    assert isolated_db.read_bytes() == before


OLD = "a\x1b[31mb\x07c\x00d\x7fe\x9bf\tg\nh"  # stored by an older version or by hand


def test_an_export_of_old_data_carries_no_raw_control_character(cli, isolated_db, tmp_path):
    import vobject

    with Store(isolated_db).write() as db:
        db.table("contactpunten").update({"rol": OLD, "opmerking": OLD}, Query().id == CP)
        db.table("bijeenkomsten").update({"titel": OLD}, Query().id.exists())
    for fmt in ("csv", "vcard", "ical"):
        out = tmp_path / f"out.{fmt}"
        assert cli("export", "--format", fmt, "--out", str(out)).exit_code == 0
        assert not RAW.search(out.read_bytes()), fmt
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"), newline=""),
                               delimiter=";"))
    row = next(r for r in rows if r["id"] == CP)
    assert row["rol"] == row["opmerking"] == "a\\x1b[31mb\\x07c\\x00d\\x7fe\\x9bf\tg\nh"  # visible, lines kept
    titles = [c.title.value for c in vobject.readComponents((tmp_path / "out.vcard").read_text("utf-8"))
              if hasattr(c, "title")]
    assert "a\\x1b[31mb\\x07c\\x00d\\x7fe\\x9bf\\x09g" in "".join(titles).replace("\n", "")
    import icalendar

    events = icalendar.Calendar.from_ical((tmp_path / "out.ical").read_bytes()).walk("VEVENT")
    assert any(str(e["summary"]).startswith("a\\x1b[31mb\\x07") for e in events)
