"""Commands that protect the data: restore from backup, forget a person (AVG)."""

from __future__ import annotations

from .cli import app  # noqa: F401
