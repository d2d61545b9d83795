"""All terminal output in one place.

A terminal gets Rich tables and panels; a pipe gets plain, uncut text (and
Rich is not even imported); ``--json`` gets one UTF-8 JSON document. Text from
the data always goes through :func:`wijkwijzer.text.visible` and, on a
terminal, into ``rich.text.Text`` - never into markup - so ``[bold]`` or an
escape sequence in a record is shown, not obeyed.
"""

from __future__ import annotations

import json
import os
import re
import sys
from contextlib import contextmanager
from typing import IO, Any, Iterable

from wijkwijzer.env import Env
from wijkwijzer.errors import ExitStatus, NotFound, WijkwijzerError
from wijkwijzer.text import channels_text, visible
from wijkwijzer.i18n import Messages

MSG = Messages({
    "found": "Gevonden",
    "area": "Gebied",
    "thema": "Thema",
    "also": "Ook gevonden",
    "orgs": "Organisaties in dit gebied",
    "first": "Eerste aanspreekpunt",
    "then": "Daarna (escalatie en terugvalpunten)",
    "next": "Volgende stap",
    "notes": "Let op",
    "unknown": "onbekend",
    "never": "nooit",
    "no_term": "niet afgesproken",
    "none_rows": "Geen records.",
    "inactive": "inactief",
    "title": "Bij wie moet ik zijn?",
    "error_prefix": "Fout: ",
    "did_you_mean": "Bedoelde u: {names}?",
    "yes": "ja",
    "no": "nee",
    "internal": "Onverwachte fout: {exc} (zet WIJKWIJZER_DEBUG=1 voor details).",
    "created": "Nieuwe database {path} gemaakt met de meegeleverde gegevens van Den Haag.",
    "rebuilding": ("De leesindex wordt bijgewerkt na een wijziging; dat duurt deze ene keer enkele "
                   "seconden..."),
})
#: the answer's "positie" values (stable JSON ids) as shown
POSITIONS = Messages({
    "eerste aanspreekpunt": "eerste aanspreekpunt", "escalatie": "escalatie",
    "ook voor dit thema": "ook voor dit thema", "algemeen terugvalpunt": "algemeen terugvalpunt",
})
LABELS = Messages({
    "dienst": "Dienst", "gebied": "Gebied", "niveau": "Niveau", "kanalen": "Kanalen",
    "persoon": "Persoon", "reactietermijn_werkdagen": "Reactietermijn",
    "geverifieerd_op": "Geverifieerd", "status": "Status", "reden": "Waarom", "bron": "Bron",
})
# C1 controls, bidi controls and line separators are legal in JSON strings but
# can steer a terminal; escape them too. Lone surrogates (from non-UTF-8 argv
# bytes) cannot be written as UTF-8; escaped as \udcxx they are valid JSON.
_JSON_UNSAFE = re.compile("[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                          "\ud800-\udfff]")


def console(env: Env, stderr: bool = False):
    """A Rich Console on *env*'s stdout (or stderr): no markup, no emoji, no
    highlighting, so data is printed as it is. Rich is imported only here."""
    from rich.console import Console

    return Console(file=env.stderr if stderr else env.stdout, no_color=env.no_color,
                   highlight=False, markup=False, emoji=False, soft_wrap=False)


def safe(value: Any):
    """Return data as a ``rich.text.Text`` with control characters made visible."""
    from rich.text import Text

    return Text(visible("" if value is None else value))


def panel_title(value: Any, bold: bool = False):
    """*value* as a panel title: :func:`safe` text that a narrow terminal cuts
    with "…" (Rich crops a title without a sign that it goes on)."""
    title = safe(value)
    title.overflow = "ellipsis"
    if bold:
        title.stylize("bold")
    return title


def print_json(obj: Any, env: Env, indent: int | None = 2) -> None:
    """Write *obj* as one pretty JSON document (UTF-8, not ASCII-escaped;
    ASCII-escaped when stdout cannot take UTF-8, so it stays valid JSON).
    ``indent=None`` writes it on one line: three times faster for a very large
    document (Python's C encoder only runs without indentation)."""
    text = json.dumps(obj, ensure_ascii=not env.utf8, indent=indent)
    env.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def say_created(path, env: Env) -> None:
    """Tell on stderr that a new database was made at *path* (first use, or a
    mistyped --db that would otherwise go unnoticed)."""
    env.stderr.write(visible(MSG["created"].format(path=path)) + "\n")


def say_rebuilding(env: Env) -> None:
    """Tell a person at a terminal why this command takes seconds (the read
    index is being rebuilt after a change); nothing on a pipe or in a file."""
    try:
        at_terminal = env.stderr.isatty()
    except (AttributeError, ValueError):
        at_terminal = False
    if at_terminal:
        env.stderr.write(MSG["rebuilding"] + "\n")
        env.stderr.flush()


