"""The public channels per thema (issue #11): the data, melding beside
aanspreekpunt in `who`, `check`'s te controleren, and the fields soort and
bron_datum for staff."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from wijkwijzer.dataset import load_bundled
from wijkwijzer.env import Env
from wijkwijzer.lookup.directory import Directory, who
from wijkwijzer.render.answer import render_who
from wijkwijzer.staff.check import run_checks
from wijkwijzer.staff.freshness import years_before
from wijkwijzer.text import channels_text

ROOT = Path(__file__).resolve().parent.parent
# shared/ lies beside the checkout (a clone, CI) or two levels up (a worktree under wt/)
SHARED = next((p / "shared" / "data" / "denhaag" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared" / "data" / "denhaag").is_dir()), ROOT.parent / "shared" / "data" / "denhaag")
#: a screen: the first lines of the plain answer
FIRST_LINES = 24


@pytest.fixture(scope="module")
def data():
    return load_bundled()


@pytest.fixture(scope="module")
def real(data):
    return Directory(data)


@pytest.fixture
def db(cli, isolated_db):
    assert cli("stadsdelen").exit_code == 0
    return isolated_db


def plain(answer: dict, detailed: bool = False) -> list[str]:
    out = io.StringIO()
    render_who(answer, Env(stdout=out, stderr=io.StringIO(), is_tty=False), detailed=detailed)
    return out.getvalue().splitlines()


# -- the data --------------------------------------------------------------------------
def reachable(cp: dict) -> bool:
    return any((cp.get("kanalen") or {}).values())


def test_far_more_contactpunten_have_a_channel_and_every_new_one_is_sourced_and_dated(data):
    cps = data["contactpunten"]
    assert sum(map(reachable, cps)) >= 58  # 7 before issue #11
    added = [c for c in cps if "kanalen_per_thema.csv" in c["bron"]]
    assert len(added) == 51
    for cp in added:
        assert cp["status"] == "onbevestigd" and cp["geverifieerd_op"] is None, cp["id"]
        assert cp["persoon"] is None, cp["id"]  # no person's name, ever
        assert "(ongedateerd)" in cp["bron"] or cp["bron_datum"], cp["id"]
        assert "http" in cp["bron"] or ".nl/" in cp["bron"], cp["id"]
        assert reachable(cp), cp["id"]
        assert cp["soort"] in ("melding", "aanspreekpunt")


def test_no_role_is_given_a_channel_that_is_not_its_own(data):
    by_id = {c["id"]: c for c in data["contactpunten"]}
    for cp in data["contactpunten"]:
        if cp["rol"].startswith("gebiedsregisseur") or cp["rol"] == "stadsdeeldirecteur":
            assert not reachable(cp), cp["id"]  # none of them has a public channel
    assert by_id["gemeente-afvalmelding"]["kanalen"]["web"] == "denhaag.nl/afvalmelding"
    assert by_id["gemeente-meldpunt-graffiti"]["dienst"] == "DPZ"  # the source names Publiekszaken


def test_historical_and_unconfirmed_rows_are_left_out(data):
    text = json.dumps(data["contactpunten"], ensure_ascii=False)
    for value in ("070-353 4065", "+31703534065", "Leyweg 813", "353 75 00", "+31703537500", "Celebesstraat",
                  "Badhuisstraat", "BuitenBeter", "tvloosduinen", "deypenburgschecourant", "haagsallerlei"):
        assert value not in text


@pytest.mark.skipif(not (SHARED / "kanalen_per_thema.csv").exists(), reason="shared CSV not present")
def test_every_csv_row_is_used_or_left_out_with_a_reason():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import channels
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    rows = channels.read_rows(SHARED)
    assert len(rows) == 98
    channels.check_accounted(rows)  # exits on a row neither used nor left out
    historical = {n for n, r in rows.items() if "HISTORICAL" in r["notes"] or "HISTORICAL" in r["source_date"]}
    assert historical <= set(channels.LEFT_OUT)


# -- who ----------------------------------------------------------------------------------
def test_melding_and_aanspreekpunt_are_both_shown_first(real):
    answer = who(real, "Bewonersvereniging Hofkwartier", "grofvuil")
    first = answer["contactpunten"][0]
    assert first["id"] == "centrum-gebiedsregisseur-dsb" and first["soort"] == "aanspreekpunt"
    assert answer["melden"][0]["id"] == "gemeente-grofvuil-ophalen"  # the typed word first
    assert {c["positie"] for c in answer["contactpunten"] if c["soort"] == "melding"} == {"melding"}
    lines = plain(answer)
    head = "\n".join(lines[:9])
    assert "Eén losse zaak melden of aanvragen? Doe het via grofvuil en groot tuinafval" in head
    # compact (#10, one screen): the first-contact block says who and where to start instead of a
    # "Structureel probleem" sentence repeating it
    assert "Eerste aanspreekpunt: gebiedsregisseur DSB\n" in head and "Kanalen: nog geen kanaal bekend" in head
    assert "Nu bereikbaar: centraal aanspreekpunt stadsdeel: adres Stadhuis" in head
    long = plain(answer, detailed=True)
    assert ("Structureel probleem in de wijk? Uw eerste aanspreekpunt is gebiedsregisseur DSB; daarvoor is "
            "nog geen kanaal bekend, begin bij centraal aanspreekpunt stadsdeel: adres Stadhuis") in "\n".join(long[:6])


def test_a_terminal_shows_the_melding_lines_under_the_header(real):
    out, long = io.StringIO(), io.StringIO()
    answer = who(real, "zeehelden", "grofvuil")
    render_who(answer, Env(stdout=out, stderr=io.StringIO(), is_tty=True))
    screen = " ".join(out.getvalue().split())
    assert screen.index("Eén losse zaak melden") < screen.index("Eerste aanspreekpunt: gebiedsregisseur DSB")
    assert screen.index("Eerste aanspreekpunt") < screen.index("Nu bereikbaar centraal aanspreekpunt stadsdeel")
    render_who(answer, Env(stdout=long, stderr=io.StringIO(), is_tty=True), detailed=True)
    assert "Structureel probleem in de wijk?" in " ".join(long.getvalue().split())


def test_next_step_names_the_stadsdeel_before_a_city_wide_service_desk(real):
    answer = who(real, "Bewonersvereniging Hofkwartier", "bomen")
    assert "begin bij centraal aanspreekpunt stadsdeel" in answer["volgende_stap"]
    assert "afvalbrengstation" not in answer["volgende_stap"]


def test_no_melding_lines_without_a_melding(real):
    answer = who(real, "Laak", "communicatie")
    assert answer["melden"] == []
    assert not any(line.startswith("Eén losse zaak") for line in plain(answer))


def test_a_contact_with_a_channel_comes_before_one_without_at_the_same_rank(real):
    ids = [c["id"] for c in who(real, "Laak")["contactpunten"]]
    assert ids.index("laak-stadsdeel-email") < ids.index("laak-centraal-aanspreekpunt")


def _specific(cp: dict, thema: str, stadsdeel: str, wijken: set[str]) -> bool:
    """A reachable channel specific to the thema or the stadsdeel - not only
    14070 or the Stadhuis address (issue #11, "Done when")."""
    kanalen = {k: v for k, v in (cp.get("kanalen") or {}).items() if v}
    if not kanalen or kanalen == {"telefoon": "14070"}:
        return False
    if set(kanalen) == {"adres"} and kanalen["adres"].startswith("Stadhuis"):
        return False
    area = set(cp["gebied"]) & ({stadsdeel} | wijken)
    return cp.get("status") != "inactief" and (thema in cp["themas"] or bool(area))


def test_every_thema_in_every_stadsdeel_names_a_specific_channel_on_the_first_screen(data, real):
    """Done when (#11): for the 13 themas x 8 stadsdelen the answer shows, on its
    first screen or in its next step, a reachable channel specific to the thema
    or stadsdeel wherever the data has one; the combinations without one are
    listed here (none today)."""
    none_in_data, missed = [], []
    for sd in data["stadsdelen"]:
        wijken = {w["code"] for w in data["wijken"] if w["stadsdeel"] == sd["id"]}
        for thema in data["themas"]:
            answer = who(real, sd["naam"], thema["id"])
            records = real.by_id["contactpunten"]
            wanted = {channels_text(c["kanalen"]) for c in answer["contactpunten"]
                      if _specific(records[c["id"]], thema["id"], sd["id"], wijken)}
            if not wanted:
                none_in_data.append((sd["id"], thema["id"]))
                continue
            lines = plain(answer)
            shown = "\n".join(lines[:FIRST_LINES] + [line for line in lines if line.startswith("Volgende stap")])
            if not any(text in shown for text in wanted):
                missed.append((sd["id"], thema["id"]))
    assert missed == []
    assert none_in_data == []


# -- check and verify -----------------------------------------------------------------------
def test_check_lists_old_sources_and_verify_clears_them(cli, db):
    result = cli("check", "--json")
    report = json.loads(result.stdout)
    assert report["max_source_age_years"] == 2
    old = {i["id"]: i for i in report["categorieen"]["te_controleren"]}
    assert old["gemeente-ondergrondse-containers"]["bron_datum"] == "2017-03-31"
    assert "gemeente-afvalmelding" in old
    assert "070online" not in old  # 2025-04-09
    assert "gemeente-meldpunt-graffiti" not in old  # undated: listed under verificatie only
    assert "centrum-gebiedsregisseur-dsb" not in old  # no channel, no source date
    assert cli("verify", "gemeente-afvalmelding").exit_code == 0
    again = json.loads(cli("check", "--json").stdout)
    assert "gemeente-afvalmelding" not in {i["id"] for i in again["categorieen"]["te_controleren"]}
    wide = json.loads(cli("check", "--json", "--max-source-age-years", "10").stdout)
    assert {i["id"] for i in wide["categorieen"]["te_controleren"]} == set()
    plain_report = cli("check").stdout
    assert "Kanalen te controleren: bron ouder dan 2 jaar en sindsdien niet geverifieerd\t" in plain_report


def test_a_source_period_counts_to_its_last_day():
    cp = {"id": "x", "rol": "x", "kanalen": {"web": "x.nl"}, "status": "onbevestigd"}
    today = dt.date(2026, 11, 30)
    for bron_datum, listed in (("2024", False), ("2024-10", True), ("2024-11", False), ("2024-11-29", True),
                               ("2024-11-30", False), ("nonsense", False), (None, False)):
        report = run_checks({"contactpunten": [dict(cp, bron_datum=bron_datum)]}, today=today)
        assert bool(report["categorieen"]["te_controleren"]) is listed, bron_datum


def test_check_reports_a_hand_edited_soort_that_who_cannot_use():
    cp = {"id": "x", "rol": "x", "dienst": "DSB", "gebied": ["centrum"], "themas": ["*"], "niveau": 1,
          "kanalen": None, "soort": "Meldpunt"}
    report = run_checks({"contactpunten": [cp]}, today=dt.date(2026, 11, 30))
    assert [(v["id"], v["veld"]) for v in report["categorieen"]["vorm"]] == [("x", "soort")]


def test_a_list_in_soort_is_refused_as_a_damaged_file(cli, db):
    doc = json.loads(db.read_text(encoding="utf-8"))
    next(iter(doc["contactpunten"].values()))["soort"] = ["melding"]
    db.write_text(json.dumps(doc), encoding="utf-8")
    result = cli("who", "zeehelden")
    assert result.exit_code == 1 and "soort" in result.stderr


def test_years_before_a_leap_day():
    assert years_before(dt.date(2028, 2, 29), 2) == dt.date(2026, 2, 28)


# -- staff: the fields soort and bron_datum -------------------------------------------------
def add(cli, *extra):
    return cli("contactpunt", "add", "--rol", "meldformulier test", "--dienst", "DSB", "--gebied", "gemeente",
               "--thema", "bomen", "--niveau", "1", "--web", "example.org/melden", "--bron", "test", *extra)


def test_staff_add_a_melding_with_its_source_date(cli, db):
    result = add(cli, "--soort", "Melding", "--bron-datum", "2021-10", "--json")
    assert result.exit_code == 0, result.stderr
    rec = json.loads(result.stdout)["na"]
    assert rec["soort"] == "melding" and rec["bron_datum"] == "2021-10"


@pytest.mark.parametrize("extra, field", [(("--soort", "formulier"), "soort"),
                                          (("--bron-datum", "2099"), "bron_datum"),
                                          (("--bron-datum", "oktober"), "bron_datum")])
def test_staff_bad_soort_or_source_date_is_refused_and_changes_nothing(cli, db, extra, field):
    before = db.read_bytes()
    result = add(cli, *extra)
    assert result.exit_code == 1
    assert f"'{field}'" in result.stderr
    assert db.read_bytes() == before


def test_default_soort_is_aanspreekpunt(cli, db):
    result = add(cli, "--json")
    assert json.loads(result.stdout)["na"]["soort"] == "aanspreekpunt"


def test_a_database_without_the_new_fields_still_answers(cli, db):
    doc = json.loads(db.read_text(encoding="utf-8"))
    for rec in doc["contactpunten"].values():
        rec.pop("soort", None)
        rec.pop("bron_datum", None)
    db.write_text(json.dumps(doc), encoding="utf-8")
    answer = json.loads(cli("who", "zeehelden", "grofvuil", "--json").stdout)
    assert {c["soort"] for c in answer["contactpunten"]} == {"aanspreekpunt"}
    assert answer["melden"] == []
    assert cli("check").exit_code == 1  # runs; the old data has gaps


def test_csv_carries_soort_and_bron_datum_and_an_old_file_without_them_imports(cli, db, tmp_path):
    data = cli("export", "--format", "csv").stdout
    header = data.lstrip("\ufeff").splitlines()[0].split(";")
    assert "soort" in header and header[-1] == "bron_datum"
    old = tmp_path / "oud.csv"
    old.write_text("id;rol;dienst;gebied;themas;niveau;web;bron\r\n"
                   "oud-formulier;oud formulier;DSB;centrum;openbare-ruimte;1;example.org;test\r\n",
                   encoding="utf-8")
    assert cli("import", str(old)).exit_code == 0
    shown = json.loads(cli("show", "oud-formulier", "--json").stdout)
    assert shown["soort"] == "aanspreekpunt" and shown["bron_datum"] is None


@pytest.mark.parametrize("place, topic, first", [
    ("Den Haag", "paspoort", None),  # QA: answered with the form for a change of address
    ("zeehelden", "grofvuil", "grofvuil en groot tuinafval"),
    ("zeehelden", "parkeren", "parkeervergunning"),
    ("zeehelden", "graffiti", "Meldpunt Graffiti"),
    ("zeehelden", "openbare ruimte", "afvalmelding"),  # the thema itself: all its meldingen
    ("zeehelden", "straatverlichting", None),  # QA round 2: 'straat...' led to the afvalmelding
    ("zeehelden", "kapotte lamp", None),  # QA round 2: 'kapotte' led to the huisvuil container form
    ("zeehelden", "subsidie", "activiteitensubsidie"),  # QA round 2: the subsidy form was never offered
    ("zeehelden", "verhuizen", "verhuizing doorgeven"),
])
def test_only_a_melding_that_fits_the_topic_leads_the_answer(cli_json, place, topic, first):
    melden = cli_json("who", place, topic)["melden"]
    if first is None:
        assert melden == []
    else:
        assert melden and melden[0]["rol"].startswith(first)


def test_the_city_wide_desk_shown_is_the_one_that_fits_the_topic(cli):
    """QA: a question about trees was pointed at an afvalbrengstation first."""
    lines = cli("who", "zeehelden", "bomen").stdout.splitlines()
    desk = next(line for line in lines if line.startswith("Ook voor dit thema"))
    assert desk.split(": ", 1)[1].startswith("Bomenstichting Den Haag (web ")


@pytest.mark.parametrize("topic, first", [("bomen", "Bomenstichting Den Haag"), ("afval", "afvalbrengstation")])
def test_among_city_wide_desks_the_one_that_fits_the_topic_comes_first(cli_json, topic, first):
    """QA round 2: 'who "Den Haag" bomen' began with an afvalbrengstation."""
    assert cli_json("who", "Den Haag", topic)["contactpunten"][0]["rol"].startswith(first)


# -- numbers from abroad (QA: the handleiding said Dutch only, the CSV section showed +32) --------

@pytest.mark.parametrize("typed, stored, shown", [
    ("+32 2 555 12 34", "+3225551234", "+32 2 555 12 34"),
    ("0032 2 555 12 34", "+3225551234", "+32 2 555 12 34"),
    ("+49 30 1234567", "+49301234567", "+49 30 1234567"),
])
def test_a_valid_number_from_abroad_with_its_country_code_is_taken(cli, cli_json, typed, stored, shown):
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dso", "--telefoon", typed)
    assert result.exit_code == 0, result.stderr
    assert cli_json("show", "centrum-gebiedsregisseur-dso")["kanalen"]["telefoon"] == stored
    assert shown in cli("show", "centrum-gebiedsregisseur-dso").stdout


@pytest.mark.parametrize("typed", ["+32 12", "+32 2 123 45 67", "112", "+49 1"])
def test_an_invalid_number_is_refused_with_one_sentence_that_names_both_forms(cli, isolated_db, typed):
    assert cli("stadsdelen").exit_code == 0
    before = isolated_db.read_bytes()
    result = cli("contactpunt", "edit", "centrum-gebiedsregisseur-dso", "--telefoon", typed)
    assert result.exit_code == 1
    assert " ".join(result.stderr.split()) == (
        f"Fout: Veld 'telefoon': '{typed}' is geen geldig telefoonnummer: schrijf een Nederlands nummer "
        "(070 353 3000) of een buitenlands nummer met + en landcode (+32 2 555 12 34).")
    assert isolated_db.read_bytes() == before


def test_both_documentation_passages_state_the_rule_the_code_follows():
    from wijkwijzer.channels import ChannelError, normalize_phone

    root = Path(__file__).resolve().parent.parent
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    handleiding = " ".join((root / "docs" / "handleiding.md").read_text(encoding="utf-8").split())
    assert "numbers must be valid Dutch numbers" not in readme
    assert "geldige Nederlandse nummers zijn" not in handleiding
    for text in (readme, handleiding):
        assert "`+32 2 555 12 34`" in text and "`0032 2 555 12 34`" in text
    assert "`+32 12`" in readme
    assert normalize_phone("+32 2 555 12 34") == normalize_phone("0032 2 555 12 34") == "+3225551234"
    with pytest.raises(ChannelError):
        normalize_phone("+32 12")
