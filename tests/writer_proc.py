"""Helper process for tests/test_crash.py: real writes through Store.write().

Not a test module (pytest collects only ``test_*.py``). Usage::

    python tests/writer_proc.py DB loop START     # add kill-START, kill-START+1, ... forever
    python tests/writer_proc.py DB edits P N      # add edit-p<P>-0 .. edit-p<P>-<N-1>, one write each

It prints "ready" once imports are done, then the number of each write as
soon as it is committed (so the parent knows what must be on disk). In
``edits`` mode it first waits for a line on stdin, so that several writers
can be started at the same moment.
Every write opens a fresh Store, as separate commands would.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import filelock  # noqa: E402,F401 - imported before "ready", so kills hit writes, not imports
import tinydb  # noqa: E402,F401

from wijkwijzer.store.database import Store  # noqa: E402


def add(db_path: str, record_id: str) -> None:
    """Insert one minimal contactpunt with id *record_id* in its own write."""
    with Store(Path(db_path)).write() as db:
        db.table("contactpunten").insert({"id": record_id, "rol": "schrijftest", "dienst": "DSB",
                                          "gebied": ["centrum"], "themas": ["*"], "niveau": 3})


def main(argv: list[str]) -> None:
    db_path, mode = argv[0], argv[1]
    print("ready", flush=True)
    if mode == "loop":
        i = int(argv[2])
        while True:
            add(db_path, f"kill-{i}")
            print(i, flush=True)
            i += 1
    elif mode == "edits":
        proc, n = argv[2], int(argv[3])
        sys.stdin.readline()
        for i in range(n):
            add(db_path, f"edit-p{proc}-{i}")
            print(i, flush=True)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
