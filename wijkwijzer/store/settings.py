"""The user's own settings: a small JSON object in the user's config folder.

Today it holds one setting, ``gemeente`` (the home gemeente, a CBS code such
as ``GM0518``; issue #12). The file is :func:`wijkwijzer.paths.settings_path`
(``$WIJKWIJZER_INSTELLINGEN`` overrides it) and is written atomically. No
typer, no rich.
"""

from __future__ import annotations

import json

from wijkwijzer.errors import WijkwijzerError
from wijkwijzer.i18n import Messages
from wijkwijzer.paths import settings_path

MSG = Messages({
    "bad": "Het instellingenbestand {path} is geen geldig JSON-object; verwijder het of herstel het.",
})
#: the settings a user can store, in the order they are shown
KEYS = ("gemeente",)


class SettingsDamaged(WijkwijzerError):
    """The settings file exists but is not a JSON object. ``str()`` is one Dutch sentence."""


def load() -> dict[str, str]:
    """The stored settings as ``{key: text}`` (only the :data:`KEYS` that
    hold text); ``{}`` when there is no file. Raises SettingsDamaged when the
    file cannot be read as a JSON object."""
    path = settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SettingsDamaged(MSG["bad"].format(path=path)) from None
    if not isinstance(data, dict):
        raise SettingsDamaged(MSG["bad"].format(path=path))
    return {k: v for k, v in data.items() if k in KEYS and isinstance(v, str) and v}


def save(key: str, value: str | None) -> dict[str, str]:
    """Store *value* under *key* (one of :data:`KEYS`; None removes it) and
    return the settings as now stored. Creates the folder; the write is
    atomic (:func:`wijkwijzer.store.atomic.atomic_write`). Raises
    SettingsDamaged for a damaged file (which is then left alone) or OSError."""
    from wijkwijzer.store.atomic import atomic_write

    data = load()
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(path, payload.encode("utf-8"), backup=False)
    return data
