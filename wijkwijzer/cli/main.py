"""The root typer app: every command module added to one app, in help order.

Imported only when the command line is not the fast ``who``
(:mod:`wijkwijzer.cli.fast`), and by the tests as ``wijkwijzer.cli.main.app``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from wijkwijzer import __version__
from wijkwijzer.cli import agenda, edit, io, kaart, read, safety, settings, sync, vragen
from wijkwijzer.cli.framework import Group
from wijkwijzer.i18n import Messages

MSG = Messages({
    "app": "wijkwijzer: bij wie moet ik zijn? Het aanspreekpunt voor uw thema in uw Haagse wijk.",
    "version": "Toon het versienummer en stop.",
})

app = typer.Typer(cls=Group, help=MSG["app"], no_args_is_help=True,
                  pretty_exceptions_enable=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wijkwijzer {__version__}")
        raise typer.Exit()


@app.callback()
def main(ctx: typer.Context,
         version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help=MSG["version"])] = False) -> None:
    """wijkwijzer: bij wie moet ik zijn?"""
    from wijkwijzer.env import CURRENT, Env

    CURRENT.set(ctx.obj if isinstance(ctx.obj, Env) else None)


for _module in (read, kaart, edit, io, safety, agenda, vragen, sync, settings):
    app.add_typer(_module.app)

