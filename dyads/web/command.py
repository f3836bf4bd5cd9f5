"""`dyads serve`: the web interface and REST API with uvicorn.

Wired into dyads.cli by ``add_serve_parser(subparsers)``; also runnable on its own:
``python -m dyads.web.command --db sqlite:///dyads.db --port 8000``.
"""
from __future__ import annotations

import argparse
import os
import sys
import textwrap
from pathlib import Path

DEFAULT_DB = "sqlite:///dyads.db"


def add_serve_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "serve", help="serve the web interface and the REST API", formatter_class=argparse.RawDescriptionHelpFormatter,
        description=textwrap.fill("Serve the stored events: dashboard, actor network, events table, article reader and outlet "
                    "comparison in the browser, and a REST API under /api (OpenAPI at /openapi.json). Reading is open; "
                    "with --token (or $DYADS_TOKEN), POST /api/articles also codes and stores articles sent with "
                    "'Authorization: Bearer TOKEN', and reviewers who sign in with the token at /review judge events "
                    "in the browser (POST /api/reviews).", 100),
        epilog="example:\n  dyads serve --db sqlite:///news.db --token \"$(openssl rand -hex 16)\"\n"
               "  then open http://127.0.0.1:8000/review, give the token and your name, and judge events")
    _add_arguments(p)
    p.set_defaults(func=cmd_serve)
    return p


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, metavar="URL",
                   help=f"database URL (default {DEFAULT_DB}; postgresql://user:pw@host/db works too)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=os.environ.get("DYADS_TOKEN"),
                   help="enable writing for requests carrying 'Authorization: Bearer TOKEN': POST /api/articles "
                        "(code and store articles) and reviews (judging events in the browser, at /review) "
                        "(default: $DYADS_TOKEN; none = read-only). Reading stays open to anyone who can reach the "
                        "server")
    p.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"],
                   help="uvicorn's log level (default warning)")


def _missing_sqlite_file(url: str) -> Path | None:
    """The file of a sqlite:/// URL when it does not exist (serving it would create an empty database)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///"):].split("?", 1)[0]
    if not path or path == ":memory:":
        return None
    return None if Path(path).exists() else Path(path)


def cmd_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        print(f"dyads: --port {args.port} is not a port number (1-65535)", file=sys.stderr)
        return 2
    missing = _missing_sqlite_file(args.db)
    if missing is not None:
        print(f"dyads: no database at {missing}; store some articles first, e.g.\n"
              f"  dyads ingest dyads/samples --db {args.db}", file=sys.stderr)
        return 1
    try:
        import uvicorn

        from dyads.web.app import create_app

        app = create_app(args.db, token=args.token or None)
    except Exception as exc:  # unusable URL, missing driver, unreachable server, not a dyads database
        from dyads.store.db import DatabaseError

        print(f"dyads: {exc}" if isinstance(exc, DatabaseError) else f"dyads: cannot open {args.db}: {exc}",
              file=sys.stderr)
        return 1
    where = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/"
    writes = (f"; with the token, POST /api/articles adds articles and reviewers judge events at {where}review"
              if args.token else "; read-only")
    print(f"dyads: serving {args.db} at {where}  (API: {where}api/events, OpenAPI: {where}openapi.json{writes}; "
          f"Ctrl-C stops)", file=sys.stderr, flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("dyads: warning: listening beyond this machine; anyone who can reach it can read the database",
              file=sys.stderr)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # port in use, address not available
        print(f"dyads: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dyads serve", description="Serve the dyads web interface and REST API.")
    _add_arguments(parser)
    return cmd_serve(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
