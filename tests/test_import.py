"""`import FILE`: what Dutch Excel and other departments send, all or nothing."""

from __future__ import annotations

import json

import pytest

from wijkwijzer.dataset import load_bundled

HEADER = "id;rol;dienst;gebied;themas;niveau;email;telefoon;bron"


def rows_csv(n: int, bad_row: int | None = None, sep: str = ";") -> str:
    """A CSV of *n* new contactpunten; spreadsheet row *bad_row* gets an invalid e-mail."""
    lines = [HEADER.replace(";", sep)]
    for i in range(n):
        row = i + 2  # the header is row 1
        email = "jan@@example.org" if row == bad_row else f"test{i}@example.org"
        lines.append(sep.join([f"test-{i}", "testrol", "DSB", "centrum", "openbare-ruimte", "2",
                               email, "070 123 4567", "test"]))
    return "\r\n".join(lines) + "\r\n"


def records(path) -> dict:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {kind: {r.get("id") or r.get("code"): r for r in table.values()}
            for kind, table in doc.items() if kind not in ("meta", "historie")}


@pytest.fixture
def db(cli, isolated_db):
    assert cli("stadsdelen").exit_code == 0
    return isolated_db


def test_csv_round_trip_changes_exactly_the_edited_record(cli, cli_json, db, tmp_path):
    out = tmp_path / "contactpunten.csv"
    assert cli("export", "--format", "csv", "--soort", "contactpunten", "--out", str(out)).exit_code == 0
    before = records(db)
    text = out.read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    header = lines[0].split(";")
    target = next(i for i, line in enumerate(lines) if line.startswith("laak-gebiedsregisseur-dso;"))
    cells = lines[target].split(";")
    cells[header.index("email")] = "test@example.org"
    lines[target] = ";".join(cells)
    out.write_bytes("\r\n".join(lines).encode("utf-8-sig"))

    result = cli("import", str(out), "--as", "Redacteur")
    assert result.exit_code == 0, result.stderr
    assert "0 toegevoegd, 1 gewijzigd, 0 verwijderd" in result.stdout
    after = records(db)
    changed = {k for k in after["contactpunten"] if after["contactpunten"][k] != before["contactpunten"][k]}
    assert changed == {"laak-gebiedsregisseur-dso"}
    assert after["contactpunten"]["laak-gebiedsregisseur-dso"]["kanalen"]["email"] == "test@example.org"
    assert {k: v for k, v in after.items() if k != "contactpunten"} == \
        {k: v for k, v in before.items() if k != "contactpunten"}
    (entry,) = cli_json("history")
    assert (entry["wie"], entry["actie"], entry["record"]) == ("Redacteur", "geimporteerd",
                                                                "laak-gebiedsregisseur-dso")
    assert entry["voor"]["kanalen"]["email"] is None
    plain = cli("history", "laak-gebiedsregisseur-dso").stdout
    assert "Redacteur" in plain and "kanalen.email: leeg -> test@example.org" in plain


def test_json_round_trip_and_unchanged_import_changes_nothing(cli, cli_json, db, tmp_path):
    out = tmp_path / "alles.json"
    assert cli("export", "--format", "json", "--out", str(out)).exit_code == 0
    result = cli("import", str(out))
    assert result.exit_code == 0 and "0 toegevoegd, 0 gewijzigd, 0 verwijderd" in result.stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    org = next(o for o in doc["organisaties"] if o["id"] == "bewonersorganisatie-zeeheldenkwartier")
    org["aliassen"] = ["Zeeheldenbuurt"]
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = cli("import", str(out), "--as", "Redacteur")
    assert "0 toegevoegd, 1 gewijzigd" in result.stdout
    assert records(db)["organisaties"]["bewonersorganisatie-zeeheldenkwartier"]["aliassen"] == ["Zeeheldenbuurt"]
    assert [e["record"] for e in cli_json("history")] == ["bewonersorganisatie-zeeheldenkwartier"]


