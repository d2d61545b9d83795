"""Plain-text helpers shared by every module: normalising names for matching and
making untrusted strings safe to show. No typer, no rich."""

from __future__ import annotations

import re
import unicodedata

from wijkwijzer.i18n import Messages

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Words that name the kind of organisation rather than the place; a resident
# leaves them out ("zeehelden" for "Bewonersorganisatie Zeeheldenkwartier").
GENERIC_WORDS = frozenset({
    "bewonersorganisatie", "bewonersvereniging", "bewonersplatform", "bewonersoverleg",
    "wijkorganisatie", "wijkberaad", "wijkvereniging", "wijkoverleg", "vereniging", "commissie",
    "stichting", "de", "het", "van", "en", "wijk", "stadsdeel", "buurt", "gemeente",
})
_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def normalize(text: str) -> str:
    """Return *text* folded for matching: transliterated to ASCII, case-folded,
    every run of non-alphanumerics turned into one space ("Réné-Straat" ->
    "rene straat", "Kadın Dayanışma" -> "kadin dayanisma", Arabic or Cyrillic
    names to their Latin transliteration, so a name typed in its own script
    or without its accents finds the same record).

    Transliteration is anyascii's (imported only for non-ASCII text, so an
    ASCII ``who`` never loads it); a letter contributes only letters and digits
    (Arabic ``ع`` is "`" in anyascii and would otherwise split a word)."""
    if text.__class__ is not str:  # a hand-edited record may hold a number or a list
        text = "" if text is None else str(text)
    if text.isascii():  # nothing to transliterate: same result, much faster on national data
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    return _NON_ALNUM.sub(" ", _transliterate(text).lower()).strip()


def _transliterate(text: str) -> str:
    """*text* in ASCII: each non-ASCII letter or number by anyascii (letters
    stripped of the apostrophes anyascii uses for Arabic ayn and hamza), other
    characters by their compatibility decomposition without accents."""
    from anyascii import anyascii

    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
        elif unicodedata.category(ch)[0] in "LN":
            out.append("".join(c for c in anyascii(ch) if c.isalnum()))
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def core_tokens(text: str) -> list[str]:
    """Return the normalised tokens of *text* without generic words
    ("Bewonersorganisatie", "wijk"); falls back to all tokens when nothing
    would be left. Numbers stay: dropping them once turned "2511 bomen" into
    "bomen", which matched the Bomen- en Bloemenbuurt."""
    tokens = normalize(text).split()
    core = [t for t in tokens if t not in GENERIC_WORDS]
    return core or tokens


def slug(text: str) -> str:
    """Return a lower-case ASCII identifier for *text* ("Haagse Hout" -> "haagse-hout")."""
    return normalize(text).replace(" ", "-")


def visible(text: object) -> str:
    """Return ``str(text)`` with every control, bidi-override and other
    invisible formatting character replaced by a visible escape such as
    ``\\x1b`` or ``\\u202e``, so that terminal escape sequences in data are
    shown, never executed. Newlines and tabs are escaped too."""
    s = str(text)
    if s.isprintable() and not any(ord(c) in _BIDI for c in s):
        return s
    out = []
    for ch in s:
        code = ord(ch)
        if ch == " " or (ch.isprintable() and code not in _BIDI):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def controls_visible(text: str) -> str:
    """*text* for a file another program reads (a CSV cell, an iCalendar
    text): every control character (C0, DEL, C1) except tab, newline and CR
    replaced by the escape :func:`visible` writes (``\\x1b``); those three are
    data there. Validation refuses control characters, so this is for what an
    older version or a hand edit stored."""
    if text.isprintable():
        return text
    return _RAW_CONTROL.sub(lambda m: visible(m.group()), text)


MSG = Messages({
    "no_channel": "nog geen kanaal bekend",
    "too_long": "De zoektekst is te lang ({n} tekens); gebruik er hoogstens {most}.",
})
CHANNEL_LABELS = Messages({"telefoon": "tel.", "email": "e-mail", "web": "web", "adres": "adres",
                           "openingstijden": "open"})


def no_channel_text() -> str:
    """The words for "no channel known yet", in the language in force."""
    return MSG["no_channel"]


