"""Every sentence the user reads goes through GNU gettext; Dutch is the msgid.

Modules keep their sentences in one table, ``MSG = Messages({...})``; reading
``MSG["key"]`` returns the sentence in the chosen language at that moment, so
the table can be built at import time and the language still chosen later.
Text outside a table uses :func:`_` and :func:`ngettext` (plural forms).

The language: :func:`set_language` (``--lang``), else ``WIJKWIJZER_LANG``, else
the locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``en*`` gives
English), else Dutch. Catalogs live in ``wijkwijzer/locale/<lang>/LC_MESSAGES``.
Standard library only.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

DOMAIN = "wijkwijzer"
LANGUAGES = ("nl", "en")
DEFAULT = "nl"
ENV_LANG = "WIJKWIJZER_LANG"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_state: dict[str, Any] = {"lang": None, "translation": None}


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: ``WIJKWIJZER_LANG`` (nl|en), else
    the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set (``en*`` ->
    "en", anything else -> "nl"), else "nl". Returns "nl" or "en"."""
    environ = os.environ if environ is None else environ
    wanted = (environ.get(ENV_LANG) or "").strip().lower()[:2]
    if wanted in LANGUAGES:
        return wanted
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ.get(var) or "").strip()
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT
    return DEFAULT


def set_language(lang: str | None) -> str:
    """Use *lang* ("nl" or "en"; None: from the environment) from now on.
    Returns the language in force. Raises ValueError for another language."""
    lang = language_from_env() if lang is None else lang.strip().lower()
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    _state["lang"] = lang
    _state["translation"] = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang],
                                                fallback=True)
    return lang


@contextmanager
def using(lang: str) -> Iterator[str]:
    """Use *lang* inside the ``with`` block, then the language in force before."""
    previous = language()
    set_language(lang)
    try:
        yield lang
    finally:
        set_language(previous)


def language() -> str:
    """The language in force ("nl" or "en")."""
    if _state["lang"] is None:
        set_language(None)
    return _state["lang"]


def _translation() -> gettext.NullTranslations:
    if _state["translation"] is None:
        set_language(None)
    return _state["translation"]


def _(msgid: str) -> str:
    """*msgid* (Dutch) in the language in force."""
    return _translation().gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form (Dutch msgids) for *n*, in the language in force."""
    return _translation().ngettext(singular, plural, n)


def N_(msgid: str) -> str:
    """Mark *msgid* for extraction without translating it now."""
    return msgid


class Messages(Mapping):
    """A module's sentences: ``{key: Dutch msgid}`` (values may nest one level).
    ``MSG["key"]`` returns the sentence translated at the moment it is read."""

    def __init__(self, table: dict[str, Any]):
        self._table = table

    def __getitem__(self, key: str) -> Any:
        value = self._table[key]
        if isinstance(value, str):
            return _(value)
        if isinstance(value, dict):
            return Messages(value)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def source(self, key: str) -> str:
        """The Dutch msgid of *key*, untranslated: for text that is stored as
        data (a record's ``bron``, a history note), which is Dutch in every language."""
        return self._table[key]

    def msgids(self) -> Iterator[str]:
        """Every Dutch msgid in the table (for the catalog check)."""
        for value in self._table.values():
            if isinstance(value, str):
                yield value
            elif isinstance(value, dict):
                yield from Messages(value).msgids()
