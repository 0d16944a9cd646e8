"""write_csv: Excel-friendly bytes, injection-safe cells, and a round trip through read_table."""

from __future__ import annotations

import codecs
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartdesk.domain.enums import Sector
from smartdesk.reports.csv_export import write_csv
from smartdesk.reports.xlsx import read_table

RISKY_TEXT = st.tuples(st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", "''+"]),
                       st.text()).map("".join)  # fmt: skip


def test_bytes_are_what_excel_expects(tmp_path):
    path = tmp_path / "personnes.csv"
    count = write_csv(
        path,
        ["Nom", "Prénom", "Date", "Heures", "Secteur", "Consentement"],
        [
            ["Collard", "=SUM(A1)", dt.date(2024, 3, 1), 2.5, Sector.COMMUNE, True],
            ["Gillet; asbl", "+32 476", dt.datetime(2024, 3, 1, 10, 30), 3, None, False],
        ],
    )
    data = path.read_bytes()
    assert count == 2
    assert data.startswith(codecs.BOM_UTF8)
    assert data.count(b"\r\n") == 3 and data.count(b"\n") == 3
    text = data[3:].decode()
    assert text.splitlines() == [
        "Nom;Prénom;Date;Heures;Secteur;Consentement",
        "Collard;'=SUM(A1);2024-03-01;2.5;commune;1",
        '"Gillet; asbl";\'+32 476;2024-03-01 10:30;3;;0',
    ]


def test_comma_and_open_file():
    buffer = io.BytesIO()
    write_csv(buffer, ["a", "b"], [["1,5", "@x"]], delimiter=",")
    assert buffer.getvalue() == codecs.BOM_UTF8 + b'a,b\r\n"1,5",\'@x\r\n'
    with pytest.raises(ValueError):
        write_csv(io.BytesIO(), ["a"], [], delimiter="|")


def test_lone_surrogates_are_replaced(tmp_path):
    path = tmp_path / "x.csv"
    write_csv(path, ["Nom"], [["a\ud800b"]])
    assert read_table(path).rows[0].values == ("a?b",)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(st.one_of(st.text(), RISKY_TEXT), min_size=1, max_size=20),
    delimiter=st.sampled_from([";", ","]),
)
def test_random_texts_round_trip_through_csv(tmp_path_factory, texts, delimiter):
    path = tmp_path_factory.mktemp("csv") / "x.csv"
    write_csv(path, ["N°", "Nom", "Remarques"], [(i, t, t) for i, t in enumerate(texts, 1)],
              delimiter=delimiter)  # fmt: skip
    table = read_table(path)
    assert table.delimiter == delimiter
    assert table.headers == ("N°", "Nom", "Remarques")
    assert [row.number for row in table.rows] == list(range(2, len(texts) + 2))
    # an empty cell reads as None: CSV cannot tell "" from nothing
    assert [row.values[1:] for row in table.rows] == [(t or None, t or None) for t in texts]
