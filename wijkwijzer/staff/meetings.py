"""Bijeenkomsten (issue #15): the agenda, recurrence and participatiemoe.

The report asks for "een planning voor bewonersorganisatiebijeenkomsten" and
warns "pas op dat vrijwilligers niet overvraagd worden: participatiemoe".
A bijeenkomst record (see :data:`wijkwijzer.staff.fields.FIELDS`) has a
``start`` in local time, Europe/Amsterdam (``"2024-10-16T19:30"``, or only
the date when the time is not known), ``duur_minuten``, ``herhaling`` (a key
of :data:`wijkwijzer.dataset.RECURRENCES`, each an iCalendar RRULE) and
``herhaal_tot``. Recurring meetings are expanded with python-dateutil's
``rrule`` on the wall-clock time, so a monthly 19:30 stays 19:30 across the
change to and from summer time. No typer, no rich; dateutil is imported
only when a recurring meeting is expanded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from wijkwijzer.dataset import RECURRENCES, Snapshot, as_list
from wijkwijzer.errors import NotFound, WijkwijzerError
from wijkwijzer.i18n import Messages
from wijkwijzer.staff.validate import ValidationError
from wijkwijzer.text import normalize, slug

MSG = Messages({
    "need_datum": "geef de datum op (--datum JJJJ-MM-DD)",
    "datum": "'{value}' is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ",
    "tijd": "'{value}' is geen tijd van de vorm UU:MM",
    "herhaling": "'{value}' is geen herhaling; kies uit {choices} of 'geen'",
    "not_org": "'{q}' is geen organisatie (gevonden: {soort} {naam}).",
    "window": "--tot ({tot}) ligt voor --van ({van}).",
})
#: participatiemoe: more than ``most`` meetings within ``days`` days (issue #15)
ENV_MOST = "WIJKWIJZER_MOE_MAX"
ENV_DAYS = "WIJKWIJZER_MOE_DAGEN"
#: how far ahead ``check`` looks for participatiemoe, in days
HORIZON_DAYS = 365
#: how many occurrences of one recurring meeting are expanded at most (a safety net)
MAX_OCCURRENCES = 1000
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True)
class Fatigue:
    """The participatiemoe setting: warn when one organisation is asked to more
    than ``most`` meetings within ``days`` days."""

    most: int = 3
    days: int = 30


def fatigue_setting(environ=None) -> Fatigue:
    """The setting from ``WIJKWIJZER_MOE_MAX`` and ``WIJKWIJZER_MOE_DAGEN``
    (whole numbers of at least 1), else the default 3 within 30 days."""
    environ = os.environ if environ is None else environ
    default = Fatigue()

    def number(name: str, fallback: int) -> int:
        try:
            value = int(str(environ.get(name, "")).strip())
        except ValueError:
            return fallback
        return value if value >= 1 else fallback

    return Fatigue(number(ENV_MOST, default.most), number(ENV_DAYS, default.days))


#: the setting in force for this process (``check`` reads it; ``agenda`` may override)
FATIGUE = fatigue_setting()


def parse_start(value) -> tuple[datetime, bool] | None:
    """``(naive local datetime, time known)`` of a ``start`` field, or None when
    it is not ``JJJJ-MM-DD[THH:MM]`` (a hand-edited record is skipped, not fatal)."""
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time()), False
        return datetime.fromisoformat(value), True
    except ValueError:
        return None


def _minutes(rec: dict) -> int | None:
    value = rec.get("duur_minuten")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def starts_between(rec: dict, van: date, tot: date) -> list[datetime]:
    """The local start times of *rec* on days *van* .. *tot* (both included):
    the one start, or every occurrence of a recurring meeting (RRULE of
    :data:`RECURRENCES`, ending at ``herhaal_tot`` when set)."""
    parsed = parse_start(rec.get("start"))
    if parsed is None:
        return []
    start, _known = parsed
    lo, hi = datetime.combine(van, time()), datetime.combine(tot, time(23, 59, 59))
    rule = RECURRENCES.get(rec.get("herhaling") or "")
    if not rule:
        return [start] if lo <= start <= hi else []
    from dateutil.rrule import rrulestr

    until = rec.get("herhaal_tot")
    if isinstance(until, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", until):
        rule += ";UNTIL=" + until.replace("-", "") + "T235959"
    out = []
    for when in rrulestr(rule, dtstart=start).xafter(max(lo, start) - timedelta(seconds=1), inc=False):
        if when > hi or len(out) >= MAX_OCCURRENCES:
            break
        out.append(when)
    return out


def occurrences(data: Snapshot, van: date, tot: date, organisatie: str | None = None,
                stadsdeel: str | None = None, include_cancelled: bool = False) -> list[dict]:
    """The agenda: every occurrence of a bijeenkomst on days *van* .. *tot*, in time order.

    *organisatie* (an id) keeps the meetings it takes part in; *stadsdeel* (an
    id) keeps those for that stadsdeel, a wijk in it, or the whole gemeente.
    Cancelled (``inactief``) meetings are left out unless *include_cancelled*.
    Each occurrence is ``{"id", "titel", "datum", "begin", "eind", "plaats",
    "gebied": {"soort", "id", "naam"} | None, "organisaties": [{"id", "naam"}],
    "diensten": [{"id", "naam"}], "herhaling", "status", "bron"}`` with
    ``begin``/``eind`` as ``"UU:MM"`` (None when the time is not known).
    Raises WijkwijzerError when *tot* lies before *van*."""
    if tot < van:
        raise WijkwijzerError(MSG["window"].format(van=van, tot=tot))
    if not data.get("bijeenkomsten"):
        return []  # check on a national dataset: no name tables for nothing
    names = _names(data)
    stadsdeel_of = {w.get("code"): w.get("stadsdeel") for w in data.get("wijken", [])}
    out = []
    for rec in data.get("bijeenkomsten", []):
        if rec.get("status") == "inactief" and not include_cancelled:
            continue
        if organisatie and organisatie not in as_list(rec.get("organisaties")):
            continue
        gebied = rec.get("gebied") if isinstance(rec.get("gebied"), str) else None
        if stadsdeel and gebied and gebied != stadsdeel and stadsdeel_of.get(gebied) != stadsdeel \
                and gebied not in names["gemeenten"]:
            continue
        known = (parse_start(rec.get("start")) or (None, False))[1]
        for start in starts_between(rec, van, tot):
            end = start + timedelta(minutes=_minutes(rec)) if known and _minutes(rec) else None
            out.append({
                "id": rec.get("id"), "titel": rec.get("titel"), "datum": start.date().isoformat(),
                "begin": start.strftime("%H:%M") if known else None,
                "eind": end.strftime("%H:%M") if end else None,
                "plaats": rec.get("plaats"), "gebied": _area(names, gebied),
                "organisaties": [{"id": o, "naam": names["organisaties"].get(o, o)}
                                 for o in as_list(rec.get("organisaties"))],
                "diensten": [{"id": d, "naam": names["diensten"].get(d, d)}
                             for d in as_list(rec.get("diensten"))],
                "herhaling": rec.get("herhaling"), "status": rec.get("status"), "bron": rec.get("bron"),
            })
    out.sort(key=lambda o: (o["datum"], o["begin"] or "", str(o["id"])))
    return out


def _names(data: Snapshot) -> dict[str, dict[str, str]]:
    keys = {"organisaties": "id", "diensten": "id", "wijken": "code", "stadsdelen": "id", "gemeenten": "id"}
    return {kind: {r.get(key): r.get("naam") or r.get(key) for r in data.get(kind, [])}
            for kind, key in keys.items()}


def _area(names: dict, gebied: str | None) -> dict | None:
    if not gebied:
        return None
    for kind, soort in (("wijken", "wijk"), ("stadsdelen", "stadsdeel"), ("gemeenten", "gemeente")):
        if gebied in names[kind]:
            return {"soort": soort, "id": gebied, "naam": names[kind][gebied]}
    return {"soort": "gebied", "id": gebied, "naam": gebied}


def overloaded(occ: list[dict], setting: Fatigue | None = None) -> list[dict]:
    """Participatiemoe in *occ* (occurrences as :func:`occurrences` returns):
    per organisation asked to more than ``setting.most`` meetings within
    ``setting.days`` days, the busiest such stretch: ``{"organisatie", "naam",
    "aantal", "van", "tot", "bijeenkomsten": [id, ...]}``, sorted by organisation."""
    setting = setting or FATIGUE
    per_org: dict[str, list[tuple[date, str, str]]] = {}
    for o in occ:
        for org in o["organisaties"]:
            per_org.setdefault(org["id"], []).append((date.fromisoformat(o["datum"]), o["id"], org["naam"]))
    out = []
    for org, days in sorted(per_org.items()):
        days.sort()
        best, lo = (0, 0, 0), 0
        for hi in range(len(days)):
            while (days[hi][0] - days[lo][0]).days >= setting.days:
                lo += 1
            if hi - lo + 1 > best[0]:
                best = (hi - lo + 1, lo, hi)
        count, lo, hi = best
        if count > setting.most:
            out.append({"organisatie": org, "naam": days[0][2], "aantal": count,
                        "van": days[lo][0].isoformat(), "tot": days[hi][0].isoformat(),
                        "bijeenkomsten": list(dict.fromkeys(d[1] for d in days[lo:hi + 1]))})
    return out


def overasked(data: Snapshot, today: date, setting: Fatigue | None = None) -> list[dict]:
    """For ``check``: :func:`overloaded` over the meetings of the next
    :data:`HORIZON_DAYS` days from *today*."""
    return overloaded(occurrences(data, today, today + timedelta(days=HORIZON_DAYS)), setting)


def find_organisatie(directory, query: str) -> str:
    """The id of the organisation *query* names (as ``who`` finds it: exact,
    then by words, then fuzzily). Raises NotFound (with suggestions) when no
    place matches, or when the best match is not an organisation."""
    place = directory.resolve_place(query)
    if place.soort != "organisatie":
        raise NotFound(MSG["not_org"].format(q=query, soort=place.soort, naam=place.naam))
    return place.id


def recurrence(value: str | None) -> str | None:
    """Normalise what a user typed for ``--herhaal``: "per kwartaal" ->
    "per-kwartaal", "geen"/"" -> "" (clears the field), None -> None.
    Raises ValidationError (field herhaling) for anything else."""
    if value is None:
        return None
    text = normalize(value).replace(" ", "-")
    if text in ("", "geen", "nee", "eenmalig"):
        return ""
    text = {"kwartaal": "per-kwartaal", "elk-kwartaal": "per-kwartaal"}.get(text, text)
    if text not in RECURRENCES:
        raise ValidationError("herhaling", MSG["herhaling"].format(value=value, choices=", ".join(RECURRENCES)))
    return text


def start_of(datum: str | None, tijd: str | None, current: str | None = None) -> str | None:
    """The ``start`` field from ``--datum`` and ``--tijd`` (None: not given;
    ``--tijd ""`` makes the time unknown), keeping what *current* (the stored
    start, when editing) has for the part not given. None when neither is
    given. Raises ValidationError (field datum or tijd)."""
    if datum is None and tijd is None:
        return None
    old = parse_start(current)
    day = old[0].date().isoformat() if old else None
    clock = old[0].strftime("%H:%M") if old and old[1] else None
    if datum is not None:
        from wijkwijzer.channels import ChannelError, parse_date

        try:
            day = parse_date(datum).isoformat()  # 2026-11-30 or 30-11-2026, as every command takes it
        except ChannelError:
            raise ValidationError("datum", MSG["datum"].format(value=datum)) from None
    if tijd is not None:
        clock = None
        if tijd.strip():
            m = _TIME.match(tijd.strip())
            if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
                raise ValidationError("tijd", MSG["tijd"].format(value=tijd))
            clock = f"{int(m.group(1)):02d}:{m.group(2)}"
    if day is None:
        raise ValidationError("datum", MSG["need_datum"])
    return f"{day}T{clock}" if clock else day


def new_meeting_id(record: dict, taken: set[str]) -> str:
    """A readable unused id: the date and the first words of the title
    ("2024-10-16-inspiratiebijeenkomst-voor-haagse"), "-2" ... when taken."""
    from wijkwijzer.staff.records import new_id

    words = slug(record.get("titel") or "bijeenkomst").split("-")[:4]
    day = str(record.get("start") or "")[:10]
    return new_id("bijeenkomsten", {"naam": " ".join([day, *words])}, taken)


def add_meeting(db, fields: dict, datum: str | None, tijd: str | None, actor: str):
    """Add a bijeenkomst from option values (*fields*: titel, duur_minuten,
    plaats, gebied, organisaties, diensten, herhaling, herhaal_tot, status,
    bron, opmerking, id; names resolved as ``records.add`` does). Returns the
    :class:`wijkwijzer.staff.records.Change`. Raises ValidationError."""
    from wijkwijzer.staff import records

    fields = dict(fields, start=start_of(datum, tijd))
    if fields["start"] is None:
        raise ValidationError("datum", MSG["need_datum"])
    if fields.get("herhaling") is not None:
        fields["herhaling"] = recurrence(fields["herhaling"]) or None
    if not fields.get("id"):
        taken = {str(r.get("id")) for r in db.data.get("bijeenkomsten", [])}
        fields["id"] = new_meeting_id(fields, taken)
    return records.add(db, "bijeenkomsten", fields, actor)


def edit_meeting(db, record_id: str, fields: dict, datum: str | None, tijd: str | None, actor: str):
    """Change the given fields of one bijeenkomst (None: keep; "": clear);
    ``--datum``/``--tijd`` change the matching part of ``start``. Returns the
    Change. Raises NotFound, ValidationError."""
    from wijkwijzer.staff import records

    _doc_id, current = records.locate(db, "bijeenkomsten", record_id)
    fields = dict(fields, start=start_of(datum, tijd, current.get("start")))
    if fields.get("herhaling") is not None:
        fields["herhaling"] = recurrence(fields["herhaling"])
    return records.edit(db, "bijeenkomsten", record_id, fields, actor)


def calendar(data: Snapshot, organisatie: str | None = None, now: datetime | None = None) -> tuple[bytes, int]:
    """``export --format ical``: the bijeenkomsten (of organisation id
    *organisatie*, when given) as an RFC 5545 calendar. Returns ``(bytes,
    number of events)``; see :func:`wijkwijzer.formats.ical.write_ical`."""
    from wijkwijzer.formats.ical import write_ical

    chosen = [r for r in data.get("bijeenkomsten", [])
              if parse_start(r.get("start")) and (not organisatie or organisatie in as_list(r.get("organisaties")))]
    return write_ical(chosen, _names(data), now=now), len(chosen)
