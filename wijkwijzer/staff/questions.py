"""Vragen (issue #15): a question put to a contactpunt, followed up.

"Afspraak over terugkoppeling of vraag", "tijdig terugkoppelen" (the report,
zaal blauw). A vraag records to whom (``aan``, a contactpunt id), what
(``onderwerp``), when (``gesteld_op``) and the deadline (``uiterlijk``): the
contactpunt's ``reactietermijn_werkdagen`` counted in Dutch working days
from the day after asking - weekends and Dutch public holidays (the
``holidays`` package, NL) skipped - or :data:`DEFAULT_TERMIJN` working days
when none was agreed. The deadline is stored when the question is asked:
afspraak is afspraak, a later change of the term does not move it.

An overdue question gets the next step from the escalation chain that
``who`` gives for the contactpunt's area and thema: the next contact after
it that has a channel. Vragen may hold personal details of residents: they
are personal data (:data:`wijkwijzer.dataset.LOCAL_KINDS`). No typer, no rich.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from wijkwijzer.dataset import ALL_THEMAS, Snapshot, as_list
from wijkwijzer.errors import NotFound
from wijkwijzer.i18n import Messages
from wijkwijzer.staff.fields import DEFAULT_TERMIJN
from wijkwijzer.text import first_reachable

MSG = Messages({
    "default_term": ("Met {rol} is geen reactietermijn afgesproken; wijkwijzer rekent met "
                     "{n} werkdagen."),
})
STATUS_OPEN, STATUS_LATE, STATUS_DONE = "open", "te laat", "beantwoord"


@lru_cache(maxsize=8)
def _holidays(year: int):
    import holidays

    return holidays.country_holidays("NL", years=year)


def is_working_day(day: date) -> bool:
    """True for Monday to Friday that is not a Dutch public holiday (``holidays``, NL)."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date *days* working days after *start* (the day after *start* is
    the first counted). Monday 22 December 2025 + 5 -> Wednesday 31 December
    2025 (25 and 26 December are holidays)."""
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after *start* up to and including *end* (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def question_id(text: str) -> str:
    """What a user typed for a vraag: "3" and "v3" both mean vraag ``v3``."""
    text = text.strip()
    return f"v{text}" if text.isdigit() else text


def _next_id(db) -> str:
    """``v<n>`` with n one more than any vraag id ever used (history included),
    so a removed question's number is never reused."""
    used = [str(r.get("id")) for r in db.data["vragen"]]
    used += [str(e.get("record")) for e in db.history() if e.get("soort") == "vragen"]
    numbers = [int(u[1:]) for u in used if u.startswith("v") and u[1:].isdigit()]
    return f"v{max(numbers, default=0) + 1}"


def add_question(db, aan: str, onderwerp: str, actor: str, asked: date,
                 organisatie: str | None = None, thema: str | None = None):
    """Record a question to contactpunt *aan* (its id) asked on *asked*.

    Returns ``(Change, note)``: the :class:`wijkwijzer.staff.records.Change`
    and a Dutch sentence when no term was agreed (else None). Raises
    ValidationError for an unknown contactpunt, organisatie or thema."""
    from wijkwijzer.staff import records

    cp_id = records.Resolver(db.data, db.keys).one("contactpunt", aan, "aan")
    cp = records.locate(db, "contactpunten", cp_id)[1]
    term = cp.get("reactietermijn_werkdagen")
    agreed = isinstance(term, int) and not isinstance(term, bool) and term > 0
    days = term if agreed else DEFAULT_TERMIJN
    fields = {"id": _next_id(db), "aan": cp_id, "onderwerp": onderwerp, "gesteld_op": asked.isoformat(),
              "organisatie": organisatie, "thema": thema, "termijn_werkdagen": days,
              "termijn_afgesproken": agreed, "uiterlijk": add_working_days(asked, days).isoformat()}
    change = records.add(db, "vragen", fields, actor)
    note = None if agreed else MSG["default_term"].format(rol=cp.get("rol") or cp_id, n=days)
    return change, note


