"""Validation of one record of any kind, before anything is written.

No typer, no rich. :func:`check_record` returns the normalised record and every
problem found; :func:`validate_record` raises the first as a ValidationError.
References are checked against a :class:`Refs` built once from a snapshot, so
validating 60,000 imported rows costs set look-ups, not scans.

Phone and e-mail rules: see :mod:`wijkwijzer.channels`.
"""

from __future__ import annotations

import re

from wijkwijzer.dataset import ALL_THEMAS, KIND_SINGULAR, STATUSES, Snapshot
from wijkwijzer.channels import format_phone, iso_date, normalize_email, normalize_phone, source_date  # noqa: F401
from wijkwijzer.text import normalize
from wijkwijzer.staff.refs import Refs  # noqa: F401 - validators take one
from wijkwijzer.staff.validate_text import MULTILINE, plain_text
from wijkwijzer.staff.fields import (_ALLOWED, _BU, _DIENST_ID, _GM, _SLUG, _WEB, _WK, CHANNELS,  # noqa: F401
    CP_SOORTEN, DEFAULT_CP_SOORT, DIENST_SOORTEN, FIELDS, MAX_LISTED_ERRORS, MAX_NIVEAU, MAX_TERMIJN, OPTIONAL_EVERYWHERE, PERSON_FIELDS,
    STATUS_CHOICES)
from wijkwijzer.i18n import Messages, ngettext

MSG = Messages({
    "field": "Veld '{field}': {reason}.",
    "row": "{label} {row}, veld '{field}': {reason}.",
    "required": "is verplicht maar leeg",
    "unknown_field": "onbekend veld voor een {kind}",
    "not_text": "moet tekst zijn",
    "not_list": "moet een lijst zijn",
    "bad_id": "'{value}' is geen geldige id (kleine letters, cijfers en '-')",
    "bad_dienst_id": "'{value}' is geen geldige dienst-id (hoofdletters, cijfers en '-')",
    "bad_code": "'{value}' is geen CBS-code van de vorm {form}",
    "niveau": "'{value}' is geen niveau: 1 (eerste aanspreekpunt), 2 of 3 (escalatie)",
    "termijn": "'{value}' is geen aantal werkdagen (geheel getal van 1 tot en met 260)",
    "duur": "'{value}' is geen duur in minuten (geheel getal van 1 tot en met 1440)",
    "status": "'{value}' is geen status; kies uit {choices}",
    "soort": "'{value}' is geen soort dienst; kies uit {choices}",
    "cp_soort": "'{value}' is geen soort contactpunt; kies uit {choices}",
    "bool": "'{value}' is geen ja/nee-waarde",
    "web": "'{value}' is geen webadres",
    "no_dienst": "dienst '{value}' bestaat niet",
    "no_area": "'{value}' is geen wijkcode, stadsdeel-id of gemeentecode die bestaat",
    "no_thema": "thema '{value}' bestaat niet (gebruik '*' voor alle thema's)",
    "no_stadsdeel": "stadsdeel '{value}' bestaat niet",
    "no_wijk": "wijk '{value}' bestaat niet",
    "no_buurt": "buurt '{value}' bestaat niet",
    "no_gemeente": "gemeente '{value}' bestaat niet",
    "empty_list": "moet minstens één waarde hebben",
    "syn_clash": "'{value}' is al naam of synoniem van thema '{other}'",
    "persoon": "moet leeg zijn of velden naam, telefoon, email hebben",
    "many": "{n} fouten gevonden; er is niets gewijzigd:",
})
class ValidationError(ValueError):
    """One rejected field. ``str()`` is one Dutch sentence naming the field (and
    the row, for an import) and why; attributes ``field``, ``reason``, ``row``."""

    def __init__(self, field: str, reason: str, row: int | None = None, row_label: str = "Rij"):
        super().__init__(field, reason, row)
        self.field, self.reason, self.row, self.row_label = field, reason, row, row_label

    def __str__(self) -> str:
        if self.row is not None:
            text = MSG["row"].format(label=self.row_label, row=self.row, field=self.field,
                                     reason=self.reason)
        else:
            text = MSG["field"].format(field=self.field, reason=self.reason)
        return text[:-1] if text.endswith("?.") else text  # a "bedoelde u ...?" ends the sentence


