"""The answer of ``who`` on a terminal (Rich panels) or a pipe (plain text).

Data goes through :func:`wijkwijzer.text.visible` and ``rich.text.Text``
(:func:`wijkwijzer.render.terminal.safe`), never into markup.
"""

from __future__ import annotations

from wijkwijzer.env import Env
from wijkwijzer.i18n import Messages, ngettext
from wijkwijzer.render.terminal import LABELS, MSG, console, safe
from wijkwijzer.text import NO_CHANNEL, channels_text, visible

MELDEN = Messages({
    "melden": "Eén losse zaak melden of aanvragen? Doe het via {rol}: {kanaal}.",
    "aanspreekpunt": "Structureel probleem in de wijk? Uw eerste aanspreekpunt is {rol}: {kanaal}.",
    "mute": ("Structureel probleem in de wijk? Uw eerste aanspreekpunt is {rol}; daarvoor is nog geen "
             "kanaal bekend, begin bij {other}: {kanaal}."),
})


def melden_lines(answer: dict) -> list[str]:
    """The two sentences that set a melding beside the aanspreekpunt, for the
    top of a ``who`` answer: where to report one single case (the first of
    ``answer["melden"]``) and who the eerste aanspreekpunt is for a structural
    question (with the first reachable contact for the wijk or stadsdeel, else
    any, when it has no channel yet).
    Returns ``[]`` unless the answer has both; the lines are plain text."""
    meldingen = answer.get("melden") or []
    contacts = [c for c in answer.get("contactpunten", []) if c.get("soort") != "melding"]
    if not meldingen or not contacts:
        return []
    first = meldingen[0]
    line = MELDEN["melden"].format(rol=first["rol"], kanaal=channels_text(first["kanalen"]))
    if len(meldingen) > 1:
        n = len(meldingen) - 1
        line += " " + ngettext("(Nog {n} meldpunt in de lijst.)", "(Nog {n} meldpunten in de lijst.)", n).format(n=n)
    lead = contacts[0]
    kanaal = channels_text(lead.get("kanalen"))
    reachable = [c for c in contacts[1:] if channels_text(c.get("kanalen")) != NO_CHANNEL]
    local = [c for c in reachable if c["gebied"]["soort"] in ("wijk", "stadsdeel")]  # a wijk's question
    other = (local or reachable or [None])[0]
    if kanaal == NO_CHANNEL and other:
        second = MELDEN["mute"].format(rol=lead["rol"], other=other["rol"],
                                       kanaal=channels_text(other.get("kanalen")))
    else:
        second = MELDEN["aanspreekpunt"].format(rol=lead["rol"], kanaal=kanaal)
    return [line, second]


def _area(answer: dict) -> str:
    parts = [f"wijk {w['naam']} ({w['code']})" for w in answer["wijken"]]
    if answer["stadsdeel"]:
        parts.append(f"stadsdeel {answer['stadsdeel']['naam']}")
    elif answer.get("gemeente"):
        parts.append(f"gemeente {answer['gemeente']['naam']}")
    return "; ".join(parts) or MSG["unknown"]


def _header_rows(answer: dict) -> list[tuple[str, str]]:
    g = answer["gevonden"]
    rows = [(MSG["found"], f"{g['soort']} {g['naam']} ({g['via']})"), (MSG["area"], _area(answer))]
    if answer["thema"]:
        t = answer["thema"]
        rows.append((MSG["thema"], f"{t['naam']} ({t['gevonden_via']})"))
    if g.get("ook_gevonden"):
        rows.append((MSG["also"], ", ".join(f"{o['soort']} {o['naam']}" for o in g["ook_gevonden"])))
    if answer.get("organisaties_in_gebied"):
        rows.append((MSG["orgs"], ", ".join(o["naam"] for o in answer["organisaties_in_gebied"])))
    return rows


def _contact_rows(cp: dict) -> list[tuple[str, str]]:
    dienst = cp["dienst"]
    rows = [
        (LABELS["dienst"], f"{dienst.get('naam') or MSG['unknown']} ({dienst.get('id')})"),
        (LABELS["gebied"], f"{cp['gebied']['soort']} {cp['gebied']['naam']}"),
        (LABELS["niveau"], str(cp.get("niveau"))),
        (LABELS["kanalen"], channels_text(cp.get("kanalen"))),
    ]
    if cp.get("persoon") and cp["persoon"].get("naam"):
        rows.append((LABELS["persoon"], cp["persoon"]["naam"]))
    termijn = cp.get("reactietermijn_werkdagen")
    rows += [
        (LABELS["reactietermijn_werkdagen"], MSG["days"].format(n=termijn) if termijn else MSG["no_term"]),
        (LABELS["geverifieerd_op"], f"{cp.get('geverifieerd_op') or MSG['never']} ({cp.get('status')})"),
        (LABELS["reden"], cp["reden"]),
        (LABELS["bron"], cp.get("bron") or MSG["unknown"]),
    ]
    return rows


def render_who(answer: dict, env: Env) -> None:
    """Show a ``lookup.who`` answer: the first contact prominently, then the chain."""
    contacts = answer["contactpunten"]
    if not env.is_tty:
        for label, value in _header_rows(answer):
            env.write(f"{label}: {visible(value)}")
        for line in melden_lines(answer):
            env.write(visible(line))
        for i, cp in enumerate(contacts, start=1):
            env.write("")
            env.write(f"{i}. {cp['positie']}: {visible(cp['rol'])}")
            for label, value in _contact_rows(cp):
                env.write(f"   {label}: {visible(value)}")
        _plain_tail(answer, env)
        return
    from rich import box
    from rich.panel import Panel
    from rich.table import Table

    con = console(env)
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    for label, value in _header_rows(answer):
        head.add_row(label, safe(value))
    con.print(Panel(head, title=MSG["title"], title_align="left", box=box.ROUNDED))
    for line in melden_lines(answer):
        con.print(safe(line))
    if contacts:
        first = contacts[0]
        body = Table.grid(padding=(0, 2))
        body.add_column(style="bold")
        body.add_column()
        for label, value in _contact_rows(first):
            body.add_row(label, safe(value))
        title = safe(f"{MSG['first']}: {first['rol']}")
        title.stylize("bold")
        con.print(Panel(body, title=title, title_align="left", border_style="green"))
    if len(contacts) > 1:
        chain = Table.grid(padding=(0, 1))
        chain.add_column(justify="right", style="bold")
        chain.add_column()
        for i, cp in enumerate(contacts[1:], start=2):
            line = safe(cp["rol"])
            line.stylize("bold")
            line.append_text(safe(f"  [{cp['positie']}]"))
            line.append("\n")
            line.append_text(safe(channels_text(cp.get("kanalen"))))
            line.append("\n")
            reason = safe(f"{LABELS['reden'].lower()}: {cp['reden']}")
            reason.stylize("dim")
            line.append_text(reason)
            chain.add_row(f"{i}.", line)
        con.print(Panel(chain, title=MSG["then"], title_align="left", box=box.ROUNDED))
    if answer.get("volgende_stap"):
        con.print(safe(f"{MSG['next']}: {answer['volgende_stap']}"))
    for note in answer.get("opmerkingen", []):
        t = safe(f"{MSG['notes']}: {note}")
        t.stylize("yellow")
        con.print(t)


def _plain_tail(answer: dict, env: Env) -> None:
    if answer.get("volgende_stap"):
        env.write("")
        env.write(f"{MSG['next']}: {visible(answer['volgende_stap'])}")
    for note in answer.get("opmerkingen", []):
        env.write(f"{MSG['notes']}: {visible(note)}")
