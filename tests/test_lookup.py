"""Every precedence rule of DESIGN.md "The main job", on the real data and on
small hand-made directories where a rule needs a contact the real data lacks."""

from __future__ import annotations

import copy

import pytest

from wijkwijzer.dataset import load_bundled
from wijkwijzer.errors import NotFound
from wijkwijzer.lookup.directory import Directory, who


@pytest.fixture(scope="module")
def real():
    return Directory(load_bundled())


def _cp(cid, *, gebied, themas, niveau=1, status="actief", dienst="DSB"):
    return {"id": cid, "rol": cid, "dienst": dienst, "gebied": gebied, "themas": themas,
            "niveau": niveau, "kanalen": {}, "status": status, "bron": "test"}


@pytest.fixture
def crafted():
    """The real areas and themas, with contactpunten made for one rule at a time."""
    data = copy.deepcopy(load_bundled())
    data["contactpunten"] = [
        _cp("gemeente-alles", gebied=["GM0518"], themas=["*"]),
        _cp("centrum-alles", gebied=["centrum"], themas=["*"]),
        _cp("centrum-alles-n2", gebied=["centrum"], themas=["*"], niveau=2),
        _cp("gemeente-groen", gebied=["GM0518"], themas=["openbare-ruimte"]),
        _cp("centrum-groen-n2", gebied=["centrum"], themas=["openbare-ruimte"], niveau=2),
        _cp("centrum-groen", gebied=["centrum"], themas=["openbare-ruimte"]),
        _cp("wijk22-groen", gebied=["WK051822"], themas=["openbare-ruimte"]),
        _cp("wijk22-groen-weg", gebied=["WK051822"], themas=["openbare-ruimte"], status="inactief"),
        _cp("escamp-groen", gebied=["escamp"], themas=["openbare-ruimte"]),
    ]
    return Directory(data)


def ids(answer):
    return [c["id"] for c in answer["contactpunten"]]


# -- rule 1: PLACE --------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["zeehelden", "Zeeheldenkwartier",
                                   "Bewonersorganisatie Zeeheldenkwartier",
                                   "bewonersorganisatie zeeheldenkwartier", "ZEEHELDN"])
def test_spellings_of_one_organisation_find_it(real, query):
    m = real.resolve_place(query)
    assert (m.soort, m.id) == ("organisatie", "bewonersorganisatie-zeeheldenkwartier")
    assert m.wijken == ["WK051822"] and m.stadsdeel == "centrum"


def test_all_25_organisations_resolve_to_their_stadsdeel_by_full_name(real):
    orgs = load_bundled()["organisaties"]
    assert len(orgs) == 25
    for org in orgs:
        m = real.resolve_place(org["naam"])
        assert (m.soort, m.id) == ("organisatie", org["id"])
        assert m.stadsdeel == org["stadsdeel"]


@pytest.mark.parametrize("query,stadsdeel", [
    ("kortenbos", "centrum"), ("kortebos", "centrum"), ("bloemenbuurt hyacint", "segbroek"),
    ("archipel", "centrum"), ("paraplu", "centrum"), ("buurtstation", "centrum"),
    ("hofkwartier", "centrum"), ("oude centrum", "centrum"), ("bouwlust vrederust", "escamp"),
    ("bezuidenhout", "haagse-hout"), ("marlot", "haagse-hout"), ("binckhorst", "laak"),
    ("leidschenveen", "leidschenveen-ypenburg"), ("ypenburg", "leidschenveen-ypenburg"),
    ("kraayenstein", "loosduinen"), ("vroondaal", "loosduinen"), ("commissie loosduinen", "loosduinen"),
    ("nieuw waldeck", "loosduinen"), ("havenkwartier", "scheveningen"),
    ("statenkwartier", "scheveningen"), ("duinoord", "scheveningen"),
    ("scheveningen-dorp", "scheveningen"), ("duttendel wittebrug", "scheveningen"),
    ("van stolkpark", "scheveningen"), ("zorgvliet", "scheveningen"),
])
def test_partial_and_misspelt_organisation_names_reach_the_stadsdeel(real, query, stadsdeel):
    assert real.resolve_place(query).stadsdeel == stadsdeel