def channels_text(kanalen: dict | None, most: int | None = None, order: tuple | None = None) -> str:
    """Format a contactpunt's ``kanalen`` dict as one line
    ("tel. 14070 · adres Spui 70"), or "nog geen kanaal bekend" when all are
    empty. With *most*, at most that many ways to reach someone, taken in
    *order* (default :data:`REACH_CHANNELS`: telefoon, e-mail, web, adres; no
    opening hours): for a sentence or a line that must stay short."""
    if most is not None and isinstance(kanalen, dict):
        kanalen = {k: kanalen[k] for k in [k for k in order or REACH_CHANNELS if reachable({k: kanalen.get(k)})][:most]}
    parts = [f"{label} {_shown(k, kanalen[k])}" for k, label in CHANNEL_LABELS.items()
             if kanalen and kanalen.get(k)]
    return " · ".join(parts) if parts else MSG["no_channel"]


#: the channels one can reach someone through; opening hours alone are none
REACH_CHANNELS = ("telefoon", "email", "web", "adres")


def reachable(kanalen) -> bool:
    """True when *kanalen* (a contactpunt's channel dict) holds at least one
    way to reach someone: telefoon, e-mail, web or adres (not only opening hours)."""
    return isinstance(kanalen, dict) and any(
        isinstance(kanalen.get(k), str) and kanalen[k].strip() for k in REACH_CHANNELS)


#: little words of a sentence ("afval in het park", "graffiti bij het station", "trees near
#: the school"): they never name a place or a thema, so a topic that leaves them unused has
#: not left anything out (QA: counted as unexplained, 'het park' beat 'Bezuidenhout')
FUNCTION_WORDS = frozenset({
    "aan", "achter", "af", "al", "als", "bij", "boven", "dat", "de", "deze", "die", "dit", "door", "een", "en",
    "er", "het", "heel", "hier", "hoe", "in", "is", "je", "langs", "maar", "met", "na", "naar", "naast",
    "nog", "of", "om", "onder", "ook", "op", "over", "rond", "s", "staat", "te", "tegen", "tot", "tussen", "u",
    "uit", "van", "veel", "voor", "waar", "wat", "wie", "wij", "we", "ze", "zijn", "zit", "avonds", "ochtends",
    "nachts", "middags", "laat", "vroeg", "altijd", "steeds", "weer",
    "a", "an", "and", "are", "at", "by", "for", "from", "near", "next", "on", "the", "there", "to", "with",
})

#: words that describe a case, not what it is about ("kapotte lamp"): never matched on
_CASE_WORDS = frozenset({"kapot", "kapotte", "losse", "gevaarlijk", "gevaarlijke", "onveilig", "onveilige",
                         "nieuw", "nieuwe", "oude", "groot", "grote", "klein", "kleine", "veel", "vieze",
                         "volle", "mijn", "onze", "straat", "buurt", "wijk"})


def topic_fit(rol, topic: str | None) -> tuple[int, int, int]:
    """How well a contactpunt's *rol* fits the typed *topic*: ``(n, k, -pos)``,
    largest first when sorted, or ``(0, 0, 0)`` when it does not fit.

    A three-letter topic word (an abbreviation: "wmo", "vog") fits a rol word
    that is that word. A topic word of four letters or more fits a word of the rol when they
    start alike for all but the last three letters of the topic word
    ("parkeren" - "parkeervergunning", "afval" - "afvalmelding"; not
    "straatverlichting" - "straatvegen"), or when a topic word of six letters
    or more stands inside the rol word ("subsidie" - "activiteitensubsidie").
    n is the length of that match, pos the place of the rol word. Words that
    describe a case ("kapotte", "onveilige") never make a rol fit, but among
    rollen that fit, k counts those case words the rol names too, so "onveilige
    boom" prefers "zwakke of onveilige boom melden" to the form for felling one."""
    words = [w for w in normalize(topic or "").split()
             if len(w) >= 3 and w not in _CASE_WORDS and w not in FUNCTION_WORDS]
    best = (0, 0)
    for pos, r in enumerate(normalize(str(rol)).split()):
        for w in words:
            if len(w) == 3:  # an abbreviation fits only itself ("wmo" - "Wmo-ondersteuning")
                best = max(best, (3 if r == w else 0, -pos))
                continue
            n = 0
            while n < min(len(r), len(w)) and r[n] == w[n]:
                n += 1
            if n < max(4, len(w) - 3):
                n = len(w) if len(w) >= 6 and w in r else 0
            best = max(best, (n, -pos))
    if not best[0]:
        return (0, 0, 0)
    rol_words = normalize(str(rol)).split()
    cases = [w for w in normalize(topic or "").split() if len(w) >= 4 and w in _CASE_WORDS]
    named = sum(1 for w in cases if any(r.startswith(w[:max(4, len(w) - 3)]) for r in rol_words))
    return (best[0], named, best[1])


