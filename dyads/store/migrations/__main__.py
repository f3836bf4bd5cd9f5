"""A tiny front end to Alembic for developers: `python -m dyads.store.migrations revision|upgrade|current|history`."""
from __future__ import annotations

import argparse

from alembic import command

from dyads.store.db import DEFAULT_URL, alembic_config, normalise_url


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m dyads.store.migrations")
    p.add_argument("action", choices=("revision", "upgrade", "downgrade", "current", "history"))
    p.add_argument("target", nargs="?", default=None, help="revision for upgrade/downgrade (default head)")
    p.add_argument("-m", "--message", default="change")
    p.add_argument("--db", default=DEFAULT_URL)
    args = p.parse_args(argv)
    cfg = alembic_config(normalise_url(args.db))
    if args.action == "revision":
        command.revision(cfg, message=args.message)
    elif args.action == "upgrade":
        command.upgrade(cfg, args.target or "head")
    elif args.action == "downgrade":
        command.downgrade(cfg, args.target or "-1")
    elif args.action == "current":
        command.current(cfg, verbose=True)
    else:
        command.history(cfg)


if __name__ == "__main__":
    main()
