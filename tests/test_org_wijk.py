"""An organisatie's wijken lie in its stadsdeel (fresh-user QA, 2026-11-30):
Moerwijk (WK051836) lies in Escamp, so an organisatie in Laak cannot name it.
``add``, ``edit`` and ``import`` refuse it, ``check`` lists one stored by hand
or by an older version, and ``who`` answers with the wijk's own stadsdeel."""

from __future__ import annotations

import json

import pytest

from wijkwijzer.dataset import load_bundled
from wijkwijzer.store.atomic import dump
from wijkwijzer.store.document import new_document

MOERWIJK = "WK051836"  # stadsdeel Escamp
SENTENCE = "Veld 'wijken': wijk Moerwijk (WK051836) ligt in stadsdeel Escamp, niet in Laak."


def stored(path) -> dict:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {r["id"]: r for r in doc["organisaties"].values()}


@pytest.fixture
def db(cli, isolated_db):
    assert cli("stadsdelen").exit_code == 0  # creates the database with the bundled data
    return isolated_db


@pytest.fixture
def hand_edited(isolated_db):
    """The bundled data with an organisatie in Laak that names Moerwijk, as a
    hand edit or an older version could store it."""
    data = load_bundled()
    data["organisaties"].append({"id": "bo-moerwijk", "naam": "Bewonersgroep Moerwijk-Test", "aliassen": [],
                                 "stadsdeel": "laak", "wijken": [MOERWIJK], "status": "actief", "bron": "test"})
    isolated_db.parent.mkdir(parents=True, exist_ok=True)
    isolated_db.write_bytes(dump(new_document(data)))
    return isolated_db


def test_add_refuses_a_wijk_in_another_stadsdeel(cli, db):
    before = db.read_bytes()
    result = cli("organisatie", "add", "--naam", "X", "--stadsdeel", "Laak", "--wijk", "Moerwijk")
    assert result.exit_code == 1
    assert SENTENCE in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_add_without_stadsdeel_takes_the_stadsdeel_of_the_wijken(cli, db):
    result = cli("organisatie", "add", "--naam", "X", "--wijk", "Moerwijk")
    assert result.exit_code == 0, result.stderr
    assert "stadsdeel: escamp" in result.stdout  # the record shown says what was chosen
    assert stored(db)["x"]["stadsdeel"] == "escamp"


def test_wijken_in_two_stadsdelen_leave_the_stadsdeel_empty(cli, db):
    result = cli("organisatie", "add", "--naam", "X", "--wijk", "Moerwijk", "--wijk", "Zeeheldenkwartier")
    assert result.exit_code == 0, result.stderr
    assert stored(db)["x"]["wijken"] == [MOERWIJK, "WK051822"]
    assert not stored(db)["x"].get("stadsdeel")
    # naming one of the two stadsdelen is refused for the other wijk
    result = cli("organisatie", "add", "--naam", "Y", "--stadsdeel", "Escamp", "--wijk", "Moerwijk",
                 "--wijk", "Zeeheldenkwartier")
    assert result.exit_code == 1
    assert "wijk Zeeheldenkwartier (WK051822) ligt in stadsdeel Centrum, niet in Escamp." in result.stderr


def test_a_wijk_with_an_unconfirmed_stadsdeel_is_not_held_against_it(cli, db):
    # WK051837 Groente- en Fruitmarkt: stadsdeel centrum, not confirmed
    result = cli("organisatie", "add", "--naam", "X", "--stadsdeel", "Laak", "--wijk", "WK051837")
    assert result.exit_code == 0, result.stderr


def test_edit_refuses_a_wijk_in_another_stadsdeel(cli, db):
    before = db.read_bytes()
    result = cli("organisatie", "edit", "bewonersorganisatie-zeeheldenkwartier", "--wijk", "Moerwijk")
    assert result.exit_code == 1
    assert "wijk Moerwijk (WK051836) ligt in stadsdeel Escamp, niet in Centrum." in result.stderr
    assert db.read_bytes() == before


def test_import_refuses_a_wijk_in_another_stadsdeel(cli, db, tmp_path):
    out = tmp_path / "alles.json"
    assert cli("export", "--format", "json", "--out", str(out)).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    org = next(o for o in doc["organisaties"] if o["id"] == "bewonersorganisatie-binckhorst")
    org["wijken"] = ["WK051839", MOERWIJK]  # Binckhorst (Laak) and Moerwijk (Escamp)
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = db.read_bytes()
    result = cli("import", str(out))
    assert result.exit_code == 1
    assert "wijk Moerwijk (WK051836) ligt in stadsdeel Escamp, niet in Laak" in result.stderr
    assert db.read_bytes() == before


def test_check_lists_a_stored_organisatie_whose_wijk_lies_elsewhere(cli, hand_edited):
    result = cli("check", "--json")
    found = json.loads(result.stdout)["categorieen"]["verwijzingen"]
    assert found == [{"soort": "organisatie", "id": "bo-moerwijk", "veld": "wijken", "waarde": MOERWIJK,
                      "reden": "wijk Moerwijk (WK051836) ligt in stadsdeel Escamp, niet in Laak"}]
    plain = cli("check").stdout
    assert "## Verwijzingen die nergens heen of naar een ander stadsdeel wijzen (1)\n" in plain
    assert ("soort\tid\tveld\twaarde\treden\norganisatie\tbo-moerwijk\twijken\tWK051836\t"
            "wijk Moerwijk (WK051836) ligt in stadsdeel Escamp, niet in Laak\n") in plain


def test_check_keeps_its_columns_without_such_a_finding(cli, db):
    data = load_bundled()
    data["contactpunten"][0]["dienst"] = "GEEN-DIENST"
    db.write_bytes(dump(new_document(data)))
    plain = cli("check").stdout
    assert "soort\tid\tveld\twaarde\ncontactpunt\t" in plain


@pytest.mark.parametrize("indexed", [False, True])
def test_who_answers_with_the_stadsdeel_the_wijk_lies_in(cli, hand_edited, monkeypatch, indexed):
    from wijkwijzer.lookup import index as cache

    monkeypatch.setattr(cache, "MIN_SIZE", 0 if indexed else 10**12)
    cli("who", "zeehelden", "--json")  # builds the index when indexed
    assert hand_edited.with_name(hand_edited.name + ".index").exists() == indexed
    result = cli("who", "Bewonersgroep Moerwijk-Test", "afval", "--json")
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["stadsdeel"]["id"] == "escamp"
    assert answer["wijken"] == [{"code": MOERWIJK, "naam": "Moerwijk"}]
    assert ("Bewonersgroep Moerwijk-Test staat bij stadsdeel Laak, maar wijk Moerwijk (WK051836) ligt in "
            "stadsdeel Escamp; dit antwoord gaat uit van Escamp.") in answer["opmerkingen"]
    areas = {c["gebied"]["id"] for c in answer["contactpunten"]}
    assert "laak" not in areas and "escamp" in areas
    plain = cli("who", "Bewonersgroep Moerwijk-Test", "afval").stdout
    assert "Gebied: wijk Moerwijk (WK051836); stadsdeel Escamp" in plain
