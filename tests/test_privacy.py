"""Privacy (AVG): `forget NAME` erases a person from records, history and backups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wijkwijzer.staff.privacy import PERSONAL_FIELDS, Matcher, is_personal

CP = "centrum-gebiedsregisseur-dsb"
NAME = "José de Vries"
# obviously fake test values, never real data
PHONE_TYPED, PHONE_STORED = "070 123 4567", "+31701234567"
EMAIL = "test@example.org"
TRACES = ("vries", "4567", "test@example")


def traces_in_folder(folder: Path) -> dict[str, list[str]]:
    """What `grep -i` would find: {file name: [trace, ...]} over every file."""
    found = {}
    for path in folder.iterdir():
        text = path.read_bytes().decode("utf-8", errors="replace").casefold()
        hits = [t for t in TRACES if t in text]
        if hits:
            found[path.name] = hits
    return found


@pytest.fixture
def person(cli, isolated_db):
    """A contactpunt with a person, two history entries naming her, and a backup."""
    r = cli("contactpunt", "edit", CP, "--naam", NAME, "--persoon-telefoon", PHONE_TYPED,
            "--persoon-email", EMAIL, "--as", "Tester")
    assert r.exit_code == 0, r.stderr
    r = cli("contactpunt", "edit", CP, "--opmerking", "Vraag naar Jose de Vries, 070-1234567",
            "--as", NAME)
    assert r.exit_code == 0, r.stderr
    assert set(traces_in_folder(isolated_db.parent)) == {isolated_db.name, isolated_db.name + ".bak"}
    return isolated_db


def test_forget_leaves_no_trace_in_file_backup_or_history(cli, cli_json, person):
    import zlib

    index = person.with_name(person.name + ".index")  # a derived read index (see cache.py),
    index.write_bytes(zlib.compress(NAME.encode()))   # compressed: no text search sees the name
    result = cli("forget", "jose DE vries", "--yes", "--as", "Beheerder")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Gewist in contactpunten: 1 persoon-gegevens, 1 teksten." in out
    assert "Gewist in historie: 3 persoon-gegevens, 2 teksten." in out
    assert "Reservekopie opgeschoond" in out and "geen enkel bestand" in out

    assert traces_in_folder(person.parent) == {}
    assert not index.exists()
    history = cli_json("history")
    assert not any("vries" in json.dumps(e, ensure_ascii=False).casefold() for e in history)
    erased = [e for e in history if e["actie"] == "persoon gewist"]
    assert len(erased) == 1 and erased[0]["wie"] == "Beheerder"
    cp = cli_json("show", CP)
    assert cp["persoon"] is None and cp["opmerking"] == "Vraag naar (gewist), (gewist)"
    assert cli("who", "zeehelden", "bomen").exit_code == 0


def test_forget_shows_what_matched_and_asks_first(cli, person):
    before = person.read_bytes()
    result = cli("forget", "José de Vries", input="n\n")
    assert result.exit_code == 1
    assert "Afgebroken" in result.stderr
    assert f"{CP}\tpersoon\tpersoon" in result.stdout  # what matched, per place
    assert "historie\t#2\twie\ttekst" in result.stdout
    assert person.read_bytes() == before

    result = cli("forget", "José de Vries", input="y\n")
    assert result.exit_code == 0
    assert traces_in_folder(person.parent) == {}


def test_forget_dry_run_changes_nothing(cli, person):
    before = {p.name: p.read_bytes() for p in person.parent.iterdir()}
    result = cli("forget", NAME, "--dry-run")
    assert result.exit_code == 0 and "Proefdraai" in result.stdout
    assert f"{CP}\tpersoon\tpersoon" in result.stdout
    found = json.loads(cli("forget", NAME, "--dry-run", "--json").stdout)
    assert len(found["treffers"]) == 7 and found["bestanden"] == [str(person) + ".bak"]
    assert {p.name: p.read_bytes() for p in person.parent.iterdir()} == before


def test_forget_unknown_person_is_exit_1_and_changes_nothing(cli, person):
    before = person.read_bytes()
    result = cli("forget", "Piet Onbekend", "--yes")
    assert result.exit_code == 1
    assert result.stderr.startswith("Fout: Geen persoon 'Piet Onbekend' gevonden")
    assert person.read_bytes() == before
    assert cli("forget", "   ", "--yes").exit_code == 1


@pytest.mark.parametrize("word", ["Centrum", "Den Haag", "Dienst Stadsbeheer"])
def test_forget_of_a_place_or_word_is_refused_and_changes_no_file(cli, person, word):
    """QA: 'forget Centrum' renamed stadsdeel Centrum to '(gewist)' in records,
    ids, history and backups. A name that is no person's data is refused."""
    before = {p.name: p.read_bytes() for p in person.parent.iterdir()}
    for args in (["--yes"], ["--dry-run"]):
        result = cli("forget", word, *args)
        assert result.exit_code == 1
        assert "forget wist alleen personen" in result.stderr and "niets veranderd" in result.stderr
    assert {p.name: p.read_bytes() for p in person.parent.iterdir()} == before


