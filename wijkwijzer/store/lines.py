"""Changing a few records of a database file without parsing the whole file.

:func:`wijkwijzer.store.atomic.dump` writes one line per record::

    {
     "contactpunten": {
      "1": {...},
      "2": {...}
     },
     "historie": {},
     ...
    }

so a record is found by its table header (``\\n "<table>": {``, one space)
and its doc id (``\\n  "<n>": ``, two spaces; a newline inside a string is
always escaped, so these byte patterns only occur at the start of a line).
:func:`patch` replaces, removes and appends such lines and returns the new
file as a list of byte chunks (slices of the old bytes around the changed
lines), byte for byte what ``dump()`` of the changed document would write.

It never guesses: every line it replaces or removes is parsed and compared
with the record the caller expects there, and anything that does not look
exactly like ``dump()``'s layout (a hand-edited file, another table order)
raises :class:`NotCanonical`; the caller then takes the slow path that
parses the file. Used by :class:`wijkwijzer.staff.tx.LineTx`. No typer, no rich.
"""

from __future__ import annotations

from dataclasses import dataclass


class NotCanonical(ValueError):
    """The file is not laid out as :func:`dump` writes it, or a line is not
    the record expected there: patch it the slow way (parse the whole file)."""


@dataclass
class Table:
    """Where one table lies in the file: ``head`` is the offset just after its
    ``: {``, ``end`` the offset of its closing ``\\n }`` (or of the ``}`` of an
    empty ``{}``), ``empty`` whether it has no records."""

    name: str
    head: int
    end: int
    empty: bool

    def line_start(self, raw: bytes, seq: int) -> int:
        """Offset of the ``\\n`` that starts the *seq*-th record line (0-based,
        file order). Raises NotCanonical when there is no such line."""
        import itertools
        import re

        found = None if self.empty or seq < 0 else next(itertools.islice(
            re.compile(rb'\n  "').finditer(raw, self.head, self.end), seq, None), None)
        if found is None:
            raise NotCanonical(self.name)
        return found.start()


def encode(value) -> bytes:
    """One JSON value as :func:`wijkwijzer.store.atomic.dump` writes it."""
    from wijkwijzer.store.atomic import encode as _encode

    return _encode(value)


def tables(raw: bytes) -> dict[str, Table]:
    """Every table of *raw* by name, found in one pass over the file (a table
    header is the only line that starts with one space and a quote). Raises
    NotCanonical when the file is not laid out as dump() writes it."""
    import orjson

    if not raw.startswith(b'{\n "'):
        raise NotCanonical("start")
    out: dict[str, Table] = {}
    pos = 1
    while pos >= 0:
        colon = raw.find(b'": {', pos)
        if colon < 0:
            raise NotCanonical("header")
        try:
            name = orjson.loads(raw[pos + 2:colon + 1])
        except orjson.JSONDecodeError:
            raise NotCanonical("header") from None
        head = colon + 4
        newline = raw.find(b"\n", pos + 1)
        if not isinstance(name, str) or name in out or 0 <= newline < head:
            raise NotCanonical("header")
        if raw[head:head + 1] == b"}":
            out[name] = Table(name, head, head, True)
            close = head + 1
        else:
            end = raw.find(b"\n }", head)
            if end < 0 or raw[head:head + 4] != b'\n  "':
                raise NotCanonical(name)
            out[name] = Table(name, head, end, False)
            close = end + 3
        nxt = raw[close:close + 4]
        if nxt == b',\n "':
            pos = close + 1
        elif raw[close:] == b"\n}\n":
            pos = -1
        else:
            raise NotCanonical(name)
    return out


def count(raw: bytes, table: Table) -> int:
    """How many records *table* holds."""
    return 0 if table.empty else raw.count(b'\n  "', table.head, table.end)


def _span(raw: bytes, start: int) -> tuple[int, int, bytes, bytes]:
    """For the record line starting at *start* (its ``\\n``): the end of the
    record (before a separating comma), the end of the line, its doc id and
    its JSON."""
    line_end = raw.find(b"\n", start + 1)
    end = line_end - 1 if raw[line_end - 1:line_end] == b"," else line_end
    colon = raw.find(b'": ', start)
    if colon < 0 or colon > end:
        raise NotCanonical("line")
    return end, line_end, raw[start + 4:colon], raw[colon + 3:end]


