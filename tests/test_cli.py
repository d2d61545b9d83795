"""The read commands as a user runs them: output, JSON shape, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from wijkwijzer import __version__
from wijkwijzer.store.atomic import atomic_write, dump
from wijkwijzer.store.database import Store

WHO_KEYS = {"vraag", "gevonden", "organisatie", "wijken", "stadsdeel", "gemeente", "thuisgemeente",
            "buiten_thuisgemeente", "thema", "contactpunten",
            "melden", "organisaties_in_gebied", "volgende_stap", "opmerkingen", "kandidaten"}
CONTACT_KEYS = {"id", "rol", "positie", "dienst", "niveau", "soort", "gebied", "reden", "kanalen", "persoon",
                "reactietermijn_werkdagen", "geverifieerd_op", "status", "bron", "bron_datum"}


def set_field(path, kind, record_id, field, value):
    """Change one stored field directly in the file (as a hand edit would)."""
    doc = Store(path).document()
    for rec in doc[kind].values():
        if rec["id"] == record_id:
            rec[field] = value
    atomic_write(path, dump(doc))


def test_who_json_shape_is_the_documented_one(cli_json):
    doc = cli_json("who", "Bewonersorganisatie Zeeheldenkwartier", "bomen")
    assert set(doc) == WHO_KEYS
    assert doc["vraag"] == {"plaats": "Bewonersorganisatie Zeeheldenkwartier", "thema": "bomen"}
    assert doc["organisatie"] == {"id": "bewonersorganisatie-zeeheldenkwartier",
                                  "naam": "Bewonersorganisatie Zeeheldenkwartier"}
    assert doc["wijken"] == [{"code": "WK051822", "naam": "Zeeheldenkwartier"}]
    assert set(doc["thema"]) == {"id", "naam", "gevonden_via"}
    for cp in doc["contactpunten"]:
        assert set(cp) == CONTACT_KEYS
        assert set(cp["gebied"]) == {"soort", "id", "naam"}
        assert set(cp["dienst"]) == {"id", "naam"}


def test_who_without_topic_gives_general_contacts(cli_json):
    doc = cli_json("who", "Centrum")
    assert doc["thema"] is None and doc["organisatie"] is None
    assert doc["stadsdeel"]["id"] == "centrum"
    assert [c["id"] for c in doc["contactpunten"]][0] == "centrum-centraal-aanspreekpunt"


def test_json_is_utf8_not_ascii_escaped(cli):
    result = cli("who", "zeehelden", "bomen", "--json")
    assert "verifiëren" in result.stdout


def test_missing_argument_is_a_usage_error(cli):
    assert cli("who").exit_code == 2
    assert cli("who", "x", "--bogus").exit_code == 2


def test_version_and_help(cli):
    assert cli("--version").stdout.strip() == f"wijkwijzer {__version__}"
    result = cli("who", "--help")
    assert result.exit_code == 0 and "PLAATS" in result.stdout and "--json" in result.stdout


def test_postcode_outside_den_haag_names_its_gemeente(cli):
    """The partial 2019 table once refused 2511 BT (the Stadhuis); the 2024 table
    covers every Den Haag PC4, so only a postcode elsewhere is refused (#9)."""
    result = cli("who", "3511 AB", "bomen")
    assert result.exit_code == 1
    assert "3511 ligt in gemeente GM0344, niet in Den Haag" in result.stderr


def test_suggestions_go_to_stderr(cli):
    result = cli("who", "zeehelden", "xq parkeer")
    assert result.exit_code == 1
    assert "Bedoelde u:" in result.stderr and "'parkeren'" in result.stderr


def test_list_commands_filter_by_stadsdeel(cli_json):
    assert len(cli_json("stadsdelen")) == 8
    assert len(cli_json("wijken")) == 44
    escamp = cli_json("wijken", "--stadsdeel", "escamp")
    assert {w["code"] for w in escamp} >= {"WK051836", "WK051833"}
    assert all(w["stadsdeel"] == "escamp" for w in escamp)
    assert len(cli_json("organisaties", "--stadsdeel", "Scheveningen")) == 7
    assert len(cli_json("themas")) >= 12
    assert len(cli_json("buurten")) == 114
    assert {b["wijk"] for b in cli_json("buurten", "--stadsdeel", "laak")} == {"WK051838", "WK051839"}
    assert {d["id"] for d in cli_json("diensten")} >= {"DPZ", "DSO", "DSB", "BSD", "SZW", "OCW"}


def test_contactpunten_filter(cli_json):
    rows = cli_json("contactpunten", "--stadsdeel", "Laak", "--thema", "bomen")
    assert {r["id"] for r in rows} == {"laak-gebiedsregisseur-dsb", "laak-centraal-aanspreekpunt",
                                       "laak-stadsdeeldirecteur", "laak-stadsdeel-email"}


def test_unknown_stadsdeel_filter_is_an_error(cli):
    result = cli("wijken", "--stadsdeel", "Atlantis")
    assert result.exit_code == 1 and "Geen stadsdeel 'Atlantis'" in result.stderr


def test_list_on_a_pipe_is_tab_separated_and_uncut(cli):
    result = cli("wijken")
    lines = result.stdout.splitlines()
    assert lines[0] == "code\tnaam\tstadsdeel\tbevestigd\tstatus"
    assert "WK051806\tVan Stolkpark en Scheveningse Bosjes\tscheveningen\tja\tactief" in lines


def test_show_any_record(cli, cli_json):
    assert cli_json("show", "wk051837")["stadsdeel_bevestigd"] is False
    assert cli_json("show", "centrum-gebiedsregisseur-dsb")["dienst"] == "DSB"
    result = cli("show", "centrum-gebiedsregisseur-dbs")
    assert result.exit_code == 1 and "centrum-gebiedsregisseur-dsb" in result.stderr


def test_search_ranks_best_first(cli_json):
    hits = cli_json("search", "zeehelden")
    assert hits[0]["naam"] in ("Zeeheldenkwartier", "Bewonersorganisatie Zeeheldenkwartier")
    assert {h["soort"] for h in hits} >= {"organisatie", "wijk"}
    assert cli_json("search", "grofvuil")[0]["id"] == "openbare-ruimte"


def test_search_without_hits_exits_1(cli):
    cli("stadsdelen")  # first use creates the database (and says so on stderr)
    result = cli("search", "qqqqzzzz")
    assert result.exit_code == 1 and result.stderr.startswith("Fout: ")


def test_markup_in_data_is_shown_literally(cli, isolated_db):
    set_field(isolated_db, "organisaties", "bewonersorganisatie-zeeheldenkwartier", "naam",
              "[bold]x[/bold] Zeeheldenkwartier [/x]")
    result = cli("who", "zeeheldenkwartier", "bomen")
    assert result.exit_code == 0
    assert "[bold]x[/bold] Zeeheldenkwartier [/x]" in result.stdout


def test_markup_in_data_is_literal_on_a_terminal(monkeypatch, cli, isolated_db):
    import io

    from wijkwijzer.env import Env

    set_field(isolated_db, "contactpunten", "centrum-gebiedsregisseur-dsb", "rol",
              "[bold red]X[/] \x1b]8;;http://x\x07klik\x1b]8;;\x07")
    out = io.StringIO()
    env = Env(stdout=out, is_tty=True, no_color=True)
    assert cli("who", "zeehelden", "bomen", env=env).exit_code == 0
    text = out.getvalue()
    assert "[bold red]X[/]" in text
    assert "\\x1b]8;;http://x\\x07" in text and "\x1b" not in text


@pytest.mark.skipif(shutil.which("wijkwijzer") is None, reason="package not installed")
def test_installed_package_finds_its_data_from_any_folder(tmp_path):
    """The README's install puts data/ inside the wheel; run the console script elsewhere."""
    files = [str(f) for f in metadata.files("wijkwijzer") or []]
    if not any(f.endswith("wijkwijzer/data/wijken.json") for f in files):
        pytest.skip("installed in editable/development mode")
    env = {**os.environ, "WIJKWIJZER_DB": str(tmp_path / "db.json")}
    proc = subprocess.run([shutil.which("wijkwijzer"), "who", "Bewonersorganisatie Zeeheldenkwartier",
                           "bomen", "--json"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["stadsdeel"]["naam"] == "Centrum"
    assert doc["contactpunten"][0]["niveau"] == 1
    assert Path(tmp_path / "db.json").exists()


def test_module_runs_without_the_repo_on_the_path(tmp_path):
    """`python -m wijkwijzer` works and finds the bundled data."""
    env = {**os.environ, "WIJKWIJZER_DB": str(tmp_path / "db.json")}
    proc = subprocess.run([sys.executable, "-m", "wijkwijzer", "who", "2531", "--json"],
                          cwd=Path(__file__).resolve().parent.parent, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["stadsdeel"]["id"] == "escamp"


def test_unquoted_multiword_place_and_topic(cli_json):
    doc = cli_json("who", "Bewonersorganisatie", "Zeeheldenkwartier", "bomen")
    assert doc["organisatie"]["id"] == "bewonersorganisatie-zeeheldenkwartier"
    assert doc["thema"]["id"] == "openbare-ruimte"
    doc = cli_json("who", "Haagse", "Hout")
    assert doc["stadsdeel"]["id"] == "haagse-hout" and doc["thema"] is None
    assert cli_json("who", "Centrum", "overlast")["thema"]["id"] == "veiligheid-en-overlast"


def test_postcode_outside_the_table_plus_topic_is_not_guessed(cli):
    """QA: '2511 bomen' answered for the Bomen- en Bloemenbuurt with exit 0."""
    for args in (("2511", "bomen"), ("2513", "zorg"), ("2511", "BT", "groen")):
        result = cli("who", *args, "--json")
        assert result.exit_code == 0, args
        assert '"soort": "postcode"' in result.stdout and "Bloemenbuurt" not in result.stdout
    result = cli("who", "1012", "bomen")
    assert result.exit_code == 1 and "niet in Den Haag" in result.stderr


def test_topic_typed_first_and_the_city_as_place(cli_json):
    doc = cli_json("who", "bomen", "zeehelden")
    assert doc["organisatie"]["id"] == "bewonersorganisatie-zeeheldenkwartier"
    assert doc["thema"]["id"] == "openbare-ruimte"
    doc = cli_json("who", "Den Haag", "overlast")
    assert doc["gemeente"] == {"id": "GM0518", "naam": "Den Haag"} and doc["stadsdeel"] is None
    assert doc["contactpunten"][0]["id"] == "politie-algemeen"


def test_first_use_says_where_the_new_database_is(cli, isolated_db):
    """QA: a mistyped --db silently started a fresh copy of the data."""
    other = isolated_db.parent.parent / "db.json"
    result = cli("stadsdelen", "--db", str(other))
    assert result.exit_code == 0 and other.exists()
    assert result.stderr == f"Nieuwe database {other} gemaakt met de meegeleverde gegevens van Den Haag.\n"
    assert cli("stadsdelen", "--db", str(other)).stderr == ""


def test_an_overlong_argument_is_one_short_sentence(cli):
    """QA: a 100 KB argument was echoed back whole, and search took seconds."""
    cli("stadsdelen")
    for args in (("who", "a" * 100_000, "bomen"), ("search", "a" * 100_000), ("show", "a" * 100_000)):
        result = cli(*args)
        assert result.exit_code == 1
        assert result.stderr.startswith("Fout: De zoektekst is te lang") and len(result.stderr) < 200


def test_show_by_name_suggests_the_ids(cli):
    result = cli("show", "Zeeheldenkwartier")
    assert result.exit_code == 1
    assert "WK051822" in result.stderr or "bewonersorganisatie-zeeheldenkwartier" in result.stderr


def test_postcode_forms_without_quotes_and_empty_topics(cli, cli_json):
    """QA round 2: '2531 AB' unquoted read AB as the topic, 'bomen 2511' asked for a
    thema '2511', and a topic of only punctuation was silently dropped."""
    assert cli_json("who", "2531", "AB")["wijken"][0]["code"] == "WK051836"
    doc = cli_json("who", "bomen", "2511")
    assert (doc["gevonden"]["id"], doc["stadsdeel"]["id"], doc["thema"]["id"]) == ("2511", "centrum", "openbare-ruimte")
    result = cli("who", "zeehelden", "!!!")
    assert result.exit_code == 1 and "Geen thema gevonden voor '!!!'" in result.stderr


@pytest.mark.parametrize("args", [("stadsdelen",), ("who", "zeehelden", "bomen"), ("contactpunt", "add", "--rol", "x",
                                                                               "--dienst", "DSB", "--gebied", "centrum",
                                                                               "--thema", "alle", "--niveau", "1")])
def test_db_in_a_folder_that_does_not_exist_is_refused(cli, tmp_path, args):
    """#10: a mistyped --db made folders and a fresh database, and answered from it."""
    typo = tmp_path / "pad" / "bestaat" / "niet" / "x.json"
    result = cli(*args, "--db", str(typo))
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "bestaat niet" in lines[0] and str(typo.parent) in lines[0]
    assert not (tmp_path / "pad").exists()


def test_default_location_and_environment_still_create_their_folder(cli, isolated_db):
    assert not isolated_db.parent.exists()
    assert cli("stadsdelen").exit_code == 0  # WIJKWIJZER_DB, folder made as before
    assert isolated_db.is_file()


def test_show_gives_a_short_source_and_json_the_full_one(cli, cli_json):
    """QA: show printed 'shared/data/denhaag/SOURCES.md §2' to the user."""
    shown = cli("show", "WK051822").stdout
    assert "SOURCES.md" not in shown and "shared/data" not in shown and "bron: CBS" in shown
    assert "SOURCES.md" in cli_json("show", "WK051822")["bron"]


def test_show_names_the_kind_in_the_singular_as_add_does(cli):
    """QA: 'show' printed '# organisaties' where 'add' prints '# organisatie'."""
    assert cli("show", "bewonersorganisatie-zeeheldenkwartier").stdout.startswith("# organisatie\n")
