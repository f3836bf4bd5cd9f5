"""The web interface and REST API: ``dyads serve``."""
from dyads.web.app import create_app

__all__ = ["create_app"]
