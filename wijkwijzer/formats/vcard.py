"""Contactpunten as vCard 3.0 (RFC 2426), one card per contactpunt, for a
phone's or mail program's address book.

Per card: ``FN``/``N`` = the role and its area ("gebiedsregisseur DSB
(stadsdeel Centrum)"); ``ORG`` = "Gemeente Den Haag;<dienst>" for a municipal
dienst, the partner's own name otherwise; ``TITLE`` = the role; ``TEL``,
``EMAIL``, ``ADR`` (the address text as street line), ``URL`` from
``kanalen``; ``NOTE`` with niveau, themas, opening hours, response time,
status, ``opmerking`` and ``bron``; ``CATEGORIES`` the thema names; ``REV`` =
``geverifieerd_op``; ``UID`` = ``wijkwijzer-<id>``. A personal name and
direct channels (``persoon``) go into the card only when the record still
has them (a public export removes them first).

Text values are escaped (``\\``, ``,``, ``;``, newline), lines end in CRLF and
are folded at 75 octets without splitting a UTF-8 character. No library is
needed to write; the tests read the result back with ``vobject``.
"""

from __future__ import annotations

from wijkwijzer.dataset import ALL_THEMAS, Snapshot, as_dict, as_list
from wijkwijzer.channels import export_phone
from wijkwijzer.text import visible
from wijkwijzer.i18n import Messages, ngettext

MSG = Messages({
    "area_stadsdeel": "stadsdeel {naam}",
    "area_wijk": "wijk {naam}",
    "all_themas": "alle thema's",
    "niveau": "Niveau {n} ({what})",
    "first": "eerste aanspreekpunt",
    "escalation": "escalatie",
    "themas": "Thema's: {themas}",
    "hours": "Openingstijden: {hours}",
    "status": "Status: {status}",
    "person": "Persoon: {naam}",
    "remark": "Opmerking: {text}",
    "source": "Bron: {bron}",
    "gemeente_org": "Gemeente {naam}",
})
FOLD_AT = 75


#: (record part, field, vCard line) for each channel, in card order
CHANNEL_LINES = (
    ("kanalen", "telefoon", "TEL;TYPE=WORK,VOICE:{}"),
    ("persoon", "telefoon", "TEL;TYPE=CELL,VOICE:{}"),
    ("kanalen", "email", "EMAIL;TYPE=INTERNET,WORK:{}"),
    ("persoon", "email", "EMAIL;TYPE=INTERNET:{}"),
    ("kanalen", "adres", "ADR;TYPE=WORK:;;{};;;;"),
    ("kanalen", "web", "URL:{}"),
)

def escape(text: object) -> str:
    """Escape a vCard TEXT value: backslash, comma, semicolon, newline. Any
    other control character (an escape sequence in the data) is first made
    visible (``\\x1b``, see :func:`wijkwijzer.text.visible`), so the card
    stays valid and no address book or terminal obeys it."""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\\n".join(visible(line).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
                       for line in lines)


def fold(line: str) -> str:
    """Fold one content line at 75 octets (CRLF + space), never inside a
    UTF-8 character; return the folded text without the final CRLF."""
    raw = line.encode("utf-8")
    if len(raw) <= FOLD_AT:
        return line
    parts, current, limit = [], b"", FOLD_AT
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", FOLD_AT - 1  # continuation lines start with a space
        current += b
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


