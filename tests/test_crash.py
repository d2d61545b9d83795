"""Crashes, concurrent writers and truncated files never cost data (issue #4).

Default run: ~20 SIGKILLs and 4 writers x 15 edits. Long run
(``WIJKWIJZER_LONG_TESTS=1``): 200 SIGKILLs and 4 writers x 50 edits.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wijkwijzer.cli import fast as quick
from wijkwijzer.cli.answer import answer
from wijkwijzer.env import Env
from wijkwijzer.store.database import Store
from wijkwijzer.store.document import parse_document

LONG = os.environ.get("WIJKWIJZER_LONG_TESTS") == "1"
KILLS = 200 if LONG else 20
WRITERS, EDITS = (4, 50) if LONG else (4, 15)
HELPER = Path(__file__).with_name("writer_proc.py")

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HELPER), *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def without(doc: dict, prefix: str) -> dict:
    """The document minus the test writers' records (ids starting with *prefix*)."""
    out = {t: v for t, v in doc.items() if t != "contactpunten"}
    out["contactpunten"] = {k: r for k, r in doc["contactpunten"].items()
                            if not r["id"].startswith(prefix)}
    return out


def ids_with(doc: dict, prefix: str) -> list[str]:
    return [r["id"] for r in doc["contactpunten"].values() if r["id"].startswith(prefix)]


def test_sigkill_at_random_moments_leaves_the_old_or_the_new_file(isolated_db):
    isolated_db.parent.mkdir(parents=True)
    Store(isolated_db).document()
    baseline = json.loads(isolated_db.read_bytes())
    probe = isolated_db.with_name("probe.json")
    Store(probe).document()
    started = time.perf_counter()
    with Store(probe).write() as db:  # how long one write takes on this machine
        db.table("contactpunten").insert({"id": "probe"})
    window = max(0.05, 4 * (time.perf_counter() - started))  # a few writes long
    rng = random.Random(20261129)
    on_disk = 0  # writes known to be in the file
    landed = 0
    for _ in range(KILLS):
        proc = spawn(str(isolated_db), "loop", str(on_disk))
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.0, window))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        acked = [int(line) for line in proc.stdout.read().split()]
        proc.stdout.close(), proc.stdin.close(), proc.stderr.close()
        committed = acked[-1] + 1 if acked else on_disk

        doc = parse_document(isolated_db.read_bytes())  # raises if half-written
        ids = ids_with(doc, "kill-")
        k = len(ids)
        # the state after some whole number of writes: every acknowledged one,
        # plus at most the one that was in flight when the kill came
        assert k in (committed, committed + 1), (k, committed)
        assert sorted(ids) == sorted(f"kill-{i}" for i in range(k))
        assert without(doc, "kill-") == without(baseline, "kill-")
        if Store(isolated_db).backup_path.exists():
            parse_document(Store(isolated_db).backup_path.read_bytes())
        landed += k > on_disk
        if k == on_disk:  # killed before any write landed: a busy machine, so wait longer
            window = min(window * 1.5, 2.0)
        on_disk = k
    assert on_disk > 0 and landed > 0, window  # the kills did interrupt real writing

    # the next writer removes what killed writers left behind
    with Store(isolated_db).write() as db:
        db.table("contactpunten").insert({"id": "kill-final"})
    leftovers = [p.name for p in isolated_db.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def edit_together(procs: list[subprocess.Popen]) -> None:
    """Start the "edits" writers *procs* at the same moment; each must commit all EDITS."""
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:  # start them together
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert len(out.split()) == EDITS


def test_four_writers_at_once_lose_no_edit(isolated_db):
    Store(isolated_db).document()
    edit_together([spawn(str(isolated_db), "edits", str(p), str(EDITS)) for p in range(WRITERS)])
    doc = parse_document(isolated_db.read_bytes())
    ids = ids_with(doc, "edit-p")
    assert len(ids) == WRITERS * EDITS
    assert set(ids) == {f"edit-p{p}-{i}" for p in range(WRITERS) for i in range(EDITS)}


def test_writers_through_a_symlink_share_the_lock_of_the_real_file(isolated_db, tmp_path):
    """Two writers through the real path and two through a symlink in another
    folder (WIJKWIJZER_DB=link.json): one file, one lock, no lost edit (#10;
    before, each path had its own lock and 70 of 78 edits survived)."""
    isolated_db.parent.mkdir(parents=True, exist_ok=True)
    Store(isolated_db).document()
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    link = elsewhere / "link.json"
    link.symlink_to(isolated_db)
    paths = [isolated_db, isolated_db, link, link]
    edit_together([spawn(str(path), "edits", str(p), str(EDITS)) for p, path in enumerate(paths)])
    assert link.is_symlink()
    ids = ids_with(parse_document(isolated_db.read_bytes()), "edit-p")
    assert sorted(ids) == sorted(f"edit-p{p}-{i}" for p in range(len(paths)) for i in range(EDITS))
    assert not list(elsewhere.glob("link.json.*"))  # no lock, backup or index of its own


def _make_backup(path: Path) -> None:
    with Store(path).write() as db:
        db.table("contactpunten").insert({"id": "eerste-wijziging"})


@pytest.mark.parametrize("keep", [0, 1, 17, 0.5, -2])
def test_truncated_file_exits_1_and_stays_byte_identical(cli, isolated_db, keep):
    _make_backup(isolated_db)
    raw = isolated_db.read_bytes()
    cut = raw[: int(len(raw) * keep) if isinstance(keep, float) else keep]
    isolated_db.write_bytes(cut)
    backup = Store(isolated_db).backup_path.read_bytes()
    for args in (["who", "zeehelden", "bomen"], ["search", "centrum"], ["stadsdelen", "--json"],
                 ["show", "WK051822"], ["forget", "Jan de Vries", "--yes"]):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr
        assert str(isolated_db) in lines[0] and "beschadigd" in lines[0]
        assert f"{isolated_db}.bak" in lines[0] and "wijkwijzer restore" in lines[0]
        assert isolated_db.read_bytes() == cut
        assert Store(isolated_db).backup_path.read_bytes() == backup
    # the console script's fast `who` path as well
    env = Env(stdout=io.StringIO(), stderr=io.StringIO(), is_tty=False)
    assert answer(["zeehelden", "bomen"], False, isolated_db, env=env) == 1
    assert "beschadigd" in env.stderr.getvalue() and env.stdout.getvalue() == ""
    assert isolated_db.read_bytes() == cut
