"""Console-script entry point with a fast start for the main job, ``who``.

``wijkwijzer who PLAATS [THEMA] [--json] [--db PAD]`` is what residents type
most, and building the typer app costs more than answering: typer imports
itself, click and (from typer 0.2x on) pydantic to convert the arguments. So
this module reads exactly that simple form itself and runs the same library
calls as the typer command - which itself calls :func:`who` here, so there is
one implementation. Anything else - another command, ``--help``, an unknown
option, ``--``, a missing PLAATS - goes to the full typer app
(:func:`wijkwijzer.cli.run`), which also gives every usage error.
``tests/test_quick.py`` holds both paths to the same output.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MSG = {
    "internal": "Onverwachte fout: {exc} (zet WIJKWIJZER_DEBUG=1 voor details).",
    "interrupted": "Afgebroken.",
    "no_contact": "Geen contactpunt gevonden voor deze plaats en dit thema.",
    "no_contact_general": "Geen algemeen contactpunt gevonden voor deze plaats.",
}
ENV_DB = "WIJKWIJZER_DB"


def parse_who(args: list[str]) -> tuple[list[str], bool, Path | None] | None:
    """Parse ``who WORD... [--json] [--db PATH | --db=PATH]`` (options anywhere).

    Returns ``(words, as_json, db)`` - *words* as ``cli.who`` passes them to
    :func:`wijkwijzer.lookup.split_words`, *db* from ``--db`` or
    ``$WIJKWIJZER_DB`` (None: the default location) - or None for anything
    else, which the typer app must handle."""
    if not args or args[0] != "who":
        return None
    words: list[str] = []
    as_json, db = False, None
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--json" and not as_json:
            as_json = True
        elif arg == "--db" and db is None:
            db = next(rest, None)
            if not db or db.startswith("-"):
                return None
        elif arg.startswith("--db=") and db is None and len(arg) > 5:
            db = arg[5:]
        elif arg.startswith("-"):
            return None
        else:
            words.append(arg)
    if not words:
        return None
    if db is None and os.environ.get(ENV_DB):
        db = os.environ[ENV_DB]
    # typer passes THEMA only when non-empty, then the extra words as they are
    words = [words[0], *([words[1]] if len(words) > 1 and words[1] else []), *words[2:]]
    return words, as_json, Path(db) if db is not None else None


def who(words: list[str], as_json: bool, db: Path | None, env=None) -> int:
    """Answer ``who`` as :func:`wijkwijzer.cli.who` does; return the exit code
    (0 answered, 1 nothing found or a database problem, one sentence on stderr)."""
    from .render import Env, error

    env = env or Env()
    try:
        from .cache import directory
        from .lookup import NotFound, split_words, who as answer_who
        from .paths import default_db_path
        from .store import Store, StoreError

        try:
            from .render import say_created

            d = directory(Store(db or default_db_path(), on_create=lambda p: say_created(p, env)))
            plaats, thema = split_words(d, words)
            answer = answer_who(d, plaats, thema)
            if not answer["contactpunten"]:
                raise NotFound(MSG["no_contact" if thema else "no_contact_general"])
            if as_json:
                from .render import print_json

                print_json(answer, env)
            else:
                from .render import render_who

                render_who(answer, env)
            return 0
        except NotFound as exc:
            error(str(exc), env, exc.suggestions)
            return 1
        except (StoreError, ValueError, OSError) as exc:
            if os.environ.get("WIJKWIJZER_DEBUG"):
                raise
            error(str(exc), env)
            return 1
    except Exception as exc:  # noqa: BLE001 - last line of defence, as cli.handle_errors
        if os.environ.get("WIJKWIJZER_DEBUG"):
            raise
        error(MSG["internal"].format(exc=exc), env)
        return 1


def interrupted(signum=None, frame=None) -> None:
    """SIGINT handler: say "Afgebroken." and exit 130 (128 + SIGINT), as shells
    expect. It raises SystemExit, so a write in progress is discarded (the
    atomic write removes its temporary file; the lock is released) - and
    typer/click, which would print an English "Aborted!" with exit 1 for a
    KeyboardInterrupt, let it pass."""
    sys.stderr.write("\n" + MSG["interrupted"] + "\n")
    raise SystemExit(130)


def run() -> None:
    """Console-script entry point: the fast ``who`` when the command line is
    that simple form, else the full typer app. A closed pipe ends quietly;
    Ctrl-C ends with "Afgebroken." and exit code 130."""
    import signal

    signal.signal(signal.SIGINT, interrupted)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parsed = parse_who(sys.argv[1:])
    if parsed is None:
        from .cli import app

        app()
        return
    sys.exit(who(*parsed))
