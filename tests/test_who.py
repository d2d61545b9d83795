"""The main job: `wijkwijzer who PLACE [TOPIC]` on the bundled Den Haag data."""

from __future__ import annotations

import json

import pytest


def test_zeehelden_bomen_answers_dsb_gebiedsregisseur_centrum(cli_json):
    answer = cli_json("who", "Bewonersorganisatie Zeeheldenkwartier", "bomen")
    assert answer["stadsdeel"] == {"id": "centrum", "naam": "Centrum"}
    assert answer["thema"]["id"] == "openbare-ruimte"
    assert answer["thema"]["gevonden_via"] == "synoniem 'bomen'"
    first = answer["contactpunten"][0]
    assert first["niveau"] == 1
    assert first["id"] == "centrum-gebiedsregisseur-dsb"
    assert first["positie"] == "eerste aanspreekpunt"
    assert "bomen" in first["reden"] and "Centrum" in first["reden"]


def test_plain_output_when_piped(cli):
    result = cli("who", "zeehelden", "bomen")
    assert result.exit_code == 0
    assert "Eerste aanspreekpunt: gebiedsregisseur DSB" in result.stdout
    assert "tel. 14070" in result.stdout
    assert "\x1b[" not in result.stdout


def test_unknown_place_exits_1_with_one_sentence_on_stderr(cli):
    cli("stadsdelen")  # first use creates the database (and says so on stderr)
    result = cli("who", "xyzzyqq", "bomen")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Fout: Geen organisatie, wijk, buurt, stadsdeel of postcode")
    assert "Traceback" not in result.stderr


def test_unknown_topic_suggests(cli):
    result = cli("who", "zeehelden", "bomenn")
    assert result.exit_code == 0  # fuzzy: 'bomenn' is close enough to 'bomen'
    result = cli("who", "zeehelden", "qwrtzp")
    assert result.exit_code == 1
    assert "Geen thema gevonden voor 'qwrtzp'" in result.stderr


def test_json_is_one_document(cli):
    result = cli("who", "2531", "overlast", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["wijken"][0]["code"] == "WK051836"


def test_a_wijkagenda_page_is_not_the_first_contact_for_a_subsidy(cli_json):
    """QA: 'who centrum subsidie' led with the web page about Centrum's wijkagenda's;
    a page informs, the Subsidiebureau is who to ask. The page still answers 'wijkagenda'."""
    first = cli_json("who", "centrum", "subsidie")["contactpunten"][0]
    assert first["id"] == "gemeente-centraal-subsidiebureau"
    pages = [c["id"] for c in cli_json("who", "centrum", "wijkagenda")["contactpunten"]]
    assert "centrum-wijkagendas" in pages


def test_the_case_words_choose_between_meldingen_of_one_topic(cli_json):
    """QA: 'onveilige boom' offered the form for felling a tree; the words that
    describe the case ('onveilige') pick the melding that names them."""
    assert cli_json("who", "zeehelden", "onveilige", "boom")["melden"][0]["id"] == "gemeente-onveilige-boom"
    assert cli_json("who", "zeehelden", "boom", "kappen")["melden"][0]["id"] == "gemeente-kapvergunning"


@pytest.mark.parametrize("topic, thema", [("wmo", "welzijn"), ("wateroverlast", "openbare-ruimte"),
                                          ("fietswrak", "verkeer-en-parkeren")])
def test_words_residents_use_name_their_thema(cli_json, topic, thema):
    """QA: 'wmo' was 'Geen thema gevonden', 'wateroverlast' suggested overlast (the police)."""
    assert cli_json("who", "moerwijk", topic)["thema"]["id"] == thema


def test_an_abbreviation_finds_the_desk_that_names_it(cli_json):
    """'wmo' (three letters) fits a rol that says Wmo: the Wmo form to apply, and
    the Servicepunten XL ('vragen over zorg en Wmo') as the first contact."""
    doc = cli_json("who", "moerwijk", "wmo")
    assert doc["melden"][0]["id"] == "gemeente-wmo-aanvragen"
    assert doc["contactpunten"][0]["id"] == "servicepunt-xl"
