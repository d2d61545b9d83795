"""Checking and showing single channel values: phone numbers, e-mail addresses, dates.

No typer, no rich; phonenumbers and email-validator are imported only when a
value needs them.

Phone rule (see :func:`normalize_phone`): a number is parsed as phonenumbers
does for region NL - a Dutch number in any usual form, a number from abroad
(a Belgian or German partner of a Haagse organisation) in international form
with its country code (``+32 2 555 12 34``, ``0032 2 555 12 34``) - and stored
in E.164 (``070 353 3000`` -> ``+31703533000``, ``0900-8844`` -> ``+319008844``,
``+32 2 555 12 34`` -> ``+3225551234``) when phonenumbers finds it valid for its country. The municipal short
numbers ``14 0xx(x)`` (such as the city's general number ``14070``) are kept
as their digits: they can only be dialled from within the Netherlands, so an
international form would mislead. Everything else that phonenumbers does not
consider a valid number (``112``, ``12345``) is rejected.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from wijkwijzer.i18n import Messages

MSG = Messages({
    "future": "'{value}' ligt in de toekomst",
    "date": "'{value}' is geen datum als JJJJ-MM-DD of DD-MM-JJJJ",
    "email": "'{value}' is geen geldig e-mailadres",
    "phone": ("'{value}' is geen geldig telefoonnummer: schrijf een Nederlands nummer (070 353 3000) of een "
              "buitenlands nummer met + en landcode (+32 2 555 12 34)"),
    "source_date": "'{value}' is geen datum van de bron: JJJJ, JJJJ-MM of JJJJ-MM-DD",
})
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NL_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")  # as the CSV import reads it
_SOURCE_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PHONE_JUNK = re.compile(r"[\s\-./()]")
_MUNICIPAL = re.compile(r"^14\d{3,4}$")
# A plain address (dot-atom local part, LDH domain, alphabetic TLD) that
# email-validator always accepts unchanged apart from lower-casing the domain.
_SIMPLE_EMAIL = re.compile(
    r"^(?=.{1,64}@)[A-Za-z0-9_%+'-]+(\.[A-Za-z0-9_%+'-]+)*"
    r"@(?=.{4,252}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")


# email_validator.SPECIAL_USE_DOMAIN_NAMES (2.x), copied so the fast path needs no import;
# tests/test_edit.py holds the two equal.
_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})
# RFC 2142 mailboxes that email-validator lower-cases ("WWW@x.nl" -> "www@x.nl"): slow path.
_RFC2142 = frozenset({"info", "marketing", "sales", "support", "abuse", "noc", "security", "postmaster",
                      "hostmaster", "usenet", "news", "webmaster", "www", "uucp", "ftp"})


class ChannelError(ValueError):
    """A value that is not a valid phone number, e-mail address or date;
    ``str()`` is the Dutch reason ("'112' is geen geldig telefoonnummer: ...")."""


@lru_cache(maxsize=65536)
def normalize_phone(value: str) -> str:
    """Return *value* as stored: E.164 (``'070 353 3000'`` -> ``'+31703533000'``,
    ``'+32 2 555 12 34'`` -> ``'+3225551234'``), or the digits of a municipal
    14-number (``'14 070'`` -> ``'14070'``). A number from abroad needs its
    country code (``+32``, ``0032``); without it, it is read as Dutch.

    Raises ChannelError for anything else. Cached: an
    import repeats the same numbers many times."""
    digits = _PHONE_JUNK.sub("", value.strip())
    if _MUNICIPAL.match(digits):
        return digits
    import phonenumbers

    if re.fullmatch(r"0[1-9]\d{6,9}", digits):  # national form: skip the slow parser
        number = phonenumbers.PhoneNumber(country_code=31, national_number=int(digits[1:]))
    else:
        try:
            number = phonenumbers.parse(value, "NL")
        except phonenumbers.NumberParseException:
            raise ChannelError(MSG["phone"].format(value=value)) from None
    if not phonenumbers.is_valid_number(number):
        raise ChannelError(MSG["phone"].format(value=value))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# phonenumbers' display formats for NL (its metadata, 8.13-9.0): (pattern, format,
# leading digits, national prefix rule). Copied so that showing a Dutch number -
# what `who` does for every answer - needs no 60 ms import of phonenumbers;
# tests/test_edit.py holds the result equal to phonenumbers.format_number.
_NL_FORMATS = [(re.compile(p), f, re.compile(lead), prefix) for p, f, lead, prefix in (
    (r"(\d{4})", r"\1", r"1[238]|[34]", None),
    (r"(\d{2})(\d{3,4})", r"\1 \2", r"14", None),
    (r"(\d{6})", r"\1", r"1", None),
    (r"(\d{3})(\d{4,7})", r"\1 \2", r"[89]0", "0"),
    (r"(\d{2})(\d{7})", r"\1 \2", r"66", "0"),
    (r"(\d)(\d{8})", r"\1 \2", r"6", "0"),
    (r"(\d{3})(\d{3})(\d{3})", r"\1 \2 \3", r"1[16-8]|2[259]|3[124]|4[17-9]|5[124679]", "0"),
    (r"(\d{2})(\d{3})(\d{4})", r"\1 \2 \3", r"[1-578]|91", "0"),
    (r"(\d{3})(\d{3})(\d{5})", r"\1 \2 \3", r"9", "0"),
)]


def format_phone(stored: str | None) -> str:
    """Show a stored number in national format (``'+31703533000'`` ->
    ``'070 353 3000'``; foreign numbers internationally). A value that is not
    E.164 (``'14070'``, or an unchecked legacy value) is returned unchanged."""
    if not stored or not str(stored).startswith("+"):
        return "" if stored is None else str(stored)
    stored = str(stored)
    if stored.startswith("+31") and stored[3:].isdigit():
        nsn = stored[3:]
        for pattern, fmt, lead, prefix in _NL_FORMATS:
            if lead.match(nsn) and pattern.fullmatch(nsn):
                fmt = fmt.replace("\\1", prefix + "\\1", 1) if prefix else fmt
                return pattern.sub(fmt, nsn)
    return _format_e164(stored)


#: stored numbers that can only be dialled from within the Netherlands:
#: 0800 (free), 0900/0906/0909 (paid); the municipal 14 0xx numbers are
#: stored as their digits already
_NATIONAL_ONLY = re.compile(r"^\+31(800|90[069])\d{4,7}$")


def export_phone(stored):
    """A stored number as an export (vCard, CSV) should hold it: as stored
    (E.164, dialable from anywhere), except a number that only works inside
    the Netherlands, which gets its national form (``'+319008844'`` ->
    ``'0900 8844'``): ``+319008844`` cannot be dialled. Any other value
    (None, a legacy text) is returned unchanged."""
    return format_phone(stored) if isinstance(stored, str) and _NATIONAL_ONLY.match(stored) else stored


@lru_cache(maxsize=4096)
def _format_e164(stored: str) -> str:
    import phonenumbers

    try:
        number = phonenumbers.parse(stored, None)
    except phonenumbers.NumberParseException:
        return stored
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 31
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, fmt)


def plain_email(value: str) -> str | None:
    """*value* (already stripped) as :func:`normalize_email` stores it when it
    is a plain address that email-validator surely accepts (the fast path,
    without the cache: ``check`` tests each of 10^4-10^5 addresses once);
    None when only email-validator can tell."""
    if len(value) > 254 or not _SIMPLE_EMAIL.match(value):
        return None
    local, domain = value.rsplit("@", 1)
    domain = _plain_domain(domain)
    return f"{local}@{domain}" if domain is not None and local.lower() not in _RFC2142 else None


_PLAIN_LINES = re.compile(f"(?:{_SIMPLE_EMAIL.pattern}\n)*", re.MULTILINE)
_RFC2142_LINE = re.compile(f"^(?:{'|'.join(_RFC2142)})@", re.MULTILINE | re.IGNORECASE)
_DOMAIN_LINE = re.compile(r"@([^@\n]*)$", re.MULTILINE)


def all_plain_emails(values: list[str]) -> bool:
    """True when :func:`plain_email` accepts every one of *values* (texts)
    as it is, without white space around it; tested in a few regular-expression
    passes over all of them at once (``check`` meets 10^4-10^5 addresses).
    False when one is not plain: then ask :func:`plain_email` one by one."""
    if not values:
        return True
    text = "\n".join(values) + "\n"
    if text.count("\n") != len(values) or max(map(len, values), default=0) > 254:
        return False
    if not _PLAIN_LINES.fullmatch(text) or _RFC2142_LINE.search(text):
        return False
    return all(_plain_domain(domain) is not None for domain in set(_DOMAIN_LINE.findall(text)))


@lru_cache(maxsize=1024)
def _plain_domain(domain: str) -> str | None:
    """The domain of a plain address lower-cased, or None when email-validator
    must judge it (a ``--`` label, a special-use name); many addresses share one."""
    domain = domain.lower()
    labels = domain.split(".")
    if "--" in domain or _SPECIAL_USE.intersection(".".join(labels[i:]) for i in range(len(labels))):
        return None
    return domain


@lru_cache(maxsize=65536)
def normalize_email(value: str) -> str:
    """Return the e-mail address as stored (domain lower-cased), checked for
    syntax only by email-validator (no DNS look-up). Raises ChannelError.
    Plain addresses take a fast path that gives the same result (a property
    test holds it to that); the cache serves repeated addresses."""
    value = value.strip()
    plain = plain_email(value)
    if plain is not None:
        return plain
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ChannelError(MSG["email"].format(value=value)) from None


def parse_date(value) -> date:
    """Read a date as every command takes it, the CSV import's forms:
    ``2026-11-30`` and the Dutch ``30-11-2026`` (also with ``/`` or ``.``).
    Raises ChannelError for another form or an impossible date."""
    text = str(value).strip()
    iso, dutch = _DATE.match(text), _NL_DATE.match(text)
    if not (iso or dutch):
        raise ChannelError(MSG["date"].format(value=value))
    year, month, day = iso.groups() if iso else dutch.groups()[::-1]
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ChannelError(MSG["date"].format(value=value)) from None


def iso_date(value) -> str | None:
    """Return a date as stored, ISO ``YYYY-MM-DD``, or None for empty; any
    form :func:`parse_date` reads. Raises ChannelError for another form, an
    impossible date or a date after today."""
    if value in (None, ""):
        return None
    when = parse_date(value)
    if when > date.today():  # a verification cannot lie ahead; it would never turn stale
        raise ChannelError(MSG["future"].format(value=value))
    return when.isoformat()


def source_date(value) -> str | None:
    """Return the date of a source as stored - ``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``, as precise as the source is (a news item of "2021-10") -
    or None for empty. Raises ChannelError for another form, an impossible
    date, or a period that starts after today."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    m = _SOURCE_DATE.match(text)
    try:
        if not m:
            raise ValueError
        start = date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        raise ChannelError(MSG["source_date"].format(value=value)) from None
    if start > date.today():
        raise ChannelError(MSG["future"].format(value=value))
    return text


def source_date_end(value) -> date | None:
    """The last day of the period a stored source date names ("2021" ->
    2021-12-31, "2021-10" -> 2021-10-31, "2021-10-03" -> itself); None when
    *value* is empty or not such a date (a hand edit). So a source is judged
    as young as it could be: only a source surely older than a limit counts."""
    import calendar

    m = _SOURCE_DATE.match(str(value).strip()) if isinstance(value, str) else None
    if not m:
        return None
    try:
        year = int(m.group(1))
        month = int(m.group(2) or 12)
        day = int(m.group(3) or calendar.monthrange(year, month)[1])
        return date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        return None
