"""Write events as JSON lines, CSV (one flattened row per event) or a readable terminal table.

CSV cells are safe to open in a spreadsheet: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return (which spreadsheets run as a formula: ``=HYPERLINK(...)`` in an article's sentence) is written with
a leading apostrophe, as OWASP recommends; numbers are written as they are.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from typing import IO, Any

from dyads.model import Event

CONTRACT_FIELDS = ("id", "doc_id", "sentence_index", "sentence", "trigger", "date", "source", "target", "cameo",
                   "cameo_root", "quad_class", "goldstein", "plover", "location", "attribution", "confidence")
ACTOR_FIELDS = ("text", "name", "code", "country", "org", "sector")
EXTRA_FIELDS = ("date_precision", "published", "outlet", "url", "trigger_start", "trigger_end", "evidence")


def event_json(event: Event | dict[str, Any]) -> dict[str, Any]:
    d = event.to_dict() if isinstance(event, Event) else event
    return {k: d.get(k) for k in CONTRACT_FIELDS + EXTRA_FIELDS}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """``value`` for a CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# characters that JSON leaves raw in strings but that line readers (Python's str.splitlines, JavaScript before
# ES2019) take for line breaks: escaped, so that one event stays one line for every reader
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085", "\x1c": "\\u001c",
                "\x1d": "\\u001d", "\x1e": "\\u001e", "\x0b": "\\u000b", "\x0c": "\\u000c"}
_LINE_BREAK = re.compile("[" + "".join(_LINE_BREAKS) + "]")


def jsonl_line(d: dict[str, Any]) -> str:
    """One JSON line: UTF-8 as written, but nothing any reader could take for a line break inside it."""
    return _LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group()], json.dumps(d, ensure_ascii=False)) + "\n"


def flatten(d: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: actors and objects spread into prefixed columns, lists joined with ';'."""
    row: dict[str, Any] = {}
    for key in CONTRACT_FIELDS + EXTRA_FIELDS:
        value = d.get(key)
        if key in ("source", "target", "attribution"):
            for f in ACTOR_FIELDS:
                v = value.get(f) if value else None
                row[f"{key}_{f}"] = ";".join(v) if isinstance(v, list) else v
        elif key == "plover":
            row["plover_event"] = (value or {}).get("event")
            row["plover_mode"] = (value or {}).get("mode")
        elif key == "evidence":
            row[key] = json.dumps(value, sort_keys=True) if value else None
        elif key == "location":
            for f in ("name", "country", "lat", "lon"):
                row[f"location_{f}"] = value.get(f) if value else None
        else:
            row[key] = value
    return row


class EventWriter:
    """Streams events to ``out`` in one of the formats; ``close`` prints what a table needs at the end."""

    def __init__(self, out: IO[str], fmt: str):
        self.out, self.fmt = out, fmt
        self._csv: csv.DictWriter | None = None
        self._rows: list[dict[str, Any]] = []

    def write(self, events: Iterable[Event | dict[str, Any]]) -> None:
        for e in events:
            d = event_json(e)
            if self.fmt == "jsonl":
                self.out.write(jsonl_line(d))
            elif self.fmt == "csv":
                row = {k: csv_safe(v) for k, v in flatten(d).items()}
                if self._csv is None:
                    self._csv = csv.DictWriter(self.out, fieldnames=list(row))
                    self._csv.writeheader()
                self._csv.writerow(row)
            else:
                self._rows.append(d)
        if self.fmt == "table" and len(self._rows) >= 200:
            self._flush_table()

    def _flush_table(self) -> None:
        from rich.console import Console
        from rich.table import Table

        if not self._rows:
            return
        table = Table(show_lines=False, header_style="bold")
        for col in ("date", "source", "event", "target", "trigger", "doc"):
            table.add_column(col, overflow="fold")
        for d in self._rows:
            src, tgt = d["source"], d.get("target")
            table.add_row(d.get("date") or "", f"{src['code']} ({src['text']})",
                          f"{d['cameo']} {d['plover']['event']}",
                          f"{tgt['code']} ({tgt['text']})" if tgt else "—", d["trigger"],
                          f"{d['doc_id']}#{d['sentence_index']}")
        Console(file=self.out, soft_wrap=False).print(table)
        self._rows.clear()

    def close(self) -> None:
        if self.fmt == "table":
            self._flush_table()
        self.out.flush()
