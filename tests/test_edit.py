"""Staff edit records: `<soort> add|edit|remove`, `verify`; validation and references."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st


def stored(path, kind: str, key: str, value: str) -> dict | None:
    """The record of *kind* with *key* == *value* as it is in the database file."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return next((r for r in doc[kind].values() if r.get(key) == value), None)


@pytest.fixture
def db(cli, isolated_db):
    """A database file created from the bundled data (by a read command)."""
    assert cli("stadsdelen").exit_code == 0
    return isolated_db


def add_wijkagent(cli, *extra):
    return cli("contactpunt", "add", "--rol", "wijkagent", "--dienst", "Politie",
               "--gebied", "Zeeheldenkwartier", "--thema", "overlast", "--niveau", "1",
               "--telefoon", "070 123 4567", "--email", "Test@Example.ORG", *extra)


def test_add_stores_e164_and_shows_national_format(cli, cli_json, db):
    result = add_wijkagent(cli, "--as", "Tester")
    assert result.exit_code == 0, result.stderr
    assert "Toegevoegd: contactpunt 'zeeheldenkwartier-wijkagent'." in result.stdout
    rec = stored(db, "contactpunten", "id", "zeeheldenkwartier-wijkagent")
    assert rec["kanalen"]["telefoon"] == "+31701234567"
    assert rec["kanalen"]["email"] == "Test@example.org"  # domain lower-cased, local part kept
    assert rec["dienst"] == "POLITIE" and rec["gebied"] == ["WK051822"]
    assert rec["themas"] == ["veiligheid-en-overlast"]
    assert "Tester" not in rec["bron"] and rec["bron"].startswith("handmatig ingevoerd op ")  # #18.7
    plain = cli("who", "zeehelden", "overlast").stdout
    assert "tel. 070 123 4567" in plain
    assert "+31701234567" not in plain
    answer = cli_json("who", "zeehelden", "overlast")
    assert answer["contactpunten"][0]["id"] == "zeeheldenkwartier-wijkagent"
    assert answer["contactpunten"][0]["kanalen"]["telefoon"] == "+31701234567"  # JSON: as stored
    assert "telefoon: 070 123 4567" in cli("show", "zeeheldenkwartier-wijkagent").stdout
    assert "telefoon=070 123 4567" in cli("contactpunten", "--stadsdeel", "centrum").stdout


@pytest.mark.parametrize("typed, kept", [("14 070", "14070"), ("0900-8844", "+319008844"),
                                         ("+31 70 123 4567", "+31701234567")])
def test_phone_rule_for_short_and_service_numbers(cli, db, typed, kept):
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--telefoon", typed)
    assert result.exit_code == 0, result.stderr
    assert stored(db, "contactpunten", "id", "centrum-gebiedsregisseur-dsb")["kanalen"]["telefoon"] == kept


@pytest.mark.parametrize("args, field", [
    (("--email", "jan@@example.org"), "email"),
    (("--telefoon", "112"), "telefoon"),
    (("--niveau", "0"), "niveau"),
    (("--niveau", "twee"), "niveau"),
    (("--dienst", "Brandweer"), "dienst"),
    (("--gebied", "Atlantis"), "gebied"),
    (("--thema", "kernfusie"), "themas"),
    (("--geverifieerd-op", "31-12-20255"), "geverifieerd_op"),
    (("--geverifieerd-op", "31-02-2025"), "geverifieerd_op"),
    (("--status", "weg"), "status"),
    (("--reactietermijn", "-3"), "reactietermijn_werkdagen"),
])
def test_rejected_edit_names_the_field_exits_1_and_leaves_the_file_alone(cli, db, args, field):
    before = db.read_bytes()
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", *args)
    assert result.exit_code == 1
    assert f"'{field}'" in result.stderr
    assert result.stderr.startswith("Fout: ")
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_unknown_reference_suggests_a_name(cli, db):
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--dienst", "stadsbeher")
    assert result.exit_code == 1
    assert "bedoelde u" in result.stderr and "Dienst Stadsbeheer" in result.stderr


def test_edit_unknown_id_exits_1(cli, db):
    result = cli("contactpunt", "edit", "bestaat-niet", "--niveau", "2")
    assert result.exit_code == 1
    assert "Geen contactpunt met id 'bestaat-niet'" in result.stderr


def test_dry_run_shows_the_change_and_writes_nothing(cli, db):
    before = db.read_bytes()
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--niveau", "2", "--dry-run")
    assert result.exit_code == 0
    assert "Proefdraai" in result.stdout and "niveau\t1\t2" in result.stdout
    assert db.read_bytes() == before


