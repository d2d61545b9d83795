"""Names of the database document's own tables and its schema version.

Kept apart so migrations and the history read them without importing the
store (no cycle). Standard library only.
"""

#: the version of the file format this program writes; older files are migrated
SCHEMA_VERSION = 1
#: table holding ``{"schema": N}``
META = "meta"
#: table holding the change history (:mod:`wijkwijzer.store.history`)
HISTORY = "historie"
