"""Alembic migrations of the event database. :func:`dyads.store.db.connect` upgrades every database it opens to
the head revision (a database made by dyads before migrations existed is recognised and stamped 0001 first).

To add a migration after changing ``dyads/store/models.py``::

    .venv/bin/python -m dyads.store.migrations revision -m "what changed"      # then edit the new file
    .venv/bin/python -m dyads.store.migrations upgrade --db sqlite:///dyads.db  # or just run any dyads command
"""
