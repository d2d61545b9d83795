"""A home gemeente, and asking instead of guessing (issue #12, DESIGN.md rule 6).

The fixture is the bundled Den Haag data plus a second gemeente that also has
a "Zeeheldenkwartier" and a "Centrum", and a "Vestingkwartier" only it has.
The second gemeente is test data (bron says so), not a real place.
"""

from __future__ import annotations

import json

import pytest

from wijkwijzer.cli import fast as quick
from wijkwijzer.dataset import load_bundled
from wijkwijzer.store.atomic import dump
from wijkwijzer.store.document import new_document

OTHER = "GM9999"
BRON = "testfixture (geen echte gegevens)"


def two_gemeenten() -> dict:
    """The bundled snapshot plus gemeente GM9999 "Testgemeente" with wijken
    Zeeheldenkwartier, Centrum and Vestingkwartier and a gebiedsregisseur each."""
    snap = load_bundled()
    snap["gemeenten"] = [*snap["gemeenten"], {"id": OTHER, "naam": "Testgemeente", "cbs_naam": None,
                                              "status": "actief", "telefoon": None, "bron": BRON}]
    for i, naam in enumerate(("Zeeheldenkwartier", "Centrum", "Vestingkwartier"), start=1):
        wk = f"WK9999{i:02d}"
        snap["wijken"].append({"code": wk, "naam": naam, "cbs_naam": f"Wijk {i:02d} {naam}", "gemeente": OTHER,
                               "stadsdeel": None, "stadsdeel_bevestigd": None, "aliassen": [],
                               "status": "actief", "bron": BRON})
        snap["buurten"].append({"code": f"BU9999{i:02d}01", "naam": naam, "wijk": wk, "status": "actief",
                                "bron": BRON})
        snap["contactpunten"].append({
            "id": f"{wk.lower()}-gebiedsregisseur", "rol": f"gebiedsregisseur {naam} (test)", "dienst": "DSB",
            "gebied": [wk], "themas": ["openbare-ruimte"], "niveau": 1,
            "kanalen": {"web": "https://example.org/test"}, "persoon": None, "status": "actief",
            "bron": BRON})
    snap["contactpunten"].append({
        "id": "gm9999-algemeen", "rol": "algemeen nummer Testgemeente", "dienst": "DPZ", "gebied": [OTHER],
        "themas": ["*"], "niveau": 1, "kanalen": {"web": "https://example.org/algemeen"}, "persoon": None,
        "status": "actief", "bron": BRON})
    return snap


@pytest.fixture
def two(isolated_db):
    isolated_db.parent.mkdir(parents=True, exist_ok=True)
    isolated_db.write_bytes(dump(new_document(two_gemeenten())))
    return isolated_db


@pytest.fixture(params=["file", "index"])
def source(request, monkeypatch, two):
    """Every rule holds whether ``who`` reads the file or the derived index."""
    from wijkwijzer.lookup import index as cache

    monkeypatch.setattr(cache, "MIN_SIZE", 0 if request.param == "index" else 10**12)
    return request.param


def who(cli, *args):
    result = cli("who", *args, "--json")
    return result.exit_code, json.loads(result.stdout) if result.exit_code == 0 else None, result.stderr


def test_home_set_gives_the_home_answer(cli, source):
    for home in ("Den Haag", "GM0518", "den haag"):
        code, doc, _ = who(cli, "zeehelden", "bomen", "--gemeente", home)
        assert code == 0
        assert doc["organisatie"]["naam"] == "Bewonersorganisatie Zeeheldenkwartier"
        assert doc["gemeente"]["id"] == "GM0518"
        assert doc["thuisgemeente"] == {"id": "GM0518", "naam": "Den Haag"}
        assert doc["buiten_thuisgemeente"] is False
    code, doc, _ = who(cli, "centrum", "afval", "--gemeente", "Testgemeente")
    assert code == 0 and doc["wijken"] == [{"code": "WK999902", "naam": "Centrum"}]
    assert doc["contactpunten"][0]["rol"] == "gebiedsregisseur Centrum (test)"


def test_place_only_elsewhere_is_answered_and_says_which_gemeente(cli, source):
    code, doc, _ = who(cli, "vestingkwartier", "bomen", "--gemeente", "Den Haag")
    assert code == 0
    assert doc["gemeente"] == {"id": OTHER, "naam": "Testgemeente"}
    assert doc["buiten_thuisgemeente"] is True
    assert "niet in uw gemeente Den Haag" in doc["opmerkingen"][0]
    assert "Testgemeente (GM9999)" in doc["opmerkingen"][0]
    screen = cli("who", "vestingkwartier", "bomen", "--gemeente", "Den Haag")
    assert screen.exit_code == 0 and "niet in uw gemeente Den Haag" in screen.stdout


