"""The zoning importer: all or nothing, every bad row named by its line number."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cesp.core.models import AuditEvent
from cesp.referentials.models import Commune, Department, Region, Zoning, ZoningImport
from cesp.referentials.services import zoning_import
from tests.factories import UserFactory

HEADER = "code_insee,profession,zonage,debut,fin,arrete\n"
DECREE = "Arrêté ARS Bretagne n° 2025-001"


@pytest.fixture
def communes(db):
    region = Region.objects.create(code="53", name="Bretagne", ars_name="ARS Bretagne")
    department = Department.objects.create(code="29", name="Finistère", region=region)
    return {
        code: Commune.objects.create(
            insee_code=code, name=name, department=department, region=region, postal_codes=postal
        )
        for code, name, postal in [
            ("29019", "Brest", "29200"),
            ("29232", "Quimper", "29000"),
            ("29103", "Landerneau", "29800"),
        ]
    }


@pytest.fixture
def actor(db):
    return UserFactory()


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return (header + "".join(line + "\n" for line in lines)).encode("utf-8")


def nothing_imported():
    return (
        Zoning.objects.count() == 0
        and ZoningImport.objects.count() == 0
        and not AuditEvent.objects.filter(action="zoning.import").exists()
    )


def test_a_good_file_imports_every_row_and_is_recorded(communes, actor):
    content = csv_bytes(
        f"29019,medecin,ZIP,2025-01-01,,{DECREE}",
        f"29232,medecin,ZAC,2025-01-01,2026-12-31,{DECREE}",
        f'29232,chirurgien-dentiste,zip,2024-07-01,,"{DECREE}, annexe 2"',
        f"29103,sage-femme,ZAC,2025-03-15,,{DECREE}",
    )

    result = zoning_import(
        file=SimpleUploadedFile("zonage-bretagne.csv", content), actor=actor, reason="Arrêté 2025"
    )

    assert result.ok and result.errors == [] and result.created == 4
    quimper = Zoning.objects.get(commune=communes["29232"], profession="medecin")
    assert (quimper.zone_type, quimper.valid_from, quimper.valid_until) == (
        "ZAC",
        date(2025, 1, 1),
        date(2026, 12, 31),
    )
    assert Zoning.objects.get(profession="chirurgien-dentiste").decree == f"{DECREE}, annexe 2"
    record = ZoningImport.objects.get()
    assert (record.file_name, record.row_count, record.imported_by) == ("zonage-bretagne.csv", 4, actor)
    assert len(record.sha256) == 64 and record.zonings.count() == 4
    event = AuditEvent.objects.for_object(record).get()
    assert (event.action, event.actor, event.reason) == ("zoning.import", actor, "Arrêté 2025")
    assert event.changes["created"] == 4 and event.changes["sha256"] == record.sha256


def test_a_file_with_bad_rows_imports_nothing_and_names_each_bad_line(communes, actor):
    content = csv_bytes(
        f"29019,medecin,ZIP,2025-01-01,,{DECREE}",  # 2: good
        f"99999,medecin,ZIP,2025-01-01,,{DECREE}",  # 3: unknown commune
        f"29232,infirmier,ZIP,2025-01-01,,{DECREE}",  # 4: unknown profession
        f"29232,medecin,ZRR,2025-01-01,,{DECREE}",  # 5: unknown zone type
        f"29232,medecin,ZIP,01/01/2025,,{DECREE}",  # 6: not ISO
        f"29232,medecin,ZIP,2025-02-30,,{DECREE}",  # 7: no such day
        f"29103,medecin,ZAC,2025-06-01,2025-05-31,{DECREE}",  # 8: end before start
        f"29019,medecin,ZIP,2025-01-01,,{DECREE}",  # 9: duplicate of line 2
        "29103,sage-femme,ZAC,2025-01-01,,",  # 10: no decree
        "",  # 11: blank, ignored
        "29103,pharmacien,ZAC,2025-01-01",  # 12: missing columns
        f"29019,medecin,ZAC,2025-06-01,,{DECREE}",  # 13: overlaps line 2
        f"29103,pharmacien,ZAC,2025-01-01,,{DECREE}",  # 14: good
    )

    result = zoning_import(file=content, actor=actor)

    assert not result.ok and result.created == 0
    assert nothing_imported()
    by_line = {}
    for error in result.errors:
        by_line.setdefault(error.line, []).append(error.message)
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10, 12, 13]
    assert "commune inconnue" in by_line[3][0] and "99999" in by_line[3][0]
    assert "profession inconnue" in by_line[4][0]
    assert "zonage inconnu" in by_line[5][0]
    assert "AAAA-MM-JJ" in by_line[6][0]
    assert "n'est pas une date valide" in by_line[7][0]
    assert "précède la date de début" in by_line[8][0]
    assert "doublon de la ligne 2" in by_line[9][0]
    assert "arrêté" in by_line[10][0]
    assert "colonnes" in by_line[12][0]
    assert "chevauche la ligne 2" in by_line[13][0]
    assert str(result.errors[0]).startswith("Ligne 3 : ")


def test_a_row_overlapping_a_recorded_period_imports_nothing(communes, actor):
    Zoning.objects.create(
        commune=communes["29019"],
        profession="medecin",
        zone_type="ZIP",
        valid_from=date(2024, 1, 1),
        valid_until=date(2025, 12, 31),
        decree="Arrêté 2024",
    )
    content = csv_bytes(
        f"29232,medecin,ZIP,2025-01-01,,{DECREE}",
        f"29019,medecin,ZAC,2025-06-01,2025-12-31,{DECREE}",
        f"29019,chirurgien-dentiste,ZAC,2025-06-01,,{DECREE}",  # another profession: no overlap
        f"29019,medecin,ZAC,2026-01-01,,{DECREE}",  # starts after the recorded period: fine
    )

    result = zoning_import(file=content, actor=actor)

    assert [e.line for e in result.errors] == [3]
    assert "chevauche le zonage déjà enregistré" in result.errors[0].message
    assert "Arrêté 2024" in result.errors[0].message
    assert Zoning.objects.count() == 1 and ZoningImport.objects.count() == 0


def test_close_previous_ends_the_open_period_the_day_before_the_new_decree(communes, actor):
    old = Zoning.objects.create(
        commune=communes["29019"],
        profession="medecin",
        zone_type="ZAC",
        valid_from=date(2022, 1, 1),
        decree="Arrêté 2022",
    )
    content = csv_bytes(
        f"29019,medecin,ZIP,2027-01-01,,{DECREE}",
        f"29019,medecin,ZIP,2025-07-01,2026-12-31,{DECREE}",
    )

    assert [e.line for e in zoning_import(file=content, actor=actor).errors] == [2, 3]

    result = zoning_import(file=content, actor=actor, close_previous=True)

    assert result.ok and (result.created, result.closed) == (2, 1)
    old.refresh_from_db()
    assert old.valid_until == date(2025, 6, 30)
    assert Zoning.objects.in_force(date(2025, 6, 30)).get().zone_type == "ZAC"
    assert Zoning.objects.in_force(date(2025, 7, 1)).get().decree == DECREE
    assert ZoningImport.objects.get().closed_count == 1


@pytest.mark.parametrize(
    "header",
    ["code_insee;profession;zonage;debut;fin;arrete\n", "insee,profession,zonage,debut,fin,arrete\n", ""],
)
def test_a_wrong_header_is_reported_on_line_1(communes, actor, header):
    content = csv_bytes(f"29019,medecin,ZIP,2025-01-01,,{DECREE}", header=header)

    result = zoning_import(file=content, actor=actor)

    assert [e.line for e in result.errors] == [1]
    assert "en-tête" in result.errors[0].message
    assert ("point-virgule" in result.errors[0].message) == (";" in header)
    assert nothing_imported()


def test_a_file_that_is_not_utf8_names_the_unreadable_lines(communes, actor):
    content = (
        HEADER
        + f"29019,medecin,ZIP,2025-01-01,,{DECREE}\n"
        + "29232,medecin,ZIP,2025-01-01,,Arrêté préfectoral\n"
    ).encode("latin-1")

    result = zoning_import(file=content, actor=actor)

    assert [e.line for e in result.errors] == [2, 3]
    assert "UTF-8" in result.errors[0].message
    assert nothing_imported()


def test_an_empty_file_or_a_header_alone_is_refused(communes, actor):
    assert [e.line for e in zoning_import(file=b"", actor=actor).errors] == [1]
    assert [e.line for e in zoning_import(file=HEADER.encode(), actor=actor).errors] == [2]
    assert nothing_imported()


def test_a_byte_order_mark_and_windows_line_ends_are_accepted(communes, actor):
    content = "\ufeff" + HEADER.replace("\n", "\r\n") + f"29019,medecin,ZIP,2025-01-01,,{DECREE}\r\n"

    result = zoning_import(file=content.encode("utf-8"), actor=actor)

    assert result.ok and result.created == 1