def test_forget_matches_whole_name_only(cli, cli_json, isolated_db):
    cli("contactpunt", "edit", CP, "--naam", "Jan de Vriesema", "--opmerking", "Jan de Vriesema belt")
    result = cli("forget", "Jan de Vries", "--yes")
    assert result.exit_code == 1  # a different person
    assert cli_json("show", CP)["persoon"]["naam"] == "Jan de Vriesema"


def test_forget_scrubs_migration_backup_and_deletes_unreadable_copies(cli, isolated_db, person):
    doc = json.loads(person.read_bytes())
    del doc["meta"], doc["historie"]
    v0 = json.dumps(doc, ensure_ascii=True).encode()  # \u00e9: grep-proof is not enough
    person.write_bytes(v0)
    assert cli("stadsdelen").exit_code == 0  # migrates, keeps .v0.bak
    damaged = person.with_name(person.name + ".damaged-20260101T000000Z")
    damaged.write_bytes(person.read_bytes()[:5000] + json.dumps(NAME).encode())
    result = cli("forget", NAME, "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert str(person.with_name(person.name + ".v0.bak")) in report["herschreven"]
    assert report["verwijderd"] == [str(damaged)]
    assert report["nog_gevonden"] == []
    assert traces_in_folder(person.parent) == {}
    assert json.loads(person.with_name(person.name + ".v0.bak").read_bytes())["contactpunten"]


def test_actor_naming_the_person_is_not_recorded(cli, cli_json, person):
    assert cli("forget", NAME, "--yes", "--as", NAME).exit_code == 0
    assert traces_in_folder(person.parent) == {}
    assert cli_json("history")[-1]["wie"] == "(gewist)"


def test_personal_fields_are_marked():
    assert PERSONAL_FIELDS == {"persoon": ("naam", "telefoon", "email")}
    assert is_personal("persoon.naam") and is_personal("persoon.telefoon") and is_personal("persoon")
    assert not is_personal("kanalen.telefoon") and not is_personal("rol")


@pytest.mark.parametrize("text,expected", [
    ("bel JOSÉ DE VRIES", "bel (gewist)"),
    ("jose-de-vries@x", "(gewist)@x"),
    ("Josede Vries", "Josede Vries"),
    ("José de Vriesema", "José de Vriesema"),
    ("ZJosé de Vries", "ZJosé de Vries"),
])
def test_name_matching_is_case_and_accent_insensitive_on_whole_words(text, expected):
    assert Matcher(NAME).scrub(text)[0] == expected


def test_direct_number_is_found_in_any_usual_notation():
    m = Matcher(NAME)
    m.learn({"persoon": {"naam": NAME, "telefoon": PHONE_STORED, "email": EMAIL}})
    for written in ("070 123 4567", "070-1234567", "+31 70 123 4567", "0031701234567",
                    "+31 (0)70 123 45 67", "TEST@example.org"):
        assert m.scrub(f"bel {written} nu")[0] == "bel (gewist) nu", written
    assert m.scrub("bel 070 123 45678")[0] == "bel 070 123 45678"


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard"])
def test_public_export_leaves_personal_fields_out(cli, person, fmt):
    full = cli("export", "--format", fmt).stdout_bytes.decode("utf-8-sig").casefold()
    digits = full.replace(" ", "")
    assert "test@example" in full and ("+31701234567" in digits or "0701234567" in digits)
    public = cli("export", "--format", fmt, "--public").stdout_bytes.decode("utf-8-sig").casefold()
    assert "test@example" not in public and "1234567" not in public.replace(" ", "")
    assert "persoon_naam" not in public and '"persoon"' not in public


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_public_export_leaves_out_mentions_in_free_text(cli, person, fmt):
    public = cli("export", "--format", fmt, "--public").stdout_bytes.decode("utf-8-sig").casefold()
    assert "vries" not in public and "1234567" not in public


def test_redact_public_drops_persons_and_their_mentions():
    from wijkwijzer.staff.privacy import redact_public

    data = {"contactpunten": [
        {"id": "a", "persoon": {"naam": NAME, "telefoon": PHONE_STORED, "email": EMAIL},
         "opmerking": "bel Jose de Vries (070-1234567) of TEST@example.org, of Piet Test"},
        {"id": "b", "persoon": {"naam": "Piet Test", "telefoon": None, "email": None}}],
        "organisaties": [{"id": "o", "naam": "Wijkberaad Noord", "bron": "gesprek met Piet Test"}]}
    public = redact_public(data)
    assert public == {"contactpunten": [
        {"id": "a", "opmerking": "bel (gewist) ((gewist)) of (gewist), of (gewist)"}, {"id": "b"}],
        "organisaties": [{"id": "o", "naam": "Wijkberaad Noord", "bron": "gesprek met (gewist)"}]}
    assert data["contactpunten"][0]["persoon"]["naam"] == NAME  # input untouched
