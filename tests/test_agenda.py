"""Bijeenkomsten (issue #15): bijeenkomst add|edit|remove, agenda, participatiemoe,
export --format ical. Every date is fixed; nothing depends on today."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest

from wijkwijzer.staff.meetings import Fatigue, occurrences, overloaded

OCT = "2024-10-16-inspiratiebijeenkomst-haagse-bewonersorganisaties"
APR = "2024-04-17-bijeenkomst-bewonersorganisaties"
ZEEHELDEN = "bewonersorganisatie-zeeheldenkwartier"
AMS = ZoneInfo("Europe/Amsterdam")


def add(cli, *args: str):
    result = cli("bijeenkomst", "add", *args, "--as", "Planner", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["na"]


def agenda(cli, *args: str):
    result = cli("agenda", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_default_data_holds_the_two_meetings_of_the_report(cli):
    doc, _err = agenda(cli, "--van", "2024-01-01", "--tot", "2024-12-31")
    by_id = {o["id"]: o for o in doc["bijeenkomsten"]}
    assert list(by_id) == [APR, OCT]  # in time order
    october = by_id[OCT]
    assert (october["datum"], october["begin"], october["eind"]) == ("2024-10-16", "19:30", "22:30")
    assert october["plaats"] == "Het Koorenhuis"
    assert october["gebied"] == {"soort": "gemeente", "id": "GM0518", "naam": "Den Haag"}
    assert len(october["organisaties"]) == 25 and len(october["diensten"]) == 6
    assert "Impressieverslag" in october["bron"]
    # the report gives only the date of 17 April: time and place stay unknown, not copied
    april = by_id[APR]
    assert (april["datum"], april["begin"], april["plaats"]) == ("2024-04-17", None, None)


def test_agenda_on_a_pipe_shows_the_meeting_plainly(cli):
    result = cli("agenda", "--van", "2024-10-01", "--tot", "2024-10-31")
    assert result.exit_code == 0, result.stderr
    assert "wo 16-10-2024\t19:30-22:30\tInspiratiebijeenkomst voor Haagse bewonersorganisaties\t" \
           "Het Koorenhuis\tDen Haag\t25 organisaties" in result.stdout


def test_empty_window_says_so_and_succeeds(cli):
    result = cli("agenda", "--van", "2023-01-01", "--tot", "2023-01-31")
    assert result.exit_code == 0
    assert "Geen bijeenkomsten van zo 01-01-2023 tot en met di 31-01-2023." in result.stderr


def test_monthly_meeting_is_expanded_and_keeps_its_local_time_across_summer_time(cli, tmp_path):
    rec = add(cli, "--titel", "Overleg BO's, stadsdeel en wethouder", "--datum", "2025-01-15",
              "--tijd", "19:30", "--duur", "90", "--plaats", "Stadhuis", "--stadsdeel", "Centrum",
              "--organisaties", "Bewonersorganisatie Zeeheldenkwartier,bewonersorganisatie-buurtstation",
              "--diensten", "DPZ,Dienst Stadsbeheer", "--herhaal", "maandelijks", "--herhaal-tot", "2025-06-30")
    assert rec["start"] == "2025-01-15T19:30" and rec["herhaling"] == "maandelijks"
    assert rec["organisaties"] == [ZEEHELDEN, "bewonersorganisatie-buurtstation"]
    assert rec["diensten"] == ["DPZ", "DSB"] and rec["gebied"] == "centrum"
    doc, _err = agenda(cli, "--van", "2025-01-01", "--tot", "2025-12-31", "--organisatie", "zeeheldn")
    days = [(o["datum"], o["begin"], o["eind"]) for o in doc["bijeenkomsten"]]
    assert days == [(f"2025-{m:02d}-15", "19:30", "21:00") for m in range(1, 7)]  # until 30 June

    out = tmp_path / "agenda.ics"
    result = cli("export", "--format", "ical", "--organisatie", "zeehelden", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    event = next(e for e in cal.walk("VEVENT") if str(e["uid"]).startswith(rec["id"]))
    start = event.decoded("dtstart")
    assert start == datetime(2025, 1, 15, 19, 30, tzinfo=AMS)
    assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("dtend") - start == timedelta(minutes=90)
    rule = event["rrule"]
    assert rule["FREQ"] == ["MONTHLY"]
    assert rule["UNTIL"][0].astimezone(timezone.utc) == datetime(2025, 6, 30, 21, 59, 59, tzinfo=timezone.utc)
    # expanded by the calendar's own rule: 19:30 local is 18:30 UTC in winter, 17:30 UTC in summer
    from dateutil.rrule import rrulestr

    utc = [d.astimezone(timezone.utc).hour for d in rrulestr(rule.to_ical().decode(), dtstart=start)]
    assert utc == [18, 18, 18, 17, 17, 17]  # summer time from 30 March 2025


def test_ical_export_is_an_rfc5545_calendar_a_calendar_program_reads(cli, tmp_path):
    out = tmp_path / "agenda.ics"
    result = cli("export", "--format", "ical", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "2 bijeenkomsten geschreven" in result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded lines (RFC 5545 3.1)
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["version"]) == "2.0" and cal["prodid"]
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {f"{OCT}@wijkwijzer", f"{APR}@wijkwijzer"}
    october = events[f"{OCT}@wijkwijzer"]
    assert october.decoded("dtstart") == datetime(2024, 10, 16, 19, 30, tzinfo=AMS)
    assert october.decoded("dtend") == datetime(2024, 10, 16, 22, 30, tzinfo=AMS)
    assert str(october["summary"]) == "Inspiratiebijeenkomst voor Haagse bewonersorganisaties"
    assert str(october["location"]) == "Het Koorenhuis"
    assert "Bewonersorganisatie Zeeheldenkwartier" in str(october["description"])
    assert "Dienst Stadsbeheer" in str(october["description"])
    assert str(october["status"]) == "CONFIRMED" and "dtstamp" in october
    april = events[f"{APR}@wijkwijzer"]  # time not known: an all-day event, no location
    assert april.decoded("dtstart") == date(2024, 4, 17) and "location" not in april

    # the VTIMEZONE says what zoneinfo says, hour by hour, 2024-2030
    tz = cal.walk("VTIMEZONE")[0]
    assert str(tz["tzid"]) == "Europe/Amsterdam"
    own = tz.to_tz()
    moment = datetime(2024, 1, 1, 0, 30)
    while moment.year < 2031:
        assert moment.replace(tzinfo=own).utcoffset() == moment.replace(tzinfo=AMS).utcoffset(), moment
        moment += timedelta(hours=1)


def test_ical_organisatie_filter_and_misuse(cli, tmp_path):
    add(cli, "--titel", "Wijkschouw", "--datum", "2025-03-01", "--tijd", "10:00",
        "--organisaties", "Wijkberaad Bezuidenhout")
    result = cli("export", "--format", "ical", "--organisatie", "Wijkberaad Bezuidenhout")
    assert result.exit_code == 0, result.stderr
    cal = icalendar.Calendar.from_ical(result.stdout_bytes)
    assert sorted(str(e["summary"]) for e in cal.walk("VEVENT")) == [
        "Inspiratiebijeenkomst voor Haagse bewonersorganisaties", "Wijkschouw"]
    result = cli("export", "--format", "json", "--organisatie", "Wijkberaad Bezuidenhout")
    assert result.exit_code == 1 and "--organisatie hoort bij --format ical" in result.stderr
    result = cli("export", "--format", "ical", "--organisatie", "Schilderswijk")
    assert result.exit_code == 1 and "is geen organisatie" in result.stderr


def test_participatiemoe_warns_in_agenda_and_check_lists_it(cli, isolated_db):
    add(cli, "--titel", "Buurtoverleg", "--datum", "2025-03-03", "--tijd", "20:00",
        "--organisaties", "Wijkberaad Bezuidenhout", "--herhaal", "wekelijks", "--herhaal-tot", "2025-03-31")
    doc, err = agenda(cli, "--van", "2025-03-01", "--tot", "2025-03-31")
    assert len(doc["bijeenkomsten"]) == 5
    assert doc["participatiemoe"] == [{
        "organisatie": "wijkberaad-bezuidenhout", "naam": "Wijkberaad Bezuidenhout", "aantal": 5,
        "van": "2025-03-03", "tot": "2025-03-31", "bijeenkomsten": ["2025-03-03-buurtoverleg"]}]
    assert ("Let op, participatiemoe: Wijkberaad Bezuidenhout is gevraagd voor 5 bijeenkomsten van "
            "ma 03-03-2025 tot en met ma 31-03-2025 (meer dan 3 binnen 30 dagen).") in err
    # the limit is a setting: an option, or the environment
    doc, err = agenda(cli, "--van", "2025-03-01", "--tot", "2025-03-31", "--moe-max", "5")
    assert doc["participatiemoe"] == [] and "participatiemoe" not in err
    doc, err = agenda(cli, "--van", "2025-03-01", "--tot", "2025-03-31", "--moe-dagen", "14")
    assert doc["participatiemoe"] == []  # at most 2 weekly meetings lie within 14 days

    from wijkwijzer.staff.check import run_checks
    from wijkwijzer.store.database import Store

    report = run_checks(Store(isolated_db).snapshot(), today=date(2025, 2, 1))
    assert [i["organisatie"] for i in report["categorieen"]["participatiemoe"]] == ["wijkberaad-bezuidenhout"]
    assert any(s["categorie"] == "participatiemoe" and s["aantal"] == 1 for s in report["samenvatting"])
    later = run_checks(Store(isolated_db).snapshot(), today=date(2025, 4, 1))  # only the future counts
    assert later["categorieen"]["participatiemoe"] == []


def test_overloaded_counts_a_30_day_window_not_a_calendar_month():
    occ = [{"id": f"m{i}", "datum": d, "organisaties": [{"id": "bo", "naam": "BO"}]}
           for i, d in enumerate(["2025-01-01", "2025-01-20", "2025-01-29", "2025-01-30", "2025-02-28"])]
    assert overloaded(occ, Fatigue(3, 30))[0]["aantal"] == 4  # 1 jan - 30 jan
    assert overloaded(occ[1:], Fatigue(3, 30)) == []  # 20, 29, 30 jan; 28 feb lies 39 days on
    assert overloaded(occ, Fatigue(4, 30)) == []


def test_stadsdeel_filter_keeps_its_own_its_wijken_and_city_wide_meetings(cli):
    add(cli, "--titel", "Overleg Laak", "--datum", "2024-10-01", "--stadsdeel", "Laak")
    add(cli, "--titel", "Overleg Zeeheldenkwartier", "--datum", "2024-10-02", "--gebied", "WK051822")
    doc, _err = agenda(cli, "--van", "2024-10-01", "--tot", "2024-10-31", "--stadsdeel", "centrum")
    assert [o["titel"] for o in doc["bijeenkomsten"]] == [
        "Overleg Zeeheldenkwartier", "Inspiratiebijeenkomst voor Haagse bewonersorganisaties"]
    result = cli("agenda", "--stadsdeel", "Atlantis")
    assert result.exit_code == 1 and "Geen stadsdeel 'Atlantis'" in result.stderr


@pytest.mark.parametrize("args, sentence", [
    (("--titel", "X", "--datum", "16-13-2024"), "'16-13-2024' is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ"),
    (("--titel", "X", "--datum", "2024-10-16", "--tijd", "25:00"), "'25:00' is geen tijd"),
    (("--titel", "X"), "geef de datum op"),
    (("--datum", "2024-10-16"), "Veld 'titel': is verplicht maar leeg."),
    (("--titel", "X", "--datum", "2024-10-16", "--herhaal", "dagelijks"), "'dagelijks' is geen herhaling"),
    (("--titel", "X", "--datum", "2024-10-16", "--duur", "drie uur"), "geen duur in minuten"),
    (("--titel", "X", "--datum", "2024-10-16", "--organisaties", "Zeeheldenkwartir"),
     "'Zeeheldenkwartir' is geen organisatie (id of naam); bedoelde u"),
    (("--titel", "X", "--datum", "2024-10-16", "--herhaal", "wekelijks", "--herhaal-tot", "2024-01-01"),
     "ligt voor het begin"),
])
def test_bad_input_names_the_field_and_changes_nothing(cli, isolated_db, args, sentence):
    cli("agenda", "--van", "2024-01-01", "--tot", "2024-01-02")  # create the database
    before = isolated_db.read_bytes()
    result = cli("bijeenkomst", "add", *args)
    assert result.exit_code == 1
    assert sentence in result.stderr
    assert isolated_db.read_bytes() == before


def test_edit_changes_only_what_is_given_and_remove_asks(cli):
    rec = add(cli, "--titel", "Platform BO's, welzijn, gemeente en politie", "--datum", "2025-05-06",
              "--tijd", "19:00", "--diensten", "POLITIE,WELZIJN", "--herhaal", "per kwartaal")
    assert rec["herhaling"] == "per-kwartaal"
    result = cli("bijeenkomst", "edit", rec["id"], "--tijd", "20:15", "--json")
    assert result.exit_code == 0, result.stderr
    after = json.loads(result.stdout)["na"]
    assert after["start"] == "2025-05-06T20:15" and after["herhaling"] == "per-kwartaal"
    result = cli("bijeenkomst", "edit", rec["id"], "--datum", "2025-05-13", "--herhaal", "geen", "--json")
    after = json.loads(result.stdout)["na"]
    assert after["start"] == "2025-05-13T20:15" and after["herhaling"] is None
    doc, _err = agenda(cli, "--van", "2025-01-01", "--tot", "2025-12-31")
    assert [o["datum"] for o in doc["bijeenkomsten"]] == ["2025-05-13"]

    result = cli("bijeenkomst", "remove", rec["id"], input="n\n")
    assert result.exit_code == 1 and "verwijderen?" in result.stderr
    assert cli("bijeenkomst", "remove", rec["id"], "--yes").exit_code == 0
    doc, _err = agenda(cli, "--van", "2025-01-01", "--tot", "2025-12-31")
    assert doc["bijeenkomsten"] == []
    history = json.loads(cli("history", rec["id"], "--json").stdout)
    assert [e["actie"] for e in history] == ["toegevoegd", "gewijzigd", "gewijzigd", "verwijderd"]


def test_an_organisation_in_a_meeting_is_not_removed_silently(cli):
    result = cli("organisatie", "remove", ZEEHELDEN, "--yes")
    assert result.exit_code == 1
    assert f"bijeenkomst {OCT}" in result.stderr


def test_cancelled_meetings_leave_the_agenda_and_are_cancelled_in_the_calendar(cli, isolated_db):
    assert cli("bijeenkomst", "edit", OCT, "--status", "inactief").exit_code == 0
    doc, _err = agenda(cli, "--van", "2024-10-01", "--tot", "2024-10-31")
    assert doc["bijeenkomsten"] == []
    cal = icalendar.Calendar.from_ical(cli("export", "--format", "ical").stdout_bytes)
    assert {str(e["uid"]): str(e["status"]) for e in cal.walk("VEVENT")}[f"{OCT}@wijkwijzer"] == "CANCELLED"


def test_a_window_that_ends_before_it_starts_is_refused(cli):
    from wijkwijzer.errors import WijkwijzerError

    with pytest.raises(WijkwijzerError, match="ligt voor --van"):
        occurrences({}, date(2025, 2, 1), date(2025, 1, 1))
    result = cli("agenda", "--van", "2025-02-01", "--tot", "2025-01-01")
    assert result.exit_code == 1 and "--tot (2025-01-01) ligt voor --van (2025-02-01)." in result.stderr
    result = cli("agenda", "--van", "2025-02-30")
    assert result.exit_code == 1 and "'2025-02-30' is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ." in result.stderr


def test_bijeenkomsten_round_trip_through_a_spreadsheet(cli, tmp_path):
    out = tmp_path / "bijeenkomsten.csv"
    assert cli("export", "--format", "csv", "--soort", "bijeenkomsten", "--out", str(out)).exit_code == 0
    text = out.read_bytes().decode("utf-8-sig")
    assert text.startswith("id;titel;start;duur_minuten;plaats;gebied;organisaties;diensten;herhaling;")
    out.write_bytes(text.replace("Het Koorenhuis;", "Testzaal, 1e etage;").encode("utf-8-sig"))
    result = cli("import", str(out), "--as", "Planner")
    assert result.exit_code == 0, result.stderr
    assert "0 toegevoegd, 1 gewijzigd, 0 verwijderd, 1 ongewijzigd" in result.stdout
    doc, _err = agenda(cli, "--van", "2024-10-16", "--tot", "2024-10-16")
    assert doc["bijeenkomsten"][0]["plaats"] == "Testzaal, 1e etage"
