"""The answer of ``who`` on a terminal (Rich) or a pipe (plain text).

Two forms (issue #10):

- **compact** (the default) fits one 80x24 screen: where you are and the
  topic; the first contact and how to reach someone *now* (when the first
  contact has no known channel, the first reachable one beside it); the rest
  of the chain one line per step; extra lines; "volgende stap".
- **uitgebreid** (``--uitgebreid``/``-v``): every contact with its reasons,
  short sources and verification.

Both are built from the same blocks, so a new piece of the answer has one
obvious place: a sentence about the place or the question goes into
:func:`header_notes` (shown in the first lines); a line about what to do
besides contacting someone goes into :func:`extra_lines` (shown before
"volgende stap").

Data goes through :func:`wijkwijzer.text.visible` and ``rich.text.Text``
(:func:`wijkwijzer.render.terminal.safe`), never into markup.
"""

from __future__ import annotations

from wijkwijzer.env import Env
from wijkwijzer.i18n import Messages, ngettext
from wijkwijzer.sources import short_source, without_files
from wijkwijzer.render.terminal import LABELS, MSG, POSITIONS, console, panel_title, safe
from wijkwijzer.text import channels_text, first_reachable, reachable, short_rol, topic_fit, visible

SAY = Messages({
    "place": "Plaats",
    "reach_now": "Nu bereikbaar",
    "see_now": "zie Nu bereikbaar hierboven",
    "then_short": "Daarna",
    "more": "Waarom, bronnen en controle: voeg --uitgebreid toe.",
    "person": "persoon",
    "silent": "nog geen kanaal bekend",
    "city_desks": "Ook voor dit thema in de hele stad",
})

MELDEN = Messages({
    "melden": "Eén losse zaak melden of aanvragen? Doe het via {rol}: {kanaal}.",
    "aanspreekpunt": "Structureel probleem in de wijk? Uw eerste aanspreekpunt is {rol}: {kanaal}.",
    "mute": ("Structureel probleem in de wijk? Uw eerste aanspreekpunt is {rol}; daarvoor is nog geen "
             "kanaal bekend, begin bij {other}: {kanaal}."),
})


def melden_lines(answer: dict, compact: bool = False) -> list[str]:
    """The two sentences that set a melding beside the aanspreekpunt, for the
    top of a ``who`` answer: where to report one single case (the first of
    ``answer["melden"]``) and who the eerste aanspreekpunt is for a structural
    question (with the first reachable contact for the wijk or stadsdeel, else
    any, when it has no channel yet). With *compact* only the first sentence:
    the first-contact block right under it already says who and how to reach
    someone now, and the other meldpunten are in the long form only.
    Returns ``[]`` unless the answer has both; the lines are plain text."""
    meldingen = answer.get("melden") or []
    contacts = [c for c in answer.get("contactpunten", []) if c.get("soort") != "melding"]
    if not meldingen or not contacts:
        return []
    first = meldingen[0]
    rol = short_rol(str(first["rol"])) if compact else first["rol"]
    line = MELDEN["melden"].format(rol=rol, kanaal=channels_text(first["kanalen"]))
    if compact:  # more_hint counts the other meldpunten in the last line
        return [line]
    if len(meldingen) > 1:
        n = len(meldingen) - 1
        line += " " + ngettext("(Nog {n} meldpunt in de lijst.)", "(Nog {n} meldpunten in de lijst.)", n).format(n=n)
    lead = contacts[0]
    kanaal = channels_text(lead.get("kanalen"))
    other = first_reachable(contacts)
    if not reachable(lead.get("kanalen")) and other:
        second = MELDEN["mute"].format(rol=lead["rol"], other=other["rol"],
                                       kanaal=channels_text(other.get("kanalen")))
    else:
        second = MELDEN["aanspreekpunt"].format(rol=lead["rol"], kanaal=kanaal)
    return [line, second]

#: the one channel a short line shows: what a person can use at once first
ONE_CHANNEL = ("telefoon", "web", "email", "adres")

SPLIT = Messages({
    "head": ("Let op: postcode {pc} ligt in meer dan één stadsdeel; dit antwoord geldt voor {main}. "
             "Noem de wijk van de straat of uw organisatie om te kiezen."),
    "row": "  {pct}% {stadsdeel} (wijk {wijken}): {contacts}",
})


