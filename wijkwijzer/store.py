"""The live database: a TinyDB file created from the bundled data on first use.

Reading (``Store.snapshot``) parses the file once and needs no TinyDB; writing
(``Store.write``) holds a filelock on ``<file>.lock`` for the whole
read-modify-write and lands every change of one command in one atomic write.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .dataset import KINDS, Snapshot, load_bundled

SCHEMA_VERSION = 1
META = "meta"
HISTORY = "historie"
LOCK_TIMEOUT_S = 10.0

MSG = {
    "corrupt": "Het databasebestand {path} is beschadigd ({why}); herstel het met "
               "'wijkwijzer restore' (reservekopie: {backup}).",
    "newer": "Het databasebestand {path} heeft schemaversie {found}, nieuwer dan deze "
             "wijkwijzer ({ours}); werk wijkwijzer bij.",
    "busy": "De database {path} wordt al gewijzigd door een ander proces; probeer het over "
            "een moment opnieuw.",
    "unreadable": "Kan {path} niet lezen of schrijven: {why}.",
}


class StoreError(Exception):
    """A database problem the user can act on; ``str()`` is one Dutch sentence."""


class Store:
    """The wijkwijzer database at *path* (a TinyDB JSON file).

    The file holds one TinyDB table per kind in :data:`KINDS`, a ``meta``
    table with the schema version and a ``historie`` table with every change.
    Raises StoreError (never a traceback) for a damaged, newer or unreadable file.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._doc: dict | None = None

    @property
    def backup_path(self) -> Path:
        """``<file>.bak``: the version before the last write."""
        return self.path.with_name(self.path.name + ".bak")

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    # -- reading -----------------------------------------------------------------
    def _read_doc(self) -> dict:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise StoreError(MSG["unreadable"].format(path=self.path, why=exc.strerror)) from None
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            why = "leeg bestand" if not raw.strip() else f"geen geldige JSON: {exc}"
            raise self._corrupt(why) from None
        self._check_shape(doc)
        return doc

    def _corrupt(self, why: str) -> StoreError:
        return StoreError(MSG["corrupt"].format(path=self.path, why=why, backup=self.backup_path))

    def _check_shape(self, doc: object) -> None:
        if not isinstance(doc, dict) or not isinstance(doc.get(META), dict):
            raise self._corrupt("geen wijkwijzer-database")
        for name, table in doc.items():
            if not isinstance(table, dict) or not all(isinstance(r, dict) for r in table.values()):
                raise self._corrupt(f"tabel '{name}' heeft een onverwachte vorm")
        version = schema_version(doc)
        if version > SCHEMA_VERSION:
            raise StoreError(MSG["newer"].format(path=self.path, found=version, ours=SCHEMA_VERSION))

    def document(self) -> dict:
        """Return the whole TinyDB document, creating the database from the
        bundled data when the file does not exist yet. Read once per Store."""
        if self._doc is None:
            try:
                self._doc = self._read_doc()
            except FileNotFoundError:
                self._create()
                self._doc = self._read_doc()
        return self._doc

    def snapshot(self) -> Snapshot:
        """Return ``{kind: [record, ...]}`` for every kind (records are the stored dicts)."""
        doc = self.document()
        return {kind: list(doc.get(kind, {}).values()) for kind in KINDS}

    def history(self) -> list[dict]:
        """Return the change log, oldest first (see :mod:`wijkwijzer.history`)."""
        return list(self.document().get(HISTORY, {}).values())

    # -- writing -----------------------------------------------------------------
    def _lock(self):
        from filelock import FileLock

        return FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT_S)

    def _create(self) -> None:
        from .storage import atomic_write, dump

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked():
                if self.path.exists():
                    return
                atomic_write(self.path, dump(new_document(load_bundled())), backup=False)
        except OSError as exc:
            raise StoreError(MSG["unreadable"].format(path=self.path, why=exc.strerror)) from None

    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import Timeout

        try:
            with self._lock():
                yield
        except Timeout:
            raise StoreError(MSG["busy"].format(path=self.path)) from None

    @contextmanager
    def write(self) -> Iterator["object"]:
        """Open the database for one command's changes; yields a ``tinydb.TinyDB``.

        Holds the lock throughout, re-reads the file under the lock, and on a
        clean exit writes all changes in one atomic replace. An exception
        inside the block discards every change. Raises StoreError when the
        lock is not free within LOCK_TIMEOUT_S seconds or the file is damaged.
        """
        from tinydb import TinyDB

        from .storage import AtomicJSONStorage

        self.document()  # creates the file on first use
        try:
            with self._locked():
                self._doc = None
                doc = self._read_doc()
                db = TinyDB(storage=AtomicJSONStorage, path=self.path, data=doc)
                yield db
                db.storage.flush()
                self._doc = db.storage.read()
        except OSError as exc:
            raise StoreError(MSG["unreadable"].format(path=self.path, why=exc.strerror)) from None


def schema_version(doc: dict) -> int:
    """Return the schema version recorded in a database document (0 if none)."""
    for meta in doc.get(META, {}).values():
        return int(meta.get("schema", 0))
    return 0


def new_document(data: Snapshot) -> dict:
    """Build a TinyDB document (``{table: {doc_id: record}}``) from a snapshot."""
    doc: dict = {META: {"1": {"schema": SCHEMA_VERSION}}, HISTORY: {}}
    for kind in KINDS:
        doc[kind] = {str(i): rec for i, rec in enumerate(data.get(kind, []), start=1)}
    return doc
