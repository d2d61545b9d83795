"""Staff commands that change records: add/edit/remove/verify, history, import."""

from __future__ import annotations

from .cli import app  # noqa: F401
