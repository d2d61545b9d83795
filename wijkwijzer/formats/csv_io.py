"""CSV as Dutch Excel writes and reads it: one record kind per file.

Layout
    One row per record, one column per field (:data:`LAYOUTS` lists them per
    kind, in order). Nested dicts are flattened: a contactpunt's
    ``kanalen.email`` is the column ``email`` (likewise ``telefoon``, ``adres``,
    ``web``, ``openingstijden``), ``persoon.naam`` is ``persoon_naam`` (and
    ``persoon_email``, ``persoon_telefoon``). Lists (``gebied``, ``themas``,
    ``wijken``, ``synoniemen``, ``aliassen``, ``diensten``) are joined with
    ``|``. Booleans are written ``ja``/``nee``; decimals with a decimal comma
    (``0,361``) as Dutch Excel expects; dates ISO (``2025-03-31``). An empty
    cell is ``null`` (an empty list for list columns). Optional columns
    (``persoon_*``, and ``status``/``geverifieerd_op``/``opmerking`` outside
    contactpunten) are written only when a record has that field, so a public
    export (without ``persoon``) has no personal columns at all.

Writing (:func:`write_csv`)
    ``;``-separated, CRLF line ends, UTF-8 with BOM (Excel's "CSV UTF-8") or
    cp1252 (Excel's plain "CSV"). Phone numbers in the national form people
    dial (``070 353 3000``), text in every spreadsheet (see :mod:`.csv_layout`).

Neutralising (CSV injection, OWASP)
    Any other cell starting with ``=``, ``+``, ``-``, ``@``, TAB or CR (after any
    apostrophes) gets one extra leading apostrophe: text, never a formula. The
    reader strips exactly that one, so ``'=HYPERLINK("x")`` reads back as
    ``=HYPERLINK("x")``. A remark merely starting with ``-`` (``- geen``) gets it
    too: Excel would run it (``#NAAM?``); a rare visible apostrophe that the
    reader removes is less surprising than a changed remark.

Reading (:func:`read_csv`)
    Accepts what staff really send: UTF-8 with or without BOM, UTF-16 with BOM
    (Excel's "Unicode text"), else cp1252 (bytes that are valid UTF-8 are
    read as UTF-8: a cp1252 file can only be mistaken when it holds pairs such
    as "Â" + non-breaking space, which is why exports carry a BOM by default);
    ``;``, ``,`` or TAB separated (decided from the header line; an Excel
    ``sep=;`` first line is honoured);
    header names case-, accent-, space- and punctuation-insensitive (``E-mail``,
    ``email`` and ``Émail`` are one column). Blank rows are skipped; rows are
    numbered as a spreadsheet shows them (header = row 1). Dates in Excel's
    Dutch form (``31-3-2025``) are turned into ISO. A column absent from the
    file leaves its field out of the records, so an importer can keep the
    stored value. Only the *shape* is checked here (numbers, booleans, dates,
    known columns); references and e-mail/phone validity are for
    :mod:`wijkwijzer.validate`. Every problem raises :class:`CsvError`. A NUL
    character in a value is data; in the header line or in bulk it means the
    file is not text, and an .xlsx/.xls workbook gets its own message.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re

from wijkwijzer.formats.csv_layout import ALIASES, LAYOUTS, Column, header_key, inert, phone_cell, read_phone
from wijkwijzer.formats.csv_layout import columns as _layout_columns
from wijkwijzer.i18n import Messages

MSG = Messages({
    "encoding": "Het bestand is geen tekst in UTF-8 of Windows-1252 (cp1252); sla het in Excel "
                "op als 'CSV UTF-8 (door lijstscheidingsteken gescheiden)'.",
    "binary": "Het bestand bevat binaire gegevens (NUL-tekens); is het wel een CSV-bestand?",
    "workbook": "Dit is een Excel-werkmap (.xlsx of .xls), geen CSV; kies in Excel 'Opslaan als' "
                "'CSV UTF-8 (door lijstscheidingsteken gescheiden)'.",
    "empty": "Het CSV-bestand is leeg: er staat geen kopregel in.",
    "unknown_cols": "Onbekende kolom(men) in het CSV-bestand voor {kind}: {cols}. "
                    "Bekende kolommen: {known}.",
    "dup_col": "De kolom '{col}' staat twee keer in de kopregel.",
    "no_key": "De kolom '{key}' ontbreekt; die is nodig om de {kind} te herkennen.",
    "unknown_kind": "Onbekende soort '{kind}'; kies uit: {kinds}.",
    "bad_csv": ("Rij {row}: dit is geen leesbare CSV ({why}); een cel mag hoogstens 10 MB "
                "zijn en aanhalingstekens moeten gesloten zijn."),
    "too_many": "Rij {row}: meer cellen ({n}) dan kolommen in de kopregel ({m}).",
    "int": "Rij {row}, veld '{field}': '{value}' is geen geheel getal.",
    "float": "Rij {row}, veld '{field}': '{value}' is geen getal.",
    "bool": "Rij {row}, veld '{field}': '{value}' is geen ja of nee.",
    "date": "Rij {row}, veld '{field}': '{value}' is geen datum (JJJJ-MM-DD of D-M-JJJJ).",
    "guess": "Welke soort records dit CSV-bestand bevat is niet te zien; geef --soort op (bijv. contactpunten).",
    "not_cp1252": "{kind} '{id}', veld '{field}': het teken '{char}' past niet in cp1252; "
                  "exporteer met --encoding utf-8-sig.",
    "bad_encoding": "Onbekende tekenset '{enc}'; kies utf-8-sig of cp1252.",
})

LIST_SEP = "|"
TRIGGERS = "=+-@\t\r"
_NEEDS_QUOTE = re.compile(r"^'*[=+\-@\t\r]")
_TRUE = {"ja", "j", "true", "waar", "1", "yes", "y", "x"}
_FALSE = {"nee", "n", "false", "onwaar", "0", "no"}
_NL_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
ENCODINGS = ("utf-8-sig", "cp1252")


#: the largest cell the reader accepts, in characters (Python's csv default is 128 KiB)
MAX_CELL = 10 * 1024 * 1024


class CsvError(ValueError):
    """A CSV file (or value) that cannot be read or written; ``str()`` is one
    Dutch sentence naming the row and field where there is one."""

    def __init__(self, message: str, row: int | None = None, field: str | None = None):
        super().__init__(message)
        self.row = row
        self.field = field


def _kind_key(kind: str) -> str:
    from wijkwijzer.dataset import KINDS

    if kind not in KINDS:
        raise CsvError(MSG["unknown_kind"].format(kind=kind, kinds=", ".join(KINDS)))
    return KINDS[kind]


def columns(kind: str, records: list[dict] | None = None) -> list[Column]:
    """The columns written for *kind* (see :mod:`wijkwijzer.csv_layout`):
    every non-optional column, plus optional ones that one of *records*
    carries. CsvError for an unknown kind."""
    _kind_key(kind)
    return _layout_columns(kind, records)


# -- writing ---------------------------------------------------------------------
def neutralise(text: str) -> str:
    """*text* safe for a spreadsheet cell: no formula, no raw control character (:func:`.csv_layout.inert`)."""
    return "'" + text if _NEEDS_QUOTE.match(text := inert(text)) else text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise`: strip one apostrophe before a neutralised text."""
    return text[1:] if text.startswith("'") and _NEEDS_QUOTE.match(text[1:]) else text


