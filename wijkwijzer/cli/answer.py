"""The main job, ``who``, from words to an answer on screen and an exit code.

One implementation for both entry paths: the fast console script
(:mod:`wijkwijzer.cli.fast`) and the typer command (:mod:`wijkwijzer.cli.read`).
No typer here, so the fast path never imports it.
"""

from __future__ import annotations

from pathlib import Path


def answer(words: list[str], as_json: bool, db: Path | None, detailed: bool = False,
           gemeente: str | None = None, env=None) -> int:
    """Answer ``who WORD...`` on *env* and return the exit code.

    *words* are PLAATS [THEMA] and any extra words as typed; *db* is the
    database path (None: the default location); *detailed* asks for the long
    form (``--uitgebreid``: reasons, sources, verification); *gemeente* is
    ``--gemeente`` (None: ``$WIJKWIJZER_GEMEENTE`` or the stored setting, see
    :mod:`wijkwijzer.lookup.home`). Returns 0 when answered, 1
    when nothing resolved or the database could not be used (one sentence on
    stderr, through :func:`wijkwijzer.render.terminal.report`)."""
    from contextlib import nullcontext

    from wijkwijzer.env import Env
    from wijkwijzer.i18n import DEFAULT, using

    env = env or Env()
    # JSON is one contract for every language: with --json the sentences in the
    # document (reden, volgende_stap, ...) and on stderr are Dutch
    with using(DEFAULT) if as_json else nullcontext():
        return _answer(words, as_json, db, detailed, gemeente, env)


def _answer(words: list[str], as_json: bool, db: Path | None, detailed: bool, gemeente: str | None,
            env) -> int:
    from wijkwijzer.render.terminal import report

    try:
        from wijkwijzer.lookup.directory import ask
        from wijkwijzer.lookup.home import set_home
        from wijkwijzer.lookup.index import directory
        from wijkwijzer.paths import db_location
        from wijkwijzer.render.terminal import say_created, say_rebuilding
        from wijkwijzer.store.database import Store

        path, create_folder = db_location(db)
        d = directory(Store(path, on_create=lambda p: say_created(p, env), create_folder=create_folder),
                      on_rebuild=lambda: say_rebuilding(env))
        set_home(d, gemeente)
        result = ask(d, words)
        if as_json:
            from wijkwijzer.render.terminal import print_json

            print_json(result, env)
        else:
            from wijkwijzer.render.answer import render_who

            render_who(result, env, detailed=detailed)
        return 0
    except Exception as exc:  # noqa: BLE001 - report() sorts user errors from bugs
        return int(report(exc, env))