def test_empty_value_clears_a_field(cli, db):
    cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--web", "https://www.denhaag.nl")
    assert cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--web", "").exit_code == 0
    assert stored(db, "contactpunten", "id", "centrum-gebiedsregisseur-dsb")["kanalen"]["web"] is None


def test_personal_name_is_kept_under_persoon(cli, db):
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--naam", "Test Persoon",
                 "--persoon-telefoon", "06 12345678")
    assert result.exit_code == 0, result.stderr
    rec = stored(db, "contactpunten", "id", "centrum-gebiedsregisseur-dsb")
    assert rec["persoon"] == {"naam": "Test Persoon", "telefoon": "+31612345678", "email": None}


def test_remove_refuses_while_referenced_and_names_the_referrers(cli, db):
    before = db.read_bytes()
    result = cli("dienst", "remove", "DSB")
    assert result.exit_code == 1
    assert "centrum-gebiedsregisseur-dsb" in result.stderr and "--force" in result.stderr
    assert db.read_bytes() == before
    result = cli("wijk", "remove", "WK051822")
    assert result.exit_code == 1 and "bewonersorganisatie-zeeheldenkwartier" in result.stderr


def test_remove_with_force_removes_and_warns(cli, db):
    result = cli("dienst", "remove", "DSB", "--force", "--yes")
    assert result.exit_code == 0
    assert "Verwijderd: dienst 'DSB'." in result.stdout
    assert "verwijzen nu naar een dienst die niet meer bestaat" in result.stderr
    assert stored(db, "diensten", "id", "DSB") is None


def test_remove_unreferenced_contactpunt(cli, db):
    add_wijkagent(cli)
    assert cli("contactpunt", "remove", "zeeheldenkwartier-wijkagent", "--yes").exit_code == 0
    assert stored(db, "contactpunten", "id", "zeeheldenkwartier-wijkagent") is None


def test_remove_asks_and_a_piped_no_or_no_answer_changes_nothing(cli, db):
    add_wijkagent(cli)
    before = db.read_bytes()
    for answer in ("n\n", None):
        result = cli("contactpunt", "remove", "zeeheldenkwartier-wijkagent", input=answer)
        assert result.exit_code == 1
        assert "--yes" in result.stderr
        assert db.read_bytes() == before
    result = cli("contactpunt", "remove", "zeeheldenkwartier-wijkagent", input="j\n")
    assert result.exit_code == 0 and "[j/N]" in result.stderr
    assert stored(db, "contactpunten", "id", "zeeheldenkwartier-wijkagent") is None


def test_inactive_contactpunt_is_never_answered(cli, cli_json, db):
    ids = [c["id"] for c in cli_json("who", "zeehelden", "bomen")["contactpunten"]]
    assert ids[0] == "centrum-gebiedsregisseur-dsb"
    assert cli("contactpunt", "edit", ids[0], "--status", "inactief").exit_code == 0
    ids = [c["id"] for c in cli_json("who", "zeehelden", "bomen")["contactpunten"]]
    assert "centrum-gebiedsregisseur-dsb" not in ids


def test_verify_sets_today(cli, db):
    result = cli("verify", "WK051837")
    assert result.exit_code == 0
    assert stored(db, "wijken", "code", "WK051837")["geverifieerd_op"] == date.today().isoformat()
    assert cli("verify", "bestaat-niet").exit_code == 1


def test_thema_synonyms_can_be_added_and_then_answer_who(cli, cli_json, db):
    assert cli("who", "zeehelden", "klinkerpad").exit_code == 1
    result = cli("thema", "edit", "openbare-ruimte", "--add-synoniem", "klinkerpad",
                 "--remove-synoniem", "hondenpoep")
    assert result.exit_code == 0, result.stderr
    rec = stored(db, "themas", "id", "openbare-ruimte")
    assert "klinkerpad" in rec["synoniemen"] and "hondenpoep" not in rec["synoniemen"]
    thema = cli_json("who", "zeehelden", "klinkerpad")["thema"]
    assert thema["id"] == "openbare-ruimte" and thema["gevonden_via"] == "synoniem 'klinkerpad'"


def test_a_synonym_of_another_thema_is_rejected(cli, db):
    before = db.read_bytes()
    result = cli("thema", "edit", "openbare-ruimte", "--add-synoniem", "parkeren")
    assert result.exit_code == 1
    assert "'synoniemen'" in result.stderr and "verkeer-en-parkeren" in result.stderr
    assert db.read_bytes() == before


