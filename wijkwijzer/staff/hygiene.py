"""Checks on what a hand-edited file or a killed process may leave behind.

Two categories of ``wijkwijzer check`` (issue #18), kept apart from
:mod:`wijkwijzer.staff.check` so that module stays about the directory's
content:

- ``onbekende_velden``: record fields that no kind has (a typo or a key pasted
  into the JSON file by hand, possibly holding escape sequences): the
  programme ignores them, so they are reported (the key as data, made
  visible when shown);
- ``restbestanden``: temporary index files of a build that was killed
  (``.<file>.index.<pid>.tmp``); they hold a copy of the data, personal data
  included. The next build or write removes them, ``forget`` too.

No typer, no rich.
"""

from __future__ import annotations

from itertools import repeat
from operator import le
from pathlib import Path

from wijkwijzer.dataset import KINDS, Snapshot
from wijkwijzer.staff.check_records import Accumulator, over
from wijkwijzer.staff.fields import _ALLOWED, CHANNELS, PERSON_FIELDS

#: nested dicts of a contactpunt and the keys they may hold
NESTED = {"kanalen": frozenset(CHANNELS), "persoon": frozenset(PERSON_FIELDS)}


class UnknownFields(Accumulator):
    """``onbekende_velden``: ``{"soort", "id", "veld"}`` for every field of a
    record (or of a contactpunt's ``kanalen``/``persoon``) that its kind does
    not have (an accumulator, see :mod:`wijkwijzer.staff.check_records`)."""

    kinds = frozenset(_ALLOWED)

    def feed(self, batch):
        kind, records = batch.kind, batch.records
        allowed, nested = _ALLOWED[kind], kind == "contactpunten"
        if _known(records, allowed) and not (nested and any(
                not _known(list(filter(None, batch.col(parent))), keys) for parent, keys in NESTED.items())):
            return  # the common case, at C speed
        for rec in records:
            if not isinstance(rec, dict):
                continue
            rid = rec.get(KINDS[kind])
            self.found += [{"soort": kind, "id": rid, "veld": str(key)} for key in rec if key not in allowed]
            if nested:
                for parent, keys in NESTED.items():
                    sub = rec.get(parent)
                    if isinstance(sub, dict):
                        self.found += [{"soort": kind, "id": rid, "veld": f"{parent}.{key}"}
                                       for key in sub if key not in keys]


def _known(records: list, allowed: frozenset) -> bool:
    """True when every one of *records* is a dict with only keys in *allowed*
    (False when one is no dict: the slow path sorts that out)."""
    try:
        return all(map(le, map(dict.keys, records), repeat(allowed)))
    except TypeError:
        return False


def unknown_fields(data: Snapshot) -> list[dict]:
    """:class:`UnknownFields` over the snapshot *data* (``{kind: [record, ...]}``)."""
    return over(UnknownFields(), data)


def leftover_files(db_path: Path) -> list[dict]:
    """``[{"bestand", "bytes"}]``: temporary index files next to the database
    at *db_path* whose process no longer runs, with their size."""
    from wijkwijzer.store.derived import stray_files

    out = []
    for path in stray_files(db_path, only_orphans=True):
        try:
            out.append({"bestand": str(path), "bytes": path.stat().st_size})
        except OSError:
            continue
    return out
