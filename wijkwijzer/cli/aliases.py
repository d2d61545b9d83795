"""Dutch command words: ``wie`` runs ``who``, and so on. The English verbs stay.

One line per word: add ``"kaart": "map"`` here and ``wijkwijzer kaart`` works,
is listed in ``--help`` beside its verb ("map, kaart") and is completed on Tab.
Standard library only (the fast ``who`` path reads it without typer).
"""

ALIASES: dict[str, str] = {
    "wie": "who",
    "zoek": "search",
    "toon": "show",
}


def canonical(name: str) -> str:
    """The command *name* stands for (itself when it is no alias)."""
    return ALIASES.get(name, name)