def test_exact_match_wins_and_the_rest_is_reported(real):
    m = real.resolve_place("Loosduinen")
    assert (m.soort, m.id) == ("stadsdeel", "loosduinen")
    also = {(o["soort"], o["naam"]) for o in m.ook}
    assert ("organisatie", "Commissie Loosduinen") in also
    assert ("wijk", "Loosduinen") in also


def test_accents_and_case_do_not_matter(real):
    assert real.resolve_place("ZÉÉHÉLDENKWARTIER").wijken == ["WK051822"]


def test_wijk_and_buurt_codes_resolve_directly(real):
    assert real.resolve_place("wk051836").wijken == ["WK051836"]
    m = real.resolve_place("BU05182811")
    assert (m.soort, m.wijken, m.stadsdeel) == ("buurt", ["WK051828"], "centrum")


def test_local_name_of_a_wijk_resolves(real):
    m = real.resolve_place("Schilderswijk")
    assert (m.soort, m.id, m.stadsdeel) == ("wijk", "WK051829", "centrum")


def test_organisation_without_wijk_resolves_to_its_stadsdeel_only(real):
    m = real.resolve_place("Bewonersorganisatie de Paraplu")
    assert m.wijken == [] and m.stadsdeel == "centrum"


@pytest.mark.parametrize("query", ["2531", "2531 AB", "2531ab", " 2531  ab "])
def test_postcode_forms(real, query):
    m = real.resolve_place(query)
    assert (m.soort, m.wijken, m.stadsdeel) == ("postcode", ["WK051836"], "escamp")


def test_postcode_spanning_wijken_answers_for_the_largest_and_says_so(real):
    m = real.resolve_place("2544")
    assert m.wijken == ["WK051833"]
    assert any("ook in" in n and "Loosduinen" in n for n in m.notes)


def test_postcode_outside_den_haag_is_never_guessed(real):
    with pytest.raises(NotFound, match="3511 ligt in gemeente GM0344"):
        real.resolve_place("3511 BT")
    with pytest.raises(NotFound, match="niet in Den Haag"):
        real.resolve_place("1012")


def test_unconfirmed_stadsdeel_is_said(real):
    m = real.resolve_place("Groente- en Fruitmarkt")
    assert m.stadsdeel == "centrum"
    assert any("nog niet bevestigd door de gemeente" in n for n in m.notes)


def test_misspelt_place_is_found_fuzzily(real):
    assert real.resolve_place("Waldekk").wijken == ["WK051818"]


def test_no_place_raises_not_found(real):
    with pytest.raises(NotFound, match="Geen organisatie, wijk, buurt, stadsdeel of postcode gevonden voor 'qqqqzz'"):
        real.resolve_place("qqqqzz")


# -- rule 2: TOPIC --------------------------------------------------------------------------

@pytest.mark.parametrize("query,thema,via", [
    ("openbare-ruimte", "openbare-ruimte", "id"),
    ("Welzijn en Sociale Eenzaamheid", "welzijn", "naam"),
    ("bomen", "openbare-ruimte", "synoniem 'bomen'"),
    ("Grofvuil", "openbare-ruimte", "synoniem 'grofvuil'"),
    ("subsidie", "participatie", "synoniem 'subsidie'"),
    ("overlast", "veiligheid-en-overlast", "synoniem 'overlast'"),
    ("boomen", "openbare-ruimte", "lijkt op 'bomen'"),
])
def test_topic_resolution_order(real, query, thema, via):
    m = real.resolve_thema(query)
    assert (m.thema["id"], m.via) == (thema, via)


def test_unknown_topic_raises_with_suggestions(real):
    with pytest.raises(NotFound, match="Geen thema gevonden voor 'xq parkeer'") as exc:
        real.resolve_thema("xq parkeer")
    assert "parkeren" in exc.value.suggestions


# -- rules 3 and 4: candidates and order ------------------------------------------------------

