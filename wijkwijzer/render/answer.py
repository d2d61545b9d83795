"""The answer of ``who`` on a terminal (Rich panels) or a pipe (plain text).

Data goes through :func:`wijkwijzer.text.visible` and ``rich.text.Text``
(:func:`wijkwijzer.render.terminal.safe`), never into markup.
"""

from __future__ import annotations

from wijkwijzer.env import Env
from wijkwijzer.i18n import Messages
from wijkwijzer.render.terminal import LABELS, MSG, console, safe
from wijkwijzer.text import channels_text, visible


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


SPLIT = Messages({
    "head": "Let op: postcode {pc} ligt in meer dan één stadsdeel; dit antwoord geldt voor {main}.",
    "row": "  {pct}% {stadsdeel} (wijk {wijken}): {contacts}",
    "narrow": "Noem de wijk van de straat of uw organisatie om het te beperken.",
})


def split_lines(answer: dict) -> list[str]:
    """The first lines of a ``who`` answer whose postcode lies in more than one
    stadsdeel (``answer["kandidaten"]``): the shares, each stadsdeel's first
    contact and fallback, and how to narrow it down; ``[]`` otherwise. Plain
    text, already passed through :func:`visible`."""
    kandidaten = answer.get("kandidaten") or []
    if len(kandidaten) < 2:
        return []
    lines = [SPLIT["head"].format(pc=answer["gevonden"]["naam"], main=kandidaten[0]["stadsdeel"]["naam"])]
    for k in kandidaten:
        contacts = "; ".join(f"{c['rol']} ({channels_text(c.get('kanalen'))})" for c in k["contactpunten"])
        lines.append(SPLIT["row"].format(pct=round(100 * k["aandeel"]), stadsdeel=k["stadsdeel"]["naam"],
                                         wijken=", ".join(w["naam"] for w in k["wijken"]), contacts=contacts))
    lines.append(SPLIT["narrow"])
    return [visible(line) for line in lines]


def render_who(answer: dict, env: Env) -> None:
    """Show a ``lookup.who`` answer: the first contact prominently, then the chain."""
    contacts = answer["contactpunten"]
    for line in split_lines(answer):  # a postcode in several stadsdelen: said first
        env.write(line)
    if not env.is_tty:
        for label, value in _header_rows(answer):
            env.write(f"{label}: {visible(value)}")
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
