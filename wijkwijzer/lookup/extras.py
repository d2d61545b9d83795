"""What a ``who`` answer says besides its chain of contacts: the meldingen that
fit the typed topic, and the words of the topic it did not use.

No typer, no rich. Used by :mod:`wijkwijzer.lookup.directory`.
"""

from __future__ import annotations

from wijkwijzer.i18n import Messages
from wijkwijzer.text import normalize, topic_fit

#: a contactpunt's ``soort`` for a form or meldpunt for one single case
MELDING = "melding"

MSG = Messages({
    "also_thema": "'{word}' hoort bij thema {naam}; vraag daar apart naar.",
    "ignored": "Niet gebruikt voor het antwoord: '{words}'.",
})


def melden(contacts: list[dict], topic: str | None = None, thema: dict | None = None) -> list[dict]:
    """The meldingen among the answer's *contacts* (each ``{"id", "rol",
    "kanalen"}``) that fit the typed *topic*: the forms and meldpunten for one
    single case, besides the aanspreekpunt for a structural question.

    A melding fits when :func:`wijkwijzer.text.topic_fit` says so ("afval" -
    "afvalmelding", "parkeren" - "parkeervergunning"); the closest first. When the topic is the thema
    itself (its id or name), every melding of the thema fits. Otherwise none:
    a passport question is not answered with the form for a change of address
    (QA), though that form stays in ``contactpunten``."""
    found = [{"id": c["id"], "rol": c["rol"], "kanalen": c["kanalen"]}
             for c in contacts if c.get("soort") == MELDING]
    fitting = sorted((m for m in found if topic_fit(m["rol"], topic)[0]),
                     key=lambda m: tuple(-x for x in topic_fit(m["rol"], topic)))
    if fitting:
        return fitting
    return found if names_the_thema(topic, thema) else []


def names_the_thema(topic: str | None, thema: dict | None) -> bool:
    """True when the typed *topic* is the thema's own id or name ("openbare
    ruimte"), not a word residents use for part of it ("bomen"): every contact
    and melding of the thema fits it alike."""
    return thema is not None and normalize(topic or "") in (normalize(thema["id"]), normalize(thema["naam"]))


def topic_notes(tm) -> list[str]:
    """Sentences for the words of a topic that the answer did not use: words
    that name no thema, and words that name another thema (ask for that one
    apart). *tm* is a :class:`wijkwijzer.lookup.directory.ThemaMatch` or None;
    returns Dutch sentences for ``opmerkingen``. QA: 'zeehelden vuurwerk
    bomen' answered veiligheid and dropped 'bomen' without a word."""
    if tm is None:
        return []
    notes = [MSG["also_thema"].format(word=w, naam=naam) for w, naam in tm.also]
    if tm.ignored:
        notes.append(MSG["ignored"].format(words=" ".join(tm.ignored)))
    return notes
