"""`wijkwijzer export`: JSON, CSV for Dutch Excel and vCard, to stdout or a file."""

from __future__ import annotations

import csv
import io
import json

import pytest
import vobject

from wijkwijzer.dataset import load_bundled
from wijkwijzer.formats.csv_io import read_csv
from wijkwijzer.formats.json_io import read_json
from wijkwijzer.store.database import Store

PERSON = {"naam": "Test Testpersoon", "email": "test@example.org", "telefoon": "+31701234567"}
CP_ID = "centrum-gebiedsregisseur-dsb"


def set_fields(path, record_id: str, **fields) -> None:
    """Change one contactpunt in the database file (test setup, as an editor would)."""
    from tinydb import Query

    with Store(path).write() as db:
        assert db.table("contactpunten").update(fields, Query().id == record_id)


@pytest.fixture
def with_person(cli, isolated_db):
    assert cli("stadsdelen").exit_code == 0  # creates the database
    set_fields(isolated_db, CP_ID, persoon=PERSON, opmerking="vraag naar Test Testpersoon, 070 123 4567")
    return isolated_db


def csv_rows(data: bytes, encoding: str = "utf-8-sig") -> list[dict]:
    text = data.decode(encoding)
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_json_export_holds_every_record_in_the_import_shape(cli):
    result = cli("export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout_bytes.decode("utf-8"))
    bundled = load_bundled()
    assert doc["wijkwijzer"] == 1
    for kind, records in bundled.items():
        assert len(doc[kind]) == len(records), kind
    parsed = read_json(result.stdout_bytes)  # what `import` reads
    assert len(parsed["contactpunten"]) == len(bundled["contactpunten"])
    ids = [r["id"] for r in doc["contactpunten"]]
    assert ids == sorted(ids)  # stable order: two exports diff cleanly


def test_json_export_of_one_kind(cli):
    doc = json.loads(cli("export", "--format", "json", "--soort", "wijk").stdout)
    assert set(doc) == {"wijkwijzer", "wijken"}
    assert len(doc["wijken"]) == len(load_bundled()["wijken"])


def test_csv_opens_as_dutch_excel_expects(cli):
    result = cli("export", "--format", "csv")
    assert result.exit_code == 0
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbfid;rol;dienst;gebied;themas;niveau;soort;email;telefoon;")
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    rows = csv_rows(data)
    assert len(rows) == len(load_bundled()["contactpunten"])
    row = next(r for r in rows if r["id"] == "gemeente-14070")
    assert row["telefoon"] == "14070" and row["themas"] == "*"
    dso = next(r for r in rows if r["id"] == "centrum-gebiedsregisseur-dso")
    assert dso["themas"] == "gebiedsontwikkeling|bouwen-en-wonen|verkeer-en-parkeren"


def test_csv_in_cp1252_for_older_excel(cli):
    data = cli("export", "--format", "csv", "--encoding", "cp1252").stdout_bytes
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "verifiëren".encode("cp1252") in data
    rows = {rec["id"]: rec for _n, rec in read_csv(data, "contactpunten")}
    assert rows["centrum-centraal-aanspreekpunt"]["kanalen"]["adres"].startswith("Stadhuis")


def test_csv_of_another_kind(cli):
    rows = csv_rows(cli("export", "--format", "csv", "--soort", "wijken").stdout_bytes)
    wk37 = next(r for r in rows if r["code"] == "WK051837")
    assert wk37["stadsdeel_bevestigd"] == "nee" and wk37["stadsdeel"] == "centrum"


def test_formula_is_neutralised_and_phone_number_survives(cli, isolated_db):
    cli("stadsdelen")
    set_fields(isolated_db, CP_ID, rol='=HYPERLINK("http://x")',
               kanalen={"email": None, "telefoon": "+31703533000", "adres": "@home", "web": None,
                        "openingstijden": "-"})
    data = cli("export", "--format", "csv").stdout_bytes
    row = next(r for r in csv_rows(data) if r["id"] == CP_ID)
    assert row["rol"] == "'=HYPERLINK(\"http://x\")"
    assert row["telefoon"] == "070 353 3000"  # as dialled: text in a spreadsheet, no apostrophe (#17)
    assert row["adres"] == "'@home" and row["openingstijden"] == "'-"
    back = dict(read_csv(data, "contactpunten"))  # what `import` gets back
    rec = next(r for r in back.values() if r["id"] == CP_ID)
    assert rec["rol"] == '=HYPERLINK("http://x")'
    assert rec["kanalen"]["telefoon"] == "+31703533000"
    assert rec["kanalen"]["adres"] == "@home"


def test_vcard_parses_with_one_card_per_contactpunt(cli, with_person):
    result = cli("export", "--format", "vcard")
    assert result.exit_code == 0
    raw = result.stdout_bytes
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cards = list(vobject.readComponents(raw.decode("utf-8")))
    contactpunten = load_bundled()["contactpunten"]
    assert len(cards) == len(contactpunten)
    assert {c.uid.value for c in cards} == {f"wijkwijzer-{cp['id']}" for cp in contactpunten}
    by_uid = {c.uid.value: c for c in cards}
    dsb = by_uid[f"wijkwijzer-{CP_ID}"]
    assert dsb.fn.value == "gebiedsregisseur DSB (stadsdeel Centrum)"
    assert dsb.org.value == ["Gemeente Den Haag", "Dienst Stadsbeheer"]
    assert "Persoon: Test Testpersoon" in dsb.note.value
    assert dsb.email.value == "test@example.org"
    general = by_uid["wijkwijzer-gemeente-14070"]
    assert general.tel.value == "14070"
    assert "Bron:" in general.note.value
    # a citation for people: never the data's file names (QA round 2: SOURCES.md, kanalen_per_thema.csv)
    notes = " ".join(c.note.value for c in cards)
    assert ".md" not in notes and ".csv" not in notes and "shared/data" not in notes
    spui = by_uid["wijkwijzer-centrum-centraal-aanspreekpunt"]
    assert spui.adr.value.street == "Stadhuis, Spui 70, 2511 BT Den Haag"  # commas escaped and back


def test_vcard_escapes_separators_and_newlines(cli, isolated_db):
    cli("stadsdelen")
    set_fields(isolated_db, CP_ID, rol="rol; met, tekens\\ en\nregel", geverifieerd_op="2026-01-05")
    raw = cli("export", "--format", "vcard").stdout_bytes
    assert b"FN:rol\\; met\\, tekens\\\\ en\\nregel (stadsdeel Centrum)" in raw
    card = next(c for c in vobject.readComponents(raw.decode("utf-8"))
                if c.uid.value == f"wijkwijzer-{CP_ID}")
    assert card.fn.value == "rol; met, tekens\\ en\nregel (stadsdeel Centrum)"
    assert card.rev.value == "2026-01-05"


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard"])
def test_public_export_leaves_out_personal_data(cli, with_person, fmt):
    full = cli("export", "--format", fmt).stdout_bytes
    assert b"Testpersoon" in full and (b"+31701234567" in full or b"070 123 4567" in full)
    public = cli("export", "--format", fmt, "--public")
    assert public.exit_code == 0
    data = public.stdout_bytes.replace(b"\r\n ", b"")  # unfold vCard lines
    for value in PERSON.values():
        assert value.encode() not in data
    assert b"persoon" not in data
    assert b"Testpersoon" not in data and b"123 4567" not in data  # the remark is scrubbed too
    assert b"vraag naar (gewist)" in data


def test_out_writes_the_file_and_reports_on_stderr(cli, tmp_path):
    out = tmp_path / "contactpunten.csv"
    result = cli("export", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    n = len(load_bundled()["contactpunten"])
    assert f"{n} contactpunten geschreven naar {out}" in result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid;")
    assert [p.name for p in tmp_path.iterdir() if p.name != "db"] == ["contactpunten.csv"]  # no temp left


def test_export_into_a_missing_folder_is_one_sentence(cli, tmp_path):
    cli("stadsdelen")  # first use creates the database (and says so on stderr)
    result = cli("export", "--out", str(tmp_path / "nergens" / "x.json"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Fout: Kan niet schrijven naar") and "Traceback" not in result.stderr


def test_unknown_kind_or_format_is_a_usage_error(cli):
    result = cli("export", "--format", "csv", "--soort", "fietsen")
    assert result.exit_code == 2 and "onbekende soort 'fietsen'" in result.stderr
    assert cli("export", "--format", "xlsx").exit_code == 2


def test_cp1252_cannot_hold_a_character_names_it(cli, isolated_db):
    cli("stadsdelen")
    set_fields(isolated_db, CP_ID, rol="gebiedsregisseur ☃")
    result = cli("export", "--format", "csv", "--encoding", "cp1252")
    assert result.exit_code == 1
    assert f"'{CP_ID}'" in result.stderr and "'rol'" in result.stderr and "utf-8-sig" in result.stderr
    assert result.stdout == ""


def test_vcard_shows_escape_sequences_visibly_and_still_parses(cli, tmp_path, isolated_db):
    import vobject

    rol = "x\x1b]0;PWNED\x07\x1b[31mred, a;b\\c"  # validation refuses it now: an older version's data
    cli("stadsdelen")
    set_fields(isolated_db, "centrum-gebiedsregisseur-dsb", rol=rol)
    out = tmp_path / "cp.vcf"
    assert cli("export", "--format", "vcard", "--out", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert b"\x1b" not in raw and b"\x07" not in raw
    titles = [c.title.value for c in vobject.readComponents(raw.decode("utf-8")) if hasattr(c, "title")]
    assert "x\\x1b]0;PWNED\\x07\\x1b[31mred, a;b\\c" in titles


def test_export_never_overwrites_the_database_or_its_backup(cli, isolated_db):
    """QA: 'export --out <the database>' replaced it with CSV and left no backup."""
    cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--opmerking", "x")  # makes a .bak
    before = isolated_db.read_bytes(), isolated_db.with_name(isolated_db.name + ".bak").read_bytes()
    for target in (isolated_db, isolated_db.with_name(isolated_db.name + ".bak")):
        result = cli("export", "--format", "csv", "--out", str(target))
        assert result.exit_code == 1 and "databasebestand" in result.stderr
    assert (isolated_db.read_bytes(), isolated_db.with_name(isolated_db.name + ".bak").read_bytes()) == before


def test_national_only_numbers_are_exported_in_national_form(cli):
    """#10: +319008844 (the police's 0900 number) cannot be dialled; 0900 8844 can."""
    card = next(c for c in vobject.readComponents(cli("export", "--format", "vcard").stdout)
                if "politie" in c.title.value)
    assert [t.value for t in card.contents["tel"]] == ["0900 8844"]
    row = next(r for r in csv_rows(cli("export", "--format", "csv").stdout_bytes) if r["id"] == "politie-algemeen")
    assert row["telefoon"] == "0900 8844"
    general = next(r for r in csv_rows(cli("export", "--format", "csv").stdout_bytes) if r["id"] == "gemeente-14070")
    assert general["telefoon"] == "14070"


def test_national_only_numbers_in_the_helper():
    from wijkwijzer.channels import export_phone

    assert export_phone("+319008844") == "0900 8844"
    assert export_phone("+318001234") == "0800 1234"
    assert export_phone("+31703533000") == "+31703533000"  # dialable from abroad: stays E.164
    assert export_phone("14070") == "14070" and export_phone(None) is None


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_export_out_gets_the_usual_permissions(cli, tmp_path, umask):
    import os
    import stat

    old = os.umask(umask)
    try:
        out = tmp_path / "export.json"
        assert cli("export", "--out", str(out)).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("args, nl, en", [
    (("--format", "csv", "--soort", "gemeenten"), "1 gemeente geschreven naar", "1 gemeente written to"),
    (("--format", "csv", "--soort", "stadsdelen"), "8 stadsdelen geschreven naar", "8 stadsdelen written to"),
    (("--format", "csv", "--soort", "themas"), "13 thema's geschreven naar", "13 themas written to"),
    (("--format", "html", "--stadsdeel", "Centrum"), "1 stadsdeel op de kaart geschreven naar",
     "1 stadsdeel on the map written to"),
    (("--format", "ical",), "2 bijeenkomsten geschreven naar", "2 meetings written to"),
])
def test_written_message_counts_in_singular_and_plural(cli, tmp_path, args, nl, en):
    """QA: '1 stadsdelen op de kaart geschreven', '{n} {what}' never singular."""
    from wijkwijzer.i18n import using

    out = tmp_path / "uit"
    result = cli("export", *args, "--out", str(out))
    assert result.exit_code == 0 and f"{nl} {out}." in result.stderr
    with using("en"):
        result = cli("export", *args, "--out", str(out))
    assert result.exit_code == 0 and f"{en} {out}." in result.stderr


def test_plural_messages_pick_the_form_for_n():
    from wijkwijzer.cli.io import written
    from wijkwijzer.i18n import using

    assert written("contactpunten", 1).format(n=1, path="x") == "1 contactpunt geschreven naar x."
    assert written("contactpunten", 2).format(n=2, path="x") == "2 contactpunten geschreven naar x."
    with using("en"):
        assert written("contactpunten", 1).format(n=1, path="x") == "1 contactpunt written to x."
        assert written("contactpunten", 2).format(n=2, path="x") == "2 contactpunten written to x."
        assert written("visitekaartjes", 1).format(n=1, path="x") == "1 business card written to x."