def _get(record: dict, path: tuple[str, ...]):
    value = record
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def format_cell(value, typ: str) -> str:
    """Turn one field value into cell text (before neutralising)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEP.join("" if v is None else str(v) for v in value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def write_csv(kind: str, records: list[dict], encoding: str = "utf-8-sig") -> bytes:
    """Serialise *records* of *kind* as CSV bytes for Dutch Excel.

    ``;``-separated, CRLF, phone numbers in national form, every other cell
    neutralised; *encoding* ``utf-8-sig``
    (UTF-8 with BOM, the default) or ``cp1252``. Fields outside
    :data:`LAYOUTS` are not written. Raises CsvError for an unknown kind or
    encoding, or a character cp1252 cannot hold (naming record and field).
    """
    key = _kind_key(kind)
    if encoding.lower().replace("_", "-") not in ENCODINGS:
        raise CsvError(MSG["bad_encoding"].format(enc=encoding))
    encoding = encoding.lower().replace("_", "-")
    cols = columns(kind, records)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in cols])
    for rec in records:
        writer.writerow([neutralise(phone_cell(_get(rec, c.path)) if c.type == "phone"
                                    else format_cell(_get(rec, c.path), c.type)) for c in cols])
    text = buf.getvalue()
    if encoding == "cp1252":
        try:
            return text.encode("cp1252")
        except UnicodeEncodeError as exc:
            _raise_cp1252(kind, key, cols, records, exc.object[exc.start])
    return text.encode("utf-8-sig")


def _raise_cp1252(kind, key, cols, records, char) -> None:
    for rec in records:
        for col in cols:
            if char in format_cell(_get(rec, col.path), col.type):
                raise CsvError(MSG["not_cp1252"].format(kind=kind, id=rec.get(key), field=col.name,
                                                        char=char), field=col.name)
    raise CsvError(MSG["not_cp1252"].format(kind=kind, id="?", field="?", char=char))


# -- reading ---------------------------------------------------------------------
def decode(data: bytes) -> str:
    """Decode CSV bytes: BOM (UTF-8/UTF-16), else UTF-8, else cp1252.
    Raises CsvError for bytes that are none of these."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise CsvError(MSG["workbook"])
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1252"]
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        # A NUL in a value is data (our own export may hold one); in the
        # header line or in bulk (UTF-16 without BOM, a binary file) it is not text.
        if "\x00" in text.partition("\n")[0] or text.count("\x00") * 10 > len(text):
            raise CsvError(MSG["binary"])
        return text
    raise CsvError(MSG["encoding"])


