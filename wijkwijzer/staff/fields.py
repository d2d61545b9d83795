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
#: a contactpunt's ``soort``: "melding" is a form, app or meldpunt that handles
#: one single case (a loose paving stone, a parking permit) by a process;
#: "aanspreekpunt" (the default) is a person, desk or page for questions,
#: structural ones included (the gebiedsregisseur). ``who`` shows both.
CP_SOORTEN = ("aanspreekpunt", "melding")
DEFAULT_CP_SOORT = "aanspreekpunt"
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
                      "niveau": None, "soort": DEFAULT_CP_SOORT, "kanalen": None, "persoon": None,
                      "reactietermijn_werkdagen": None, "geverifieerd_op": None,
                      "status": "onbevestigd", "bron": None, "bron_datum": None, "opmerking": None},
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
                  "adressen": None, "status": "actief", "bron": None},
    # issue #15: start is local time in Europe/Amsterdam, "JJJJ-MM-DDTUU:MM" (or only the
    # date when the time is not known); herhaling is a key of dataset.RECURRENCES
    "bijeenkomsten": {"id": None, "titel": None, "start": None, "duur_minuten": None, "plaats": None,
                      "gebied": None, "organisaties": [], "diensten": [], "herhaling": None,
                      "herhaal_tot": None, "status": "actief", "bron": None},
    # a question put to a contactpunt: personal data, see dataset.LOCAL_KINDS
    "vragen": {"id": None, "aan": None, "onderwerp": None, "gesteld_op": None, "organisatie": None,
               "thema": None, "termijn_werkdagen": None, "termijn_afgesproken": None,
               "uiterlijk": None, "beantwoord_op": None, "bron": None},
}
#: the longest meeting accepted, in minutes (a whole day)
MAX_DUUR = 24 * 60
#: a question's working-day term when its contactpunt has none agreed (issue #15)
DEFAULT_TERMIJN = 10
#: Fields every kind may carry besides its own (set by ``verify``).
OPTIONAL_EVERYWHERE = ("geverifieerd_op", "opmerking")
_ALLOWED = {kind: frozenset(fields) | frozenset(OPTIONAL_EVERYWHERE) for kind, fields in FIELDS.items()}
