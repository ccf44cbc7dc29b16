"""Zoning dates are bounded too (issue 11, item 18): a row of year 1 or 9999 is a bad row, in French."""

from cesp.referentials.services import zoning_import
from tests.referentials.test_zoning_import import DECREE, actor, communes, csv_bytes, nothing_imported  # noqa: F401


def test_zoning_rows_dated_out_of_range_are_bad_rows(communes, actor):  # noqa: F811
    content = csv_bytes(
        f"29019,medecin,ZIP,0001-01-01,,{DECREE}",
        f"29232,medecin,ZIP,2025-01-01,9999-12-31,{DECREE}",
        f"29103,medecin,ZAC,2005-01-01,,{DECREE}",
    )
    result = zoning_import(file=content, actor=actor)
    assert not result.ok and nothing_imported()
    by_line = {error.line: error.message for error in result.errors}
    assert sorted(by_line) == [2, 3]
    assert "une date entre le 01/01/2005 et le 31/12/2100" in by_line[2]
