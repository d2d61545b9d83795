"""The fields of every record kind, their defaults and the patterns of ids.

One table that validation, import and the edit commands read. Standard
library and :mod:`wijkwijzer.dataset` only.
"""

from __future__ import annotations

import re

from wijkwijzer.dataset import STATUSES

#: niveau 1 = eerste aanspreekpunt; 2 and 3 = escalation (DESIGN.md, "Domain terms")
MAX_NIVEAU = 3
#: the longest promised response time accepted, in working days (a year)
MAX_TERMIJN = 260

STATUS_CHOICES = ", ".join(STATUSES)
DIENST_SOORTEN = ("gemeente", "partner")
CHANNELS = ("adres", "email", "openingstijden", "telefoon", "web")
PERSON_FIELDS = ("naam", "telefoon", "email")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DIENST_ID = re.compile(r"^[A-Z0-9][A-Z0-9_-]*$")
_WK = re.compile(r"^WK\d{6}$")
_BU = re.compile(r"^BU\d{8}$")
_GM = re.compile(r"^GM\d{4}$")
_WEB = re.compile(r"^(https?://)?[^\s/.]+(\.[^\s/.]+)+(/\S*)?$", re.IGNORECASE)
MAX_LISTED_ERRORS = 25

#: kind -> {field: default}. A record gets every field (missing ones get the
#: default); a field not listed here is rejected as unknown.
FIELDS: dict[str, dict] = {
    "contactpunten": {"id": None, "rol": None, "dienst": None, "gebied": [], "themas": [],
                      "niveau": None, "kanalen": None, "persoon": None,
                      "reactietermijn_werkdagen": None, "geverifieerd_op": None,
                      "status": "onbevestigd", "bron": None, "opmerking": None},
    "organisaties": {"id": None, "naam": None, "aliassen": [], "stadsdeel": None, "wijken": [],
                     "status": "actief", "bron": None},
    "themas": {"id": None, "naam": None, "synoniemen": [], "synoniemen_en": [], "diensten": [], "status": "actief",
               "bron": None},
    "wijken": {"code": None, "naam": None, "cbs_naam": None, "aliassen": [], "gemeente": None,
               "stadsdeel": None, "stadsdeel_bevestigd": True, "status": "actief", "bron": None},
    "buurten": {"code": None, "naam": None, "wijk": None, "status": "actief", "bron": None},
    "stadsdelen": {"id": None, "naam": None, "code": None, "gemeente": None, "kantoor": None,
                   "status": "actief", "bron": None},
    "diensten": {"id": None, "naam": None, "soort": "gemeente", "status": "actief", "bron": None},
    "gemeenten": {"id": None, "naam": None, "cbs_naam": None, "telefoon": None,
                  "status": "actief", "bron": None},
    "postcodes": {"id": None, "pc4": None, "wijk": None, "buurt": None, "aandeel": None,
                  "adressen": None, "bron": None},
}
#: Fields every kind may carry besides its own (set by ``verify``).
OPTIONAL_EVERYWHERE = ("geverifieerd_op", "opmerking")
_ALLOWED = {kind: frozenset(fields) | frozenset(OPTIONAL_EVERYWHERE) for kind, fields in FIELDS.items()}
