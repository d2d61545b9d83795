"""E-mail addresses and phone numbers that do not parse: `check`'s category
``ongeldige_kanalen``, by the rules of :mod:`wijkwijzer.channels` (which
``add``/``edit``/``import`` use). A Dutch number is first tried against the
phonenumbers metadata directly, so the national dataset is checked fast.
Pure functions; no typer, no rich.
"""

from __future__ import annotations

import re
from itertools import chain

from wijkwijzer.dataset import KINDS, Snapshot, as_dict
from wijkwijzer.i18n import Messages
from wijkwijzer.staff.check_records import Accumulator, Batch, over

MSG = Messages({
    "email": "geen geldig e-mailadres",
    "phone": "geen geldig telefoonnummer",
})
SINGULAR = {"contactpunten": "contactpunt", "gemeenten": "gemeente"}
_NL_NUMBER = re.compile(r"^(?:\+31|0031|0)([1-9]\d{6,10})$")
_PHONE_JUNK = re.compile(r"[\s\-./()]")


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
    from wijkwijzer.channels import ChannelError, normalize_email, plain_email

    if plain_email(value.strip()) is not None:
        return True
    try:
        normalize_email(value)
    except ChannelError:
        return False
    return True


class InvalidChannels(Accumulator):
    """``ongeldige_kanalen``: ``{soort, id, veld, waarde, reden}`` for e-mail
    addresses and phone numbers (contactpunt kanalen and persoon,
    gemeente.telefoon) that :mod:`wijkwijzer.channels` would reject, each
    distinct value checked once; contactpunten first, then gemeenten
    (an accumulator, see :mod:`wijkwijzer.staff.check_records`)."""

    kinds = frozenset({"contactpunten", "gemeenten"})

    def __init__(self):
        super().__init__()
        self.verdict: dict[str, dict[str, str | None]] = {"email": {}, "telefoon": {}}  # value -> reden
        self.per_kind: dict[str, list[dict]] = {"contactpunten": [], "gemeenten": []}

    def _test(self, kind: str, rec: dict, fld: str, value) -> None:
        if not value or not isinstance(value, str):
            return
        email = fld.endswith("email")
        verdict = self.verdict["email" if email else "telefoon"]
        reden = verdict.get(value, False)
        if reden is False:
            ok = _email_ok(value) if email else _phone_ok(value)
            reden = verdict[value] = None if ok else MSG["email" if email else "phone"]
        if reden:
            self.per_kind[kind].append({"soort": SINGULAR[kind], "id": str(rec.get(KINDS[kind])), "veld": fld,
                                        "waarde": value, "reden": reden})

    def feed(self, batch):
        kind, test = batch.kind, self._test
        if kind == "gemeenten":
            for g in batch.live.records:
                test(kind, g, "telefoon", g.get("telefoon"))
            return
        batch = batch.live
        if self._all_valid(batch):
            return
        for cp, kanalen, persoon in zip(batch.records, batch.col("kanalen"), batch.col("persoon")):
            if kanalen or persoon:
                kanalen, persoon = as_dict(kanalen), as_dict(persoon)
                for fld, value in (("email", kanalen.get("email")), ("persoon.email", persoon.get("email")),
                                   ("telefoon", kanalen.get("telefoon")),
                                   ("persoon.telefoon", persoon.get("telefoon"))):
                    if value:
                        test(kind, cp, fld, value)

    def _all_valid(self, batch: Batch) -> bool:
        """True only when every address and number in the contactpunten of
        *batch* is valid: the addresses are tested all at once
        (:func:`wijkwijzer.channels.all_plain_emails`), other values one by one
        (each distinct value once), so a batch without any invalid one needs
        no walk over its records."""
        from wijkwijzer.channels import all_plain_emails

        try:
            nested = [Batch("", list(filter(None, batch.col(parent)))) for parent in ("kanalen", "persoon")]
            values = {base: set(filter(None, chain.from_iterable(d.col(base) for d in nested)))
                      for base in ("email", "telefoon")}
        except (AttributeError, TypeError):  # kanalen that is no object, an unhashable value
            return False
        if not set(map(type, chain(*values.values()))) <= {str}:
            return False
        for base, found in values.items():
            if base == "email" and all_plain_emails(list(found)):
                continue
            verdict = self.verdict[base]
            for value in found - verdict.keys():
                verdict[value] = None if (_email_ok(value) if base == "email" else _phone_ok(value)) \
                    else MSG["email" if base == "email" else "phone"]
            if any(map(verdict.get, found)):
                return False
        return True

    def result(self) -> list[dict]:
        return self.per_kind["contactpunten"] + self.per_kind["gemeenten"]


def invalid_channels(data: Snapshot) -> list[dict]:
    """:class:`InvalidChannels` over the snapshot *data* (``{kind: [record, ...]}``)."""
    return over(InvalidChannels(), data)
