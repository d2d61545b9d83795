"""Console-script entry point with a fast start for the main job, ``who``.

``wijkwijzer who PLAATS [THEMA] [--json] [--db PAD]`` is what residents type
most, and building the typer app costs more than answering: typer imports
itself, click and (from typer 0.2x on) pydantic to convert the arguments. So
this module reads exactly that simple form itself and runs the same library
calls as the typer command - which itself calls :func:`who` here, so there is
one implementation. Anything else - another command, ``--help``, an unknown
option, ``--``, a missing PLAATS - goes to the full typer app
(:mod:`wijkwijzer.cli.main`), which also gives every usage error.
``tests/test_quick.py`` holds both paths to the same output.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from wijkwijzer.cli.aliases import canonical
from wijkwijzer.errors import ExitStatus
from wijkwijzer.i18n import LANGUAGES, Messages, set_language

MSG = Messages({
    "interrupted": "Afgebroken.",
})
ENV_DB = "WIJKWIJZER_DB"


def language_from_argv(args: list[str]) -> str | None:
    """The ``--lang nl|en`` (or ``--lang=en``) anywhere on the command line
    before ``--``; None when there is none or its value is no language (the
    typer app then reports the usage error)."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else (
            arg[7:] if arg.startswith("--lang=") else None)
        if value is not None:
            return value if value in LANGUAGES else None
    return None


def parse_who(args: list[str]) -> tuple[list[str], bool, Path | None, bool, str | None] | None:
    """Parse ``who WORD... [--json] [--uitgebreid | -v] [--db PATH | --db=PATH]
    [--gemeente NAAM | --gemeente=NAAM] [--lang nl|en]`` (options anywhere; ``wie`` for ``who``).

    Returns ``(words, as_json, db, detailed, gemeente)`` - *words* as ``cli.who`` passes them to
    :func:`wijkwijzer.lookup.split_words`, *db* from ``--db`` or
    ``$WIJKWIJZER_DB`` (None: the default location), *gemeente* from
    ``--gemeente`` (None: the environment or the stored setting decide later)
    - or None for anything
    else, which the typer app must handle."""
    if not args or canonical(args[0]) != "who":
        return None
    words: list[str] = []
    as_json, detailed = False, False
    values: dict[str, str] = {}  # --db and --gemeente, each at most once
    rest = iter(args[1:])
    for arg in rest:
        name, eq, inline = arg.partition("=")
        if arg == "--json" and not as_json:
            as_json = True
        elif arg in ("--uitgebreid", "-v") and not detailed:
            detailed = True
        elif name in ("--db", "--gemeente") and name not in values:
            value = inline if eq else next(rest, None)
            if not value or (not eq and value.startswith("-")):
                return None
            values[name] = value
        elif arg == "--lang" and next(rest, None) in LANGUAGES:
            continue  # the language was chosen before (language_from_argv)
        elif arg.startswith("--lang=") and arg[7:] in LANGUAGES:
            continue
        elif arg.startswith("-"):
            return None
        else:
            words.append(arg)
    if not words or not any(c.isalnum() for c in words[0]):
        return None  # no PLAATS, or an empty one ("", "+"): typer's usage error
    db, gemeente = values.get("--db"), values.get("--gemeente")
    if db is None and os.environ.get(ENV_DB):
        db = os.environ[ENV_DB]
    # typer passes THEMA only when non-empty, then the extra words as they are
    words = [words[0], *([words[1]] if len(words) > 1 and words[1] else []), *words[2:]]
    return words, as_json, Path(db) if db is not None else None, detailed, gemeente


def interrupted(signum=None, frame=None) -> None:
    """SIGINT handler: say "Afgebroken." and exit 130 (128 + SIGINT), as shells
    expect. It raises SystemExit, so a write in progress is discarded (the
    atomic write removes its temporary file; the lock is released) - and
    typer/click, which would print an English "Aborted!" with exit 1 for a
    KeyboardInterrupt, let it pass."""
    sys.stderr.write("\n" + MSG["interrupted"] + "\n")
    raise SystemExit(int(ExitStatus.INTERRUPTED))


def run() -> None:
    """Console-script entry point: the fast ``who`` when the command line is
    that simple form, else the full typer app. A closed pipe ends quietly
    with the exit code the command decided (:class:`wijkwijzer.env.PipeSafe`);
    Ctrl-C ends with "Afgebroken." and exit code 130.

    The language is chosen first - ``--lang``, else WIJKWIJZER_LANG, else the
    locale, else Dutch (:func:`wijkwijzer.i18n.language_from_env`) - because
    the typer commands read their help texts when they are imported."""
    import signal

    set_language(language_from_argv(sys.argv[1:]))
    from wijkwijzer.env import pipe_safe, tolerate

    tolerate(sys.stdout, "replace")  # a non-UTF-8 stream: print what it can, never fail on it
    tolerate(sys.stderr, "backslashreplace")
    pipe_safe()  # a reader that stops early changes no exit status
    signal.signal(signal.SIGINT, interrupted)
    try:
        parsed = parse_who(sys.argv[1:])
        if parsed is None:
            from wijkwijzer.cli.main import app

            app()
            return
        from wijkwijzer.cli.answer import answer

        code = answer(*parsed)
    except SystemExit as done:
        _flush_or_quiet()
        raise done
    _flush_or_quiet()
    sys.exit(code)


def _flush_or_quiet() -> None:
    """Flush stdout; when the reader has gone (``wijkwijzer themas | head -1``)
    stop writing quietly. The work was done: a closed pipe is no failure
    (DESIGN: no output stream turns a successful command into a failure), so
    no exit 141 (SIGPIPE) or 120 (a failed flush at exit)."""
    from wijkwijzer.env import pipe_closed

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pipe_closed()
