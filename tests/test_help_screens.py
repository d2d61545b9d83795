"""Every command's --help reads as text for people, in Dutch and in English:
no typer/click internals (``<int range>``, ``{PLAATS}``, ``x>=1``) and, in
English, no Dutch placeholders (QA: fresh-user walk of the help screens)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from wijkwijzer.cli.main import app
from wijkwijzer.i18n import set_language

ROOT = Path(__file__).resolve().parent.parent
#: what click and typer show when a parameter has no readable metavar
INTERNALS = re.compile(r"<int|<float|<tekst>|<text>|<pad>|<path>|<bestand>|<file>|<json\||RANGE|INTEGER|\{|x>=|x<=|<=x")
#: Dutch placeholders that must not show in an English help screen
DUTCH = re.compile(r"\b(NAAM|PLAATS|TEKST|PAD|BESTAND|JJJJ(-MM(-DD)?)?|UU:MM|DATUM|MINUTEN|DAGEN|MAANDEN|JAREN|"
                   r"WOORD|NUMMER|ADRES|TIJDEN|ROL|TITEL|BRON|SOORT|PERIODE|OPTIES|OPDRACHT|ARGUMENTEN)\b")


def _commands():
    def walk(cmd, path):
        yield path
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, [*path, name])

    return list(walk(get_command(app), []))


COMMANDS = _commands()


def _sections(screen: str) -> tuple[str, str]:
    """(the usage line and the first column of the Argumenten/Opties rows,
    the whole text of those sections) of a help screen: the placeholders, not the prose."""
    usage, column, rows, inside = [], [], [], False
    for line in screen.splitlines():
        if line.startswith(("Gebruik:", "Usage:")):
            usage.append(line)
        elif line and not line.startswith(" "):
            inside = line.rstrip(":") in ("Argumenten", "Arguments", "Opties", "Options")
        elif inside:
            rows.append(line)
            if re.match(r"  \S", line):
                column.append(re.split(r"\s{2,}", line.strip())[0])
    return "\n".join(usage + column), "\n".join(usage + rows)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_help_screen_shows_click_internals(cli, lang):
    set_language(lang)
    for path in COMMANDS:
        result = cli(*path, "--help")
        assert result.exit_code == 0, path
        found = INTERNALS.search(_sections(result.stdout)[1])
        assert found is None, (path, found and found[0], result.stdout)


def test_english_help_has_english_placeholders(cli):
    set_language("en")
    for path in COMMANDS:
        screen = _sections(cli(*path, "--help").stdout)[0]
        found = DUTCH.search(screen)
        assert found is None, (path, found and found[0], screen)


def test_placeholders_say_what_goes_there(cli):
    def screen(*args):
        return " ".join(cli(*args, "--help").stdout.split())

    who = screen("who")
    assert "who [OPTIES] PLAATS [THEMA]" in who and "--db PAD " in who and "PLAATS Organisatie" in who
    search = screen("search")
    assert "-n, --limit N " in search and "[standaard: 10; minimaal 1]" in search
    check = screen("check")
    assert "0 t/m 1200]" in check
    export = screen("export")
    assert "-f, --format json|csv|vcard|ical|html" in export and "--out BESTAND" in export


def test_english_locale_gives_english_placeholders():
    env = {k: v for k, v in os.environ.items()
           if k not in ("WIJKWIJZER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG="en_US.UTF-8", PYTHONPATH=str(ROOT), COLUMNS="100")

    def screen(*args):
        return subprocess.run([sys.executable, "-m", "wijkwijzer", *args, "--help"], capture_output=True,
                              text=True, env=env, cwd=ROOT).stdout

    forget = screen("forget")
    assert "forget [OPTIONS] NAME" in forget and "NAME is compared" in forget and "--as NAME" in forget
    agenda = screen("agenda")
    assert "--van YYYY-MM-DD" in agenda and "--db PATH" in agenda and "[env var: WIJKWIJZER_MOE_MAX; at least 1]" \
        in " ".join(agenda.split())
    who = screen("who")
    assert "who [OPTIONS] PLACE [THEMA]" in who and "THEMA in PLACE?" in who
