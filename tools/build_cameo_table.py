#!/usr/bin/env python3
"""Rebuild dyads/data/cameo.tsv from the public CAMEO and PLOVER reference tables in ../shared/reference.

Run by a maintainer when the references change; the package itself only reads the generated TSV, never ../shared.
The facts (code numbers, roots, quad classes, Goldstein weights, PLOVER types and modes) come from CAMEO manual 1.1b3,
GDELT's Goldstein table and the PLOVER crosswalk; a code missing a Goldstein weight or PLOVER type inherits its
parent's (the 3-digit code for a 4-digit one, the root for a 3-digit one).

    python3 tools/build_cameo_table.py [../shared/reference] > dyads/data/cameo.tsv
"""
import csv
import re
import sys
from pathlib import Path


# PLOVER does not code plain statements (root 01) or appeals (02), and its crosswalk leaves them out. The contract asks
# for a PLOVER type on every event, so these are the team's own choices, by the closest PLOVER definition. 010 and the
# bare root 01 get none: dyads does not emit an event it can only call "made a statement".
STATEMENTS_AND_APPEALS = {
    "01": ("", ""), "010": ("", ""),
    "011": ("REJECT", ""),      # decline comment
    "012": ("ACCUSE", ""),      # pessimistic comment: a complaint about the other side
    "013": ("SUPPORT", ""),     # optimistic comment
    "014": ("AGREE", ""),       # consider policy option: willingness
    "015": ("CONCEDE", ""),     # acknowledge or claim responsibility
    "016": ("REJECT", ""),      # deny responsibility
    "017": ("SUPPORT", ""),     # symbolic act
    "018": ("SUPPORT", ""),     # empathetic comment
    "019": ("AGREE", ""),       # express accord
    "02": ("REQUEST", ""),      # every appeal is a request in PLOVER's sense
}


def quad_of(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def main(ref: Path) -> None:
    rows = list(csv.DictReader(open(ref / "cameo_codes.tsv", encoding="utf-8"), delimiter="\t"))
    plover: dict[str, tuple[str, str]] = {}
    for line in open(ref / "cameo_to_plover.txt", encoding="utf-8"):
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)?\s*(?:,\s*([^,#]*))?", line)
        if m and m.group(2):
            plover[m.group(1)] = (m.group(2), (m.group(3) or "").strip())
    plover.update(STATEMENTS_AND_APPEALS)
    goldstein = {r["code"]: r["goldstein_gdelt"] for r in rows if r["goldstein_gdelt"]}

    def inherit(table, code):
        for c in (code, code[:3], code[:2]):
            if c in table:
                return table[c]
        raise KeyError(code)

    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["code", "root", "quad_class", "goldstein", "plover_event", "plover_mode", "name"])
    for r in rows:
        code = r["code"]
        event, mode = inherit(plover, code)
        if event == "" or code not in plover and mode:
            mode = ""  # an inherited mode belongs to the parent's specific act, not to this code
        out.writerow([code, code[:2], quad_of(code[:2]), float(inherit(goldstein, code)), event, mode,
                      r["name_cameo_manual_1.1b3"].strip()])


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "reference"))
