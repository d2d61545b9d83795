"""``python -m wijkwijzer`` runs the command line, as the console script does."""

from wijkwijzer.cli.fast import run

run()