def _split_header(text: str) -> tuple[str, str]:
    """Return (delimiter, text without an Excel ``sep=X`` line)."""
    first, _, rest = text.partition("\n")
    m = re.match(r"^\s*sep=(.)\s*$", first.rstrip("\r"))
    if m:
        return m.group(1), rest
    counts = {d: 0 for d in ";,\t"}
    in_quote = False
    for ch in first:
        if ch == '"':
            in_quote = not in_quote
        elif not in_quote and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return (best if counts[best] else ";"), text


def _rows(data: bytes) -> list[list[str]]:
    text = decode(data)
    delimiter, text = _split_header(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL)
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        raise CsvError(MSG["bad_csv"].format(row=reader.line_num, why=exc), row=reader.line_num) from None
    finally:
        csv.field_size_limit(limit)
    return rows


def _header_map(kind: str, header: list[str]) -> list[Column | None]:
    by_key = {header_key(c.name): c for c in LAYOUTS[kind]}
    for alias, target in ALIASES.items():
        col = next((c for c in LAYOUTS[kind] if c.name == target), None)
        if col is not None:
            by_key.setdefault(alias, col)
    out: list[Column | None] = []
    unknown, seen = [], set()
    for name in header:
        k = header_key(name)
        if not k:
            out.append(None)  # a nameless column (Excel's trailing ';') must stay empty
            continue
        col = by_key.get(k)
        if col is None:
            unknown.append(name)
            continue
        if col.name in seen:
            raise CsvError(MSG["dup_col"].format(col=name), row=1, field=col.name)
        seen.add(col.name)
        out.append(col)
    if unknown:
        raise CsvError(MSG["unknown_cols"].format(kind=kind, cols=", ".join(f"'{u}'" for u in unknown),
                                                  known=", ".join(c.name for c in LAYOUTS[kind])),
                       row=1)
    key = _kind_key(kind)
    if key not in seen:
        raise CsvError(MSG["no_key"].format(key=key, kind=kind), row=1, field=key)
    return out


def parse_cell(text: str, col: Column, row: int):
    """Turn one cell into a field value of *col*'s type (after un-neutralising).
    Raises CsvError naming *row* and the field for a malformed cell."""
    text = unneutralise(text)
    if col.type == "str":
        return text if text != "" else None
    if col.type == "phone":
        return read_phone(text)
    s = text.strip()
    if col.type == "list":
        return [p.strip() for p in s.split(LIST_SEP) if p.strip()]
    if s == "":
        return None
    err = {"row": row, "field": col.name, "value": s}
    if col.type == "int":
        if re.fullmatch(r"[+-]?\d+", s):
            return int(s)
        raise CsvError(MSG["int"].format(**err), row=row, field=col.name)
    if col.type == "float":
        try:
            return float(s.replace(",", ".")) if s.count(",") <= 1 else float("x")
        except ValueError:
            raise CsvError(MSG["float"].format(**err), row=row, field=col.name) from None
    if col.type == "bool":
        if s.lower() in _TRUE:
            return True
        if s.lower() in _FALSE:
            return False
        raise CsvError(MSG["bool"].format(**err), row=row, field=col.name)
    if col.type == "date":
        return _parse_date(s, err)
    raise AssertionError(col.type)  # pragma: no cover - LAYOUTS only uses the types above


