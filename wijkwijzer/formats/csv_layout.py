"""The CSV layout of every record kind: which columns, in which order, typed how.

One row per record, one column per field. Nested dicts are flattened: a
contactpunt's ``kanalen.email`` is the column ``email`` (likewise
``telefoon``, ``adres``, ``web``, ``openingstijden``), ``persoon.naam`` is
``persoon_naam`` (and ``persoon_email``, ``persoon_telefoon``). Optional
columns are written only when a record carries the field. Used by
:mod:`wijkwijzer.io_csv`; no typer, no rich.

Phone numbers
    A phone column (``telefoon``, ``persoon_telefoon``) holds the number in
    the national form people dial, as the terminal shows it: ``070 353 3000``,
    ``06 1234 5678``, ``0900 8844``, ``14070``. With its leading 0 and inner
    spaces it is text in every spreadsheet (Excel and LibreOffice keep the 0),
    so it needs no neutralising and nothing visible is added to the cell. Only
    a number from abroad keeps ``+CC`` (``+32 2 555 12 34``) and is therefore
    neutralised like any other cell starting with ``+``. The reader accepts
    every form - national, E.164, with or without the apostrophe older exports
    wrote (``'+31703533000``) - and turns a valid number into the stored E.164
    form; a value that is no valid number is passed on unchanged for
    validation to report.

Control characters
    Validation keeps them out of the database, but a database written by an
    older version or by hand may hold one. A cell never carries it raw: ESC,
    BEL, NUL, DEL and the other C0/C1 controls are written as the visible
    escape the terminal and the vCard export show (``\\x1b``, see
    :func:`wijkwijzer.text.visible`), so a NUL cannot cut a row short in a
    spreadsheet and an escape sequence is shown, never obeyed. Tab, newline
    and CR stay: inside a quoted cell they are data every spreadsheet reads
    (a remark of several lines). Re-imported, the escape is plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wijkwijzer.text import controls_visible as inert  # a cell's text (see "Control characters")

_E164 = re.compile(r"^\+\d{4,15}$")


@dataclass(frozen=True)
class Column:
    """One CSV column: its header ``name``, the ``path`` of keys into the
    record (``("kanalen", "email")``), its type (str|phone|int|float|bool|list|date;
    ``phone`` is text written in the national form people dial)
    and whether it is written only when records carry the field (``optional``)."""

    name: str
    path: tuple[str, ...]
    type: str = "str"
    optional: bool = False


def _c(name: str, typ: str = "str", path: tuple[str, ...] | None = None, optional: bool = False) -> Column:
    return Column(name, path or (name,), typ, optional)


_TAIL = [_c("status", optional=True), _c("geverifieerd_op", "date", optional=True),
         _c("opmerking", optional=True), _c("bron")]

#: kind -> its columns, in the order they are written. Nested fields:
#: kanalen.* -> bare channel name; persoon.* -> persoon_*.
LAYOUTS: dict[str, list[Column]] = {
    "gemeenten": [_c("id"), _c("naam"), _c("cbs_naam"), _c("telefoon", "phone"), *_TAIL],
    "stadsdelen": [_c("id"), _c("naam"), _c("code"), _c("gemeente"), _c("kantoor"), *_TAIL],
    "wijken": [_c("code"), _c("naam"), _c("cbs_naam"), _c("stadsdeel"),
               _c("stadsdeel_bevestigd", "bool"), _c("gemeente"), _c("aliassen", "list"), *_TAIL],
    "buurten": [_c("code"), _c("naam"), _c("wijk"), *_TAIL],
    "postcodes": [_c("id"), _c("pc4"), _c("buurt"), _c("wijk"), _c("adressen", "int"),
                  _c("aandeel", "float"), *_TAIL],
    "organisaties": [_c("id"), _c("naam"), _c("aliassen", "list"), _c("stadsdeel"),
                     _c("wijken", "list"), *_TAIL],
    "diensten": [_c("id"), _c("naam"), _c("soort"), *_TAIL],
    "themas": [_c("id"), _c("naam"), _c("synoniemen", "list"), _c("synoniemen_en", "list", optional=True),
               _c("diensten", "list"), *_TAIL],
    "contactpunten": [
        _c("id"), _c("rol"), _c("dienst"), _c("gebied", "list"), _c("themas", "list"),
        _c("niveau", "int"), _c("soort"),
        *(_c(ch, "phone" if ch == "telefoon" else "str", path=("kanalen", ch))
          for ch in ("email", "telefoon", "adres", "web", "openingstijden")),
        *(_c(f"persoon_{p}", "phone" if p == "telefoon" else "str", path=("persoon", p), optional=True)
          for p in ("naam", "email", "telefoon")),
        _c("reactietermijn_werkdagen", "int"), _c("status"), _c("geverifieerd_op", "date"),
        _c("opmerking"), _c("bron"), _c("bron_datum"),
    ],
    "bijeenkomsten": [_c("id"), _c("titel"), _c("start"), _c("duur_minuten", "int"), _c("plaats"),
                      _c("gebied"), _c("organisaties", "list"), _c("diensten", "list"), _c("herhaling"),
                      _c("herhaal_tot", "date"), *_TAIL],
    "vragen": [_c("id"), _c("aan"), _c("onderwerp"), _c("gesteld_op", "date"), _c("organisatie"),
               _c("thema"), _c("termijn_werkdagen", "int"), _c("termijn_afgesproken", "bool"),
               _c("uiterlijk", "date"), _c("beantwoord_op", "date"), _c("opmerking", optional=True),
               _c("bron")],
}
#: header aliases staff use (normalised form -> column name)
ALIASES = {"emailadres": "email", "mail": "email", "telefoonnummer": "telefoon", "tel": "telefoon",
           "website": "web", "url": "web", "openingstijd": "openingstijden",
           "persoon": "persoon_naam", "naampersoon": "persoon_naam",
           "reactietermijn": "reactietermijn_werkdagen", "geverifieerd": "geverifieerd_op",
           "thema": "themas", "wijkcode": "code"}


def header_key(name: str) -> str:
    """Fold a header name for matching: "É-mail " -> "email", "Persoon naam" -> "persoonnaam"."""
    from wijkwijzer.text import normalize

    return normalize(name).replace(" ", "")


def columns(kind: str, records: list[dict] | None = None) -> list[Column]:
    """The columns written for *kind* (a key of LAYOUTS, else KeyError): every
    non-optional column, plus optional ones that one of *records* carries."""
    out = []
    for col in LAYOUTS[kind]:
        if col.optional and not any(col.path[0] in r for r in records or []):
            continue
        out.append(col)
    return out


def phone_cell(value) -> str:
    """Cell text for a stored phone number: the national form people dial
    (``'+31703533000'`` -> ``'070 353 3000'``), a foreign number as
    ``+CC ...``; a value that is not a valid E.164 number (``'14070'``)
    unchanged, so that :func:`read_phone` always gives the value back."""
    text = "" if value is None else str(value)
    if _E164.match(text):
        from wijkwijzer.channels import format_phone

        shown = format_phone(text)
        if read_phone(shown) == text:
            return shown
    return text


def read_phone(text: str) -> str | None:
    """The stored (E.164) form of a phone cell in any form people or older
    exports write; text that is no valid number is returned as it is."""
    if text.strip() == "":
        return None
    from wijkwijzer.channels import ChannelError, normalize_phone

    try:
        return normalize_phone(text)
    except ChannelError:
        return text

