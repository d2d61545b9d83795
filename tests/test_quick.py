"""The console script's fast `who` gives exactly what the typer command gives."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wijkwijzer.cli import fast as quick
from wijkwijzer.cli.answer import answer
from wijkwijzer.env import Env

SAME = [
    ["who", "zeehelden", "bomen"],
    ["who", "zeehelden", "bomen", "--json"],
    ["who", "zeehelden", "bomen", "--uitgebreid"],
    ["who", "-v", "2531", "overlast"],
    ["who", "--json", "Haagse", "Hout"],
    ["who", "Bewonersorganisatie Zeeheldenkwartier", "bomen"],
    ["who", "2531", "overlast", "--json"],
    ["who", "xyzzyqq", "bomen"],
    ["who", "zeehelden", "qwrtzp", "--json"],
    ["who", "1234"],
    ["who", "zeehelden", ""],
    ["who", "centrum", "subsidie", "extra", "woorden"],
]


def fast(args: list[str]):
    parsed = quick.parse_who(args)
    assert parsed is not None, args
    out, err = io.StringIO(), io.StringIO()
    code = answer(*parsed, env=Env(stdout=out, stderr=err, is_tty=False))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("args", SAME, ids=" ".join)
def test_fast_who_equals_typer_who(cli, args):
    cli("who", "zeehelden", "--json")  # create the database first, as both would
    typer_result = cli(*args)
    assert fast(args) == (typer_result.exit_code, typer_result.stdout, typer_result.stderr)


@pytest.mark.parametrize("place", ["", "+", "   "])
def test_an_empty_place_goes_to_typer_for_its_usage_error(place):
    """'who "" bomen' once answered for the Bomen- en Bloemenbuurt (#9): an
    empty PLAATS is typer's usage error (exit 2), so the fast path steps aside."""
    assert quick.parse_who(["who", place, "bomen"]) is None


def test_first_use_creates_the_database_with_the_same_notice(cli, isolated_db):
    first_fast = fast(["who", "zeehelden", "bomen", "--json"])
    isolated_db.unlink()
    first_typer = cli("who", "zeehelden", "bomen", "--json")
    assert first_fast == (first_typer.exit_code, first_typer.stdout, first_typer.stderr)
    assert first_fast[2]  # the notice on stderr


def test_db_option_and_environment(cli, tmp_path, isolated_db, monkeypatch):
    other = tmp_path / "elders.json"
    code, out, _ = fast(["who", "zeehelden", "--db", str(other), "--json"])
    assert code == 0 and other.is_file() and not isolated_db.exists()
    assert fast(["who", f"--db={other}", "zeehelden", "--json"])[1] == out
    monkeypatch.setenv("WIJKWIJZER_DB", str(other))
    assert quick.parse_who(["who", "x"])[2] == Path(other)


@pytest.mark.parametrize("args", [
    [], ["search", "zeehelden"], ["who"], ["who", "--help"], ["who", "-h", "x"], ["who", "x", "--jsn"],
    ["who", "--", "x"], ["who", "x", "--db"], ["who", "x", "--db="], ["who", "x", "--json", "--json"],
    ["who", "-5", "bomen"], ["--version"],
])
def test_anything_but_the_simple_form_goes_to_typer(args):
    assert quick.parse_who(args) is None


def test_console_script_entry_is_the_fast_one_and_falls_back(isolated_db):
    import tomllib

    root = Path(__file__).resolve().parent.parent
    with open(root / "pyproject.toml", "rb") as fh:
        assert tomllib.load(fh)["project"]["scripts"]["wijkwijzer"] == "wijkwijzer.cli.fast:run"
    env = dict(os.environ, PYTHONPATH=str(root))
    entry = [sys.executable, "-c", "import sys; from wijkwijzer.cli.fast import run; sys.exit(run())"]
    answer = subprocess.run([*entry, "who", "zeehelden", "bomen"], capture_output=True, text=True, env=env)
    assert answer.returncode == 0 and "gebiedsregisseur DSB" in answer.stdout
    usage = subprocess.run([*entry, "who"], capture_output=True, text=True, env=env)
    assert usage.returncode == 2 and "PLAATS" in usage.stderr
