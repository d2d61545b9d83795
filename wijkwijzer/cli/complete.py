"""Shell completion of place and thema names (``wijkwijzer --install-completion``).

typer calls these with what the user typed so far; the names come from the
small cache :mod:`wijkwijzer.lookup.names` keeps beside the database.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from wijkwijzer.paths import ENV_DB


def _db(ctx: typer.Context) -> Path:
    from wijkwijzer.paths import default_db_path

    db = ctx.params.get("db") or os.environ.get(ENV_DB)
    return Path(db) if db else default_db_path()


def places(ctx: typer.Context, incomplete: str) -> list[str]:
    """Organisatie, stadsdeel, wijk and buurt names that fit *incomplete*."""
    from wijkwijzer.lookup.names import matching, names

    return matching(names(_db(ctx))["places"], incomplete)


def themas(ctx: typer.Context, incomplete: str) -> list[str]:
    """Thema names and synonyms that fit *incomplete*."""
    from wijkwijzer.lookup.names import matching, names

    return matching(names(_db(ctx))["themas"], incomplete)