def split_lines(answer: dict) -> list[str]:
    """The first lines of a ``who`` answer whose postcode lies in more than one
    stadsdeel (``answer["kandidaten"]``): the shares, each stadsdeel's first
    contact with one channel (the rest is in ``--json``), and how to narrow it
    down; ``[]`` otherwise. Plain text, already passed through :func:`visible`."""
    kandidaten = answer.get("kandidaten") or []
    if len(kandidaten) < 2:
        return []
    lines = [SPLIT["head"].format(pc=answer["gevonden"]["naam"], main=kandidaten[0]["stadsdeel"]["naam"])]
    for k in kandidaten:  # one line each: the first contact, with one way to reach it (QA: 32 lines)
        contacts = ""
        if k["contactpunten"]:
            first = k["contactpunten"][0]
            contacts = f"{short_rol(first['rol'])} ({channels_text(first.get('kanalen'), most=1, order=ONE_CHANNEL)})"
        lines.append(SPLIT["row"].format(pct=round(100 * k["aandeel"]), stadsdeel=k["stadsdeel"]["naam"],
                                         wijken=", ".join(w["naam"] for w in k["wijken"]), contacts=contacts))
    return [visible(line) for line in lines]


def _area(answer: dict) -> str:
    parts = [f"wijk {w['naam']} ({w['code']})" for w in answer["wijken"]]
    if answer["stadsdeel"]:
        parts.append(f"stadsdeel {answer['stadsdeel']['naam']}")
    elif answer.get("gemeente"):
        parts.append(f"gemeente {answer['gemeente']['naam']}")
    return "; ".join(parts) or MSG["unknown"]


def _position(cp: dict) -> str:
    """The contact's positie (a stable id in JSON) in the language in force."""
    return POSITIONS[cp["positie"]] if cp["positie"] in POSITIONS else cp["positie"]


def _header_rows(answer: dict) -> list[tuple[str, str]]:
    g = answer["gevonden"]
    rows = [(SAY["place"], f"{g['soort']} {g['naam']} ({g['via']})"), (MSG["area"], _area(answer))]
    if answer["thema"]:
        t = answer["thema"]
        rows.append((MSG["thema"], f"{t['naam']} ({t['gevonden_via']})"))
    return rows


def header_notes(answer: dict) -> list[tuple[str, str]]:
    """``[(label, sentence), ...]`` shown right under the place and topic, in
    both forms: what else matched, and caveats about the place (file names
    left out). Add new notes about the place or the question here."""
    notes = []
    g = answer["gevonden"]
    if g.get("ook_gevonden"):
        notes.append((MSG["also"], ", ".join(f"{o['soort']} {o['naam']}" for o in g["ook_gevonden"])))
    notes += [(MSG["notes"], without_files(n)) for n in answer.get("opmerkingen", []) if without_files(n)]
    if split_lines(answer):  # the split block above says more than "ligt voor 62% in wijk ..."
        pc = f"Postcode {answer['gevonden']['naam']} "
        notes = [(label, n) for label, n in notes if not n.startswith(pc)]
    return notes


def extra_lines(answer: dict) -> list[tuple[str, str]]:
    """``[(label, sentence), ...]`` shown after the chain and before "volgende
    stap", in both forms: other ways to get something done. Empty for now."""
    return []


def _contact_rows(cp: dict) -> list[tuple[str, str]]:
    """The long form's rows of one contact."""
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
        (LABELS["reactietermijn_werkdagen"], ngettext("{n} werkdag", "{n} werkdagen", termijn).format(n=termijn) if termijn else MSG["no_term"]),
        (LABELS["geverifieerd_op"], f"{cp.get('geverifieerd_op') or MSG['never']} ({cp.get('status')})"),
        (LABELS["reden"], cp["reden"]),
        (LABELS["bron"], short_source(cp.get("bron"))),
    ]
    return rows


def _first_rows(answer: dict) -> list[tuple[str, str]]:
    """The compact form's rows of the first contact: who (dienst, area,
    person, promised term) and how to reach someone now."""
    contacts = answer["contactpunten"]
    first = contacts[0]
    who = [first["dienst"].get("naam") or first["dienst"].get("id") or MSG["unknown"],
           f"{first['gebied']['soort']} {first['gebied']['naam']}"]
    if first.get("persoon") and first["persoon"].get("naam"):
        who.append(f"{SAY['person']} {first['persoon']['naam']}")
    if first.get("reactietermijn_werkdagen"):
        n = first["reactietermijn_werkdagen"]
        who.append(ngettext("reactie binnen {n} werkdag", "reactie binnen {n} werkdagen", n).format(n=n))
    rows = [(LABELS["dienst"], " · ".join(who)), (LABELS["kanalen"], _two_ways(first.get("kanalen")))]
    other = _reach_now(answer)
    if other:
        rows.append((SAY["reach_now"], f"{other['rol']}: {channels_text(other['kanalen'])}"))
    return rows


def _two_ways(kanalen) -> str:
    """At most two ways to reach the first contact (telefoon, e-mail, web,
    adres, in that order) and its opening hours: the compact answer must fit one
    screen (QA: the Subsidiebureau's e-mail, web and postbus took 24 lines to 25);
    ``--uitgebreid`` lists every channel."""
    if not reachable(kanalen):
        return channels_text(kanalen)
    shown = channels_text(kanalen, most=2)
    hours = kanalen.get("openingstijden")
    return shown + (" · " + channels_text({"openingstijden": hours}) if hours else "")


