"""Control characters in text fields, for :mod:`wijkwijzer.staff.validate`.

ESC, BEL, NUL and the other C0 controls, DEL and the C1 controls (Unicode
category Cc) never go into the database: through a terminal they can rewrite
the screen, in a CSV they break a spreadsheet, in a vCard the card. A newline
or tab is kept only in the fields of :data:`MULTILINE`, where more lines make
sense; every other text field is one line. Validation refuses the rest with a
sentence naming the field, so ``add``, ``edit`` and every import share the rule.
Standard library only; no typer, no rich.
"""

from __future__ import annotations

import re

from wijkwijzer.i18n import Messages

MSG = Messages({
    "control": "bevat een onzichtbaar stuurteken ({code}, op plaats {pos}); haal het weg en probeer opnieuw",
    "one_line": ("moet één regel zijn, zonder regelovergang of tab (meer regels mag alleen in "
                 "{fields})"),
})
#: fields where more lines make sense: a newline or tab is kept (CRLF and CR become LF)
MULTILINE = ("opmerking", "openingstijden")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_text(value: str, multiline: bool = False) -> tuple[str, str | None]:
    """Check one text *value* (already stripped) for control characters.

    Returns ``(value, problem)``: *value* with CRLF and CR turned into LF when
    *multiline*, and *problem* None, or the Dutch reason (without the field
    name) for the first character refused: a newline or tab in a one-line
    field, or any other control character (with its code point and its
    1-based place in the value)."""
    if value.isprintable():
        return value, None
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    bad = (_CONTROL_BUT_LINES if multiline else _CONTROL).search(value)
    if bad is None:
        return value, None
    if bad.group() in "\t\n\r":
        return value, MSG["one_line"].format(fields=", ".join(MULTILINE))
    return value, MSG["control"].format(code=f"U+{ord(bad.group()):04X}", pos=bad.start() + 1)
