"""File formats in and out: CSV as Dutch Excel writes it, JSON, vCard.

May import: :mod:`wijkwijzer.dataset`, :mod:`wijkwijzer.text`,
:mod:`wijkwijzer.channels`. Pure functions from records to bytes and back;
no store, no typer, no rich.
"""
