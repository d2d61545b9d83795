"""`wijkwijzer check`: what is wrong or missing, with counts; exit 1 when anything is."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from wijkwijzer.staff.check import CATEGORIES, months_before
from wijkwijzer.dataset import load_bundled
from wijkwijzer.store.atomic import dump
from wijkwijzer.store.document import new_document

TODAY = dt.date.today()
RECENT = (TODAY - dt.timedelta(days=30)).isoformat()


def check_json(cli, *args) -> tuple[int, dict]:
    result = cli("check", "--json", *args)
    assert "Traceback" not in result.stderr
    return result.exit_code, json.loads(result.stdout)


def counts(report: dict) -> dict[str, int]:
    return {s["categorie"]: s["aantal"] for s in report["samenvatting"]}


def small_world() -> dict:
    """A tiny, fully correct directory: one gemeente, stadsdeel, wijk, thema and
    a verified contactpunt with a channel for that thema."""
    return {
        "gemeenten": [{"id": "GM0518", "naam": "Den Haag", "status": "actief", "telefoon": "14070"}],
        "stadsdelen": [{"id": "centrum", "naam": "Centrum", "gemeente": "GM0518", "status": "actief"}],
        "wijken": [{"code": "WK051822", "naam": "Zeeheldenkwartier", "stadsdeel": "centrum",
                    "stadsdeel_bevestigd": True, "gemeente": "GM0518", "status": "actief"}],
        "buurten": [{"code": "BU05182201", "naam": "Buurt", "wijk": "WK051822", "status": "actief"}],
        "postcodes": [],
        "organisaties": [{"id": "bo-zeehelden", "naam": "Bewonersorganisatie Zeeheldenkwartier",
                          "stadsdeel": "centrum", "wijken": ["WK051822"], "status": "actief"}],
        "diensten": [{"id": "DSB", "naam": "Dienst Stadsbeheer", "soort": "gemeente", "status": "actief"}],
        "themas": [{"id": "openbare-ruimte", "naam": "openbare ruimte", "diensten": ["DSB"],
                    "status": "actief"}],
        "contactpunten": [cp("centrum-dsb", gebied=["centrum"])],
    }


def cp(cid: str, **fields) -> dict:
    record = {"id": cid, "rol": "gebiedsregisseur DSB", "dienst": "DSB", "gebied": ["centrum"],
              "themas": ["openbare-ruimte"], "niveau": 1, "status": "actief",
              "kanalen": {"email": "test@example.org", "telefoon": "070 123 4567", "adres": None,
                          "web": None, "openingstijden": None},
              "persoon": None, "geverifieerd_op": RECENT}
    record.update(fields)
    return record


@pytest.fixture
def world(isolated_db):
    """Write a custom directory to the test database; returns a function."""

    def write(data: dict):
        isolated_db.parent.mkdir(parents=True, exist_ok=True)
        isolated_db.write_bytes(dump(new_document(data)))
        return isolated_db

    return write


def test_default_data_has_the_known_gaps_and_exits_1(cli):
    code, report = check_json(cli)
    assert code == 1
    c = counts(report)
    assert list(c) == list(CATEGORIES)
    assert report["problemen"] == sum(c.values())
    for cat, items in report["categorieen"].items():
        assert c[cat] == len(items), cat
    assert c["verwijzingen"] == 0 and c["dubbelen"] == 0 and c["ongeldige_kanalen"] == 0
    # WK051837's stadsdeel is unconfirmed (no source names it)
    assert [w["wijk"] for w in report["categorieen"]["stadsdeel_onbevestigd"]] == ["WK051837"]
    # no channel known for the gebiedsregisseurs; 14070 and the police have one
    no_channel = {i["id"] for i in report["categorieen"]["kanalen"]}
    assert "centrum-gebiedsregisseur-dsb" in no_channel
    assert "gemeente-14070" not in no_channel and "politie-algemeen" not in no_channel
    # coverage: the DSB gebiedsregisseur covers openbare ruimte in every wijk of Centrum;
    # no thema-specific niveau-1 aanspreekpunt answers for bestuur anywhere
    gaps = {(g["wijk"], g["thema"]) for g in report["categorieen"]["dekking"]}
    assert ("WK051822", "openbare-ruimte") not in gaps
    assert ("WK051822", "veiligheid-en-overlast") not in gaps  # police, gemeente-wide
    assert ("WK051822", "bestuur") in gaps  # only a melding (bezwaar) answers for bestuur
    wijken = load_bundled()["wijken"]
    assert {w for w, t in gaps if t == "bestuur"} == {w["code"] for w in wijken}
    assert c["dekking"] == len(gaps) > 0
    # nothing has been verified yet
    assert c["verificatie"] == len(load_bundled()["contactpunten"])


def test_plain_report_has_summary_then_details(cli):
    result = cli("check")
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith("## Samenvatting\ncategorie\taantal\n")
    assert "Wijken met een onbevestigd stadsdeel\t1\n" in out
    assert "## Wijken met een onbevestigd stadsdeel (1)" in out
    assert "WK051837\tGroente- en Fruitmarkt\tcentrum" in out
    assert "bestuur\t44\tOostduinen (WK051801), " in out  # gaps grouped per thema
    assert "problemen gevonden" in result.stderr
    assert "\x1b" not in out


def test_terminal_report_is_a_rich_table(cli, monkeypatch):
    from wijkwijzer.env import Env

    monkeypatch.setattr(Env, "__post_init__", lambda self: setattr(self, "is_tty", True))
    result = cli("check", "--limit", "2")
    assert result.exit_code == 1
    # kanalen: 29 bundled contactpunten without a channel since #11 (dekking is grouped per thema)
    assert "Samenvatting" in result.stdout and "(2 van 29;" in result.stdout


def _terminal(cli, *args):
    import io

    from wijkwijzer.env import Env

    out = io.StringIO()
    result = cli("check", *args, env=Env(stdout=out, stderr=io.StringIO(), is_tty=True, no_color=True))
    return result.exit_code, out.getvalue()


def test_terminal_report_fits_a_screen_or_two_and_alles_shows_everything(cli, monkeypatch):
    """#10: `check` on a terminal was 370 lines at 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")
    code, short = _terminal(cli)
    assert code == 1
    assert len(short.splitlines()) <= 48, short
    assert "(3 van 29;" in short and "--alles" in short
    assert "aantal" in short  # the count column keeps its header
    assert all(len(line) <= 80 for line in short.splitlines())
    code, full = _terminal(cli, "--alles")
    assert code == 1 and "--alles toont alles" not in full
    assert "Leidschenveen (WK051844)" in full and len(full.splitlines()) > 200
    # #11's channels close the gaps of 11 themas: bestuur and onderwijs-cultuur-sport x 44 wijken remain
    assert len(json.loads(cli("check", "--json").stdout)["categorieen"]["dekking"]) == 88


