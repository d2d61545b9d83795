"""Ctrl-C ends with one Dutch word and exit 130, never a traceback or typer's
English 'Aborted!' (QA), and changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_ctrl_c_at_a_question_exits_130_and_changes_nothing(isolated_db, cli):
    cli("stadsdelen")  # create the database
    before = isolated_db.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "wijkwijzer", "contactpunt", "remove",
                             "centrum-stadsdeeldirecteur"], cwd=REPO, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "WIJKWIJZER_DB": str(isolated_db)})
    asked = b""
    deadline = time.monotonic() + 30
    while b"verwijderen?" not in asked and time.monotonic() < deadline:
        asked += os.read(proc.stderr.fileno(), 1024)
    assert b"verwijderen?" in asked
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode().strip() == "Afgebroken."
    assert isolated_db.read_bytes() == before