def record_at(raw: bytes, table: Table, seq: int) -> tuple[str, dict]:
    """``(doc id, record)`` of the *seq*-th record (0-based, file order) of
    *table*. Raises NotCanonical when there is no such line or it does not parse."""
    import orjson

    _end, _le, doc_id, body = _span(raw, table.line_start(raw, seq))
    try:
        return doc_id.decode("ascii"), orjson.loads(body)
    except (UnicodeDecodeError, orjson.JSONDecodeError):
        raise NotCanonical(table.name) from None


def doc_ids(raw: bytes, table: Table) -> list[str]:
    """Every doc id of *table*, in file order."""
    import re

    if table.empty:
        return []
    return [m.group(1).decode("ascii") for m in
            re.compile(rb'\n  "(\d+)": ').finditer(raw, table.head, table.end)]


def last_id(raw: bytes, table: Table) -> int:
    """The highest doc id of *table* (0 when it is empty): dump() writes them in
    numeric order, so it is the last line's."""
    if table.empty:
        return 0
    start = raw.rfind(b'\n  "', table.head, table.end)
    doc_id = _span(raw, start)[2]
    if not doc_id.isdigit():
        raise NotCanonical(table.name)
    return int(doc_id)


def patch(raw: bytes, changes: dict[str, dict[str, tuple[dict | None, dict | None]]],
          found: dict[str, Table] | None = None) -> list:
    """The file *raw* with *changes* applied: ``{table: {doc_id: (before, after)}}``
    where *before* is the record expected on that line now (None: a new doc id,
    higher than every id in the table) and *after* the record to write (None:
    remove the line). Returns byte chunks (``b"".join()`` them, or write them in
    turn), equal to what dump() writes for the changed document. Raises
    NotCanonical when the file is not dump()'s layout or a line does not hold
    its *before*; UnsavableText (a ValueError) for a string UTF-8 cannot hold.
    *found* is :func:`tables` of *raw* when the caller has it already."""
    import orjson

    cuts: list[tuple[int, int, bytes]] = []  # (from, to, replacement), in file order
    found = tables(raw) if found is None else found
    for name, per_id in changes.items():
        if name not in found:
            raise NotCanonical(name)
        table = found[name]
        kept, appended, mine = count(raw, table), [], []
        for doc_id, (before, after) in sorted(per_id.items(), key=lambda kv: (len(kv[0]), kv[0])):
            chunk = None if after is None else b"\n  " + encode(doc_id) + b": " + encode(after)
            if before is None:  # a new record: its id comes after every id in the table
                if after is None or not doc_id.isdigit() or int(doc_id) <= last_id(raw, table):
                    raise NotCanonical(name)
                appended.append(chunk)
                continue
            start = -1 if table.empty else raw.find(b"\n  " + encode(doc_id) + b": ", table.head, table.end)
            if start < 0:
                raise NotCanonical(name)
            end, line_end, _i, body = _span(raw, start)
            if orjson.loads(body) != before:
                raise NotCanonical(name)
            if after is not None:
                mine.append((start, end, chunk))
                continue
            kept -= 1
            # a line in the middle goes with its own comma, the last line with the one before it
            mine.append((start, end + 1, b"") if line_end < table.end else (start - 1, end, b""))
        if not table.empty and kept == 0:  # every line removed: the table's whole body is new
            mine = [(table.head, table.end, b",".join(appended))] if appended else \
                [(table.head, table.end + 3, b"}")]
        elif appended and table.empty:
            mine.append((table.head, table.head + 1, b",".join(appended) + b"\n }"))
        elif appended:
            mine.append((table.end, table.end, b"," + b",".join(appended)))
        cuts += mine
    cuts.sort(key=lambda c: (c[0], c[1]))
    out, pos = [], 0
    view = memoryview(raw)
    for start, end, new in cuts:
        if start < pos:
            raise NotCanonical("overlap")
        out += [view[pos:start], new]
        pos = end
    out.append(view[pos:])
    return out
