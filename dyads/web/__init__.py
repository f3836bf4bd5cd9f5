"""The web interface and REST API: ``dyads serve``."""
from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):
    # imported on first use: FastAPI and pydantic take half a second to import, which every other command
    # (which only adds the `serve` subcommand to its parser) would otherwise pay at start-up
    if name == "create_app":
        from dyads.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