@pytest.mark.parametrize("words", [("zeehelden", "bomen"), ("centrum", "afval"), ("Zeeheldenkwartier",)])
def test_no_home_and_ambiguous_asks_with_names_and_codes(cli, source, words):
    code, _doc, err = who(cli, *words)
    assert code == 1
    assert "2 gemeenten" in err
    assert "Den Haag (GM0518)" in err and "Testgemeente (GM9999)" in err
    assert "--gemeente" in err and "instellingen gemeente" in err
    assert "Traceback" not in err


def test_no_home_and_one_gemeente_is_not_asked(cli, source):
    code, doc, _ = who(cli, "vestingkwartier", "bomen")
    assert code == 0 and doc["gemeente"]["id"] == OTHER and doc["buiten_thuisgemeente"] is False
    code, doc, _ = who(cli, "2531", "bomen")  # a postcode knows its gemeente
    assert code == 0 and doc["gemeente"]["id"] == "GM0518"
    code, doc, _ = who(cli, "WK999902", "afval")  # so does a code
    assert code == 0 and doc["wijken"][0]["naam"] == "Centrum" and doc["gemeente"]["id"] == OTHER


def test_option_beats_environment_beats_setting(cli, source, monkeypatch):
    assert cli("instellingen", "gemeente", "Testgemeente").exit_code == 0
    assert who(cli, "centrum", "afval")[1]["gemeente"]["id"] == OTHER
    monkeypatch.setenv("WIJKWIJZER_GEMEENTE", "Den Haag")
    assert who(cli, "centrum", "afval")[1]["gemeente"]["id"] == "GM0518"
    assert who(cli, "centrum", "afval", "--gemeente", "GM9999")[1]["gemeente"]["id"] == OTHER
    monkeypatch.delenv("WIJKWIJZER_GEMEENTE")
    assert cli("instellingen", "gemeente", "--wis").exit_code == 0
    assert who(cli, "centrum", "afval")[0] == 1


@pytest.mark.parametrize("where", ["option", "env", "setting"])
def test_unknown_gemeente_is_one_sentence(cli, two, monkeypatch, tmp_path, where):
    args = ["--gemeente", "Atlantis"] if where == "option" else []
    if where == "env":
        monkeypatch.setenv("WIJKWIJZER_GEMEENTE", "Atlantis")
    if where == "setting":
        path = tmp_path / "config" / "instellingen.json"
        path.parent.mkdir()
        path.write_text('{"gemeente": "Atlantis"}', encoding="utf-8")
    code, _doc, err = who(cli, "zeehelden", "bomen", *args)
    assert code == 1
    assert err.startswith("Fout: Geen gemeente 'Atlantis' in de database")
    assert err.count("\n") <= 2  # the sentence and at most a "bedoelde u"


def test_setting_is_checked_and_stored_as_code(cli, two, tmp_path):
    path = tmp_path / "config" / "instellingen.json"
    bad = cli("instellingen", "gemeente", "Atlantis")
    assert bad.exit_code == 1 and not path.exists()
    ok = cli("instellingen", "gemeente", "testgemeente")
    assert ok.exit_code == 0 and "Testgemeente (GM9999)" in ok.stdout
    assert json.loads(path.read_text(encoding="utf-8")) == {"gemeente": OTHER}
    shown = cli("instellingen", "--json")
    assert json.loads(shown.stdout)["gemeente"] == {"id": OTHER, "naam": "Testgemeente"}
    assert cli("instellingen", "gemeente").exit_code == 1  # no value, no --wis
    assert cli("instellingen", "gemeente", "--wis").exit_code == 0
    assert json.loads(path.read_text(encoding="utf-8")) == {}
    assert "Geen gemeente ingesteld" in cli("instellingen").stdout


def test_damaged_settings_file_is_one_sentence(cli, two, tmp_path):
    path = tmp_path / "config" / "instellingen.json"
    path.parent.mkdir()
    path.write_text("[1, 2", encoding="utf-8")
    code, _doc, err = who(cli, "zeehelden", "bomen")
    assert code == 1 and "instellingenbestand" in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == "[1, 2"


def test_bundled_data_answers_as_before_with_or_without_home(cli):
    plain = cli("who", "centrum", "afval", "--json")
    home = cli("who", "centrum", "afval", "--json", "--gemeente", "Den Haag")
    a, b = json.loads(plain.stdout), json.loads(home.stdout)
    assert a["thuisgemeente"] is None and b["thuisgemeente"]["id"] == "GM0518"
    assert {**a, "thuisgemeente": None} == {**b, "thuisgemeente": None}