class ValidationErrors(ValueError):
    """Several rejected fields (an import). ``errors`` is the list of
    ValidationError; ``str()`` is a count sentence followed by one line each."""

    def __init__(self, errors: list[ValidationError]):
        super().__init__(errors)
        self.errors = errors

    def lines(self) -> list[str]:
        """The message as lines: the count sentence, then "- <error>" for up to
        MAX_LISTED_ERRORS errors, then how many more there are."""
        if len(self.errors) == 1:
            return [str(self.errors[0])]
        lines = [MSG["many"].format(n=len(self.errors))]
        lines += [f"- {e}" for e in self.errors[:MAX_LISTED_ERRORS]]
        if len(self.errors) > MAX_LISTED_ERRORS:
            n = len(self.errors) - MAX_LISTED_ERRORS
            lines.append(ngettext("... en nog {n} fout.", "... en nog {n} fouten.", n).format(n=n))
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


# -- records -----------------------------------------------------------------------
class _Checker:
    """Collects the problems of one record while normalising it."""

    def __init__(self, kind: str, rec: dict, refs: Refs, row: int | None):
        self.kind, self.refs, self.row = kind, refs, row
        self.errors: list[ValidationError] = []
        # Default lists are shared, never mutated: listing() always builds a new one.
        self.out = dict(FIELDS[kind])
        self.out.update(rec)
        for key in rec.keys() - _ALLOWED[kind]:
            del self.out[key]
            self.bad(key, MSG["unknown_field"].format(kind=KIND_SINGULAR.get(kind, kind)))

    def bad(self, field: str, reason: str) -> None:
        self.errors.append(ValidationError(field, reason, self.row))

    def text(self, field: str, required: bool = False, container: dict | None = None,
             label: str | None = None):
        src = self.out if container is None else container
        value = src.get(field)
        if value.__class__ is not str and value is not None:
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                self.bad(label or field, MSG["not_text"])
                return None
            value = str(value)
        value = value.strip() if value else None
        if value:
            value = self.plain(label or field, value, multiline=field in MULTILINE)
        src[field] = value or None
        if required and not value:
            self.bad(label or field, MSG["required"])
        return value or None

    def plain(self, field: str, value: str, multiline: bool = False) -> str:
        """*value* as it may be stored (:func:`wijkwijzer.staff.validate_text.plain_text`);
        a control character is recorded as a problem naming *field*."""
        value, problem = plain_text(value, multiline)
        if problem:
            self.bad(field, problem)
        return value

    def listing(self, field: str) -> list:
        value = self.out.get(field)
        if value in (None, ""):
            value = []
        elif isinstance(value, str):
            value = [p for p in re.split(r"[|,]", value)]
        if not isinstance(value, list):
            self.bad(field, MSG["not_list"])
            value = []
        clean: list = []
        for v in value:
            v = self.plain(field, str(v).strip()) if v is not None else ""
            if v and v not in clean:
                clean.append(v)
        self.out[field] = clean
        return clean

    def key(self, field: str, pattern: re.Pattern, message: str, **fmt) -> None:
        value = self.text(field, required=True)
        if field == "id" and self.kind == "diensten" and value:
            value = self.out[field] = value.upper()
        elif value and pattern in (_WK, _BU, _GM):
            value = self.out[field] = value.upper()
        if value and not pattern.match(value):
            self.bad(field, MSG[message].format(value=value, **fmt))

    def ref(self, field: str, pool: set, message: str, required: bool = False) -> None:
        value = self.text(field, required=required)
        if value and value not in pool:
            self.bad(field, MSG[message].format(value=value))

    def refs_list(self, field: str, ok, message: str, required: bool = False) -> None:
        values = self.listing(field)
        if required and not values:
            self.bad(field, MSG["empty_list"])
        for v in values:
            if not ok(v):
                self.bad(field, MSG[message].format(value=v))

    def status(self) -> None:
        value = self.text("status") or FIELDS[self.kind].get("status")
        if value and value.strip().lower() in STATUSES:  # "Actief" as Excel capitalises it
            value = value.strip().lower()
        self.out["status"] = value
        if value and value not in STATUSES:
            self.bad("status", MSG["status"].format(value=value, choices=STATUS_CHOICES))

    def common(self) -> None:
        self.text("bron", required=True)
        if "opmerking" in self.out:
            self.text("opmerking")
        if "geverifieerd_op" in self.out:
            try:
                self.out["geverifieerd_op"] = iso_date(self.out["geverifieerd_op"])
            except ValueError as exc:
                self.bad("geverifieerd_op", str(exc))
        if "status" in FIELDS[self.kind]:
            self.status()

    def positive(self, field: str, message: str, required: bool, most: int | None = None) -> None:
        value = self.out.get(field)
        if value in (None, ""):
            if required:
                self.bad(field, MSG["required"])
            else:
                self.out[field] = None
            return
        try:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            number = int(str(value).strip()) if not isinstance(value, (int, float)) else int(value)
            if number < 1 or (most is not None and number > most):
                raise ValueError
            self.out[field] = number
        except (TypeError, ValueError):
            self.bad(field, MSG[message].format(value=value))

    def channel(self, container: dict, field: str, label: str, normalize_value) -> None:
        """Normalise one phone or e-mail field in place (``normalize_phone`` or
        ``normalize_email``), or record why it is invalid."""
        value = self.text(field, container=container, label=label)
        if value:
            try:
                container[field] = normalize_value(value)
            except ValueError as exc:
                self.bad(label, str(exc))

    def boolean(self, field: str) -> None:
        self.out[field] = _bool(self, field)

    def phone(self, container: dict, field: str, label: str) -> None:
        self.channel(container, field, label, normalize_phone)

    def email(self, container: dict, field: str, label: str) -> None:
        self.channel(container, field, label, normalize_email)


