import io
from datetime import date
from pathlib import Path

import pytest

from cesp.core.models import AuditEvent
from cesp.decrees import services
from cesp.decrees.models import Category, DecreeKind, DecreeStatus
from cesp.decrees.selectors import decree_list, quota_in_force
from cesp.decrees.signals import decree_published
from cesp.referentials.loaders import load_faculties, load_regions
from cesp.referentials.models import Faculty
from tests.factories import FacultyFactory

ROOT = Path(__file__).resolve().parents[2]


def csv_file(text: str, name="arrete.csv"):
    data = io.BytesIO(text.encode("utf-8"))
    data.name = name
    return data


def test_lines_publication_and_quota_in_force(world, draft, django_capture_on_commit_callbacks):
    dgos = world.users["dgos_agent"]
    faculty = world.ufr_a.faculty
    services.quota_line_set(
        actor=dgos,
        decree=draft,
        faculty=faculty,
        region=None,
        discipline="medecine",
        category=Category.SECOND_CYCLE,
        count=10,
    )
    services.quota_line_set(
        actor=dgos,
        decree=draft,
        faculty=None,
        region=world.region_a,
        discipline="medecine",
        category=Category.PADHUE,
        count=2,
    )
    received = []
    decree_published.connect(
        lambda sender, decree, **kw: received.append(decree), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.decree_publish(actor=dgos, decree=draft, published_on=date(2027, 7, 2))
    finally:
        decree_published.disconnect(dispatch_uid="t")
    draft.refresh_from_db()
    assert draft.status == DecreeStatus.PUBLISHED and draft.effective_on == date(2027, 7, 2)
    assert received == [draft]
    kwargs = {
        "academic_year": draft.academic_year,
        "discipline": "medecine",
        "category": Category.SECOND_CYCLE,
    }
    assert quota_in_force(on=date(2027, 7, 1), faculty=faculty, **kwargs) == 0
    assert quota_in_force(on=date(2027, 7, 2), faculty=faculty, **kwargs) == 10
    assert (
        quota_in_force(
            on=date(2027, 7, 2),
            region=world.region_a,
            academic_year=draft.academic_year,
            discipline="medecine",
            category=Category.PADHUE,
        )
        == 2
    )
    actions = list(AuditEvent.objects.for_object(draft).values_list("action", flat=True))
    assert sorted(actions) == ["decree.create", "decree.line_set", "decree.line_set", "decree.publish"]

    # A published decree is frozen; a redistribution moves contracts from a later effective date.
    with pytest.raises(services.DecreeError, match="ne peut plus être modifié"):
        services.quota_line_set(
            actor=dgos,
            decree=draft,
            faculty=faculty,
            region=None,
            discipline="medecine",
            category=Category.SECOND_CYCLE,
            count=3,
        )
    redistribution = services.decree_create(
        actor=dgos,
        kind=DecreeKind.REDISTRIBUTION,
        academic_year=draft.academic_year,
        title="Redistribution",
        signed_on=date(2027, 12, 1),
        effective_on=date(2027, 12, 10),
    )
    services.quota_line_set(
        actor=dgos,
        decree=redistribution,
        faculty=faculty,
        region=None,
        discipline="medecine",
        category=Category.SECOND_CYCLE,
        count=-3,
    )
    services.decree_publish(actor=dgos, decree=redistribution, published_on=date(2027, 12, 5))
    assert quota_in_force(on=date(2027, 12, 9), faculty=faculty, **kwargs) == 10
    assert quota_in_force(on=date(2027, 12, 10), faculty=faculty, **kwargs) == 7


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"faculty": "a", "category": Category.PADHUE}, "par région"),
        ({"faculty": None, "category": Category.SECOND_CYCLE}, "désigne une UFR"),
        (
            {"faculty": "a", "category": Category.SECOND_CYCLE, "discipline": "odontologie"},
            "forme en médecine",
        ),
        ({"faculty": "a", "category": Category.SECOND_CYCLE, "count": -1}, "nombres positifs"),
    ],
)
def test_bad_lines_are_refused(world, draft, kwargs, message):
    faculty = world.ufr_a.faculty if kwargs.pop("faculty") == "a" else None
    args = {"discipline": "medecine", "count": 4, **kwargs}
    with pytest.raises(services.DecreeError, match=message):
        services.quota_line_set(
            actor=world.users["dgos_agent"], decree=draft, faculty=faculty, region=world.region_a, **args
        )
    assert not draft.lines.exists()


def test_publishing_an_empty_decree_is_refused(world, draft):
    with pytest.raises(services.DecreeError, match="sans aucune ligne"):
        services.decree_publish(actor=world.users["dgos_agent"], decree=draft, published_on=date(2027, 7, 2))


def test_import_good_file(world, draft):
    text = "ufr,region,discipline,categorie,nombre\nmedecine-lille,,medecine,deuxieme_cycle,13\n,32,medecine,padhue,2\n"
    result = services.decree_import_csv(actor=world.users["dgos_agent"], decree=draft, file=csv_file(text))
    assert result.ok and (result.lines, result.total) == (2, 15)
    event = AuditEvent.objects.for_object(draft).get(action="decree.import")
    assert len(event.changes["file_sha256"]) == 64