def say(line: str, env: Env) -> None:
    """Write one plain sentence (data in it made visible) to stdout."""
    env.stdout.write(visible(line) + "\n")


def error(message: str, env: Env, suggestions: Iterable[str] = ()) -> None:
    """Write one error sentence (and "bedoelde u ...?") to stderr, without markup."""
    env.stderr.write(visible(MSG["error_prefix"] + message) + "\n")
    names = [f"'{visible(s)}'" for s in suggestions]
    if names:
        env.stderr.write(MSG["did_you_mean"].format(names=", ".join(names)) + "\n")


def cell(value: Any) -> str:
    """Flatten a field value for a table cell: lists joined, dicts as k=v, None
    empty, a yes/no field as the words of the language ("ja"/"nee", not "True")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return MSG["yes"] if value else MSG["no"]
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={_phone(k, cell(v))}" for k, v in value.items() if v not in (None, "", []))
    return str(value)


def _phone(key: str, text: str) -> str:
    """A stored E.164 'telefoon' in national format ('070 353 3000'), else *text*."""
    if key.endswith("telefoon") and text.startswith("+"):
        from wijkwijzer.channels import format_phone

        return format_phone(text)
    return text


def render_table(rows: list[dict], columns: list[tuple[str, str]], env: Env, title: str = "",
                 one_line: bool = False) -> None:
    """Show *rows* (dicts) with *columns* ``[(field, header), ...]``: a Rich
    table on a terminal, tab-separated uncut lines with a header on a pipe.
    With *one_line* a terminal row is cut to one line ("...") instead of folded."""
    if not rows:
        env.stderr.write(MSG["none_rows"] + "\n")
        return
    rows = _mark_inactive(rows, columns)
    if not env.is_tty:
        env.write("\t".join(h for _f, h in columns))
        for row in rows:
            env.write("\t".join(visible(cell(row.get(f))).replace("\t", " ") for f, _h in columns))
        return
    from rich import box
    from rich.table import Table

    con = console(env)
    if not one_line and _too_narrow(rows, columns, con.width):
        _render_expanded(rows, columns, con, title)
        return
    table = Table(title=title or None, title_justify="left", box=box.SIMPLE_HEAD)
    # one line per row: short columns (a thema, an id, a count with its header) keep their
    # width, the longest one is cut to what is left (else Rich cut "aantal" to "a…")
    widths = [max([len(cell(r.get(f))) for r in rows] + [len(h)]) if one_line else 0 for f, h in columns]
    longest = max(range(len(columns)), key=widths.__getitem__)
    room = con.width - 4 - sum(min(w, 28) + 2 for i, w in enumerate(widths) if i != longest)
    # folded: a short value (a date, an id, a count) is never broken over two lines (QA:
    # "2026-11-3/0") as long as every other column keeps room for a word; long ones wrap
    keep = [0 if one_line else max([len(cell(r.get(f))) for r in rows] + [len(h)]) for f, h in columns]
    keep = [w if w <= 10 else 0 for w in keep]
    if sum(keep) + sum(8 for w in keep if not w) + 3 * len(columns) > con.width:
        keep = [0] * len(columns)
    for i, (_field, header) in enumerate(columns):
        cut = i == longest and one_line and widths[i] > room
        table.add_column(header, overflow="ellipsis" if one_line else "fold", no_wrap=one_line,
                         min_width=(min(widths[i], 28) or None) if one_line else (keep[i] or None),
                         max_width=max(room, 28) if cut else None)
    for row in rows:
        table.add_row(*(safe(cell(row.get(f))) for f, _h in columns))
    con.print(table)


#: a column narrower than this breaks ids and words into pieces ("regisse/ur DSO")
MIN_COLUMN = 12


def _too_narrow(rows: list[dict], columns: list[tuple[str, str]], width: int) -> bool:
    """True when the table would squeeze a column below MIN_COLUMN characters
    on a terminal *width* columns wide (QA: 8 columns at 80 columns)."""
    need = sum(min(max([len(cell(r.get(f))) for r in rows] + [len(h)]), MIN_COLUMN) for f, h in columns)
    return need + 3 * len(columns) > width


def _render_expanded(rows: list[dict], columns: list[tuple[str, str]], con, title: str) -> None:
    """Each row as a block of "header  value" lines (the first in bold), blocks
    apart by a blank line: psql's expanded display. Empty values are left out."""
    from rich.table import Table
    from rich.text import Text

    if title:
        con.print(Text(title, style="italic"))
    label_width = max(len(h) for _f, h in columns)
    for i, row in enumerate(rows):
        if i:
            con.print()
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True, min_width=label_width)
        grid.add_column(overflow="fold")
        for n, (field, header) in enumerate(columns):
            value = cell(row.get(field))
            if value or not n:
                shown = safe(value)
                if not n:
                    shown.stylize("bold")
                grid.add_row(Text(header), shown)
        con.print(grid)