def test_invalid_email_in_row_7_rejects_the_file_and_keeps_the_db_byte_identical(cli, db, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_bytes(rows_csv(10, bad_row=7).encode("utf-8-sig"))
    before = db.read_bytes()
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "Rij 7, veld 'email'" in result.stderr
    assert "jan@@example.org" in result.stderr
    assert db.read_bytes() == before


def test_every_error_is_listed_with_its_row(cli, db, tmp_path):
    text = rows_csv(5).replace("test-1;testrol;DSB;centrum", "test-1;testrol;XYZ;centrum") \
                      .replace("test-3;testrol;DSB;centrum;openbare-ruimte;2", "test-3;testrol;DSB;centrum;openbare-ruimte;0")
    path = tmp_path / "fouten.csv"
    path.write_text(text, encoding="utf-8")
    before = db.read_bytes()
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "2 fouten gevonden" in result.stderr
    assert "Rij 3, veld 'dienst'" in result.stderr and "Rij 5, veld 'niveau'" in result.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize("encoding, sep", [("cp1252", ";"), ("utf-8-sig", ";"), ("utf-8", ";"),
                                           ("utf-8-sig", ","), ("cp1252", ",")])
def test_excel_variants_import(cli, db, tmp_path, encoding, sep):
    text = rows_csv(3, sep=sep).replace("testrol", "coördinator wijkzaken")
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode(encoding))
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    stored = records(db)["contactpunten"]
    assert stored["test-0"]["rol"] == "coördinator wijkzaken"
    assert stored["test-2"]["kanalen"]["telefoon"] == "+31701234567"
    assert stored["test-1"]["niveau"] == 2


def test_headers_are_case_and_accent_insensitive(cli, db, tmp_path):
    text = rows_csv(2).replace(HEADER, "ID;Rol;Dienst;Gebied;Thema's;Niveau;É-mail;Telefoon;Bron")
    path = tmp_path / "kop.csv"
    path.write_bytes(text.encode("cp1252"))
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert records(db)["contactpunten"]["test-1"]["kanalen"]["email"] == "test1@example.org"