def _contactpunt(c: _Checker) -> None:
    c.key("id", _SLUG, "bad_id")
    c.text("rol", required=True)
    c.ref("dienst", c.refs.diensten, "no_dienst", required=True)
    c.refs_list("gebied", c.refs.area_exists, "no_area", required=True)
    c.refs_list("themas", lambda t: t == ALL_THEMAS or t in c.refs.themas, "no_thema", required=True)
    c.positive("niveau", "niveau", required=True, most=MAX_NIVEAU)
    c.positive("reactietermijn_werkdagen", "termijn", required=False, most=MAX_TERMIJN)
    _soort_and_source_date(c)
    kanalen = c.out.get("kanalen") or {}
    if not isinstance(kanalen, dict):
        c.bad("kanalen", MSG["not_text"])
        kanalen = {}
    for extra in set(kanalen) - set(CHANNELS):
        c.bad(f"kanalen.{extra}", MSG["unknown_field"].format(kind="contactpunt"))
    kanalen = {ch: kanalen.get(ch) for ch in CHANNELS}
    for ch in ("adres", "openingstijden"):
        c.text(ch, container=kanalen)
    c.email(kanalen, "email", "email")
    c.phone(kanalen, "telefoon", "telefoon")
    web = c.text("web", container=kanalen)
    if web and not _WEB.match(web):
        c.bad("web", MSG["web"].format(value=web))
    c.out["kanalen"] = kanalen
    persoon = c.out.get("persoon")
    if persoon in (None, "", {}):
        c.out["persoon"] = None
    elif not isinstance(persoon, dict) or set(persoon) - set(PERSON_FIELDS):
        c.bad("persoon", MSG["persoon"])
    else:
        persoon = {f: persoon.get(f) for f in PERSON_FIELDS}
        c.text("naam", container=persoon, label="persoon.naam")
        c.email(persoon, "email", "persoon.email")
        c.phone(persoon, "telefoon", "persoon.telefoon")
        c.out["persoon"] = persoon if any(persoon.values()) else None


def _soort_and_source_date(c: _Checker) -> None:
    """``soort`` (melding or aanspreekpunt; empty is the default, Excel's
    "Melding" is read as "melding") and ``bron_datum`` (JJJJ[-MM[-DD]])."""
    soort = (c.text("soort") or DEFAULT_CP_SOORT).lower()
    c.out["soort"] = soort
    if soort not in CP_SOORTEN:
        c.bad("soort", MSG["cp_soort"].format(value=soort, choices=", ".join(CP_SOORTEN)))
    value = c.text("bron_datum")
    if value:
        try:
            c.out["bron_datum"] = source_date(value)
        except ValueError as exc:
            c.bad("bron_datum", str(exc))


def _organisatie(c: _Checker) -> None:
    c.key("id", _SLUG, "bad_id")
    c.text("naam", required=True)
    c.listing("aliassen")
    c.ref("stadsdeel", c.refs.stadsdelen, "no_stadsdeel")
    c.refs_list("wijken", lambda w: w in c.refs.wijken, "no_wijk")
    _stadsdeel_of_wijken(c)


def _stadsdeel_of_wijken(c: _Checker) -> None:
    """An organisatie's wijken lie in its stadsdeel (the wijk records say
    where); an empty stadsdeel is taken from the wijken when they all lie in one."""
    from wijkwijzer.staff.area_match import derived_stadsdeel, misplaced

    if not c.out.get("wijken"):
        return
    wijk_of = c.refs.wijk_records.get
    if not c.out.get("stadsdeel"):
        sd = derived_stadsdeel(c.out["wijken"], wijk_of)
        if sd in c.refs.stadsdelen:
            c.out["stadsdeel"] = sd
        return
    for _code, reason in misplaced(c.out, wijk_of, c.refs.stadsdeel_naam):
        c.bad("wijken", reason)


