"""The backup step of an atomic write after a writer was killed mid-way."""

from __future__ import annotations

import os

from wijkwijzer.store.atomic import atomic_write, sibling


def test_a_backup_that_is_already_a_link_to_the_file_leaves_no_temporary_file(tmp_path):
    # a writer killed after linking the file to <file>.bak but before replacing
    # the file leaves both names on one inode; the next write must not leave
    # <file>.bak.tmp behind (rename() between two links to one file does nothing)
    path = tmp_path / "wijkwijzer.json"
    path.write_bytes(b"oud")
    os.link(path, sibling(path, ".bak"))
    atomic_write(path, b"nieuw")
    assert path.read_bytes() == b"nieuw"
    assert sibling(path, ".bak").read_bytes() == b"oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wijkwijzer.json", "wijkwijzer.json.bak"]
