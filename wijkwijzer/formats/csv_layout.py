"""The CSV layout of every record kind: which columns, in which order, typed how.

One row per record, one column per field. Nested dicts are flattened: a
contactpunt's ``kanalen.email`` is the column ``email`` (likewise
``telefoon``, ``adres``, ``web``, ``openingstijden``), ``persoon.naam`` is
``persoon_naam`` (and ``persoon_email``, ``persoon_telefoon``). Optional
columns are written only when a record carries the field. Used by
:mod:`wijkwijzer.io_csv`; no typer, no rich.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One CSV column: its header ``name``, the ``path`` of keys into the
    record (``("kanalen", "email")``), its type (str|int|float|bool|list|date)
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
    "gemeenten": [_c("id"), _c("naam"), _c("cbs_naam"), _c("telefoon"), *_TAIL],
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
        *(_c(ch, path=("kanalen", ch)) for ch in ("email", "telefoon", "adres", "web", "openingstijden")),
        *(_c(f"persoon_{p}", path=("persoon", p), optional=True) for p in ("naam", "email", "telefoon")),
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
