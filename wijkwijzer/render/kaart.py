"""The kaart (``wijkwijzer kaart [PLAATS]``) on a terminal or a pipe.

Why a table and not a tree: a volunteer comes with a thema ("bomen"), so the
first column is the thema and the row says who answers. Themas with the same
first contact and escalation share one row, which is the "who does what"
picture of the meeting report (one gebiedsregisseur DSB for openbare ruimte,
one DSO for three themas, the central aanspreekpunt for the rest) and keeps a
stadsdeel on one screen of 100 columns. A tree gemeente -> diensten -> rollen
-> stadsdelen would repeat the eight stadsdelen under every role and hide the
thema. On a terminal the tables are Rich tables; on a pipe ``## titel`` lines
and tab-separated rows (:func:`wijkwijzer.render.terminal.render_sections`).
"""

from __future__ import annotations

from wijkwijzer.env import Env
from wijkwijzer.i18n import Messages
from wijkwijzer.render.terminal import console, render_sections, safe
from wijkwijzer.text import no_channel_text, visible

MSG = Messages({
    "title_place": "De kaart: {soort} {naam}",
    "title_city": "De kaart: gemeente {naam}",
    "title_sd": "De kaart: stadsdeel {naam}",
    "area": "Gebied",
    "office": "Kantoor",
    "orgs": "Organisaties",
    "also": "Ook gevonden",
    "notes": "Let op",
    "per_thema": "Wie doet wat: eerste aanspreekpunt per thema",
    "themas": "themas",
    "first": "eerste aanspreekpunt",
    "channel": "kanaal",
    "then": "daarna (escalatie)",
    "where": "waar",
    "everywhere": "alle {n}",
    "general": "{rol} [algemeen]",
    "now_via": "{kanaal}; nu via {via}",
    "start_at": "Geen kanaal bekend? Begin bij {via}.",
    "start_varies": ("Geen kanaal bekend? Waar u dan begint, verschilt per stadsdeel: "
                     "wijkwijzer kaart STADSDEEL."),
    "kantoor": "kantoor",
    "then_all": "Geen antwoord? Daarna (escalatie, voor elk thema): {then}.",
    "always": "Altijd bereikbaar: {rol}, {kanaal}",
    "varies": "verschilt per stadsdeel",
    "nobody": "niemand",
    "stadsdelen": "Stadsdelen",
    "stadsdeel": "stadsdeel",
    "wijken_n": "wijken",
    "orgs_n": "organisaties",
    "local": "Alleen voor één wijk",
    "wijk": "wijk",
    "rol": "rol",
    "city_wide": "Voor de hele stad",
    "diensten": "Diensten en partners",
    "dienst": "dienst",
    "naam": "naam",
    "themas_for": "antwoordt voor de themas",
    "all_themas": "alle themas",
})


def _who(c: dict | None, general: bool = False) -> str:
    if not c:
        return MSG["nobody"]
    rol = f"{c['rol']} ({c['dienst']['id']})"
    return MSG["general"].format(rol=rol) if general else rol


def _channel(row: dict) -> tuple[str, str]:
    """``(channel of the first contact, "rol (kanaal)" of the one to try now
    or "")`` for one thema row."""
    first, reach = row["eerste"], row["bereikbaar"]
    if not first:
        return "", ""
    via = f"{reach['rol']} ({reach['kanaal']})" if first["kanaal"] == no_channel_text() and reach else ""
    return first["kanaal"], via


def _one(values: list[str]) -> str:
    return values[0] if len(values) == 1 else MSG["varies"]


def grouped_rows(doc: dict) -> list[dict]:
    """Rows of the "wie doet wat" table: themas with the same first contact
    (role and dienst), escalation and set of stadsdelen share one row.
    Returns ``[{"themas", "eerste", "waar", "kanaal", "nu_via", "daarna"}]``
    of strings ("verschilt per stadsdeel" where the stadsdelen differ)."""
    per_thema: dict[tuple, dict] = {}
    for area in doc["gebieden"]:
        for row in area["themas"]:
            key = (row["thema"]["id"], _who(row["eerste"], row["algemeen"]),
                   ", ".join(_who(c) for c in row["escalatie"]))
            entry = per_thema.setdefault(key, {"thema": row["thema"]["naam"], "areas": [],
                                               "kanaal": [], "via": []})
            entry["areas"].append(area["naam"])
            for field, value in zip(("kanaal", "via"), _channel(row)):
                if value not in entry[field]:
                    entry[field].append(value)
    groups: dict[tuple, list[str]] = {}
    for (_tid, first, then), e in per_thema.items():
        key = (first, then, tuple(e["areas"]), _one(e["kanaal"]), _one(e["via"]))
        groups.setdefault(key, []).append(e["thema"])
    n = len(doc["gebieden"])
    return [{"themas": "; ".join(themas), "eerste": first, "kanaal": kanaal, "nu_via": via, "daarna": then,
             "waar": MSG["everywhere"].format(n=n) if len(areas) == n else ", ".join(areas)}
            for (first, then, areas, kanaal, via), themas in groups.items()]


