"""Dutch by default, English on request (#13): catalogs, language choice,
the framework's own words, Dutch command words, JSON the same in both."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from wijkwijzer.i18n import language_from_env

ROOT = Path(__file__).resolve().parent.parent
#: English words of typer/click that must not appear on a Dutch screen
ENGLISH = re.compile(r"Usage:|Options|Arguments|Commands|Show this message|\[required\]|\[default|"
                     r"Missing argument|No such|Did you mean|Try '|Error:|Invalid value|not a valid|"
                     r"Got unexpected|requires an argument|COMMAND|\[OPTIONS\]|<str>|<path>")


def _script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args: str, lang_env: dict | None = None, db: Path | None = None) -> subprocess.CompletedProcess:
    """The console script as a user runs it, in a fresh process (help texts are
    read at import, so the language must be chosen per process)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("WIJKWIJZER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(lang_env or {})
    env["PYTHONPATH"] = str(ROOT)
    env["COLUMNS"] = "100"
    if db is not None:
        env["WIJKWIJZER_DB"] = str(db)
    return subprocess.run([sys.executable, "-m", "wijkwijzer", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT)


# -- the catalogs ---------------------------------------------------------------

def test_catalogs_are_complete_fresh_and_compiled():
    problems = _script().problems()
    assert problems == [], "run `python3 scripts/i18n.py` and fill in the English:\n" + "\n".join(problems)


def test_check_notices_a_new_untranslated_message(tmp_path, monkeypatch):
    script = _script()
    real = script.extract

    def with_new_string():
        catalog = real()
        catalog.add("Een gloednieuwe zin.", None, [("wijkwijzer/nieuw.py", 1)])
        return catalog

    monkeypatch.setattr(script, "extract", with_new_string)
    assert any("Een gloednieuwe zin." in p for p in script.problems())


def test_the_extractor_reads_messages_tables_calls_and_help_literals():
    import io

    source = (b'MSG = Messages({"a": "Een", "b": {"c": "Twee"}})\n_("Drie")\nN_("Vier")\n'
              b'ngettext("{n} ding", "{n} dingen", n)\nf(help="Vijf")\nf(help=MSG["a"])\n')
    found = [m for _l, _f, m, _c in _script().extract_wijkwijzer(io.BytesIO(source), None, None, None)]
    assert sorted(map(str, found)) == sorted(map(str, ["Een", "Twee", "Drie", "Vier",
                                                       ("{n} ding", "{n} dingen"), "Vijf"]))


def test_wheel_ships_the_compiled_catalogs(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                           "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("wijkwijzer-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for lang in ("nl", "en"):
        assert f"wijkwijzer/locale/{lang}/LC_MESSAGES/wijkwijzer.mo" in names


# -- the language choice ----------------------------------------------------------

@pytest.mark.parametrize("environ, expected", [
    ({}, "nl"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "nl_NL.UTF-8"}, "nl"),
    ({"LANG": "C.UTF-8"}, "nl"),
    ({"LANG": "fr_FR.UTF-8"}, "nl"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
    ({"LANGUAGE": "nl", "LC_ALL": "en_US.UTF-8"}, "nl"),
    ({"WIJKWIJZER_LANG": "en", "LANG": "nl_NL.UTF-8"}, "en"),
    ({"WIJKWIJZER_LANG": "nl", "LANG": "en_GB.UTF-8"}, "nl"),
])
def test_language_from_the_environment(environ, expected):
    assert language_from_env(environ) == expected


def test_lang_option_beats_the_environment():
    assert "Show this message and exit." in run("--help", "--lang", "en", lang_env={"WIJKWIJZER_LANG": "nl"}).stdout
    assert "Toon deze hulp en stop." in run("--lang=nl", "--help", lang_env={"LANG": "en_GB.UTF-8"}).stdout


# -- the framework's words --------------------------------------------------------

SCREENS = [("--help",), ("who", "--help"), ("contactpunt", "add", "--help"), ("who",), ("whi",),
           ("search", "--limit", "x", "y"), ("search", "--bla", "x"), ("search", "a", "b", "c"),
           ("search", "--limit"), ("import", "/bestaat/niet.csv"), ("contactpunt", "ad"),
           ("who", "x", "--lang", "fr"), ("contactpunt",)]


@pytest.mark.parametrize("args", SCREENS, ids=" ".join)
def test_dutch_screens_have_no_english_framework_words(args):
    result = run(*args, lang_env={"LANG": "nl_NL.UTF-8"})
    screen = result.stdout + result.stderr
    assert not ENGLISH.search(screen), screen
    assert result.returncode in (0, 2)


@pytest.mark.parametrize("args", SCREENS[:5], ids=" ".join)
def test_english_screens_say_it_in_english(args):
    result = run(*args, lang_env={"LANG": "en_GB.UTF-8"})
    screen = result.stdout + result.stderr
    assert "Usage:" in screen
    assert not re.search(r"Gebruik:|Opties|Toon deze hulp|verplicht\]|Fout:", screen), screen


def test_usage_error_in_dutch_and_english():
    nl = run("who", lang_env={"LANG": "nl_NL.UTF-8"})
    assert nl.returncode == 2
    assert "Fout: Ontbrekend argument 'PLAATS'." in nl.stderr
    assert "Gebruik: " in nl.stderr
    en = run("who", lang_env={"LANG": "en_GB.UTF-8"})
    assert en.returncode == 2
    assert "Error: Missing argument 'PLACE'." in en.stderr  # the English usage line's word


def test_lang_is_offered_on_every_command():
    from typer.main import get_command

    from wijkwijzer.cli.main import app

    def walk(cmd, path):
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, f"{path} {name}")

    for path, cmd in walk(get_command(app), "wijkwijzer"):
        assert any("--lang" in p.opts for p in cmd.params), path


def test_typer_words_still_match_the_vendored_sources():
    """A typer upgrade that changes the English words we translate fails here."""
    import typer
    from typer import core

    from wijkwijzer.cli import framework

    source = Path(core.__file__).read_text(encoding="utf-8")
    assert set(re.findall(r'\b_\("((?:[^"\\]|\\.)*)"\)', source)) == set(framework.TYPER_WORDS)
    assert core._ is framework._typer_gettext
    vendored = "".join(p.read_text(encoding="utf-8") for p in Path(typer.__file__).parent.rglob("*.py"))
    for literal in ['prefix = "Usage: "', 'help="Show this message and exit."', "Try '{command} {option}' for help.",
                    'f"Error: {self.format_message()}"', '"Missing argument"', "No such option: ",
                    "(Possible options: {possibility_str})", "Did you mean {suggestions}?",
                    "Got unexpected extra argument(s) ({extra_args})", "requires {msg}", '"an argument."',
                    "does not take a value.", "is not a valid {self.name}.", "is not in the range",
                    "is not one of {choices_str}.", "does not exist.", 'subcommand_metavar = "COMMAND [ARGS]..."',
                    'options_metavar: str | None = "[OPTIONS]"', "Install completion for the current shell.",
                    "Show completion for the current shell, to copy it or customize the installation."]:
        assert literal in vendored, literal


def test_every_english_pattern_is_translated():
    from wijkwijzer.cli.framework import translate_message

    for english in ["No such command 'x'. Did you mean 'who'?", "No such option: --x",
                    "Got unexpected extra argument(s) (a b)", "Option '--db' requires an argument.",
                    "Option '--x' requires 2 arguments.", "Option '--json' does not take a value.",
                    "'x' is not a valid integer.", "'x' is not a valid int range.", "0 is not in the range x>=1.",
                    "'fr' is not one of 'nl', 'en'.", "File '/x' does not exist.", "Path '/x' is a directory."]:
        assert translate_message(english) != english, english


# -- Dutch command words -----------------------------------------------------------

def test_wie_zoek_toon(cli_json):
    assert cli_json("wie", "zeehelden", "bomen") == cli_json("who", "zeehelden", "bomen")
    assert cli_json("zoek", "zeehelden") == cli_json("search", "zeehelden")
    assert cli_json("toon", "WK051822") == cli_json("show", "WK051822")


def test_wie_on_the_console_script():
    result = run("wie", "zeehelden", "bomen")
    assert result.returncode == 0, result.stderr
    assert "gebiedsregisseur" in result.stdout


def test_help_lists_each_command_once_with_its_dutch_word(cli):
    out = cli("--help").stdout
    assert re.search(r"^\s+who, wie\s", out, re.M)
    assert not re.search(r"^\s+wie\s", out, re.M)
    assert out.count("Wie is het aanspreekpunt") == 1


# -- JSON and spelling ---------------------------------------------------------------

@pytest.mark.parametrize("args", [("who", "zeehelden", "bomen"), ("who", "2531", "overlast"), ("who", "Loosduinen")])
def test_who_json_is_the_same_in_both_languages(args):
    nl = run(*args, "--json", lang_env={"LANG": "nl_NL.UTF-8"})
    en = run(*args, "--json", "--lang", "en")
    assert nl.returncode == en.returncode == 0, en.stderr
    assert json.loads(nl.stdout) == json.loads(en.stdout)


def test_english_answer_is_english_and_dutch_answer_dutch():
    en = run("who", "zeehelden", "bomen", "--lang", "en").stdout
    assert "Place:" in en and "First contact: gebiedsregisseur DSB" in en
    # since #10 the compact answer gives "volgende stap" as its first-contact block's reachable
    # contact; the long form lists positions and the next step
    en_long = run("who", "zeehelden", "bomen", "--uitgebreid", "--lang", "en").stdout
    assert "1. first contact: gebiedsregisseur DSB" in en_long and "Next step:" in en_long
    nl = run("who", "zeehelden", "bomen").stdout
    assert "Plaats:" in nl and "Eerste aanspreekpunt: gebiedsregisseur DSB" in nl
    nl_long = run("who", "zeehelden", "bomen", "--uitgebreid").stdout
    assert "1. eerste aanspreekpunt: gebiedsregisseur DSB" in nl_long and "Volgende stap:" in nl_long


def test_dutch_spelling(cli):
    assert "thema's" in cli("themas", "--help").stdout
    assert "themas" not in cli("--help").stdout.replace("  themas ", "")


def test_history_shows_geimporteerd_with_its_trema(cli, tmp_path):
    exported = tmp_path / "t.json"
    assert cli("export", "--format", "json", "--soort", "themas", "--out", str(exported)).exit_code == 0
    doc = json.loads(exported.read_text(encoding="utf-8"))
    doc["themas"][0]["synoniemen"] = [*doc["themas"][0].get("synoniemen", []), "nieuw-synoniem"]
    exported.write_text(json.dumps(doc), encoding="utf-8")
    assert cli("import", str(exported)).exit_code == 0
    shown = cli("history").stdout
    assert "geïmporteerd" in shown
    entries = json.loads(cli("history", "--json").stdout)
    assert any(e["actie"] == "geimporteerd" for e in entries)  # the stable JSON id


def test_plural_forms():
    from wijkwijzer.i18n import ngettext, set_language

    assert ngettext("{n} werkdag", "{n} werkdagen", 1).format(n=1) == "1 werkdag"
    assert ngettext("{n} werkdag", "{n} werkdagen", 5).format(n=5) == "5 werkdagen"
    set_language("en")
    try:
        assert ngettext("{n} werkdag", "{n} werkdagen", 1).format(n=1) == "1 working day"
    finally:
        set_language("nl")


# -- completion ------------------------------------------------------------------------

def test_completion_of_places_and_themas_uses_a_cache(isolated_db, cli):
    from wijkwijzer.lookup.names import names

    cli("who", "zeehelden")  # creates the database
    found = names(isolated_db)
    assert "Zeeheldenkwartier" in found["places"] and "bomen" in found["themas"]
    cache = isolated_db.with_name(isolated_db.name + ".names")
    assert cache.exists()
    stored = json.loads(cache.read_text(encoding="utf-8"))
    stored["names"]["places"] = ["uit-de-cache"]
    cache.write_text(json.dumps(stored), encoding="utf-8")
    assert names(isolated_db)["places"] == ["uit-de-cache"]  # read, not rebuilt


def test_bash_completion_end_to_end(isolated_db, cli):
    cli("who", "zeehelden")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "_WIJKWIJZER_COMPLETE": "complete_bash",
           "COMP_WORDS": "wijkwijzer who Zeeh", "COMP_CWORD": "2"}
    done = subprocess.run([sys.executable, "-c", "import sys; sys.argv=['wijkwijzer'];"
                           "from wijkwijzer.cli.fast import run; run()"], capture_output=True, text=True, env=env)
    assert "Zeeheldenkwartier" in done.stdout.split()
    env.update(COMP_WORDS="wijkwijzer wie zeeh", COMP_CWORD="2")  # the case the user typed
    done = subprocess.run([sys.executable, "-c", "import sys; sys.argv=['wijkwijzer'];"
                           "from wijkwijzer.cli.fast import run; run()"], capture_output=True, text=True, env=env)
    assert "zeeheldenkwartier" in done.stdout.split()
    env.update(COMP_WORDS="wijkwijzer wi", COMP_CWORD="1")
    done = subprocess.run([sys.executable, "-c", "import sys; sys.argv=['wijkwijzer'];"
                           "from wijkwijzer.cli.fast import run; run()"], capture_output=True, text=True, env=env)
    assert "wie" in done.stdout.split()



@pytest.mark.parametrize("args", [("check", "--json"), ("search", "zeehelden", "--json"), ("themas", "--json")])
def test_other_json_documents_are_the_same_in_both_languages(args, tmp_path):
    db = tmp_path / "db.json"
    nl = run(*args, db=db)
    en = run(*args, "--lang", "en", db=db)
    assert nl.stdout == en.stdout and nl.stdout.strip()


def test_stored_text_stays_dutch_in_english(tmp_path):
    db = tmp_path / "db.json"
    added = run("dienst", "add", "--id", "TEST", "--naam", "Testdienst", "--soort", "gemeente", "--lang", "en",
                db=db)
    assert added.returncode == 0, added.stderr
    assert "Added" in added.stdout
    record = json.loads(run("show", "TEST", "--json", db=db).stdout)
    assert record["bron"].startswith("handmatig ingevoerd op ")


def test_errors_follow_the_language_and_json_is_dutch():
    assert "Error: No organisation" in run("who", "xyzzy", "--lang", "en").stderr
    assert "Fout: Geen organisatie" in run("who", "xyzzy", "--json", "--lang", "en").stderr