def test_clean_directory_exits_0(cli, world):
    world(small_world())
    code, report = check_json(cli)
    assert report["problemen"] == 0, report["categorieen"]
    assert code == 0
    result = cli("check")
    assert result.exit_code == 0 and "Geen problemen gevonden." in result.stderr


def test_dangling_references_are_named(cli, world):
    data = small_world()
    data["contactpunten"].append(cp("kapot", dienst="NOPE", gebied=["WK999999", "centrum"],
                                    themas=["fietsen", "*"]))
    data["buurten"].append({"code": "BU05189901", "naam": "Los", "wijk": "WK051899"})
    world(data)
    code, report = check_json(cli)
    assert code == 1
    found = {(i["soort"], i["id"], i["veld"], i["waarde"]) for i in report["categorieen"]["verwijzingen"]}
    assert found == {("contactpunt", "kapot", "dienst", "NOPE"),
                     ("contactpunt", "kapot", "gebied", "WK999999"),
                     ("contactpunt", "kapot", "themas", "fietsen"),
                     ("buurt", "BU05189901", "wijk", "WK051899")}


@pytest.mark.parametrize("change, gap", [
    ({}, False),
    ({"gebied": ["WK051822"]}, False),           # via the wijk itself
    ({"gebied": ["GM0518"]}, False),             # via the gemeente
    ({"themas": ["*"]}, True),                   # general fallback does not close a gap
    ({"niveau": 2}, True),                       # escalation only
    ({"status": "inactief"}, True),              # never answered
    ({"status": "onbevestigd"}, False),          # answered by who; listed under verificatie
    ({"gebied": ["escamp"]}, True),              # another stadsdeel
])
def test_coverage_gap_rules(cli, world, change, gap):
    data = small_world()
    data["stadsdelen"].append({"id": "escamp", "naam": "Escamp", "gemeente": "GM0518"})
    data["contactpunten"] = [cp("centrum-dsb", **change)]
    world(data)
    _code, report = check_json(cli)
    gaps = report["categorieen"]["dekking"]
    assert bool(gaps) is gap
    if gap:
        assert gaps == [{"wijk": "WK051822", "wijk_naam": "Zeeheldenkwartier", "stadsdeel": "centrum",
                         "thema": "openbare-ruimte"}]


def test_missing_and_invalid_channels(cli, world):
    data = small_world()
    empty = {"email": None, "telefoon": None, "adres": None, "web": None, "openingstijden": None}
    data["contactpunten"] += [
        cp("stil", kanalen=empty),
        cp("persoonlijk", kanalen=empty, persoon={"naam": "Test", "telefoon": "070 123 4567", "email": None}),
        cp("fout", kanalen={**empty, "email": "jan@@example.org", "telefoon": "112"}),
    ]
    world(data)
    _code, report = check_json(cli)
    assert [i["id"] for i in report["categorieen"]["kanalen"]] == ["stil"]
    bad = {(i["id"], i["veld"], i["waarde"]) for i in report["categorieen"]["ongeldige_kanalen"]}
    assert bad == {("fout", "email", "jan@@example.org"), ("fout", "telefoon", "112")}


