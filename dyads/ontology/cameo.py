"""The CAMEO event-code table: name, root, quad class, Goldstein score and PLOVER type of every code.

The table is data (dyads/data/cameo.tsv, rebuilt from public references by tools/build_cameo_table.py); this module
only indexes it. A code with no PLOVER type (010 "make statement") is known but never emitted: dyads does not emit an
event it can only describe as "said something".
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from dyads.data import data_path


@dataclass(frozen=True)
class CameoCode:
    code: str
    root: str
    quad_class: int
    goldstein: float
    plover_event: str | None
    plover_mode: str | None
    name: str

    @property
    def emittable(self) -> bool:
        return self.plover_event is not None


@cache
def cameo_table() -> dict[str, CameoCode]:
    table = {}
    with open(data_path("cameo.tsv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            table[row["code"]] = CameoCode(
                code=row["code"], root=row["root"], quad_class=int(row["quad_class"]),
                goldstein=float(row["goldstein"]), plover_event=row["plover_event"] or None,
                plover_mode=row["plover_mode"] or None, name=row["name"])
    return table


def cameo_code(code: str) -> CameoCode:
    """Look a code up; KeyError names the code when a dictionary uses one that CAMEO lacks."""
    try:
        return cameo_table()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO code {code!r}") from None


def code_or_stand_in(code: str) -> CameoCode:
    """The table's entry, or for a code CAMEO lacks (a user's or an old KEDS/WEIS dictionary's "903") a stand-in
    with the root its first two digits suggest and no PLOVER type, so it can be counted but never emitted as
    contract output."""
    try:
        return cameo_table()[code]
    except KeyError:
        root = code[:2]
        quad = 0
        if root.isdigit() and 1 <= int(root) <= 20:
            r = int(root)
            quad = 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4
        return CameoCode(code=code, root=root, quad_class=quad, goldstein=0.0, plover_event=None, plover_mode=None,
                         name="not a CAMEO code")


def plover_of(code: str) -> dict[str, str | None]:
    c = cameo_code(code)
    return {"event": c.plover_event, "mode": c.plover_mode}