def main_table(doc: dict) -> tuple[list[dict], list[str], list[str]]:
    """The "wie doet wat" table as ``(rows, fields, notes)``: a column whose
    value is the same in every row (the escalation, where to start when the
    first contact has no channel) becomes one note line under the table."""
    rows = grouped_rows(doc)
    city = not doc.get("gevonden") and len(doc["gebieden"]) > 1
    fields = ["themas", "eerste", *(["waar"] if city else []), "kanaal"]
    notes = []
    vias = {r["nu_via"] for r in rows if r["nu_via"]}
    if vias == {MSG["varies"]}:
        notes.append(MSG["start_varies"])
    elif len(vias) == 1:
        notes.append(MSG["start_at"].format(via=vias.pop()))
    else:
        for r in rows:
            r["kanaal"] = MSG["now_via"].format(kanaal=r["kanaal"], via=r["nu_via"]) if r["nu_via"] else r["kanaal"]
    thens = {r["daarna"] for r in rows}
    if len(thens) == 1 and rows:
        notes.append(MSG["then_all"].format(then=thens.pop() or MSG["nobody"]))
    else:
        fields.append("daarna")
    return rows, fields, notes


def _header(doc: dict) -> tuple[str, list[tuple[str, str]]]:
    areas, gm = doc["gebieden"], doc.get("gemeente") or {}
    if doc.get("gevonden"):
        g, area = doc["gevonden"], areas[0]
        title = MSG["title_place"].format(soort=g["soort"], naam=g["naam"])
        where = [f"wijk {w['naam']} ({w['code']})" for w in area["wijken"]] if g["soort"] != "stadsdeel" else []
        sd = area.get("stadsdeel")
        rows = [(MSG["area"], "; ".join(where + ([f"stadsdeel {sd['naam']}"] if sd else [])))] \
            if g["soort"] != "stadsdeel" else []
        if sd and sd.get("kantoor"):
            rows.append((MSG["office"], sd["kantoor"]))
        if g.get("ook_gevonden"):
            rows.append((MSG["also"], ", ".join(f"{o['soort']} {o['naam']}" for o in g["ook_gevonden"])))
        if area["organisaties"]:
            rows.append((MSG["orgs"], ", ".join(o["naam"] for o in area["organisaties"])))
        rows += [(MSG["notes"], note) for note in doc.get("opmerkingen", [])]
        return title, rows
    if len(areas) == 1:
        return MSG["title_sd"].format(naam=areas[0]["naam"]), []
    return MSG["title_city"].format(naam=gm.get("naam", "")), []


def render_kaart(doc: dict, env: Env) -> None:
    """Show a :func:`wijkwijzer.lookup.kaart.kaart` document: a header, the
    "wie doet wat" table, the stadsdelen (city view), contacts for one wijk,
    the city-wide contacts and the diensten."""
    title, header = _header(doc)
    if env.is_tty:
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        for label, value in header:
            grid.add_row(label, safe(value))
        con = console(env)
        heading = safe(title)
        heading.stylize("bold")
        con.print(heading)  # no panel around it: two more lines for the tables
        if header:
            con.print(grid)
    else:
        env.write(f"# {visible(title)}")
        for label, value in header:
            env.write(f"{label}: {visible(value)}")
        env.write("")
    rows, fields, notes = main_table(doc)
    columns = [(f, MSG[HEADERS[f]]) for f in fields]
    sections = [(MSG["per_thema"], rows, columns, notes + _footer(doc)), *_sections(doc)]
    for title, rows, columns, *after in sections:
        if rows and env.is_tty:
            _table(title, rows, columns, env)
        else:
            render_sections([(title, rows, columns)], env)
        _lines(after[0] if after else [], env)


