"""Answering questions: places, topics, the answer of ``who``, search, and
the derived read index that keeps it fast on national data.

May import: :mod:`wijkwijzer.dataset`, :mod:`wijkwijzer.text`,
:mod:`wijkwijzer.errors`, the read side of :mod:`wijkwijzer.store`;
rapidfuzz lazily. Never typer or rich.

- ``places``: PLACE to organisatie, wijk, buurt, stadsdeel or postcode
- ``postcodes``: postcodes as people write them, the stadsdeel split of a PC4
  (``kandidaten``), the gemeente of a postcode elsewhere
- ``split``: the words of ``who`` into PLACE and TOPIC
- ``directory``: the Directory, TOPIC to thema, and the answer (``who``)
- ``search``: free-text search and record lookup by id
- ``index``: the SQLite read index derived from the database file
- ``kaart``: who does what per thema, for a place or the city (``kaart``, the HTML page)
"""
