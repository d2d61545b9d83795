"""Schema migrations of the database file: one step function per version.

``MIGRATIONS[n]`` turns a version-n document into a version-(n+1) document.
:class:`wijkwijzer.store.Store` runs them, under the lock and after keeping
the old file as ``<file>.v<n>.bak``, when it opens a file older than
``store.SCHEMA_VERSION``. A step gets the whole TinyDB document
(``{table: {doc_id: record}}``), may change it in place, and returns it.

Versions:

- 0: the tables of :data:`wijkwijzer.dataset.KINDS` without a ``meta``
  table (what a plain TinyDB dump of the data looks like).
- 1: adds ``meta`` (``{"1": {"schema": 1}}``) and the ``historie`` table.

To change the file format: raise ``store.SCHEMA_VERSION`` and register a step
here. No typer, no rich.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable
from wijkwijzer.i18n import Messages

Step = Callable[[dict], dict]

MSG = Messages({
    "no_step": "Er is geen migratie van schemaversie {found} naar {next}.",
})


class MigrationError(ValueError):
    """No registered step for some version; ``str()`` is one Dutch sentence."""


def v0_to_v1(doc: dict) -> dict:
    """Version 0 -> 1: add the ``meta`` and ``historie`` tables and any missing
    record table (empty). Records are left as they are."""
    from wijkwijzer.dataset import KINDS
    from wijkwijzer.store.schema import HISTORY, META

    doc.setdefault(META, {})
    doc.setdefault(HISTORY, {})
    for kind in KINDS:
        doc.setdefault(kind, {})
    return doc


MIGRATIONS: dict[int, Step] = {0: v0_to_v1}


def meta_record(doc: dict) -> dict:
    """The (single) record of the ``meta`` table, created when missing."""
    from wijkwijzer.store.schema import META

    table = doc.setdefault(META, {})
    if not table:
        table["1"] = {}
    return next(iter(table.values()))


def migrate(doc: dict, found: int, target: int, steps: dict[int, Step] | None = None) -> dict:
    """Run the steps ``found -> found+1 -> ... -> target`` on *doc*.

    *steps* defaults to :data:`MIGRATIONS`. Records each step in the meta
    record's ``migraties`` list (``{"van", "naar", "op"}``, UTC ISO time) and
    sets its ``schema`` to *target*. Returns the migrated document. Raises
    MigrationError when a step is missing.
    """
    steps = MIGRATIONS if steps is None else steps
    done = []
    for version in range(found, target):
        step = steps.get(version)
        if step is None:
            raise MigrationError(MSG["no_step"].format(found=version, next=version + 1))
        doc = step(doc)
        done.append({"van": version, "naar": version + 1,
                     "op": datetime.now(timezone.utc).isoformat(timespec="seconds")})
    meta = meta_record(doc)
    meta["schema"] = target
    meta.setdefault("migraties", []).extend(done)
    return doc
