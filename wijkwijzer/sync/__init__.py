"""Several desks keep one directory: git as the shared engine (issue #16).

May import: the base modules, :mod:`wijkwijzer.store` (the file format, atomic
writes, the history) and :mod:`wijkwijzer.staff` (the checks a database must
pass before it is shared). Never typer or rich.

- ``merge``: the pure three-way merge of database documents, per record and field
- ``driver``: the git merge driver (``python -m wijkwijzer.sync.driver O A B``)
- ``git``: the small wrapper around the git program
- ``engine``: ``sync()``: publish, join, commit, fetch, merge, push
"""
