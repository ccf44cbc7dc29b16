"""factory_boy factories shared by the suite; each app adds its own beside its tests."""

import factory

from cesp.accounts.models import CandidateProfile, Membership, Organisation, OrganisationKind, User
from cesp.accounts.roles import Role
from cesp.referentials.models import Department, Discipline, Faculty, Region

PASSWORD = "Un-mot-de-passe-de-test-2026"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90 + n % 9}{n % 10}"[:3])
    name = factory.Sequence(lambda n: f"Région {n}")
    ars_name = factory.LazyAttribute(lambda o: f"ARS {o.name}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 95 + 1:02d}")
    name = factory.Sequence(lambda n: f"Département {n}")
    region = factory.SubFactory(RegionFactory)


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faculty
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"medecine-ville-{n}")
    name = factory.Sequence(lambda n: f"UFR de médecine {n}")
    discipline = Discipline.MEDICINE
    university = "Université de test"
    city = factory.Sequence(lambda n: f"Ville {n}")
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"utilisateur{n}@exemple.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    password = factory.django.Password(PASSWORD)


class CandidateFactory(UserFactory):
    profile = factory.RelatedFactory("tests.factories.CandidateProfileFactory", factory_related_name="user")


class CandidateProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile

    user = factory.SubFactory(UserFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.ASP
    name = factory.Sequence(lambda n: f"Organisation {n}")

    class Params:
        ufr = factory.Trait(
            kind=OrganisationKind.UFR,
            faculty=factory.SubFactory(FacultyFactory),
            region=factory.SelfAttribute("faculty.region"),
            name=factory.SelfAttribute("faculty.name"),
        )
        ars = factory.Trait(kind=OrganisationKind.ARS, region=factory.SubFactory(RegionFactory))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.ASP_AGENT