def test_import_bad_file_imports_nothing_and_names_each_line(world, draft):
    FacultyFactory(
        code="odontologie-lille", name="Odontologie Lille", discipline="odontologie", region=world.region_a
    )
    text = (
        "ufr,region,discipline,categorie,nombre\n"
        "medecine-lille,,medecine,deuxieme_cycle,13\n"  # 2: good
        "inconnue,,medecine,deuxieme_cycle,3\n"  # 3: unknown faculty
        "medecine-lille,,medecine,cinquieme_cycle,3\n"  # 4: bad category
        "medecine-lille,,medecine,troisieme_cycle,trois\n"  # 5: bad number
        "medecine-lille,,medecine,deuxieme_cycle,4\n"  # 6: duplicate of 2
        ",99,medecine,padhue,1\n"  # 7: unknown region
        "odontologie-lille,,medecine,deuxieme_cycle,1\n"  # 8: discipline mismatch
        "medecine-lille,,medecine,troisieme_cycle,-2\n"  # 9: negative in a yearly decree
        "medecine-lille,,medecine\n"  # 10: columns
    )
    result = services.decree_import_csv(actor=world.users["dgos_agent"], decree=draft, file=csv_file(text))
    assert [line for line, _ in result.errors] == [3, 4, 5, 6, 7, 8, 9, 10]
    messages = dict(result.errors)
    assert (
        "UFR inconnue" in messages[3] and "ligne 2" in messages[6] and "forme en odontologie" in messages[8]
    )
    assert not draft.lines.exists()
    assert not AuditEvent.objects.for_object(draft).filter(action="decree.import").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"ufr;region;discipline;categorie;nombre\n", "point-virgule"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b"", "vide"),
        (b"ufr,region,discipline,categorie,nombre\n", "aucune ligne"),
    ],
)
def test_import_malformed_files(world, draft, content, message):
    file = io.BytesIO(content)
    result = services.decree_import_csv(actor=world.users["dgos_agent"], decree=draft, file=file)
    assert not result.ok and message in result.errors[0][1]


@pytest.mark.django_db
def test_import_the_real_2023_2024_decree():
    """The shipped real decree imports whole; the source's joint labels are refused with their line."""
    from cesp.accounts.models import OrganisationKind, User
    from cesp.accounts.roles import Role
    from tests.factories import MembershipFactory, OrganisationFactory

    load_regions()
    load_faculties()
    dgos = User.objects.create_user("dgos@exemple.fr", "x")
    # A DGOS agent: the decree's workflow lets only the DGOS (and the administrator) edit it.
    MembershipFactory(
        user=dgos, organisation=OrganisationFactory(kind=OrganisationKind.DGOS), role=Role.DGOS_AGENT
    )
    year = __import__("cesp.referentials.models", fromlist=["AcademicYear"]).AcademicYear.objects.create(
        label="2023-2024", start=date(2023, 9, 1), end=date(2024, 8, 31)
    )
    decree = services.decree_create(
        actor=dgos,
        kind=DecreeKind.ANNUAL,
        academic_year=year,
        title="Arrêté du 25 juin 2024",
        signed_on=date(2024, 6, 25),
        effective_on=date(2024, 7, 2),
    )
    path = ROOT / "cesp/decrees/data/arrete-2024-06-25-medecine-2e-cycle.csv"
    result = services.decree_import_csv(actor=dgos, decree=decree, file=path.open("rb"))
    assert result.ok and (result.lines, result.total) == (33, 440)

    # The same figures with the labels as spelt in the decree: the two joint labels need a code.
    import csv

    rows = [
        r
        for r in csv.DictReader(
            (ROOT / "cesp/referentials/data/sources/cesp-quotas-par-ufr.csv").open(encoding="utf-8")
        )
        if r["annee_universitaire"] == "2023-2024"
    ]
    text = "ufr,region,discipline,categorie,nombre\n" + "".join(
        f'"{r["ufr_libelle_source"]}",,medecine,deuxieme_cycle,{r["nombre_contrats"]}\n' for r in rows
    )
    result = services.decree_import_csv(actor=dgos, decree=decree, file=csv_file(text))
    assert len(result.errors) == 2
    assert all("désigne plusieurs UFR" in message for _, message in result.errors)
    assert decree.lines.count() == 33  # unchanged by the refused import
    assert Faculty.objects.count() > 100


def test_drafts_are_seen_only_by_the_dgos(world, draft):
    from cesp.accounts.scopes import scope_for_user
    from cesp.accounts.selectors import current_membership_for

    for role in ["ufr_agent", "ars_referent", "asp_agent", "candidate"]:
        user = world.users[role]
        assert draft not in decree_list(scope=scope_for_user(user, current_membership_for(user, None)))
    dgos = world.users["dgos_agent"]
    assert draft in decree_list(scope=scope_for_user(dgos, current_membership_for(dgos, None)))