def test_order_specific_by_niveau_then_area_general_by_area(crafted):
    answer = who(crafted, "zeehelden", "bomen")
    assert ids(answer) == [
        "wijk22-groen",        # specific, niveau 1, wijk
        "centrum-groen",       # specific, niveau 1, stadsdeel
        "gemeente-groen",      # specific, niveau 1, gemeente
        "centrum-groen-n2",    # specific, niveau 2
        "centrum-alles",       # general, stadsdeel, niveau 1
        "centrum-alles-n2",    # general, stadsdeel, niveau 2
        "gemeente-alles",      # general, gemeente
    ]
    positions = [c["positie"] for c in answer["contactpunten"]]
    assert positions[:4] == ["eerste aanspreekpunt", "ook voor dit thema", "ook voor dit thema",
                             "escalatie"]
    assert positions[4:] == ["algemeen terugvalpunt", "escalatie", "algemeen terugvalpunt"]


def test_a_niveau_2_contact_of_the_wijk_never_comes_first(crafted):
    """QA: with area before niveau, a wijk's escalation contact became the first contact."""
    crafted.data["contactpunten"].append(
        _cp("wijk22-groen-n2", gebied=["WK051822"], themas=["openbare-ruimte"], niveau=2))
    crafted.data["contactpunten"] = [c for c in crafted.data["contactpunten"] if c["id"] != "wijk22-groen"]
    order = ids(who(crafted, "zeehelden", "bomen"))
    assert order[:3] == ["centrum-groen", "gemeente-groen", "wijk22-groen-n2"]


def test_inactive_and_other_areas_are_never_answered(crafted):
    answer = who(crafted, "zeehelden", "bomen")
    assert "wijk22-groen-weg" not in ids(answer)
    assert "escamp-groen" not in ids(answer)


def test_without_topic_only_general_contacts(crafted):
    assert ids(who(crafted, "zeehelden")) == ["centrum-alles", "centrum-alles-n2", "gemeente-alles"]


def test_each_row_says_why(crafted):
    first = who(crafted, "zeehelden", "bomen")["contactpunten"][0]
    assert first["reden"].startswith("wijk22-groen (Dienst Stadsbeheer) voor wijk Zeeheldenkwartier")
    assert "synoniem 'bomen'" in first["reden"]


def test_real_data_chain_ends_with_the_city_number(real):
    answer = who(real, "Bewonersvereniging Hofkwartier", "grofvuil")
    assert answer["contactpunten"][0]["id"] == "centrum-gebiedsregisseur-dsb"
    chain = [c for c in answer["contactpunten"] if c["soort"] == "aanspreekpunt"]
    assert chain[-1]["kanalen"]["telefoon"] == "14070"  # the meldingen follow the chain
    assert answer["volgende_stap"]


def test_policing_topic_reaches_the_police_general_number(real):
    answer = who(real, "2542", "overlast")
    assert answer["contactpunten"][0]["id"] == "politie-algemeen"
    assert answer["stadsdeel"]["id"] == "escamp"


def test_fuzzy_needs_every_typed_word(real):
    """A postcode plus a topic word once fuzzily matched 'Bomen- en Bloemenbuurt'."""
    with pytest.raises(NotFound):
        real.resolve_place("2511 BT bomen")


@pytest.mark.parametrize("query,soort,naam", [
    ("scheveningn", "stadsdeel", "Scheveningen"),
    ("Loosduinn", "stadsdeel", "Loosduinen"),
    ("Moerwijkk Noordd", "buurt", "Moerwijk-Noord"),
    ("archipl willemsprk", "organisatie", "Bewonersorganisatie Archipel-Willemspark"),
])
def test_fuzzy_prefers_the_closest_whole_name(real, query, soort, naam):
    m = real.resolve_place(query)
    assert (m.soort, m.naam) == (soort, naam)


def test_first_contact_is_niveau_1_whenever_there_is_one(crafted):
    """QA: a wijk's thema-specific niveau-2 contact came before every niveau-1 one."""
    crafted.data["contactpunten"] = [
        _cp("wijk22-groen-n2", gebied=["WK051822"], themas=["openbare-ruimte"], niveau=2),
        _cp("centrum-alles", gebied=["centrum"], themas=["*"]),
        _cp("centrum-alles-n2", gebied=["centrum"], themas=["*"], niveau=2),
    ]
    answer = who(crafted, "zeehelden", "bomen")
    assert ids(answer) == ["centrum-alles", "wijk22-groen-n2", "centrum-alles-n2"]
    assert [c["positie"] for c in answer["contactpunten"]] == [
        "eerste aanspreekpunt", "escalatie", "escalatie"]