def _thema(c: _Checker) -> None:
    c.key("id", _SLUG, "bad_id")
    c.text("naam", required=True)
    synoniemen = c.listing("synoniemen")
    english = c.listing("synoniemen_en")
    c.refs_list("diensten", lambda d: d in c.refs.diensten, "no_dienst")
    own = c.out.get("id")
    for term in [c.out.get("naam"), *synoniemen, *english]:
        other = c.refs.terms.get(normalize(term or ""))
        if term and other and other != own:
            c.bad("synoniemen" if term in synoniemen else "synoniemen_en" if term in english else "naam",
                  MSG["syn_clash"].format(value=term, other=other))


def _wijk(c: _Checker) -> None:
    c.key("code", _WK, "bad_code", form="WK051822")
    c.text("naam", required=True)
    c.text("cbs_naam")
    c.listing("aliassen")
    c.ref("gemeente", c.refs.gemeenten, "no_gemeente", required=True)
    c.ref("stadsdeel", c.refs.stadsdelen, "no_stadsdeel")
    c.out["stadsdeel_bevestigd"] = _bool(c, "stadsdeel_bevestigd")


def _buurt(c: _Checker) -> None:
    c.key("code", _BU, "bad_code", form="BU05182201")
    c.text("naam", required=True)
    c.ref("wijk", c.refs.wijken, "no_wijk", required=True)


def _stadsdeel(c: _Checker) -> None:
    c.key("id", _SLUG, "bad_id")
    c.text("naam", required=True)
    c.text("code")
    c.text("kantoor")
    c.ref("gemeente", c.refs.gemeenten, "no_gemeente", required=True)


def _dienst(c: _Checker) -> None:
    c.key("id", _DIENST_ID, "bad_dienst_id")
    c.text("naam", required=True)
    soort = c.text("soort") or "gemeente"
    c.out["soort"] = soort
    if soort not in DIENST_SOORTEN:
        c.bad("soort", MSG["soort"].format(value=soort, choices=", ".join(DIENST_SOORTEN)))


def _gemeente(c: _Checker) -> None:
    c.key("id", _GM, "bad_code", form="GM0518")
    c.text("naam", required=True)
    c.text("cbs_naam")
    c.phone(c.out, "telefoon", "telefoon")


def _postcode(c: _Checker) -> None:
    c.text("id", required=True)
    c.text("pc4", required=True)
    c.ref("wijk", c.refs.wijken, "no_wijk", required=True)
    c.ref("buurt", c.refs.buurten, "no_buurt")


def _bool(c: _Checker, field: str):
    value = c.out.get(field)
    if isinstance(value, bool) or value is None:
        return value
    text = normalize(str(value))
    if text in ("ja", "j", "true", "waar", "1", "yes"):
        return True
    if text in ("nee", "n", "false", "onwaar", "0", "no"):
        return False
    if text == "":
        return None
    c.bad(field, MSG["bool"].format(value=value))
    return value


from wijkwijzer.staff.validate_agenda import check_bijeenkomst, check_vraag  # noqa: E402 - issue #15

CHECKS = {"contactpunten": _contactpunt, "organisaties": _organisatie, "themas": _thema,
          "wijken": _wijk, "buurten": _buurt, "stadsdelen": _stadsdeel, "diensten": _dienst,
          "gemeenten": _gemeente, "postcodes": _postcode,
          "bijeenkomsten": check_bijeenkomst, "vragen": check_vraag}


def check_record(kind: str, record: dict, refs: Refs,
                 row: int | None = None) -> tuple[dict, list[ValidationError]]:
    """Validate and normalise one *record* of *kind* (a key of :data:`FIELDS`).

    Returns ``(normalised record, [ValidationError, ...])``: the record has
    every field of its kind (defaults filled in, text stripped, "" -> None,
    phones E.164, e-mail domains lower-cased, niveau an int); the list is
    empty when the record is valid. *row* is put into each error (imports)."""
    c = _Checker(kind, record, refs, row)
    CHECKS[kind](c)
    c.common()
    return c.out, c.errors


def validate_record(kind: str, record: dict, refs: Refs) -> dict:
    """Like :func:`check_record` but return only the normalised record; raises
    the first ValidationError (or ValidationErrors when there are several)."""
    out, errors = check_record(kind, record, refs)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)
    return out