def answer_question(db, vraag: str, actor: str, day: date):
    """Mark a question answered on *day*. Returns the Change; raises NotFound,
    ValidationError (a day before it was asked, or in the future)."""
    from wijkwijzer.staff import records

    return records.edit(db, "vragen", question_id(vraag), {"beantwoord_op": day.isoformat()}, actor)


def follow_up(data: Snapshot, today: date, open_only: bool = False) -> list[dict]:
    """Every vraag with its state on *today*, oldest deadline first:
    ``{"id", "aan": {"id", "rol", "dienst"}, "onderwerp", "organisatie":
    {"id", "naam"} | None, "gesteld_op", "termijn_werkdagen",
    "termijn_afgesproken", "uiterlijk", "beantwoord_op", "status" ("open",
    "te laat", "beantwoord"), "werkdagen_over" (open: working days left
    until the deadline, else None), "dagen_te_laat" (late: calendar days past
    the deadline, else None), "volgende_stap": {"id", "rol", "kanalen"} | None}``.
    *open_only* leaves out answered ones."""
    from wijkwijzer.lookup.directory import Directory

    directory = Directory(data)
    out = []
    for v in data.get("vragen", []):
        done = isinstance(v.get("beantwoord_op"), str) and bool(v["beantwoord_op"])
        if done and open_only:
            continue
        try:
            due = date.fromisoformat(str(v.get("uiterlijk")))
        except ValueError:
            due = None
        late = not done and due is not None and today > due
        cp = directory.by_id["contactpunten"].get(v.get("aan")) or {}
        org = directory.by_id["organisaties"].get(v.get("organisatie"))
        out.append({
            "id": v.get("id"),
            "aan": {"id": v.get("aan"), "rol": cp.get("rol"), "dienst": cp.get("dienst")},
            "onderwerp": v.get("onderwerp"),
            "organisatie": {"id": org["id"], "naam": org.get("naam")} if org else None,
            "gesteld_op": v.get("gesteld_op"), "termijn_werkdagen": v.get("termijn_werkdagen"),
            "termijn_afgesproken": v.get("termijn_afgesproken"), "uiterlijk": v.get("uiterlijk"),
            "beantwoord_op": v.get("beantwoord_op"),
            "status": STATUS_DONE if done else STATUS_LATE if late else STATUS_OPEN,
            "werkdagen_over": working_days_between(today, due) if due and not done and not late else None,
            "dagen_te_laat": (today - due).days if late else None,
            "volgende_stap": next_contact(directory, v) if late else None,
        })
    out.sort(key=lambda q: (q["status"] == STATUS_DONE, str(q["uiterlijk"]), str(q["id"])))
    return out


def next_contact(directory, vraag: dict) -> dict | None:
    """The next step for an unanswered *vraag*: the first contact with a
    channel after its contactpunt in the answer ``who`` gives for the
    question's organisation (else the contactpunt's first area) and thema
    (else the contactpunt's first own thema). ``{"id", "rol", "kanalen"}``,
    or None when there is none."""
    from wijkwijzer.lookup.directory import who

    cp = directory.by_id["contactpunten"].get(vraag.get("aan"))
    if not cp:
        return None
    org = directory.by_id["organisaties"].get(vraag.get("organisatie"))
    areas = [a for a in as_list(cp.get("gebied")) if directory.area_of(a)]
    if org:
        place = org.get("naam")
    elif areas:
        place = directory.area_of(areas[0])[1]
    else:
        return None
    themas = [t for t in as_list(cp.get("themas")) if t != ALL_THEMAS]
    thema = vraag.get("thema") or (themas[0] if themas else None)
    try:
        contacts = who(directory, place, thema)["contactpunten"]
    except (NotFound, ValueError):
        return None
    ids = [c["id"] for c in contacts]
    # the same rule as who's "volgende stap" (first_reachable skips the first row): an
    # aanspreekpunt for the wijk or stadsdeel before a city-wide desk or a melding
    rows = contacts[ids.index(cp["id"]):] if cp["id"] in ids else [{}, *contacts]
    other = first_reachable(rows)
    return {"id": other["id"], "rol": other["rol"], "kanalen": other["kanalen"]} if other else None
