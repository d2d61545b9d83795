"""``python -m wijkwijzer`` runs the command line, as the console script does."""

from .quick import run

run()