NUMBERS = ["14070", "14 070", "0900-8844", "070 123 4567", "+31701234567", "0031701234567",
           "06 1234 5678", "+31 6 1234 5678", "(070) 123 4567", "+32 2 123 45 67",
           "112", "12345", "0612345", "+310701234567", "070 123 456 78", "0800 12", "bel mij"]


def test_check_flags_exactly_the_phone_numbers_an_edit_would_reject(cli, world):
    from wijkwijzer.channels import ChannelError, normalize_phone

    def rejected(number: str) -> bool:
        try:
            normalize_phone(number)
        except ChannelError:
            return True
        return False

    data = small_world()
    for i, number in enumerate(NUMBERS):
        data["contactpunten"].append(cp(f"nr-{i}", kanalen={"telefoon": number}))
    world(data)
    _code, report = check_json(cli)
    flagged = {i["waarde"] for i in report["categorieen"]["ongeldige_kanalen"]}
    assert flagged == {n for n in NUMBERS if rejected(n)}
    assert {"112", "12345", "bel mij"} <= flagged and "14070" not in flagged


def test_verification_age(cli, world):
    data = small_world()
    old = months_before(TODAY, 13).isoformat()
    data["contactpunten"] += [cp("oud", geverifieerd_op=old), cp("nooit", geverifieerd_op=None),
                              cp("onzin", geverifieerd_op="gisteren")]
    data["organisaties"][0]["geverifieerd_op"] = old  # other kinds: only when they carry the field
    world(data)
    _code, report = check_json(cli)
    stale = {i["id"]: i["reden"] for i in report["categorieen"]["verificatie"]}
    assert stale == {"oud": f"laatst geverifieerd op {old}", "nooit": "nooit geverifieerd",
                     "onzin": "geen geldige datum: 'gisteren'", "bo-zeehelden": f"laatst geverifieerd op {old}"}
    _code, report = check_json(cli, "--max-age-months", "24")
    assert {i["id"] for i in report["categorieen"]["verificatie"]} == {"nooit", "onzin"}
    assert report["max_age_months"] == 24


def test_likely_duplicates_but_not_names_told_apart_on_purpose(cli, world):
    data = small_world()
    data["organisaties"] += [
        {"id": "bo-zeehelden-2", "naam": "Bewonersorganisatie Zeeheldekwartier", "wijken": ["WK051822"]},
        {"id": "bo-zeehelden-ii", "naam": "Bewonersorganisatie Zeeheldenkwartier II", "wijken": ["WK051822"]},
        {"id": "bo-elders", "naam": "Bewonersorganisatie Zeeheldekwartier", "wijken": ["WK051801"]},
    ]
    data["wijken"].append({"code": "WK051801", "naam": "Oostduinen", "stadsdeel": "centrum",
                           "gemeente": "GM0518"})
    data["contactpunten"] += [cp("dubbel", rol="Gebiedsregisseur  DSB"), cp("centrum-dsb")]
    world(data)
    _code, report = check_json(cli)
    dups = {(i["soort"], i["id"], i["lijkt_op"]) for i in report["categorieen"]["dubbelen"]}
    assert ("organisatie", "bo-zeehelden-2", "bo-zeehelden") in dups
    assert ("contactpunt", "centrum-dsb", "centrum-dsb") in dups  # the same id twice
    assert any(d[0] == "contactpunt" and {d[1], d[2]} == {"dubbel", "centrum-dsb"} for d in dups)
    assert not any("bo-zeehelden-ii" in d or "bo-elders" in d for d in dups)


def test_inactive_records_still_in_use(cli, world):
    data = small_world()
    data["diensten"].append({"id": "OUD", "naam": "Opgeheven dienst", "status": "inactief"})
    data["contactpunten"].append(cp("erfenis", dienst="OUD"))
    data["contactpunten"].append(cp("ook-oud", dienst="OUD", status="inactief"))  # inactive: fine
    world(data)
    _code, report = check_json(cli)
    assert report["categorieen"]["inactief_gebruikt"] == [
        {"soort": "dienst", "id": "OUD", "gebruikt_door": ["contactpunt erfenis"]}]
    assert report["categorieen"]["verwijzingen"] == []


def test_unconfirmed_stadsdeel(cli, world):
    data = small_world()
    data["wijken"][0]["stadsdeel_bevestigd"] = False
    world(data)
    code, report = check_json(cli)
    assert code == 1
    assert report["categorieen"]["stadsdeel_onbevestigd"][0]["wijk"] == "WK051822"


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 12) == dt.date(2025, 1, 15)


def test_check_and_remove_know_the_same_references():
    """The references are declared twice - check's per referring field, records'
    per target kind (what remove must protect). QA found a vraag's 'aan' in
    neither; this holds the two tables equal, so one cannot be extended alone."""
    from wijkwijzer.staff import check, records

    by_check = {(kind, fld, target) for kind, fld, targets in check.REFERENCES for target in targets}
    by_records = {(kind, fld, target) for target, users in records.REFERENCES.items() for kind, fld in users}
    assert by_check == by_records
