"""Sources for people: a record's ``bron`` shortened to a citation a reader knows.

The data keeps the full provenance in ``bron`` (file names, paragraphs of
SOURCES.md, notes for maintainers); a volunteer needs "verslag bijeenkomst
16-10-2024" or "CBS", never a repository path or a developer's note. Standard
library only.
"""

from __future__ import annotations

import re

from wijkwijzer.i18n import Messages

MSG = Messages({
    "report": "verslag bijeenkomst bewonersorganisaties {date}",
    "cbs": "CBS",
    "assumption": "aanname, nog niet bevestigd door de gemeente",
    "public": "openbare bron",
    "unknown": "onbekend",
})
_MONTHS = {m: i for i, m in enumerate(
    ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
     "september", "oktober", "november", "december"), start=1)}
_REPORT = re.compile(r"(?:impressie)?verslag\b[^;]*?\b(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})",
                     re.IGNORECASE)
_CBS = re.compile(r"\bCBS\b")
_WEBSITE = re.compile(r"\b((?:[a-z0-9-]+\.)+(?:nl|com|org|eu))\b", re.IGNORECASE)
_ASSUMPTION = re.compile(r"werkhypothese|aanname|inferred|nog te verifi", re.IGNORECASE)
# what only a maintainer can open: repository paths, SOURCES.md paragraphs, file names
_FILES = re.compile(r"(?:[\w./-]*/)?[\w-]+\.(?:md|json|csv|py)\b(?:\s*§\s*\d+)?|§\s*\d+", re.IGNORECASE)
_FILE_SITES = frozenset({"readme.md", "sources.md"})
_PUBLIC = re.compile(r"\bis public\b|\bopenbaar\b", re.IGNORECASE)


def short_source(bron: str | None) -> str:
    """Shorten a ``bron`` text to the citations a reader can look up, joined by
    "; " ("verslag bijeenkomst bewonersorganisaties 16-10-2024; CBS").

    Known sources (the 2024 meeting report, CBS, a website named in the text)
    become their short name, and a working assumption says it is one. Other
    text is kept without file names and paragraph marks; text that names only
    files becomes "openbare bron". None or empty gives "onbekend"."""
    if not bron or not str(bron).strip():
        return MSG["unknown"]
    text = str(bron)
    cites: list[str] = []
    report = _REPORT.search(text)
    if report:
        day, month, year = report.groups()
        cites.append(MSG["report"].format(date=f"{int(day):02d}-{_MONTHS[month.lower()]:02d}-{year}"))
    if _CBS.search(text):
        cites.append(MSG["cbs"])
    for site in _WEBSITE.findall(text):
        if site.lower() not in _FILE_SITES and site.lower() not in (c.lower() for c in cites):
            cites.append(site.lower())
    if _ASSUMPTION.search(text):
        cites.append(MSG["assumption"])
    if _PUBLIC.search(text):
        cites.append(MSG["public"])
    if cites:
        return "; ".join(dict.fromkeys(cites))
    rest = re.sub(r"\([^)]*\)", "", without_files(text)).strip(" ;:,'\"")
    return rest if rest and re.search(r"[A-Za-z]{3}", rest) else MSG["public"]


def without_files(text: str) -> str:
    """*text* without repository paths, file names and SOURCES.md paragraph
    marks ("... onbevestigd: shared/data/denhaag/SOURCES.md §2 (CBS ...)" ->
    "... onbevestigd: (CBS ...)"), for a sentence shown to a reader."""
    out = _FILES.sub("", str(text))
    out = re.sub(r"\(\s*[;:,]?\s*\)", "", out)
    out = re.sub(r"\s+([;:,.)])", r"\1", out)
    out = re.sub(r"\s{2,}", " ", out).strip(" ;:,")
    return re.sub(r"(^|:\s)\(([^()]*)\)", r"\1\2", out)  # "bron: (CBS ...)" -> "bron: CBS ..."