def _reach_now(answer: dict) -> dict | None:
    """The contact the compact form's "Nu bereikbaar" row names: the first
    reachable one when the first contact has no channel, else None."""
    contacts = answer["contactpunten"]
    if not contacts or reachable(contacts[0].get("kanalen")):
        return None
    return first_reachable(contacts)


def _chain_line(cp: dict, now: dict | None = None) -> str:
    """One step of the chain on one line: role, position, channels (a pointer
    up instead when *cp* is *now*, the contact "Nu bereikbaar" already gives)."""
    if now is not None and cp.get("id") == now.get("id"):
        how = SAY["see_now"]
    else:
        how = channels_text(cp.get("kanalen")) if reachable(cp.get("kanalen")) else SAY["silent"]
    return f"{cp['rol']} ({_position(cp)}): {how}"


def _compact_chain(answer: dict) -> tuple[list[dict], list[dict]]:
    """The compact form's chain after the first contact: ``(steps, city_desks)``.
    Steps are the aanspreekpunten, escalation and fallback, one line each;
    meldingen are left out (the melding sentence at the top names one, the
    long form all) and a thema's service desks for the whole city
    (afvalbrengstations, ...) are named together on one line (see
    :func:`_desks_line`), so the answer stays one screen."""
    steps, desks = [], []
    for cp in answer["contactpunten"][1:]:
        if cp.get("soort") == "melding":
            continue
        if cp["positie"] == "ook voor dit thema" and cp["gebied"]["soort"] == "gemeente":
            desks.append(cp)
        else:
            steps.append(cp)
    return steps, desks


def _desks_line(answer: dict) -> list[str]:
    """The compact form's one line naming a thema's city-wide service desks,
    the first with one channel (telefoon, web, e-mail or adres: the rest is
    in the long form), or ``[]``. Shown only when neither the melding
    sentence nor "volgende stap" gives a thema-specific way in (#11: one on
    the first screen is the point); else :func:`more_hint` counts them."""
    topic = (answer.get("vraag") or {}).get("thema")
    desks = sorted((d for d in _compact_chain(answer)[1] if reachable(d.get("kanalen"))),
                   key=lambda d: tuple(-x for x in topic_fit(d["rol"], topic)))  # stable: else answer order
    if not desks or answer.get("melden") or short_rol(desks[0]["rol"]) in (_shown_step(answer) or ""):
        return []
    kanalen = channels_text(desks[0]["kanalen"], most=1, order=ONE_CHANNEL)
    line = f"{SAY['city_desks']}: {short_rol(str(desks[0]['rol']))} ({kanalen})"
    others = len(dict.fromkeys(short_rol(str(d["rol"])) for d in desks[1:]))
    if others:  # counted, not named: their names take lines the first screen has not got
        line += ngettext("; en nog {n} ander loket (--uitgebreid)", "; en nog {n} andere loketten (--uitgebreid)",
                         others).format(n=others)
    return [line]


def more_hint(answer: dict) -> str:
    """The compact form's last line: where the long form is, and how many
    meldpunten and city-wide desks for the thema only it shows."""
    hidden = max(len(answer.get("melden") or []) - 1, 0)
    if not _desks_line(answer):
        step = _shown_step(answer) or ""
        hidden += sum(short_rol(d["rol"]) not in step for d in _compact_chain(answer)[1])
    if not hidden:
        return SAY["more"]
    return ngettext("Waarom, bronnen en nog {n} meldpunt of loket: voeg --uitgebreid toe.",
                    "Waarom, bronnen en nog {n} meldpunten en loketten: voeg --uitgebreid toe.",
                    hidden).format(n=hidden)


def _tail(answer: dict, compact: bool) -> list[tuple[str, str]]:
    """Extra lines, "volgende stap" and (compact) the hint to the long form.
    In the compact form "volgende stap" is left out when it only repeats the
    "nu bereikbaar" row of the first contact."""
    rows = list(extra_lines(answer))
    step = _shown_step(answer) if compact else answer.get("volgende_stap")
    if step:
        rows.append((MSG["next"], step))
    return rows


def _shown_step(answer: dict) -> str | None:
    """"Volgende stap" as the compact form shows it: None when it only repeats
    the "nu bereikbaar" row of the first contact."""
    contacts = answer["contactpunten"]
    if contacts and not reachable(contacts[0].get("kanalen")):
        return None
    return answer.get("volgende_stap")