def test_every_kind_can_be_added(cli, db):
    steps = [
        ("dienst", "add", "--naam", "Testdienst", "--soort", "partner"),
        ("stadsdeel", "add", "--naam", "Teststad", "--gemeente", "Den Haag"),
        ("wijk", "add", "--code", "WK051899", "--naam", "Testwijk", "--stadsdeel", "Teststad",
         "--gemeente", "GM0518"),
        ("buurt", "add", "--code", "BU05189901", "--naam", "Testbuurt", "--wijk", "Testwijk"),
        ("organisatie", "add", "--naam", "Bewonersvereniging Testwijk", "--wijk", "WK051899",
         "--stadsdeel", "teststad"),
        ("thema", "add", "--naam", "testthema", "--synoniem", "proefje", "--dienst", "TESTDIENST"),
        ("contactpunt", "add", "--rol", "testrol", "--dienst", "Testdienst", "--gebied", "WK051899",
         "--thema", "testthema", "--niveau", "2"),
    ]
    for args in steps:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
    assert stored(db, "organisaties", "id", "bewonersvereniging-testwijk")["wijken"] == ["WK051899"]
    assert stored(db, "contactpunten", "id", "testwijk-testrol")["niveau"] == 2
    assert stored(db, "buurten", "code", "BU05189901")["wijk"] == "WK051899"
    assert stored(db, "diensten", "id", "TESTDIENST")["soort"] == "partner"


def test_duplicate_id_and_missing_code_are_rejected(cli, db):
    assert cli("organisatie", "add", "--id", "bewonersorganisatie-zeeheldenkwartier",
               "--naam", "X").exit_code == 1
    result = cli("wijk", "add", "--naam", "Zonder code", "--gemeente", "GM0518")
    assert result.exit_code == 1 and "'code'" in result.stderr


def test_json_output_of_an_edit(cli, db):
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--niveau", "2", "--json")
    doc = json.loads(result.stdout)
    assert doc["actie"] == "gewijzigd" and doc["voor"]["niveau"] == 1 and doc["na"]["niveau"] == 2


@settings(max_examples=150, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9._%+'-]{1,12}@[A-Za-z0-9.-]{1,12}\.(nl|com|test|NL|local|x)",
                     fullmatch=True))
def test_email_fast_path_agrees_with_email_validator(address):
    from email_validator import EmailNotValidError, SPECIAL_USE_DOMAIN_NAMES, validate_email

    from wijkwijzer.channels import _SPECIAL_USE, ChannelError, normalize_email

    assert set(SPECIAL_USE_DOMAIN_NAMES) == _SPECIAL_USE
    try:
        expected = validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        expected = None
    try:
        got = normalize_email(address)
    except ChannelError:
        got = None
    assert got == expected


def test_national_display_without_phonenumbers_matches_phonenumbers():
    import random

    import phonenumbers as pn

    from wijkwijzer.channels import _format_e164, format_phone

    rnd = random.Random(7)
    checked = 0
    while checked < 400:
        digits = str(rnd.randint(1, 9)) + "".join(rnd.choice("0123456789") for _ in range(rnd.randint(2, 10)))
        number = pn.PhoneNumber(country_code=31, national_number=int(digits))
        if not pn.is_valid_number(number):
            continue
        checked += 1
        _format_e164.cache_clear()
        assert format_phone(pn.format_number(number, pn.PhoneNumberFormat.E164)) == \
            pn.format_number(number, pn.PhoneNumberFormat.NATIONAL)


def test_niveau_is_1_2_or_3(cli, db):
    before = db.read_bytes()
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--niveau", "7")
    assert result.exit_code == 1 and "niveau" in result.stderr
    assert db.read_bytes() == before
    assert cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--niveau", "3").exit_code == 0


def test_missing_niveau_is_called_missing_and_status_case_is_forgiven(cli, db):
    result = cli("contactpunt", "add", "--rol", "x", "--dienst", "DSB", "--gebied", "centrum",
                 "--thema", "bomen", "--bron", "test")
    assert result.exit_code == 1
    assert "'niveau': is verplicht maar leeg" in result.stderr and "None" not in result.stderr
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--status", "Actief")
    assert result.exit_code == 0
    assert stored(db, "contactpunten", "id", "centrum-gebiedsregisseur-dsb")["status"] == "actief"


def test_reference_hints_show_names_as_written_and_end_with_a_question_mark(cli, db):
    result = cli("contactpunt", "add", "--rol", "x", "--dienst", "DSB", "--gebied", "schevening",
                 "--thema", "bomen", "--niveau", "1", "--bron", "test")
    assert result.exit_code == 1
    assert "bedoelde u 'Scheveningen'" in result.stderr
    assert result.stderr.rstrip().endswith("?")


def test_a_verification_date_cannot_lie_in_the_future(cli, db):
    before = db.read_bytes()
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dsb", "--geverifieerd-op", "2099-01-01")
    assert result.exit_code == 1 and "toekomst" in result.stderr
    assert db.read_bytes() == before
