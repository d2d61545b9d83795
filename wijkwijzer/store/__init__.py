"""The store of record: a TinyDB file, written atomically under a lock.

May import: :mod:`wijkwijzer.dataset`, :mod:`wijkwijzer.errors`, tinydb,
filelock, orjson. Never the lookup, staff, render or cli layers.

- ``schema``: table names and schema version (no imports)
- ``atomic``: the atomic file write and the TinyDB storage on top of it
- ``database``: ``Store`` - read, write, lock, backup, restore
- ``migrate``: schema migrations as a table of steps over the document
- ``history``: the change log kept in the database itself
- ``derived``: where files derived from the database live; removing them
"""
