"""Staff commands that read the whole directory: export and check."""

from __future__ import annotations

from .cli import app  # noqa: F401