class _Names:
    """Look up display names of areas, diensten and themas in a snapshot."""

    def __init__(self, data: Snapshot):
        self.gemeenten = {r.get("id"): r for r in data.get("gemeenten", [])}
        self.stadsdelen = {r.get("id"): r for r in data.get("stadsdelen", [])}
        self.wijken = {r.get("code"): r for r in data.get("wijken", [])}
        self.diensten = {r.get("id"): r for r in data.get("diensten", [])}
        self.themas = {r.get("id"): r for r in data.get("themas", [])}

    def area(self, code: str) -> str:
        if code in self.gemeenten:
            return self.gemeenten[code].get("naam") or code
        if code in self.stadsdelen:
            return MSG["area_stadsdeel"].format(naam=self.stadsdelen[code].get("naam") or code)
        if code in self.wijken:
            return MSG["area_wijk"].format(naam=self.wijken[code].get("naam") or code)
        return str(code)

    def org(self, dienst_id: str) -> list[str]:
        dienst = self.diensten.get(dienst_id) or {}
        name = dienst.get("naam") or dienst_id or ""
        if dienst.get("soort", "gemeente") != "gemeente" or dienst_id == "GEMEENTE":
            return [name] if dienst_id != "GEMEENTE" else [self.gemeente_name()]
        return [self.gemeente_name(), name]

    def gemeente_name(self) -> str:
        first = next(iter(self.gemeenten.values()), {})
        return MSG["gemeente_org"].format(naam=first.get("naam") or "Den Haag")

    def thema(self, tid: str) -> str:
        if tid == ALL_THEMAS:
            return MSG["all_themas"]
        return (self.themas.get(tid) or {}).get("naam") or str(tid)


def card(cp: dict, names: _Names) -> list[str]:
    """Return the content lines (unfolded) of one contactpunt's vCard."""
    kanalen = as_dict(cp.get("kanalen"))
    persoon = as_dict(cp.get("persoon"))
    rol = cp.get("rol") or cp.get("id") or ""
    area = ", ".join(names.area(g) for g in as_list(cp.get("gebied")))
    fn = f"{rol} ({area})" if area else rol
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"UID:wijkwijzer-{escape(cp.get('id'))}",
             f"FN:{escape(fn)}", f"N:{escape(fn)};;;;",
             "ORG:" + ";".join(escape(p) for p in names.org(cp.get("dienst"))),
             f"TITLE:{escape(rol)}"]
    for source, field, template in CHANNEL_LINES:
        value = (kanalen if source == "kanalen" else persoon).get(field)
        if value:
            lines.append(template.format(escape(export_phone(value) if field == "telefoon" else value)))
    themas = [names.thema(t) for t in as_list(cp.get("themas"))]
    if themas:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in themas))
    lines.append(f"NOTE:{escape(chr(10).join(_note(cp, themas, kanalen, persoon)))}")
    if cp.get("geverifieerd_op"):
        lines.append(f"REV:{escape(cp['geverifieerd_op'])}")
    lines.append("END:VCARD")
    return lines


def _note(cp: dict, themas: list[str], kanalen: dict, persoon: dict) -> list[str]:
    niveau = cp.get("niveau")
    note = []
    if niveau is not None:
        note.append(MSG["niveau"].format(n=niveau, what=MSG["first"] if niveau == 1 else MSG["escalation"]))
    if themas:
        note.append(MSG["themas"].format(themas=", ".join(themas)))
    if persoon.get("naam"):
        note.append(MSG["person"].format(naam=persoon["naam"]))
    if kanalen.get("openingstijden"):
        note.append(MSG["hours"].format(hours=kanalen["openingstijden"]))
    if cp.get("reactietermijn_werkdagen"):
        n = cp["reactietermijn_werkdagen"]
        note.append(ngettext("Reactietermijn: {n} werkdag", "Reactietermijn: {n} werkdagen", n).format(n=n))
    if cp.get("status"):
        note.append(MSG["status"].format(status=cp["status"]))
    if cp.get("opmerking"):
        note.append(MSG["remark"].format(text=cp["opmerking"]))
    if cp.get("bron"):  # a citation for people, not the data's file names (#10)
        from wijkwijzer.sources import short_source

        note.append(MSG["source"].format(bron=short_source(cp["bron"])))
    return note


def write_vcards(data: Snapshot) -> bytes:
    """Return every contactpunt of *data* (``{kind: [record, ...]}``) as
    vCard 3.0 cards, UTF-8 bytes with CRLF line ends and folded lines.
    Areas, diensten and themas are named from the same snapshot. Never raises
    for odd data: missing fields are left out of the card."""
    names = _Names(data)
    out = []
    for cp in data.get("contactpunten", []):
        out.extend(fold(line) for line in card(cp, names))
    return ("\r\n".join(out) + "\r\n").encode("utf-8") if out else b""