def _parse_date(s: str, err: dict) -> str:
    m = _ISO_DATE.match(s)
    parts = (m.group(1), m.group(2), m.group(3)) if m else None
    if parts is None:
        m = _NL_DATE.match(s)
        parts = (m.group(3), m.group(2), m.group(1)) if m else None
    try:
        if parts is None:
            raise ValueError
        return _dt.date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        raise CsvError(MSG["date"].format(**err), row=err["row"], field=err["field"]) from None


def unflatten(kind: str, present: list[Column], values: dict[str, object]) -> dict:
    """Build a record from ``{column name: value}`` for the *present* columns.

    A nested dict gets all its layout keys (None when empty) once any of its
    columns is present; ``persoon`` becomes None when all its cells are empty.
    """
    rec: dict = {}
    nested: dict[str, dict] = {}
    for col in present:
        if len(col.path) == 1:
            rec[col.name] = values.get(col.name)
        else:
            nested.setdefault(col.path[0], {})
    for parent, sub in nested.items():
        for col in LAYOUTS[kind]:
            if len(col.path) == 2 and col.path[0] == parent:
                sub[col.path[1]] = values.get(col.name)
        rec[parent] = None if parent == "persoon" and not any(sub.values()) else sub
    return rec


def canonical(kind: str, record: dict) -> dict:
    """Return *record* as a CSV round trip gives it back: only layout fields,
    nested dicts complete, empty strings as None. For comparing a stored
    record with an imported one without false differences."""
    present = [c for c in LAYOUTS[kind] if not c.optional or c.path[0] in record]
    values = {}
    for col in present:
        value = _get(record, col.path)
        cell = phone_cell(value) if col.type == "phone" else format_cell(value, col.type)
        values[col.name] = parse_cell(neutralise(cell), col, 0)
    return unflatten(kind, present, values)


def read_csv(data: bytes, kind: str) -> list[tuple[int, dict]]:
    """Parse CSV *data* holding records of *kind*.

    Returns ``[(row number as a spreadsheet shows it, record), ...]``; the
    header is row 1, blank rows are skipped. Records have the data model's
    shape (lists, ints, nested ``kanalen``/``persoon``) with only the fields
    whose columns are in the file. Raises CsvError (encoding, unknown or
    duplicate columns, missing key column, malformed cell with row and field).
    """
    _kind_key(kind)
    rows = _rows(data)
    start = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if start is None:
        raise CsvError(MSG["empty"])
    header_cols = _header_map(kind, rows[start])
    present = [c for c in header_cols if c is not None]
    out = []
    for number, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header_cols) and any(c.strip() for c in row[len(header_cols):]):
            raise CsvError(MSG["too_many"].format(row=number, n=len(row), m=len(header_cols)), row=number)
        values = {}
        for col, cell in zip(header_cols, row):
            if col is not None:
                values[col.name] = parse_cell(cell, col, number)
        for col in present:  # a short row: missing trailing cells are empty
            if col.name not in values:
                values[col.name] = parse_cell("", col, number)
        out.append((number, unflatten(kind, present, values)))
    return out


def guess_kind(data: bytes) -> str:
    """Return the kind whose layout best fits the header of CSV *data*
    (its key column present, most columns known). Raises CsvError when none fits."""
    from wijkwijzer.dataset import KINDS

    rows = _rows(data)
    header = next((r for r in rows if any(c.strip() for c in r)), None)
    if header is None:
        raise CsvError(MSG["empty"])
    keys = {header_key(h) for h in header if header_key(h)}
    keys = {header_key(ALIASES.get(k, k)) for k in keys}
    scores = []
    for kind in KINDS:
        names = {header_key(c.name) for c in LAYOUTS[kind]}
        if header_key(KINDS[kind]) in keys:
            scores.append((len(keys & names) - 2 * len(keys - names), kind))
    scores.sort(reverse=True)
    if not scores or scores[0][0] <= 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        raise CsvError(MSG["guess"])
    return scores[0][1]