def _mark_inactive(rows: list[dict], columns: list[tuple[str, str]]) -> list[dict]:
    """*rows* with " (inactief)" after the name (``naam``, ``rol`` or the first
    column) of every record whose status is ``inactief``, so a list shows it
    even without a status column."""
    fields = [f for f, _h in columns]
    name = next((f for f in ("naam", "rol") if f in fields), fields[0] if fields else None)
    if name is None:
        return rows
    return [dict(r, **{name: f"{cell(r.get(name))} ({MSG['inactive']})"})
            if isinstance(r, dict) and r.get("status") == "inactief" else r for r in rows]


def render_sections(sections: list[tuple[str, list[dict], list[tuple[str, str]]]], env: Env,
                    one_line: bool = False) -> None:
    """Show titled tables one after another (``[(title, rows, columns), ...]``,
    columns as in :func:`render_table`, *one_line* too); sections without rows
    are skipped. On a pipe each table is preceded by a ``## title`` line and
    followed by a blank line."""
    for title, rows, columns in sections:
        if not rows:
            continue
        if env.is_tty:
            render_table(rows, columns, env, title=visible(title), one_line=one_line)
        else:
            env.write(f"## {visible(title)}")
            render_table(rows, columns, env)
            env.write("")


def render_record(kind: str, record: dict, env: Env) -> None:
    """Show one record as label/value lines (nested dicts indented). ``bron``
    is shown as its short citation (no file names or developer notes); the
    full text is in ``show --json``."""
    lines: list[tuple[str, str]] = []
    # keys are data too (a hand-edited file may hold any key): made visible like values
    for key in sorted(record, key=str):
        value = record[key]
        if isinstance(value, dict):
            lines.append((visible(str(key)), ""))
            lines += [(f"  {visible(str(k))}", _phone(str(k), cell(v)))
                      for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
        elif key == "bron" and isinstance(value, str):
            from wijkwijzer.sources import short_source

            lines.append(("bron", short_source(value)))  # the full text: --json (#10, QA)
        else:
            lines.append((visible(str(key)), cell(value)))
    if not env.is_tty:
        env.write(f"# {kind}")
        for k, v in lines:
            env.write(f"{k}: {visible(v)}")
        return
    from rich.panel import Panel
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for k, v in lines:
        grid.add_row(safe(k), safe(v))
    console(env).print(Panel(grid, title=panel_title(kind), title_align="left"))


PROGRESS_MIN_ROWS = 2000


@contextmanager
def import_progress(env: Env, label: str = "importeren"):
    """Yield a callback ``progress(done, total)`` for long imports: a Rich
    progress bar on stderr, shown only when stderr is a terminal and
    *total* exceeds PROGRESS_MIN_ROWS; otherwise the callback does nothing."""
    state: dict = {}
    try:
        tty = env.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False

    def progress(done: int, total: int) -> None:
        if not tty or total <= PROGRESS_MIN_ROWS:
            return
        if "bar" not in state:
            from rich.progress import Progress

            state["bar"] = Progress(console=console(env, stderr=True), transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task(label, total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    try:
        yield progress
    finally:
        if "bar" in state:
            state["bar"].stop()


def report(exc: Exception, env: Env) -> ExitStatus:
    """Tell the user about *exc* in one sentence on stderr; return the exit status.

    The one error policy of both entry paths (the fast ``who`` and the typer
    app): NotFound with its "bedoelde u" suggestions; a user error
    (WijkwijzerError, or a ValueError/OSError from a library) as its sentence;
    anything else as "Onverwachte fout". With WIJKWIJZER_DEBUG set, the last
    two are re-raised so the traceback shows."""
    import os

    if isinstance(exc, BrokenPipeError):  # the reader has gone (| head): the work is done
        from wijkwijzer.env import pipe_closed

        pipe_closed()
        return ExitStatus.OK
    if isinstance(exc, NotFound):
        error(str(exc), env, exc.suggestions)
        for line in getattr(exc, "choices", ()):  # a place in several gemeenten: the choices
            env.stderr.write(f"  {visible(line)}\n")
        return ExitStatus.ERROR
    if os.environ.get("WIJKWIJZER_DEBUG"):
        raise exc
    if isinstance(exc, (WijkwijzerError, ValueError, OSError)):
        error(str(exc), env)
    else:
        error(MSG["internal"].format(exc=exc), env)
    return ExitStatus.ERROR