def _lines(lines: list[str], env: Env) -> None:
    """Plain sentences under a table (none: nothing)."""
    for line in lines:
        if env.is_tty:
            console(env).print(safe(line))
        else:
            env.write(visible(line))
    if lines and not env.is_tty:
        env.write("")


#: field of the main table -> its header in MSG
HEADERS = {"themas": "themas", "eerste": "first", "waar": "where", "kanaal": "channel", "daarna": "then"}


#: relative column widths of the "wie doet wat" table on a terminal
RATIOS = {"themas": 6, "eerste": 5, "kanaal": 4, "daarna": 3, "dienst": 5, "voor": 7, "rol": 4, "kantoor": 6,
          "stadsdeel": 3, "waar": 3}
#: columns of a few characters (counts, "alle 8"): sized by their content
SHORT = {"wijken", "organisaties"}


def _table(title: str, rows: list[dict], columns: list[tuple[str, str]], env: Env) -> None:
    """A Rich table without edges, column widths by :data:`RATIOS`."""
    from rich import box
    from rich.table import Table

    table = Table(title=visible(title), title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                  expand=True, show_edge=False)
    for field, header in columns:
        if field in SHORT:  # as wide as its content, at least its header
            table.add_column(header, min_width=len(header), overflow="fold")
        else:
            table.add_column(header, ratio=RATIOS.get(field, 2), overflow="fold")
    for row in rows:
        table.add_row(*(safe(row[f]) for f, _h in columns))
    console(env).print(table)


def _sections(doc: dict) -> list[tuple[str, list[dict], list[tuple[str, str]]]]:
    """The tables after the main one: stadsdelen and city-wide contacts (city
    view), contacts for one wijk, the diensten."""
    city = not doc.get("gevonden") and len(doc["gebieden"]) > 1
    sections = []
    if city:
        rows = [{"stadsdeel": a["naam"], "kantoor": (a.get("stadsdeel") or {}).get("kantoor") or "",
                 "wijken": len(a["wijken"]), "organisaties": len(a["organisaties"])} for a in doc["gebieden"]]
        sections.append((MSG["stadsdelen"], rows, [("stadsdeel", MSG["stadsdeel"]), ("kantoor", MSG["kantoor"]),
                                                   ("wijken", MSG["wijken_n"]), ("organisaties", MSG["orgs_n"])]))
    names = {w["code"]: w["naam"] for a in doc["gebieden"] for w in a["wijken"]}
    local = [{"wijk": names.get(c["gebied"]["id"], c["gebied"]["naam"]), "rol": _who(c),
              "themas": _themas(c["themas"], doc), "kanaal": c["kanaal"]}
             for a in doc["gebieden"] for c in a["wijkcontacten"]]
    sections.append((MSG["local"], local, [("wijk", MSG["wijk"]), ("rol", MSG["rol"]),
                                           ("themas", MSG["themas"]), ("kanaal", MSG["channel"])]))
    if city:
        wide = [{"rol": _who(c), "themas": _themas(c["themas"], doc), "kanaal": c["kanaal"]}
                for c in doc["stadsbreed"]]
        sections.append((MSG["city_wide"], wide, [("rol", MSG["rol"]), ("themas", MSG["themas"]),
                                                  ("kanaal", MSG["channel"])]))
    diensten = [{"dienst": f"{d['naam']} ({d['id']})", "voor": "; ".join(t["naam"] for t in d["themas"])}
                for d in doc["diensten"] if d["themas"]]
    sections.append((MSG["diensten"], diensten, [("dienst", MSG["dienst"]), ("voor", MSG["themas_for"])]))
    return sections


def _footer(doc: dict) -> list[str]:
    """For one place: the city-wide contacts for all themas (14070), one line each."""
    if not doc.get("gevonden") and len(doc["gebieden"]) > 1:
        return []
    return [MSG["always"].format(rol=c["rol"], kanaal=c["kanaal"])
            for c in doc["stadsbreed"] if "*" in c["themas"]]


def _themas(ids: list[str], doc: dict) -> str:
    """Thema ids as names ("*" as "alle themas")."""
    names = {r["thema"]["id"]: r["thema"]["naam"] for a in doc["gebieden"] for r in a["themas"]}
    return "; ".join(MSG["all_themas"] if t == "*" else names.get(t, t) for t in ids)