def render_who(answer: dict, env: Env, detailed: bool = False) -> None:
    """Show a ``lookup.who`` answer: compact (one screen), or with
    *detailed* the long form with reasons, sources and verification. A
    postcode in several stadsdelen is said first, in every form."""
    split = split_lines(answer)
    if split and env.is_tty:  # wrapped at words by Rich, not cut by the terminal
        con = console(env)
        for line in split:
            con.print(safe(line))
    else:
        for line in split:
            env.write(line)
    if detailed:
        _render_long(answer, env)
    elif env.is_tty:
        _render_compact_tty(answer, env)
    else:
        _render_compact_plain(answer, env)


def _plain(env: Env, rows: list[tuple[str, str]], indent: str = "", blank: bool = False) -> None:
    """Write ``label: value`` lines (data made visible); with *blank* an empty
    line first when there are any."""
    if blank and rows:
        env.write("")
    for label, value in rows:
        env.write(f"{indent}{label}: {visible(value)}")


def _render_compact_plain(answer: dict, env: Env) -> None:
    _plain(env, _header_rows(answer) + header_notes(answer))
    for line in melden_lines(answer, compact=True):
        env.write(visible(line))
    contacts = answer["contactpunten"]
    if contacts:
        _plain(env, [(MSG["first"], contacts[0]["rol"])], blank=True)
        _plain(env, _first_rows(answer), indent="  ")
    steps = _compact_chain(answer)[0]
    if steps:
        env.write(f"{SAY['then_short']}:")
        now = _reach_now(answer)
        for i, cp in enumerate(steps, start=2):
            env.write(f"  {i}. {visible(_chain_line(cp, now))}")
    for line in _desks_line(answer):
        env.write(visible(line))
    _plain(env, _tail(answer, compact=True), blank=True)
    env.write(more_hint(answer))


def _grid(rows: list[tuple[str, str]], label_style: str = "bold", gap: int = 2):
    from rich.table import Table

    grid = Table.grid(padding=(0, gap))
    grid.add_column(style=label_style, no_wrap=True)
    grid.add_column(overflow="fold")  # a long web address wraps; cut, it could not be typed over
    for label, value in rows:
        grid.add_row(label, safe(value))
    return grid


def _render_compact_tty(answer: dict, env: Env) -> None:
    from rich.panel import Panel

    con = console(env)
    # no "Bij wie moet ik zijn?" title line: the question is what was typed, and
    # the line is worth more to the answer on a 24-line screen (as piped)
    con.print(_grid(_header_rows(answer)))
    notes = header_notes(answer)
    if notes:
        con.print(_grid(notes, label_style="bold yellow"))
    for line in melden_lines(answer, compact=True):
        con.print(safe(line))
    contacts = answer["contactpunten"]
    if contacts:
        head = panel_title(f"{MSG['first']}: {contacts[0]['rol']}", bold=True)
        con.print(Panel(_grid(_first_rows(answer)), title=head, title_align="left",
                        border_style="green", padding=(0, 1)))
    steps = _compact_chain(answer)[0]
    if steps:
        now = _reach_now(answer)
        chain = _grid([(f"{i}.", _chain_line(cp, now)) for i, cp in enumerate(steps, start=2)], gap=1)
        con.print(safe(f"{SAY['then_short']}:"), chain)
    for line in _desks_line(answer):
        con.print(safe(line))
    for label, value in _tail(answer, compact=True):  # full width: no label column to wrap in
        line = safe(f"{label}: ")
        line.stylize("bold")
        con.print(line + safe(value))
    hint = safe(more_hint(answer))
    hint.stylize("dim")
    con.print(hint)


def _render_long(answer: dict, env: Env) -> None:
    contacts = answer["contactpunten"]
    head = _header_rows(answer) + header_notes(answer)
    if answer.get("organisaties_in_gebied"):
        head.append((MSG["orgs"], ", ".join(o["naam"] for o in answer["organisaties_in_gebied"])))
    if not env.is_tty:
        _plain(env, head)
        for line in melden_lines(answer):
            env.write(visible(line))
        for i, cp in enumerate(contacts, start=1):
            env.write("")
            env.write(f"{i}. {_position(cp)}: {visible(cp['rol'])}")
            _plain(env, _contact_rows(cp), indent="   ")
        _plain(env, _tail(answer, compact=False), blank=True)
        return
    from rich import box
    from rich.panel import Panel

    con = console(env)
    con.print(Panel(_grid(head), title=panel_title(MSG["title"]), title_align="left", box=box.ROUNDED))
    for line in melden_lines(answer):
        con.print(safe(line))
    for i, cp in enumerate(contacts, start=1):
        title = panel_title(f"{i}. {_position(cp)}: {cp['rol']}", bold=True)
        con.print(Panel(_grid(_contact_rows(cp)), title=title, title_align="left",
                        border_style="green" if i == 1 else "none", box=box.ROUNDED))
    tail = _tail(answer, compact=False)
    if tail:
        con.print(_grid(tail))
