"""The database document: ``{table: {"<n>": record}}`` as TinyDB keeps it.

Parse and check a file's bytes, read its schema version, build a new one.
Only the store package knows this layout. No typer, no rich.
"""

from __future__ import annotations

from wijkwijzer.dataset import KINDS, Snapshot, shape_problem
from wijkwijzer.store import schema
from wijkwijzer.store.schema import HISTORY, META
from wijkwijzer.i18n import Messages

MSG = Messages({
    "too_deep": "geen geldige JSON: te diep genest",
    "empty": "leeg bestand",
    "not_json": "geen geldige JSON op {err}",
    "not_utf8": "geen UTF-8-tekst",
    "not_db": "geen wijkwijzer-database",
    "bad_table": "tabel '{table}' heeft een onverwachte vorm",
    "bad_field": "record '{id}' in tabel '{table}': {problem}",
    "bad_key": "een record in tabel '{table}' mist '{key}'",
    "bad_meta": "ongeldige schemaversie in tabel 'meta'",
    "newer_why": "schemaversie {found} is nieuwer dan deze wijkwijzer ({ours})",
})


class NewerSchema(ValueError):
    """The file was written by a newer wijkwijzer; ``found`` is its schema version."""

    def __init__(self, found: int):
        super().__init__(MSG["newer_why"].format(found=found, ours=schema.SCHEMA_VERSION))
        self.found = found



def parse_document(raw: bytes) -> dict:
    """Parse and check the bytes of a database file; returns the document.

    Raises ValueError whose ``str()`` is the Dutch reason ("leeg bestand",
    "geen geldige JSON: ..."); NewerSchema (a ValueError) for a file from a
    newer program.
    """
    import json

    if not raw.strip():
        raise ValueError(MSG["empty"])
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError(MSG["not_utf8"]) from None
    except json.JSONDecodeError as exc:
        from wijkwijzer.text import json_problem

        raise ValueError(MSG["not_json"].format(err=json_problem(exc))) from None
    except RecursionError:
        raise ValueError(MSG["too_deep"]) from None
    check_shape(doc)
    return doc


def check_shape(doc: object) -> None:
    """Raise ValueError (Dutch reason) unless *doc* looks like a wijkwijzer
    database of any version: ``{table: {"<int>": {record}}}`` with at least
    ``meta`` or one known record table, and every record of a known kind
    carrying its key field. Raises NewerSchema for a newer schema version."""
    if not isinstance(doc, dict) or not (META in doc or any(k in doc for k in KINDS)):
        raise ValueError(MSG["not_db"])
    for name, table in doc.items():
        if not isinstance(table, dict) or not all(
                isinstance(r, dict) and isinstance(i, str) and i.isdigit() for i, r in table.items()):
            raise ValueError(MSG["bad_table"].format(table=name))
    for kind, key in KINDS.items():
        for rec in doc.get(kind, {}).values():
            if not isinstance(rec.get(key), str):
                raise ValueError(MSG["bad_key"].format(table=kind, key=key))
            problem = shape_problem(kind, rec)
            if problem:
                raise ValueError(MSG["bad_field"].format(table=kind, id=rec[key], problem=problem))
    version = schema_version(doc)
    if version > schema.SCHEMA_VERSION:
        raise NewerSchema(version)


def schema_version(doc: dict) -> int:
    """Return the schema version recorded in a database document (0 if none).
    Raises ValueError when it is not a whole number."""
    for meta in doc.get(META, {}).values():
        value = meta.get("schema", 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(MSG["bad_meta"])
        return value
    return 0


def new_document(data: Snapshot) -> dict:
    """Build a TinyDB document (``{table: {doc_id: record}}``) from a snapshot."""
    doc: dict = {META: {"1": {"schema": schema.SCHEMA_VERSION}}, HISTORY: {}}
    for kind in KINDS:
        doc[kind] = {str(i): rec for i, rec in enumerate(data.get(kind, []), start=1)}
    return doc
