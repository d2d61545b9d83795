"""Vragen (issue #15): deadlines in Dutch working days, follow-up, the escalation's
next step, and privacy (never public, erased by forget). Every date is fixed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from wijkwijzer.staff.questions import add_working_days, is_working_day, working_days_between

DSB = "centrum-gebiedsregisseur-dsb"
DSO = "centrum-gebiedsregisseur-dso"
FIXTURE = Path(__file__).parent / "fixtures" / "db_before_issue15.json"


def ask(cli, *args: str) -> dict:
    result = cli("vraag", "add", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["na"]


def listing(cli, *args: str) -> list[dict]:
    result = cli("vragen", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def term5(cli):
    """The DSB gebiedsregisseur of Centrum promises an answer within 5 working days."""
    assert cli("contactpunt", "edit", DSB, "--reactietermijn", "5").exit_code == 0


def test_the_christmas_example_of_the_issue():
    # asked Monday 22 December 2025, 5 working days; 25 and 26 December are holidays
    assert add_working_days(date(2025, 12, 22), 5) == date(2025, 12, 31)
    assert not is_working_day(date(2025, 12, 25)) and not is_working_day(date(2025, 12, 26))
    assert not is_working_day(date(2025, 12, 27))  # a Saturday
    assert add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)  # Koningsdag, Monday 27 April
    assert working_days_between(date(2025, 12, 22), date(2025, 12, 31)) == 5


def test_vraag_add_counts_the_agreed_term_in_working_days(cli, term5):
    result = cli("vraag", "add", "--aan", DSB, "--onderwerp", "Omgewaaide boom", "--datum", "2025-12-22",
                 "--organisatie", "Bewonersorganisatie Zeeheldenkwartier", "--thema", "bomen")
    assert result.exit_code == 0, result.stderr
    assert "Uiterlijk antwoord: wo 31-12-2025 (5 werkdagen na ma 22-12-2025)." in result.stdout
    assert "geen reactietermijn" not in result.stderr
    [q] = listing(cli, "--op", "2025-12-29")
    assert q["id"] == "v1" and q["uiterlijk"] == "2025-12-31" and q["termijn_afgesproken"] is True
    assert q["organisatie"] == {"id": "bewonersorganisatie-zeeheldenkwartier",
                                "naam": "Bewonersorganisatie Zeeheldenkwartier"}
    assert (q["status"], q["werkdagen_over"], q["dagen_te_laat"]) == ("open", 2, None)


def test_without_an_agreed_term_ten_working_days_and_it_says_so(cli):
    result = cli("vraag", "add", "--aan", DSO, "--onderwerp", "Bestemmingsplan", "--datum", "2025-12-22")
    assert result.exit_code == 0, result.stderr
    assert ("Met gebiedsregisseur DSO is geen reactietermijn afgesproken; wijkwijzer rekent met "
            "10 werkdagen.") in result.stderr
    [q] = listing(cli, "--op", "2025-12-22")
    # 23, 24, 29, 30, 31 December, 2 (1 January is a holiday), 5, 6, 7, 8 January
    assert (q["termijn_werkdagen"], q["termijn_afgesproken"], q["uiterlijk"]) == (10, False, "2026-01-08")


def test_overdue_question_gets_the_next_step_of_the_escalation_chain(cli, term5):
    ask(cli, "--aan", DSB, "--onderwerp", "Grofvuil blijft liggen", "--datum", "2025-12-22",
        "--thema", "grofvuil")
    [q] = listing(cli, "--op", "2026-01-05")
    assert (q["status"], q["dagen_te_laat"], q["werkdagen_over"]) == ("te laat", 5, None)
    # the gebiedsregisseur has no known channel; the next contact in who's answer that has one
    step = q["volgende_stap"]
    assert step["id"] == "centrum-centraal-aanspreekpunt" and step["kanalen"]["adres"]
    result = cli("vragen", "--op", "2026-01-05")
    assert "5 dagen te laat" in result.stdout
    assert "centraal aanspreekpunt stadsdeel (adres Stadhuis, Spui 70" in result.stdout
    on_time = listing(cli, "--op", "2025-12-31")[0]  # the deadline itself is still on time
    assert (on_time["status"], on_time["werkdagen_over"], on_time["volgende_stap"]) == ("open", 0, None)
    assert "vandaag" in cli("vragen", "--op", "2025-12-31").stdout


def test_beantwoord_closes_a_question_and_open_leaves_it_out(cli, term5):
    ask(cli, "--aan", DSB, "--onderwerp", "Eerste", "--datum", "2025-12-22")
    ask(cli, "--aan", DSO, "--onderwerp", "Tweede", "--datum", "2025-12-23")
    result = cli("vraag", "beantwoord", "1", "--datum", "2025-12-30")
    assert result.exit_code == 0, result.stderr
    rows = listing(cli, "--op", "2026-02-01")
    assert [(q["id"], q["status"]) for q in rows] == [("v2", "te laat"), ("v1", "beantwoord")]
    assert rows[1]["beantwoord_op"] == "2025-12-30" and rows[1]["volgende_stap"] is None
    assert [q["id"] for q in listing(cli, "--open", "--op", "2026-02-01")] == ["v2"]
    result = cli("vraag", "beantwoord", "v2", "--datum", "2025-12-01")
    assert result.exit_code == 1 and "ligt voor de datum waarop de vraag gesteld is" in result.stderr


def test_remove_and_ids_are_not_reused(cli):
    ask(cli, "--aan", DSO, "--onderwerp", "Eerste", "--datum", "2025-12-22")
    ask(cli, "--aan", DSO, "--onderwerp", "Tweede", "--datum", "2025-12-22")
    assert cli("vraag", "remove", "v2", "--yes").exit_code == 0
    assert ask(cli, "--aan", DSO, "--onderwerp", "Derde", "--datum", "2025-12-22")["id"] == "v3"
    result = cli("vraag", "remove", "v9", "--yes")
    assert result.exit_code == 1 and "Geen vraag met id 'v9'" in result.stderr


def test_a_contactpunt_with_a_question_is_not_removed_behind_its_back(cli, cli_json, isolated_db):
    """QA: removing the contactpunt a vraag was put to left the vraag pointing at nothing."""
    ask(cli, "--aan", DSO, "--onderwerp", "Eerste", "--datum", "2025-12-22")
    before = isolated_db.read_bytes()
    result = cli("contactpunt", "remove", DSO, "--yes")
    assert result.exit_code == 1 and "vraag v1" in result.stderr
    assert isolated_db.read_bytes() == before
    assert cli("contactpunt", "remove", DSO, "--yes", "--force").exit_code == 0
    report = cli_json_check(cli)
    assert any(r["soort"] == "vraag" and r["veld"] == "aan" for r in report["categorieen"]["verwijzingen"])


def cli_json_check(cli) -> dict:
    result = cli("check", "--json")
    assert result.exit_code == 1
    return json.loads(result.stdout)


@pytest.mark.parametrize("args, sentence", [
    (("--aan", "centrum-gebiedsregisseur-dbs", "--onderwerp", "x"),
     "'centrum-gebiedsregisseur-dbs' is geen contactpunt (id); bedoelde u"),
    (("--aan", DSB, "--onderwerp", " "), "Veld 'onderwerp': is verplicht maar leeg."),
    (("--aan", DSB, "--onderwerp", "x", "--organisatie", "Atlantis"), "'Atlantis' is geen organisatie"),
    (("--aan", DSB, "--onderwerp", "x", "--datum", "2999-01-01"), "2999-01-01 ligt in de toekomst"),
])
def test_bad_question_is_refused_and_changes_nothing(cli, isolated_db, args, sentence):
    cli("vragen")  # create the database
    before = isolated_db.read_bytes()
    result = cli("vraag", "add", *args)
    assert result.exit_code == 1
    assert sentence in result.stderr
    assert isolated_db.read_bytes() == before


def test_questions_stay_local_and_forget_removes_them(cli, isolated_db, tmp_path):
    ask(cli, "--aan", DSO, "--onderwerp", "Melding van Fenna Testpersoon, Teststraat 1", "--datum", "2025-12-22")
    ask(cli, "--aan", DSO, "--onderwerp", "Speeltuin", "--datum", "2025-12-22")
    public = json.loads(cli("export", "--format", "json", "--public").stdout)
    assert not public.get("vragen")
    everything = json.loads(cli("export", "--format", "json").stdout)
    assert not everything.get("vragen")  # only when asked for by name
    own = json.loads(cli("export", "--format", "json", "--soort", "vragen").stdout)
    assert len(own["vragen"]) == 2
    assert not json.loads(cli("export", "--format", "json", "--soort", "vragen", "--public").stdout)["vragen"]

    result = cli("forget", "Fenna Testpersoon", "--yes")
    assert result.exit_code == 0, result.stderr
    assert [q["onderwerp"] for q in listing(cli)] == ["Speeltuin"]
    for path in isolated_db.parent.iterdir():  # database, backup: not the name, not the address
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert "Testpersoon" not in text and "Teststraat" not in text, path.name


def test_a_database_from_before_issue_15_keeps_working(cli, cli_json, isolated_db):
    """A file written by the previous wijkwijzer has no bijeenkomsten or vragen table."""
    isolated_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURE, isolated_db)
    before = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert "vragen" not in before and "bijeenkomsten" not in before
    result = cli("agenda", "--van", "2024-01-01", "--tot", "2024-12-31")
    assert result.exit_code == 0 and "Geen bijeenkomsten" in result.stderr
    assert cli_json("vragen") == []
    q = ask(cli, "--aan", DSB, "--onderwerp", "Boom", "--datum", "2025-12-22")
    assert q["uiterlijk"] == "2025-12-31"  # the old file's own agreed term of 5 days
    assert cli("bijeenkomst", "add", "--titel", "Overleg", "--datum", "2025-01-07").exit_code == 0
    after = json.loads(isolated_db.read_text(encoding="utf-8"))
    assert len(after["vragen"]) == 1 and len(after["bijeenkomsten"]) == 1
    assert after["contactpunten"] == before["contactpunten"] and after["meta"] == before["meta"]
    assert cli("check").exit_code == 1  # runs (the bundled data has real gaps)


def test_who_does_not_import_the_calendar_libraries(isolated_db):
    code = ("import sys; sys.argv = ['wijkwijzer', 'who', 'zeehelden', 'bomen', '--json'];"
            "from wijkwijzer.cli.fast import run\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('icalendar', 'holidays', 'dateutil') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent.parent)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_dates_are_taken_in_both_forms_as_everywhere(cli, cli_json, term5):
    """QA: vraag add --datum 22-12-2025 and agenda --van 01-01-2025 were refused,
    though every other date option takes the Dutch form."""
    result = cli("vraag", "add", "--aan", DSB, "--onderwerp", "x", "--datum", "22-12-2025", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["na"]["gesteld_op"] == "2025-12-22"
    assert cli("agenda", "--van", "01-01-2024", "--tot", "31-12-2024").exit_code == 0
    bad = cli("vragen", "--op", "31-02-2026")
    assert bad.exit_code == 1 and "31-02-2026" in bad.stderr


def test_one_day_late_and_one_working_day_left_are_singular(cli, term5):
    """QA: '1 dagen te laat', 'nog 1 werkdagen'."""
    ask(cli, "--aan", DSB, "--onderwerp", "Grofvuil blijft liggen", "--datum", "2025-12-22",
        "--thema", "grofvuil")
    assert (listing(cli, "--op", "2025-12-30")[0]["werkdagen_over"]) == 1
    assert "nog 1 werkdag" in cli("vragen", "--op", "2025-12-30").stdout
    assert "nog 1 werkdagen" not in cli("vragen", "--op", "2025-12-30").stdout
    late = listing(cli, "--op", "2026-01-01")[0]["dagen_te_laat"]
    shown = cli("vragen", "--op", "2026-01-01").stdout
    assert late == 1 and "1 dag te laat" in shown and "1 dagen" not in shown
