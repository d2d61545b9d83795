"""The whole directory as one JSON document, for export and import.

Shape::

    {"wijkwijzer": 1,
     "contactpunten": [{...}, ...],
     "wijken": [{...}, ...],
     ...}

``wijkwijzer`` is the format version (:data:`FORMAT_VERSION`); every other
key is a record kind of :data:`wijkwijzer.dataset.KINDS` holding a list of
records exactly as stored (same field names and types as ``data/*.json``).
Keys are sorted, the text is UTF-8 and not ASCII-escaped, so an export diffs
well. A file may hold only some kinds (an import then leaves the others
alone); the ``wijkwijzer`` key may be left out by hand-written files.
"""

from __future__ import annotations

import json
from wijkwijzer.i18n import Messages
from wijkwijzer.text import json_problem

FORMAT_VERSION = 1
MARKER = "wijkwijzer"

MSG = Messages({
    "too_deep": "te diep genest",
    "not_utf8": "Het JSON-bestand is geen UTF-8-tekst.",
    "not_json": "Het bestand is geen geldige JSON ({where}).",
    "not_object": "Het JSON-bestand moet één object zijn, zoals "
                  "{{\"wijkwijzer\": 1, \"contactpunten\": [...]}}; het is een {found}.",
    "newer": "Het JSON-bestand heeft formaatversie {found}; deze wijkwijzer kent alleen versie "
             "{ours}. Werk wijkwijzer bij.",
    "bad_version": "Het veld 'wijkwijzer' moet een versienummer zijn (1), niet {found}.",
    "unknown_kind": "Onbekende soort(en) in het JSON-bestand: {kinds}. Bekende soorten: {known}.",
    "not_list": "'{kind}' moet een lijst van records zijn, niet een {found}.",
    "not_record": "{kind}, record {index}: een record moet een object zijn, niet een {found}.",
    "no_key": "{kind}, record {index}: het veld '{key}' ontbreekt of is geen tekst.",
    "nothing": "Het JSON-bestand bevat geen records (verwacht bijv. \"contactpunten\": [...]).",
})
_TYPE_NAMES = {dict: "object", list: "lijst", str: "tekst", int: "getal", float: "getal",
               bool: "waar/onwaar", type(None): "null"}


class JsonError(ValueError):
    """A JSON import file that cannot be used; ``str()`` is one Dutch
    sentence naming the kind and record index (1-based) where there is one."""

    def __init__(self, message: str, kind: str | None = None, index: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.index = index


def _type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def write_json(data: dict[str, list[dict]], kinds: list[str] | None = None) -> bytes:
    """Serialise the directory *data* (``{kind: [record, ...]}``, as from
    ``Store.snapshot()``) as one JSON document (UTF-8 bytes, sorted keys,
    indent 2, trailing newline). *kinds* limits it to those kinds (default:
    every kind of KINDS, in that order). Records are written as they are."""
    from wijkwijzer.dataset import KINDS

    doc: dict = {MARKER: FORMAT_VERSION}
    for kind in kinds or list(KINDS):
        doc[kind] = list(data.get(kind, []))
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def read_json(data: bytes) -> dict[str, list[tuple[int, dict]]]:
    """Parse an export document (see the module docstring).

    Returns ``{kind: [(index, record), ...]}`` for the kinds present, with
    1-based record indexes for error messages ("contactpunten, record 3").
    Checks the shape only - an object per record with its key field as text;
    field values are for :mod:`wijkwijzer.validate`. Raises JsonError: not
    UTF-8, not JSON, not an object, a newer format version, an unknown kind,
    a kind that is not a list, a record that is not an object or lacks its key.
    """
    from wijkwijzer.dataset import KINDS

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JsonError(MSG["not_utf8"]) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonError(MSG["not_json"].format(where=json_problem(exc))) from None
    except RecursionError:
        raise JsonError(MSG["not_json"].format(where=MSG["too_deep"])) from None
    if not isinstance(doc, dict):
        raise JsonError(MSG["not_object"].format(found=_type_name(doc)))
    version = doc.get(MARKER, FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise JsonError(MSG["bad_version"].format(found=json.dumps(version, ensure_ascii=False)[:40]))
    if version > FORMAT_VERSION:
        raise JsonError(MSG["newer"].format(found=version, ours=FORMAT_VERSION))
    unknown = [k for k in doc if k != MARKER and k not in KINDS]
    if unknown:
        raise JsonError(MSG["unknown_kind"].format(kinds=", ".join(f"'{k}'" for k in unknown),
                                                   known=", ".join(KINDS)))
    out: dict[str, list[tuple[int, dict]]] = {}
    for kind in KINDS:
        if kind not in doc:
            continue
        records = doc[kind]
        if not isinstance(records, list):
            raise JsonError(MSG["not_list"].format(kind=kind, found=_type_name(records)), kind)
        key = KINDS[kind]
        rows = []
        for index, rec in enumerate(records, start=1):
            if not isinstance(rec, dict):
                raise JsonError(MSG["not_record"].format(kind=kind, index=index,
                                                         found=_type_name(rec)), kind, index)
            if not isinstance(rec.get(key), str) or not rec[key].strip():
                raise JsonError(MSG["no_key"].format(kind=kind, index=index, key=key), kind, index)
            rows.append((index, rec))
        out[kind] = rows
    if not out:
        raise JsonError(MSG["nothing"])
    return out
