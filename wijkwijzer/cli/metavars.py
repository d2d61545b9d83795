"""The placeholders in ``--help`` (metavars) readable and in the chosen language.

click would show an option without a metavar by its type (``<tekst>``,
``<int range>``, ``<json|csv>``); :func:`metavar` gives every option a word a
person reads as "what goes here" instead (``--db PAD``, ``--limit N``,
``--stadsdeel NAAM``). The command modules write their metavars in Dutch
(``metavar="JJJJ-MM-DD"``); :func:`translate` puts every Dutch word of one in
the language in force (``YYYY-MM-DD`` in English). Values the user types
literally (``nl|en``, ``mijn|hun``, ``[gemeente]``) are lower case and stay.
"""

from __future__ import annotations

import re

from wijkwijzer.i18n import Messages

#: a Dutch metavar word -> its msgid (the same Dutch word; the English catalog translates it)
WORDS = Messages({
    "PAD": "PAD", "BESTAND": "BESTAND", "NAAM": "NAAM", "WOORD": "WOORD", "DATUM": "DATUM",
    "NUMMER": "NUMMER", "ADRES": "ADRES", "TIJDEN": "TIJDEN", "ROL": "ROL", "TITEL": "TITEL",
    "TEKST": "TEKST", "BRON": "BRON", "SOORT": "SOORT", "DAGEN": "DAGEN", "MAANDEN": "MAANDEN",
    "JAREN": "JAREN", "MINUTEN": "MINUTEN", "JJJJ-MM-DD": "JJJJ-MM-DD", "UU:MM": "UU:MM",
    "PLAATS": "PLAATS", "PERIODE": "PERIODE",
})

#: option -> its Dutch metavar, for options the command modules give none
BY_OPTION = {
    "--db": "PAD", "--out": "BESTAND",
    **dict.fromkeys(("--stadsdeel", "--wijk", "--dienst", "--thema", "--gebied", "--organisatie", "--gemeente",
                     "--naam", "--alias", "--cbs-naam"), "NAAM"),
    **dict.fromkeys(("--synoniem", "--synoniem-en", "--add-synoniem", "--remove-synoniem"), "WOORD"),
    "--id": "ID", "--code": "CODE", "--plaats": "PLAATS",
    "--geverifieerd-op": "DATUM", "--bron-datum": "DATUM",
    "--email": "E-MAIL", "--persoon-email": "E-MAIL", "--telefoon": "NUMMER", "--persoon-telefoon": "NUMMER",
    "--web": "URL", "--adres": "ADRES", "--kantoor": "ADRES", "--openingstijden": "TIJDEN", "--rol": "ROL", "--titel": "TITEL",
    "--opmerking": "TEKST", "--bron": "BRON", "--soort": "SOORT", "--status": "STATUS", "--niveau": "1|2|3",
    "--mode": "merge|replace", "--reactietermijn": "DAGEN", "--herhaal": "PERIODE",
    "--stadsdeel-bevestigd": "ja|nee",
    "--max-age-months": "MAANDEN", "--max-source-age-years": "JAREN", "--moe-dagen": "DAGEN",
}
_WORD = re.compile(r"[A-Z][A-Z:|-]*[A-Z]")


def translate(text: str) -> str:
    """*text* (a metavar such as ``[PLAATS]`` or ``NAAM|GMxxxx``) with each
    Dutch word of :data:`WORDS` in the language in force."""
    def word(match: re.Match) -> str:
        if match[0] in WORDS:
            return WORDS[match[0]]
        return "|".join(WORDS[part] if part in WORDS else part for part in match[0].split("|"))

    return _WORD.sub(word, text)


def metavar(param) -> str | None:
    """The metavar *param* (a click parameter) shows in ``--help``, in the
    language in force; None for a flag (it shows none)."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    if param.metavar is not None:
        return translate(param.metavar)
    choices = getattr(param.type, "choices", None)
    if choices:
        return "|".join(str(choice) for choice in choices)
    name = next((opt for opt in param.opts if opt.startswith("--")), None)
    if name in BY_OPTION:
        return translate(BY_OPTION[name])
    kind = getattr(param.type, "name", "")
    fallback = "N" if "int" in kind else "PAD" if kind in ("path", "file", "directory") else "TEKST"
    return translate(fallback)
