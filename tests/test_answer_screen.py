"""The `who` answer as a volunteer meets it (issue #10): one screen, a way to
reach someone now, sources for people, details on request."""

from __future__ import annotations

import io
import json
import math

import pytest

from tests.test_cli import set_field
from wijkwijzer.env import Env
from wijkwijzer.text import channels_text, short_rol

DEVELOPER_WORDS = ("shared/data", "SOURCES.md", "README.md", "werkhypothese", "§")


def screen_lines(text: str, width: int = 80) -> int:
    """Lines *text* takes on a terminal *width* columns wide (long lines wrap)."""
    return sum(max(1, math.ceil(len(line) / width)) for line in text.rstrip("\n").split("\n"))


def tty(cli, *args):
    """Run a command as on a terminal (Rich; width from $COLUMNS); returns (exit code, screen text)."""
    out, err = io.StringIO(), io.StringIO()
    result = cli(*args, env=Env(stdout=out, stderr=err, is_tty=True, no_color=True))
    return result.exit_code, out.getvalue()


@pytest.fixture(autouse=True)
def eighty_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")


@pytest.mark.parametrize("args", [("zeehelden", "bomen"), ("Haagse", "Hout", "overlast"), ("2531", "subsidie"), ("2518", "bomen"),
                                  ("Bewonersvereniging Hofkwartier", "grofvuil"), ("zeehelden",)])
def test_common_answer_fits_24_lines_at_80_columns_piped_and_on_a_terminal(cli, args):
    piped = cli("who", *args)
    assert piped.exit_code == 0
    assert screen_lines(piped.stdout) <= 24, piped.stdout
    code, shown = tty(cli, "who", *args)
    assert code == 0
    assert screen_lines(shown) <= 24, shown


