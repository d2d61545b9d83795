"""Shared fixtures: no test ever touches the user's real database (as in llm)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

# The tests read Dutch whatever the machine's locale: choose it before the
# commands are imported (their help texts are read at import).
os.environ["WIJKWIJZER_LANG"] = "nl"

from wijkwijzer.cli.main import app  # noqa: E402
from wijkwijzer.i18n import set_language  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_db(tmp_path, monkeypatch) -> Path:
    """Point WIJKWIJZER_DB at a fresh file in a temporary folder for every test."""
    path = tmp_path / "db" / "wijkwijzer.json"
    monkeypatch.setenv("WIJKWIJZER_DB", str(path))
    # nor the user's real settings (home gemeente, issue #12)
    monkeypatch.setenv("WIJKWIJZER_INSTELLINGEN", str(tmp_path / "config" / "instellingen.json"))
    monkeypatch.delenv("WIJKWIJZER_GEMEENTE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("WIJKWIJZER_DEBUG", raising=False)
    monkeypatch.setenv("WIJKWIJZER_LANG", "nl")
    set_language("nl")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner):
    """Run the CLI: ``cli("who", "zeehelden")`` -> click Result (stdout/stderr apart)."""

    def run(*args: str, input: str | None = None, env=None):
        # env: a wijkwijzer.env.Env the commands use instead of this process's streams
        return runner.invoke(app, list(args), input=input, catch_exceptions=False, obj=env)

    return run


@pytest.fixture
def cli_json(cli):
    """Run a read command with --json, assert exit 0 and return the parsed document."""

    def run(*args: str):
        result = cli(*args, "--json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return run



@pytest.fixture(scope="session")
def national_snapshot():
    """A function that builds a mid-size national-shaped snapshot
    (benchmarks/nldata.py scaled down): ~45 generated gemeenten, 800
    organisaties and 3,000 contactpunten beside the bundled Den Haag; for
    comparing the index with the file (#12)."""
    import importlib.util

    from wijkwijzer.dataset import load_bundled

    def build() -> dict:
        spec = importlib.util.spec_from_file_location("nldata", Path(__file__).resolve().parent.parent
                                                      / "benchmarks" / "nldata.py")
        nl = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(nl)
        nl.N_ORGANISATIES, nl.N_CONTACTPUNTEN = 800, 3000
        every = nl.synthetic_cbs
        nl.synthetic_cbs = lambda seed=5: every(seed)[:2000]
        return nl.build(None, load_bundled())[0]

    return build
