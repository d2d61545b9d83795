"""E-mail addresses and phone numbers that do not parse: `check`'s category
``ongeldige_kanalen``, by the rules of :mod:`wijkwijzer.channels` (which
``add``/``edit``/``import`` use). A Dutch number is first tried against the
phonenumbers metadata directly, so the national dataset is checked fast.
Pure functions; no typer, no rich.
"""

from __future__ import annotations

import re

from wijkwijzer.dataset import KINDS, Snapshot, as_dict
from wijkwijzer.i18n import Messages

MSG = Messages({
    "email": "geen geldig e-mailadres",
    "phone": "geen geldig telefoonnummer",
})
SINGULAR = {"contactpunten": "contactpunt", "gemeenten": "gemeente"}
_NL_NUMBER = re.compile(r"^(?:\+31|0031|0)([1-9]\d{6,10})$")
_PHONE_JUNK = re.compile(r"[\s\-./()]")


def _active(rec: dict) -> bool:
    return rec.get("status") != "inactief"


_NL_TYPES = ("fixed_line", "mobile", "premium_rate", "toll_free", "shared_cost", "voip", "personal_number",
             "pager", "uan", "voicemail")  # any order: only "does one match" counts
_nl_patterns: list | None = None


def _nl_valid_fast(nsn: str) -> bool:
    """True when the Dutch national number *nsn* is valid by the same metadata
    test as ``phonenumbers.is_valid_number`` (general pattern, then any number
    type, each with its possible lengths), without building number objects."""
    global _nl_patterns
    if _nl_patterns is None:
        from phonenumbers import PhoneMetadata

        meta = PhoneMetadata.metadata_for_region("NL")
        descs = [getattr(meta, t, None) for t in _NL_TYPES]
        _nl_patterns = [(re.compile(d.national_number_pattern), set(d.possible_length or ()))
                        for d in [meta.general_desc, *descs] if d is not None and d.national_number_pattern]
    (general, general_len), *types = _nl_patterns
    if (general_len and len(nsn) not in general_len) or not general.fullmatch(nsn):
        return False
    return any((not lengths or len(nsn) in lengths) and pattern.fullmatch(nsn) for pattern, lengths in types)


def _phone_ok(value: str) -> bool:
    from wijkwijzer.channels import ChannelError, normalize_phone

    m = _NL_NUMBER.match(_PHONE_JUNK.sub("", value))
    if m and _nl_valid_fast(m.group(1)):
        return True
    try:  # everything else (14-numbers, foreign, invalid) by the rules of channels.py
        normalize_phone(value)
    except ChannelError:
        return False
    return True


def _email_ok(value: str) -> bool:
    from wijkwijzer.channels import ChannelError, normalize_email

    try:
        normalize_email(value)
    except ChannelError:
        return False
    return True


def invalid_channels(data: Snapshot) -> list[dict]:
    """Return ``{soort, id, veld, waarde, reden}`` for e-mail addresses and
    phone numbers (contactpunt kanalen and persoon, gemeente.telefoon) that
    :mod:`wijkwijzer.channels` would reject (each distinct value checked once)."""
    out = []
    verdict: dict[tuple[str, str], str | None] = {}

    def test(kind: str, rec: dict, fld: str, value) -> None:
        if not value or not isinstance(value, str):
            return
        base = "email" if fld.endswith("email") else "telefoon"
        key = (base, value)
        if key not in verdict:
            ok = _email_ok(value) if base == "email" else _phone_ok(value)
            verdict[key] = None if ok else MSG["email" if base == "email" else "phone"]
        if verdict[key]:
            out.append({"soort": SINGULAR[kind], "id": str(rec.get(KINDS[kind])), "veld": fld, "waarde": value,
                        "reden": verdict[key]})

    for cp in data.get("contactpunten", []):
        if not _active(cp):
            continue
        kanalen, persoon = as_dict(cp.get("kanalen")), as_dict(cp.get("persoon"))
        for fld in ("email", "telefoon"):
            test("contactpunten", cp, fld, kanalen.get(fld))
            test("contactpunten", cp, f"persoon.{fld}", persoon.get(fld))
    for g in data.get("gemeenten", []):
        if _active(g):
            test("gemeenten", g, "telefoon", g.get("telefoon"))
    return out
