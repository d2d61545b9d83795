"""Bijeenkomsten as an iCalendar file (RFC 5545) for a calendar program.

One VEVENT per bijeenkomst: UID (the record id, so a re-import updates the
event instead of doubling it), DTSTAMP, DTSTART/DTEND with TZID
Europe/Amsterdam and its VTIMEZONE, RRULE for a recurring one, SUMMARY,
LOCATION, DESCRIPTION naming the participants and the source, and STATUS
(actief -> CONFIRMED, onbevestigd -> TENTATIVE, inactief -> CANCELLED). A
meeting whose time is not known is an all-day event on its date. A control
character stored by an older version shows as its escape (``\\x1b``,
:func:`wijkwijzer.text.controls_visible`): RFC 5545 text holds none. Written
with the ``icalendar`` package, imported inside :func:`write_ical` only.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from wijkwijzer.dataset import RECURRENCES, TIMEZONE, as_list
from wijkwijzer.i18n import Messages
from wijkwijzer.text import controls_visible

MSG = Messages({
    "calname": "Bijeenkomsten (wijkwijzer)",
    "organisaties": "Organisaties: {names}",
    "diensten": "Diensten: {names}",
    "gebied": "Gebied: {naam}",
    "bron": "Bron: {bron}",
    "opmerking": "Opmerking: {text}",
})
PRODID = "-//wijkwijzer//bijeenkomsten//NL"
UID_DOMAIN = "wijkwijzer"
STATUS = {"actief": "CONFIRMED", "onbevestigd": "TENTATIVE", "inactief": "CANCELLED"}


def description(rec: dict, names: dict[str, dict[str, str]]) -> str:
    """The DESCRIPTION text: organisations, diensten, area, remark and source,
    one per line (empty parts left out). *names* maps kind -> {id: naam}."""
    lines = []
    orgs = [names.get("organisaties", {}).get(o, o) for o in as_list(rec.get("organisaties"))]
    if orgs:
        lines.append(MSG["organisaties"].format(names=", ".join(orgs)))
    diensten = [names.get("diensten", {}).get(d, d) for d in as_list(rec.get("diensten"))]
    if diensten:
        lines.append(MSG["diensten"].format(names=", ".join(diensten)))
    gebied = rec.get("gebied")
    if isinstance(gebied, str) and gebied:
        naam = next((k.get(gebied) for k in (names.get(x, {}) for x in ("wijken", "stadsdelen", "gemeenten"))
                     if gebied in k), gebied)
        lines.append(MSG["gebied"].format(naam=naam))
    if rec.get("opmerking"):
        lines.append(MSG["opmerking"].format(text=rec["opmerking"]))
    if rec.get("bron"):
        lines.append(MSG["bron"].format(bron=rec["bron"]))
    return "\n".join(lines)


def write_ical(meetings: list[dict], names: dict[str, dict[str, str]], now: datetime | None = None) -> bytes:
    """Return the iCalendar bytes (UTF-8, CRLF line ends, folded lines) for
    *meetings* (bijeenkomst records whose ``start`` parses; others are left
    out). *names* maps kind -> {id: naam} for the description; *now* (UTC)
    is the DTSTAMP, default the current time."""
    from zoneinfo import ZoneInfo

    import icalendar

    tz = ZoneInfo(TIMEZONE)
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", MSG["calname"])
    cal.add("x-wr-timezone", TIMEZONE)
    for rec in sorted(meetings, key=lambda r: (str(r.get("start")), str(r.get("id")))):
        start = _start(rec.get("start"))
        if start is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"{rec.get('id')}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", controls_visible(str(rec.get("titel") or rec.get("id"))))
        if isinstance(start, datetime):
            begin = start.replace(tzinfo=tz)
            minutes = rec.get("duur_minuten")
            minutes = minutes if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes > 0 else 60
            event.add("dtstart", begin)
            event.add("dtend", begin + timedelta(minutes=minutes))
        else:
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(days=1))
        rule = RECURRENCES.get(rec.get("herhaling") or "")
        if rule:
            until = rec.get("herhaal_tot")
            if isinstance(until, str) and len(until) == 10 and not isinstance(start, datetime):
                rule += ";UNTIL=" + until.replace("-", "")  # RFC 5545: a DATE for a DATE start
            elif isinstance(until, str) and len(until) == 10:
                # RFC 5545: with a zoned DTSTART, UNTIL is given in UTC
                end_of_day = datetime.fromisoformat(until + "T23:59:59").replace(tzinfo=tz)
                rule += ";UNTIL=" + end_of_day.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            event.add("rrule", icalendar.vRecur.from_ical(rule))
        if rec.get("plaats"):
            event.add("location", controls_visible(str(rec["plaats"])))
        text = description(rec, names)
        if text:
            event.add("description", controls_visible(text))
        event.add("status", STATUS.get(rec.get("status"), "CONFIRMED"))
        cal.add_component(event)
    cal.subcomponents.insert(0, vtimezone(icalendar))
    return cal.to_ical()


def vtimezone(icalendar):
    """The VTIMEZONE of Europe/Amsterdam in the compact form calendar programs
    write themselves (Outlook reads no RDATE lists): CET/CEST with the EU rule
    in force since 1996, summer time from the last Sunday of March 02:00 to the
    last Sunday of October 03:00. The tests hold it equal to zoneinfo's rules."""
    tz = icalendar.Timezone()
    tz.add("tzid", TIMEZONE)
    for kind, name, start, month, before, after in (
            (icalendar.TimezoneDaylight, "CEST", datetime(1996, 3, 31, 2), 3, 1, 2),
            (icalendar.TimezoneStandard, "CET", datetime(1996, 10, 27, 3), 10, 2, 1)):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", timedelta(hours=before))
        part.add("tzoffsetto", timedelta(hours=after))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


def _start(value):
    """A ``start`` field as a naive datetime, a date (time not known), or None."""
    from datetime import date

    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        return None
