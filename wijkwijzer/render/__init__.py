"""All terminal output: Rich tables and panels on a terminal, plain text on a
pipe, one JSON document with ``--json``, error sentences on stderr.

May import: :mod:`wijkwijzer.env`, :mod:`wijkwijzer.errors`,
:mod:`wijkwijzer.text`, :mod:`wijkwijzer.channels`; rich only inside the
functions that draw. Used by :mod:`wijkwijzer.cli` only; never imports it.

- ``terminal``: JSON, errors, tables, records, progress
- ``answer``: the answer of ``who``
- ``kaart``: the kaart (``kaart [PLAATS]``)
"""
