"""The command line (typer): parse arguments, call the library, render.

May import every other part of wijkwijzer; nothing else imports it. Kept
empty so the console script (:mod:`wijkwijzer.cli.fast`) starts without typer.

- ``fast``: the console script; answers the plain ``who`` without typer
- ``answer``: ``who`` from words to screen, for both entry paths
- ``main``: the root typer app, adding the command modules below
- ``_shared``: options, errors, confirmation and the store, for every command
- ``read``: who, search, lists, show; ``edit``: add/edit/remove, verify,
  history, import; ``io``: export, check; ``safety``: restore, forget
"""
