"""The git merge driver for the database file: ``python -m wijkwijzer.sync.driver O A B``.

git calls it (``merge.wijkwijzer.driver`` in the sync repository's config, for
the file named in ``.gitattributes``) with three temporary files: *O* the
common ancestor, *A* this side (the result goes here), *B* the other side.
It merges them per record and field (:func:`wijkwijzer.sync.merge.merge_documents`)
and exits 0 with the merged document in *A*, or 1 on a conflict (then *A* is
left as it was and git reports the file as conflicted).

``wijkwijzer sync`` passes its wishes through the environment, which git hands
on to the driver: ``WIJKWIJZER_SYNC_HOUD`` (JSON ``{record or "*": "mijn"|"hun"}``),
``WIJKWIJZER_SYNC_ACTOR`` (who signs a resolved conflict) and
``WIJKWIJZER_SYNC_CONFLICTS`` (a file to write ``{"conflicten": [...],
"opgelost": [...]}`` to, as JSON).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from wijkwijzer.i18n import Messages

ENV_KEEP = "WIJKWIJZER_SYNC_HOUD"
ENV_ACTOR = "WIJKWIJZER_SYNC_ACTOR"
ENV_CONFLICTS = "WIJKWIJZER_SYNC_CONFLICTS"
ALL = "*"

MSG = Messages({
    "usage": "gebruik: python -m wijkwijzer.sync.driver BASIS MIJN HUN",
    "unreadable": "wijkwijzer: {path} is geen bruikbare wijkwijzer-database ({why}).",
    "conflict": "wijkwijzer: conflict in {soort} {record}, veld {veld}: mijn {mijn}, hun {hun}",
})


def load(raw: bytes) -> dict:
    """Parse one version of the database file (empty bytes: an empty document,
    as git passes for a file that has no common ancestor) and bring it to the
    current schema in memory. Raises ValueError (Dutch reason) for a file that
    is no database."""
    from wijkwijzer.store import schema
    from wijkwijzer.store.document import parse_document, schema_version
    from wijkwijzer.store.migrate import migrate

    if not raw.strip():
        return {}
    doc = parse_document(raw)
    found = schema_version(doc)
    return migrate(doc, found, schema.SCHEMA_VERSION) if found < schema.SCHEMA_VERSION else doc


def keep_from_env(environ=os.environ) -> dict:
    """The ``{record key or None: "mijn"|"hun"}`` wish in ``WIJKWIJZER_SYNC_HOUD``."""
    try:
        raw = json.loads(environ.get(ENV_KEEP) or "{}")
    except ValueError:
        return {}
    return {(None if k == ALL else k): v for k, v in raw.items()} if isinstance(raw, dict) else {}


def main(argv: list[str] | None = None) -> int:
    """Merge ``O A B`` into *A*; returns 0 (merged) or 1 (conflict or bad input)."""
    from wijkwijzer.store.atomic import dump
    from wijkwijzer.sync.merge import merge_documents

    args = sys.argv[1:] if argv is None else argv
    if len(args) < 3:
        print(MSG["usage"], file=sys.stderr)
        return 2
    paths = [Path(a) for a in args[:3]]
    docs = []
    for path in paths:
        try:
            docs.append(load(path.read_bytes()))
        except (OSError, ValueError) as exc:
            print(MSG["unreadable"].format(path=path, why=exc), file=sys.stderr)
            return 1
    result = merge_documents(*docs, keep=keep_from_env(),
                             actor=os.environ.get(ENV_ACTOR) or "onbekend")
    report = os.environ.get(ENV_CONFLICTS)
    if report:
        Path(report).write_text(json.dumps(
            {"conflicten": [c.as_dict() for c in result.conflicts],
             "opgelost": [{**c.as_dict(), "gehouden": side} for c, side in result.resolved]},
            ensure_ascii=False, default=str), encoding="utf-8")
    if result.conflicts:
        for c in result.conflicts:
            print(MSG["conflict"].format(**c.as_dict()), file=sys.stderr)
        return 1
    paths[1].write_bytes(dump(result.document))
    return 0


if __name__ == "__main__":
    sys.exit(main())
