"""``python -m wijkwijzer`` runs the command line."""

from .cli import run

run()