def test_dry_run_lists_changes_and_writes_nothing(cli, db, tmp_path):
    path = tmp_path / "nieuw.csv"
    path.write_text(rows_csv(2) + "centrum-gebiedsregisseur-dsb;gebiedsregisseur DSB;DSB;centrum;"
                    "openbare-ruimte;2;;;test\r\n", encoding="utf-8")
    before = db.read_bytes()
    result = cli("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "2 toegevoegd, 1 gewijzigd, 0 verwijderd" in result.stdout
    assert "toevoegen\tcontactpunt\ttest-0" in result.stdout
    line = next(x for x in result.stdout.splitlines() if x.startswith("wijzigen\tcontactpunt\tcentrum-ge"))
    assert "niveau: 1 -> 2" in line and "-> test" in line  # old -> new per field (#10)
    assert db.read_bytes() == before
    changed = json.loads(cli("import", str(path), "--dry-run", "--json").stdout)
    diff = changed["soorten"]["contactpunten"]["gewijzigd"][0]
    assert diff["velden"] and {"veld": "niveau", "voor": 1, "na": 2} in diff["wijzigingen"]
    result = cli("import", str(path), "--dry-run", "--mode", "replace", "--json")
    plan = json.loads(result.stdout)
    assert plan["proefdraai"] is True
    assert plan["totaal"]["verwijderd"] == len(load_bundled()["contactpunten"]) - 1
    assert "laak-gebiedsregisseur-dso" in plan["soorten"]["contactpunten"]["verwijderd"]
    assert db.read_bytes() == before


def test_replace_makes_the_file_the_whole_kind(cli, db, tmp_path):
    path = tmp_path / "alleen.csv"
    path.write_text(rows_csv(3), encoding="utf-8")
    before = db.read_bytes()
    refused = cli("import", str(path), "--mode", "replace", "--as", "Redacteur", input="n\n")
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    assert db.read_bytes() == before
    result = cli("import", str(path), "--mode", "replace", "--as", "Redacteur", "--yes")
    assert result.exit_code == 0, result.stderr
    assert sorted(records(db)["contactpunten"]) == ["test-0", "test-1", "test-2"]
    assert len(records(db)["wijken"]) == 44  # other kinds untouched


def test_replace_may_not_remove_what_is_still_referenced(cli, db, tmp_path):
    out = tmp_path / "diensten.csv"
    assert cli("export", "--format", "csv", "--soort", "diensten", "--out", str(out)).exit_code == 0
    text = out.read_bytes().decode("utf-8-sig")
    kept = [line for line in text.split("\r\n") if not line.startswith("DSB;")]
    out.write_bytes("\r\n".join(kept).encode("utf-8-sig"))
    before = db.read_bytes()
    result = cli("import", str(out), "--mode", "replace")
    assert result.exit_code == 1
    assert "dienst 'DSB' zou verdwijnen" in result.stderr and "centrum-gebiedsregisseur-dsb" in result.stderr
    assert db.read_bytes() == before


def test_duplicate_ids_in_one_file_are_rejected(cli, db, tmp_path):
    path = tmp_path / "dubbel.csv"
    path.write_text(rows_csv(2) + rows_csv(1).split("\r\n", 1)[1], encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "Rij 4, veld 'id'" in result.stderr and "rij 2" in result.stderr


def test_unreadable_or_unknown_files_fail_with_one_sentence(cli, db, tmp_path):
    path = tmp_path / "raar.csv"
    path.write_text("foo;bar\r\n1;2\r\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert cli("import", str(path), "--mode", "alles").exit_code == 1
    assert cli("import", str(tmp_path / "bestaat-niet.csv")).exit_code == 2


def test_a_large_file_imports_in_one_write(cli, db, tmp_path):
    path = tmp_path / "groot.csv"
    path.write_text(rows_csv(3000), encoding="utf-8")
    result = cli("import", str(path), "--as", "Bulk")
    assert result.exit_code == 0, result.stderr
    assert "3000 toegevoegd" in result.stdout
    doc = json.loads(db.read_text(encoding="utf-8"))
    assert len(doc["contactpunten"]) == len(load_bundled()["contactpunten"]) + 3000
    assert len(doc["historie"]) == 3000
    assert {e["actie"] for e in doc["historie"].values()} == {"geimporteerd"}


def test_fast_contactpunt_check_gives_what_the_full_checker_gives():
    """The import's fast path may only be faster, never different."""
    import copy

    from wijkwijzer.dataset import load_bundled
    from wijkwijzer.staff.importer import fast_contactpunt
    from wijkwijzer.staff.validate import Refs, check_record

    data = load_bundled()
    refs = Refs(data)
    base = data["contactpunten"][0]
    variants = [copy.deepcopy(r) for r in data["contactpunten"]]
    for change in ({"niveau": 0}, {"niveau": "2"}, {"rol": " x "}, {"gebied": ["centrum", "centrum"]},
                   {"themas": ["nope"]}, {"status": "weg"}, {"geverifieerd_op": "2025-02-30"},
                   {"geverifieerd_op": "2025-01-31"}, {"opmerking": ""}, {"reactietermijn_werkdagen": 5},
                   {"persoon": {"naam": "Test Persoon"}}, {"extra": 1},
                   {"kanalen": {"email": "Test@Example.ORG", "telefoon": "070 123 4567", "web": "x"}},
                   {"kanalen": {"email": "a@@b.nl"}}, {"kanalen": {"telefoon": "112"}},
                   {"kanalen": {"web": "https://example.org/a", "adres": "Spui 70"}}):
        variants.append({**copy.deepcopy(base), **change})
    fast_hits = 0
    for rec in variants:
        full, errors = check_record("contactpunten", copy.deepcopy(rec), refs)
        fast = fast_contactpunt(copy.deepcopy(rec), refs)
        if fast is not None:
            fast_hits += 1
            assert not errors and fast == full, rec
    assert fast_hits >= len(data["contactpunten"])


def test_names_as_staff_type_them_resolve_and_new_rows_get_an_id_and_source(cli, cli_json, db, tmp_path):
    path = tmp_path / "namen.csv"
    path.write_bytes("id;rol;dienst;gebied;themas;niveau\r\n"
                     ";buurtconciërge;Dienst Stadsbeheer;Laak|Zeeheldenkwartier;bomen;1\r\n".encode("cp1252"))
    result = cli("import", str(path), "--as", "Els")
    assert result.exit_code == 0, result.stderr
    rec = records(db)["contactpunten"]["laak-buurtconcierge"]
    assert rec["dienst"] == "DSB" and rec["gebied"] == ["laak", "WK051822"]
    assert rec["themas"] == ["openbare-ruimte"]
    assert rec["bron"].startswith("geïmporteerd uit namen.csv op ")  # the editor only in the history (#18)


def test_several_errors_are_printed_one_per_line(cli, db, tmp_path):
    path = tmp_path / "fouten.csv"
    path.write_text(rows_csv(4, bad_row=3).replace("test-3;testrol;DSB", "test-3;testrol;XYZ"),
                    encoding="utf-8")
    lines = cli("import", str(path)).stderr.splitlines()
    assert lines == ["Fout: 2 fouten gevonden; er is niets gewijzigd:",
                     "- Rij 3, veld 'email': 'jan@@example.org' is geen geldig e-mailadres.",
                     "- Rij 5, veld 'dienst': dienst 'XYZ' bestaat niet."]


def test_import_holds_niveau_and_dienst_to_the_same_rules_as_edit(cli, db, tmp_path):
    """QA: the fast path for plain rows let niveau 9 in, and a dienst given as a
    list ended in 'Onverwachte fout'."""
    before = db.read_bytes()
    csv_file = tmp_path / "n9.csv"
    csv_file.write_text("id;rol;dienst;gebied;themas;niveau;status;bron\r\n"
                        "qa-n;x;POLITIE;WK051822;veiligheid-en-overlast;9;actief;t\r\n", encoding="utf-8")
    result = cli("import", str(csv_file))
    assert result.exit_code == 1 and "Rij 2, veld 'niveau'" in result.stderr
    json_file = tmp_path / "lijst.json"
    json_file.write_text(json.dumps({"wijkwijzer": 1, "contactpunten": [
        {"id": "qa-j", "rol": "x", "dienst": ["DSB"], "gebied": ["centrum"], "themas": ["*"],
         "niveau": 1, "bron": "t", "status": "actief"}]}), encoding="utf-8")
    result = cli("import", str(json_file))
    assert result.exit_code == 1 and "veld 'dienst'" in result.stderr
    assert "Onverwachte" not in result.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize("text, nl, en", [
    ('{\n  "contactpunten": [\n    {"id": "x"\n    "rol": "y"}\n  ]\n}\n',
     "Het bestand is geen geldige JSON (regel 4, kolom 5: er ontbreekt een komma).",
     "The file is not valid JSON (line 4, column 5: a comma is missing)."),
    ('{contactpunten: []}', "Het bestand is geen geldige JSON (regel 1, kolom 2: een veldnaam moet tussen "
     "dubbele aanhalingstekens staan).", "The file is not valid JSON (line 1, column 2: a field name must be "
     "in double quotes)."),
])
def test_a_malformed_json_file_is_one_sentence_with_line_and_column(cli, db, tmp_path, text, nl, en):
    """QA: Python's English parser message showed inside the Dutch sentence."""
    from wijkwijzer.i18n import using

    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    before = db.read_bytes()
    result = cli("import", str(bad))
    assert result.exit_code == 1
    assert " ".join(result.stderr.split()) == f"Fout: {nl}"
    with using("en"):
        result = cli("import", str(bad))
    assert " ".join(result.stderr.split()) == f"Error: {en}"
    assert db.read_bytes() == before