def short_rol(rol) -> str:
    """A contactpunt's rol without its explanation, for a sentence: up to the
    first ':' or ' (' ("Centraal Subsidiebureau (basissubsidie ...)" ->
    "Centraal Subsidiebureau")."""
    rol = str(rol)
    for mark in (":", " ("):
        rol = rol.split(mark, 1)[0]
    return rol.strip()


def first_reachable(contacts: list[dict]) -> dict | None:
    """The contact to turn to when the first of *contacts* (answer rows of
    ``who``, first contact included) cannot be reached: the first reachable
    one after it, preferring an aanspreekpunt over a melding and one for the
    wijk or stadsdeel over a desk for the whole city, and the city's general
    number over a thema's city-wide service desk (an afvalbrengstation is
    no place to take a wijk's question). None when nobody can be reached."""
    candidates = [c for c in contacts[1:] if reachable(c.get("kanalen"))]

    def key(c: dict) -> tuple[bool, bool, bool]:
        city = (c.get("gebied") or {}).get("soort") not in ("wijk", "stadsdeel")
        # for the whole city, the general number before a thema's service desk
        return c.get("soort") == "melding", city, city and c.get("positie") == "ook voor dit thema"

    candidates.sort(key=key)
    return candidates[0] if candidates else None


def _shown(channel: str, value) -> str:
    """A stored E.164 phone number in national format ('070 353 3000'); see
    channels.format_phone (Dutch numbers need no phonenumbers import, so `who` stays fast)."""
    if channel == "telefoon" and str(value).startswith("+"):
        from wijkwijzer.channels import format_phone

        return format_phone(str(value))
    return str(value)


#: the longest PLACE, TOPIC or search text accepted, in characters
MAX_QUERY = 200


class QueryTooLong(ValueError):
    """A typed PLACE, TOPIC or search text longer than MAX_QUERY; ``str()`` is
    one sentence that does not repeat the text."""


def check_query(*parts: str) -> None:
    """Raise QueryTooLong when the typed *parts* together exceed MAX_QUERY
    characters (a pasted document is not a place name, and echoing it back
    in an error would bury the message)."""
    n = sum(len(p) for p in parts if p)
    if n > MAX_QUERY:
        raise QueryTooLong(MSG["too_long"].format(n=n, most=MAX_QUERY))



#: Python's JSON parser messages (json.decoder, the start of ``exc.msg``) -> what is wrong, in Dutch
JSON_PROBLEMS = Messages({
    "Expecting ',' delimiter": "er ontbreekt een komma",
    "Expecting ':' delimiter": "er ontbreekt een dubbele punt",
    "Expecting value": "er ontbreekt een waarde",
    "Expecting property name enclosed in double quotes": "een veldnaam moet tussen dubbele aanhalingstekens staan",
    "Unterminated string starting at": "een tekst mist zijn afsluitende aanhalingsteken",
    "Invalid control character at": "een tekst bevat een ongeldig teken",
    "Invalid \\escape": "een tekst bevat een ongeldige \\-code",
    "Invalid \\uXXXX escape": "een tekst bevat een ongeldige \\-code",
    "Extra data": "na het einde van het document staat nog tekst",
    "Illegal trailing comma before end of object": "er staat een komma te veel",
    "Illegal trailing comma before end of array": "er staat een komma te veel",
})
JSON_WHERE = Messages({
    "where": "regel {line}, kolom {col}",
    "where_why": "regel {line}, kolom {col}: {why}",
})


def json_problem(exc) -> str:
    """Where and what is wrong in a JSON text, for a sentence such as "Het bestand
    is geen geldige JSON ({...})": "regel 3, kolom 5: er ontbreekt een komma" in
    the language in force. *exc* is a ``json.JSONDecodeError`` (line and column
    1-based); a parser message without a Dutch text gives only line and column."""
    why = next((JSON_PROBLEMS[m] for m in JSON_PROBLEMS if exc.msg.startswith(m)), None)
    if why is None:
        return JSON_WHERE["where"].format(line=exc.lineno, col=exc.colno)
    return JSON_WHERE["where_why"].format(line=exc.lineno, col=exc.colno, why=why)