def test_sixty_columns_still_fit_and_keep_the_first_block_whole(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    code, shown = tty(cli, "who", "zeehelden", "bomen")
    assert code == 0
    assert screen_lines(shown, 60) <= 24, shown
    assert all(len(line) <= 60 for line in shown.splitlines())
    assert "Nu bereikbaar" in shown[:shown.index("Daarna")]


def test_first_lines_say_where_what_who_and_how_to_reach_someone_now(cli):
    lines = cli("who", "zeehelden", "bomen").stdout.splitlines()
    head = "\n".join(lines[:9])
    assert "Zeeheldenkwartier" in head and "Centrum" in head and "openbare ruimte" in head
    assert "Eerste aanspreekpunt: gebiedsregisseur DSB" in head
    assert "nog geen kanaal bekend" in head
    # the same block gives the first contact one can reach now
    assert "Nu bereikbaar: centraal aanspreekpunt stadsdeel: adres Stadhuis, Spui 70" in head


def test_terminal_shows_the_reachable_contact_in_the_first_block(cli):
    _code, shown = tty(cli, "who", "zeehelden", "bomen")
    first_block = shown[:shown.index("Daarna")]
    assert "gebiedsregisseur DSB" in first_block and "Spui 70" in first_block


def test_escalation_is_one_line_per_step(cli):
    out = cli("who", "zeehelden", "bomen").stdout
    assert "  3. stadsdeeldirecteur (escalatie): nog geen kanaal bekend\n" in out
    assert "  4. algemeen nummer gemeente Den Haag (algemeen terugvalpunt): tel. 14070\n" in out


@pytest.mark.parametrize("flag", ["--uitgebreid", "-v"])
def test_long_form_on_request_with_reasons_sources_and_verification(cli, flag):
    out = cli("who", "zeehelden", "bomen", flag).stdout
    assert "Waarom: gebiedsregisseur DSB (Dienst Stadsbeheer)" in out
    assert "Bron: verslag bijeenkomst bewonersorganisaties 16-10-2024" in out
    assert "Geverifieerd: nooit (onbevestigd)" in out
    compact = cli("who", "zeehelden", "bomen").stdout
    assert "Waarom:" not in compact and "Bron:" not in compact and "--uitgebreid" in compact


@pytest.mark.parametrize("args", [("zeehelden", "bomen"), ("2531", "overlast"), ("Loosduinen", "veiligheid"),
                                  ("WK051837",), ("Den Haag",)])
@pytest.mark.parametrize("form", [(), ("--uitgebreid",)])
def test_no_repository_paths_or_developer_notes_in_the_answer(cli, args, form):
    piped = cli("who", *args, *form)
    assert piped.exit_code == 0, piped.stderr
    _code, shown = tty(cli, "who", *args, *form)
    for text in (piped.stdout, shown):
        for word in DEVELOPER_WORDS:
            assert word not in text, (word, text)


def test_json_keeps_the_full_bron(cli_json):
    first = cli_json("who", "zeehelden", "bomen")["contactpunten"][0]
    assert "werkhypothese" in first["bron"]


def test_short_source_citations():
    from wijkwijzer.sources import short_source

    assert short_source("Impressieverslag inspiratiebijeenkomst Haagse bewonersorganisaties, 16 oktober "
                        "2024 (Het Koorenhuis) (zaal groen: 'stadsdeeldirecteuren')") == \
        "verslag bijeenkomst bewonersorganisaties 16-10-2024"
    assert short_source("shared/data/denhaag/SOURCES.md §6 (denhaag.nl: 'door te bellen met 14070')") == \
        "denhaag.nl"
    assert short_source("shared/data/denhaag/SOURCES.md §3 (CBS 85984NED, indeling 2024)") == "CBS"
    assert short_source(None) == "onbekend"
    assert short_source("shared/data/README.md") == "openbare bron"


def _all_answers(cli_json):
    places = [s["id"] for s in cli_json("stadsdelen")]
    themas = [t["id"] for t in cli_json("themas")]
    for place in places:
        for thema in themas:
            yield cli_json("who", place, thema)


def test_volgende_stap_always_names_a_contact_with_a_channel(cli_json):
    seen = 0
    for answer in _all_answers(cli_json):
        step = answer["volgende_stap"]
        assert step is None or "(nog geen kanaal bekend)" not in step, step
        if step:
            seen += 1
            # it names one of the other contacts that has a channel, with (at most two of) its channels
            named = [c for c in answer["contactpunten"][1:]
                     if any(c["kanalen"].get(k) for k in ("telefoon", "email", "web", "adres"))
                     and f"{short_rol(c['rol'])} ({channels_text(c['kanalen'], most=2)})" in step]
            assert named, step
    assert seen


def test_opening_hours_alone_are_no_channel(cli, cli_json, isolated_db):
    cli_json("who", "zeehelden")
    set_field(isolated_db, "contactpunten", "centrum-centraal-aanspreekpunt", "kanalen",
              {"openingstijden": "ma-vr 9-17"})
    answer = cli_json("who", "zeehelden", "bomen")
    assert "centraal aanspreekpunt" not in answer["volgende_stap"]
    assert "14070" in answer["volgende_stap"]


def test_contact_without_channel_comes_after_a_reachable_one_of_the_same_rank(cli, cli_json, isolated_db):
    cli_json("who", "zeehelden")
    # a second niveau-2 escalation for Centrum, reachable; the existing one (stadsdeeldirecteur) is not
    result = cli("contactpunt", "add", "--id", "centrum-zz-escalatie", "--rol", "zz escalatie",
                 "--dienst", "DPZ", "--gebied", "centrum", "--thema", "alle", "--niveau", "2",
                 "--adres", "Spui 70, Den Haag", "--bron", "test")
    assert result.exit_code == 0, result.stderr
    ids = [c["id"] for c in cli_json("who", "zeehelden", "bomen")["contactpunten"]]
    assert ids.index("centrum-zz-escalatie") < ids.index("centrum-stadsdeeldirecteur")


@pytest.mark.parametrize("kind, record_id", [("diensten", "DSB"), ("stadsdelen", "centrum")])
def test_contact_of_an_inactive_dienst_or_gebied_is_never_answered(cli_json, isolated_db, kind, record_id):
    cli_json("who", "zeehelden")
    set_field(isolated_db, kind, record_id, "status", "inactief")
    ids = [c["id"] for c in cli_json("who", "WK051822", "bomen")["contactpunten"]]
    assert "centrum-gebiedsregisseur-dsb" not in ids


def test_fast_path_takes_the_long_form_options():
    from wijkwijzer.cli.fast import parse_who

    assert parse_who(["who", "zeehelden", "-v"])[3] is True
    assert parse_who(["who", "--uitgebreid", "zeehelden", "bomen"])[3] is True
    assert parse_who(["who", "zeehelden"])[3] is False


@pytest.mark.parametrize("columns", [40, 80])
def test_panel_titles_are_cut_with_an_ellipsis_not_cropped(cli, monkeypatch, columns):
    """QA: at 40 columns the title read 'Eerste aanspreekpunt: gebiedsregiss' with no sign it goes on."""
    monkeypatch.setenv("COLUMNS", str(columns))
    full = "Eerste aanspreekpunt: gebiedsregisseur DSB"
    code, shown = tty(cli, "who", "zeehelden", "bomen")
    assert code == 0
    top = next(line for line in shown.splitlines() if line.startswith("╭"))
    assert len(top) <= columns
    title = top.strip("╭─╮ ")
    if columns == 80:
        assert title == full
    else:
        assert title.endswith("…") and full.startswith(title[:-1]) and len(title) > 20, top
    code, shown = tty(cli, "who", "zeehelden", "bomen", "--uitgebreid")
    for top in (line for line in shown.splitlines() if line.startswith("╭")):
        title = top.strip("╭─╮ ")
        assert len(top) <= columns
        # a title either fits (a space and a border after it) or ends in "…"
        assert title.endswith("…") or top.rstrip("─╮").endswith(title + " "), top
    code, shown = tty(cli, "show", "WK051822")
    assert all(len(line) <= columns for line in shown.splitlines())


@pytest.mark.parametrize("args", [("zeehelden", "bomen"), ("Segbroek", "bomen")])
def test_the_desk_that_nu_bereikbaar_names_is_not_repeated_in_the_chain(cli, args):
    """QA: the stadsdeel desk's address showed twice, in "Nu bereikbaar" and as step 2."""
    piped = cli("who", *args)
    assert piped.exit_code == 0
    lines = piped.stdout.splitlines()
    now = next(line for line in lines if "Nu bereikbaar:" in line)
    address = now.split("adres ", 1)[1]
    assert piped.stdout.count(address) == 1, piped.stdout
    assert "  2. centraal aanspreekpunt stadsdeel (algemeen terugvalpunt): zie Nu bereikbaar hierboven" in lines
    code, shown = tty(cli, "who", *args)
    flat = " ".join(shown.replace("│", " ").split())
    assert code == 0 and flat.count(address.split(",")[0]) == 1, shown
    assert "2. centraal aanspreekpunt stadsdeel (algemeen terugvalpunt): zie Nu bereikbaar hierboven" in flat


def test_a_long_web_address_in_the_panel_is_folded_not_cut(cli):
    """QA: at 80 columns the Subsidiebureau's address ended in '…', so it could not be typed over."""
    code, text = tty(cli, "who", "2531", "subsidie")
    assert code == 0
    inside = "".join(line.strip("│ ").strip() for line in text.splitlines() if line.startswith("│"))
    assert "basissubsidie-voor-bewonersorganisaties-aanvragen/" in inside
    assert "…" not in "".join(line for line in text.splitlines() if line.startswith("│"))