@pytest.mark.parametrize("args", [
    ["who", "zeehelden", "bomen", "--gemeente", "Den Haag"],
    ["who", "--gemeente=GM9999", "centrum", "afval", "--json"],
    ["who", "centrum", "afval"],
    ["who", "vestingkwartier", "bomen", "--gemeente", "Den Haag"],
    ["who", "zeehelden", "--gemeente", "Atlantis"],
])
def test_fast_path_equals_typer_path(cli, two, args):
    import io

    from wijkwijzer.cli.answer import answer
    from wijkwijzer.env import Env

    parsed = quick.parse_who(args)
    assert parsed is not None
    out, err = io.StringIO(), io.StringIO()
    code = answer(*parsed, env=Env(stdout=out, stderr=err, is_tty=False))
    typer_result = cli(*args)
    assert (code, out.getvalue(), err.getvalue()) == (typer_result.exit_code, typer_result.stdout,
                                                       typer_result.stderr)


def test_gemeenten_list(cli_json, two):
    assert [g["id"] for g in cli_json("gemeenten")] == ["GM0518", OTHER]


def test_lists_search_contactpunten_and_kaart_know_the_home_gemeente(cli, cli_json, two, monkeypatch):
    assert [w["code"] for w in cli_json("wijken", "--gemeente", "Testgemeente")] == ["WK999901", "WK999902",
                                                                                      "WK999903"]
    assert cli_json("stadsdelen", "--gemeente", "Testgemeente") == []
    assert {c["id"] for c in cli_json("contactpunten", "--gemeente", OTHER)} == {
        "wk999901-gebiedsregisseur", "wk999902-gebiedsregisseur", "wk999903-gebiedsregisseur", "gm9999-algemeen"}
    assert len(cli_json("wijken")) == 47  # no home gemeente: everything
    monkeypatch.setenv("WIJKWIJZER_GEMEENTE", "Den Haag")
    assert len(cli_json("wijken")) == 44
    assert "9999" not in cli_json("search", "centrum")[0]["id"]  # Den Haag's first
    assert cli_json("search", "centrum", "--gemeente", OTHER)[0]["id"] in ("WK999902", "BU99990201")
    kaart = cli_json("kaart", "centrum", "--gemeente", OTHER)
    assert kaart["gevonden"]["id"] == "WK999902" and kaart["gemeente"]["id"] == OTHER
    monkeypatch.delenv("WIJKWIJZER_GEMEENTE")
    asked = cli("kaart", "centrum")
    assert asked.exit_code == 1 and "Testgemeente (GM9999)" in asked.stderr
    assert cli("wijken", "--gemeente", "Atlantis").exit_code == 1


def test_place_elsewhere_in_two_other_gemeenten_is_asked_too(cli, isolated_db):
    """Home Den Haag, "Vestingkwartier" only in two other gemeenten: no guess between those."""
    snap = two_gemeenten()
    snap["gemeenten"].append({"id": "GM9998", "naam": "GM9998", "status": "actief", "bron": BRON})
    snap["wijken"].append({"code": "WK999801", "naam": "Vestingkwartier", "gemeente": "GM9998",
                           "stadsdeel": None, "aliassen": [], "status": "actief", "bron": BRON})
    isolated_db.parent.mkdir(parents=True, exist_ok=True)
    isolated_db.write_bytes(dump(new_document(snap)))
    code, _doc, err = who(cli, "vestingkwartier", "bomen", "--gemeente", "Den Haag")
    assert code == 1 and "2 gemeenten" in err
    assert "Testgemeente (GM9999)" in err and "in gemeente GM9998\n" in err  # a code without a name: once
    kaart = cli("kaart", "vestingkwartier", "--gemeente", "GM9998", "--json")
    assert kaart.exit_code == 0 and json.loads(kaart.stdout)["gevonden"]["id"] == "WK999801"


def test_of_two_places_in_one_question_the_one_at_home_is_answered(cli, source):
    """QA: extra words could hold a name found elsewhere in the country, and that
    match won over a place at home typed exactly ('a match elsewhere only when
    nothing at home fits')."""
    code, doc, _ = who(cli, "vestingkwartier", "bomen", "laak", "--gemeente", "GM0518")
    assert code == 0 and doc["gevonden"]["id"] == "laak" and doc["buiten_thuisgemeente"] is False
    code, doc, _ = who(cli, "vestingkwartier", "bomen", "--gemeente", "GM0518")  # only elsewhere: still found
    assert code == 0 and doc["buiten_thuisgemeente"] is True


def test_setting_an_unknown_gemeente_does_not_speak_of_an_option_not_used(cli):
    """QA: 'instellingen gemeente Rotterdam' said '(gegeven met --gemeente)'."""
    result = cli("instellingen", "gemeente", "Rotterdam")
    assert result.exit_code == 1
    assert "Geen gemeente 'Rotterdam' in de database;" in result.stderr and "--gemeente" not in result.stderr
