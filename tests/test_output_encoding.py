"""Output that never breaks (#10): a terminal or pipe that is not UTF-8 gets
what it can show, `--json` stays valid JSON, and the exit code is that of the
work done (before, `organisatie add` under ASCII saved the record and exited 1,
so a retry made a duplicate)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wijkwijzer.env import Env

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], encoding: str, db: Path, **extra) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING=encoding, WIJKWIJZER_DB=str(db), PYTHONPATH=str(ROOT), **extra)
    return subprocess.run([sys.executable, "-m", "wijkwijzer", *args], capture_output=True, env=env,
                          cwd=ROOT, timeout=120)


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
def test_non_utf8_pipe_prints_what_it_can_and_json_stays_valid(tmp_path, encoding):
    db = tmp_path / "db.json"
    plain = run(["who", "zeehelden", "bomen", "--uitgebreid"], encoding, db)
    assert plain.returncode == 0, plain.stderr
    assert b"gebiedsregisseur DSB" in plain.stdout
    doc = run(["who", "zeehelden", "bomen", "--json"], encoding, db)
    assert doc.returncode == 0, doc.stderr
    doc.stdout.decode("ascii")  # escaped, so any consumer can read it
    assert "verifiëren" in json.loads(doc.stdout)["contactpunten"][0]["bron"]


def test_organisatie_add_under_ascii_saves_once_and_exits_0(tmp_path):
    db = tmp_path / "db.json"
    added = run(["organisatie", "add", "--naam", "Bewonerscommissie Één → Twee", "--stadsdeel", "centrum",
                 "--wijk", "WK051822"], "ascii", db)
    assert added.returncode == 0, added.stderr
    assert b"Toegevoegd" in added.stdout
    stored = json.loads(db.read_text(encoding="utf-8"))["organisaties"].values()
    assert [o["naam"] for o in stored if "Twee" in o["naam"]] == ["Bewonerscommissie Één → Twee"]


@pytest.mark.parametrize("args", [["themas"], ["check"], ["history"], ["search", "zeehelden"],
                                  ["show", "centrum-gebiedsregisseur-dsb"], ["who", "--help"]])
def test_every_command_keeps_its_exit_code_under_ascii(tmp_path, args):
    db = tmp_path / "db.json"
    utf8 = run(args, "utf-8", db)
    ascii_ = run(args, "ascii", db)
    assert ascii_.returncode == utf8.returncode, ascii_.stderr
    assert b"Traceback" not in ascii_.stderr and b"Onverwachte fout" not in ascii_.stderr


def test_rich_terminal_in_cp1252_replaces_instead_of_failing(cli):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    env = Env(stdout=stream, stderr=io.StringIO(), is_tty=True, no_color=True)
    assert cli("who", "zeehelden", "bomen", env=env).exit_code == 0
    stream.flush()
    assert b"gebiedsregisseur DSB" in raw.getvalue()


@pytest.mark.parametrize("args", [["themas"], ["who", "zeehelden", "bomen"], ["who", "zeehelden", "bomen", "--json"],
                                  ["contactpunten"], ["export", "--format", "html"]])
def test_a_reader_that_goes_away_is_no_failure(isolated_db, args):
    """QA: 'wijkwijzer themas | head -1' exited 141 (killed by SIGPIPE), or 1
    with 'Fout: [Errno 32] Broken pipe'. The work was done: exit 0, nothing on stderr."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root), "WIJKWIJZER_DB": str(isolated_db)}
    subprocess.run([sys.executable, "-m", "wijkwijzer", "stadsdelen"], env=env, capture_output=True)  # create the db
    proc = subprocess.Popen([sys.executable, "-m", "wijkwijzer", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first line
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0 and err == b""


@pytest.mark.parametrize("args,status,last_words", [
    ("check", 1, "problemen gevonden."),  # QA: exited 0 and the closing line was missing
    ("check --json", 1, "problemen gevonden."),
    ("check 2>&1", 1, None),  # stderr is the closed pipe too
    ("contactpunten", 0, None),
    ("export --format csv", 0, None),
    ("who zeehelden bomen", 0, None),
    ("who nergensland", 1, "Morgenstond'?"),
])
def test_a_reader_that_stops_early_keeps_the_exit_status(isolated_db, args, status, last_words):
    """`wijkwijzer check | head -1` exits 1 (problems found) and says so on
    stderr, as `check > /dev/null` does; a read command stays 0; no traceback."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WIJKWIJZER_DB": str(isolated_db)}
    subprocess.run([sys.executable, "-m", "wijkwijzer", "stadsdelen"], env=env, capture_output=True)  # create the db
    script = f'"{sys.executable}" -m wijkwijzer {args} | head -1 >/dev/null; echo "${{PIPESTATUS[0]}}"'
    proc = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.stdout.strip() == str(status), proc.stderr
    assert "Traceback" not in proc.stderr and "Broken pipe" not in proc.stderr
    if last_words:
        assert proc.stderr.strip().endswith(last_words), proc.stderr
