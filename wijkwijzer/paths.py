"""Where wijkwijzer's files live: the bundled default dataset and the user's
database. One function each, with an environment override (as llm does)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "WIJKWIJZER_DB"
DB_FILENAME = "wijkwijzer.json"


def bundled_data_dir() -> Path:
    """Return the folder holding the default Den Haag dataset (``*.json``).

    In an installed wheel it is ``wijkwijzer/data`` inside the package; in a
    source checkout it is the top-level ``data/`` folder next to the package.
    Raises FileNotFoundError when neither exists (a broken install).
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "wijken.json").is_file():
            return candidate
    raise FileNotFoundError(f"default dataset not found next to {here}")


def default_db_path() -> Path:
    """Return the database path: ``$WIJKWIJZER_DB`` when set, else
    ``wijkwijzer.json`` in the platformdirs user data folder (on Linux
    ``~/.local/share/wijkwijzer/``). The folder is not created here."""
    override = os.environ.get(ENV_DB)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("wijkwijzer", appauthor=False) / DB_FILENAME


def db_location(db: Path | None) -> tuple[Path, bool]:
    """The database path for ``--db`` *db* (None: ``$WIJKWIJZER_DB`` or the
    default location) and whether its folder may be created on first use:
    yes for the default location and ``$WIJKWIJZER_DB``, no for a path typed
    with ``--db`` (a mistyped folder is an error, not a fresh database)."""
    if db is None:
        return default_db_path(), True
    override = os.environ.get(ENV_DB)
    from_env = bool(override) and Path(override).expanduser() == Path(db).expanduser()
    return Path(db), from_env


ENV_SETTINGS = "WIJKWIJZER_INSTELLINGEN"
SETTINGS_FILENAME = "instellingen.json"


def settings_path() -> Path:
    """Return the file of the user's settings (``wijkwijzer instellingen``):
    ``$WIJKWIJZER_INSTELLINGEN`` when set, else ``instellingen.json`` in the
    platformdirs user config folder (on Linux ``~/.config/wijkwijzer/``).
    The folder is not created here."""
    override = os.environ.get(ENV_SETTINGS)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path("wijkwijzer", appauthor=False) / SETTINGS_FILENAME
