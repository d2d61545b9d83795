"""What municipal staff do to the data: validate, add/edit/remove records,
import, check for gaps and errors, find duplicates, erase a person (AVG).

May import: :mod:`wijkwijzer.dataset`, :mod:`wijkwijzer.text`,
:mod:`wijkwijzer.channels`, :mod:`wijkwijzer.errors`, :mod:`wijkwijzer.store`,
:mod:`wijkwijzer.formats`; rapidfuzz lazily. Never typer or rich.
"""
