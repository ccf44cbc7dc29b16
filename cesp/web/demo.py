"""Realistic demo data: organisations for every UFR and ARS, agents of every role in a few regions,
and a few hundred candidates with varied profiles. Re-running it changes nothing."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from cesp.accounts.demo import seed_demo_second_factor
from cesp.accounts.models import CandidateProfile, Organisation, OrganisationKind, User
from cesp.accounts.roles import Role
from cesp.accounts.services import membership_grant
from cesp.applications.demo import seed_applications_demo
from cesp.decrees.demo import seed_decrees_demo
from cesp.referentials.models import Faculty, Region
from cesp.selection.demo import seed_selection_demo

DEMO_PASSWORD = "Demo-CESP-2026!"  # printed on purpose: demo accounts only
DEMO_DOMAIN = "demo.cesp.fr"
DEMO_REGION_CODES = ["32", "52", "84", "93"]  # Hauts-de-France, Pays de la Loire, ARA, PACA
CANDIDATE_COUNT = 300

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Sarah",
    "Emma",
    "Jade",
    "Louise",
    "Zoé",
    "Yasmine",
    "Lucas",
    "Hugo",
    "Thomas",
    "Nathan",
    "Mathis",
    "Yanis",
    "Théo",
    "Adam",
    "Karim",
    "Julien",
    "Malik",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Andre",
    "Mercier",
    "Benali",
    "Nguyen",
    "Diallo",
    "Rousseau",
    "Blanc",
    "Guerin",
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    organisation: str


def _user(email: str, first_name: str, last_name: str, password_hash: str, **extra) -> User:
    user, _ = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first_name, "last_name": last_name, "password": password_hash, **extra},
    )
    return user


def _organisations() -> dict[str, Organisation]:
    national = {}
    for kind, name in [
        (OrganisationKind.ASP, "Agence de services et de paiement"),
        (OrganisationKind.DGOS, "Direction générale de l'offre de soins"),
        (OrganisationKind.CNG, "Centre national de gestion"),
    ]:
        national[kind], _ = Organisation.objects.get_or_create(kind=kind, defaults={"name": name})
    for region in Region.objects.all():
        Organisation.objects.get_or_create(
            kind=OrganisationKind.ARS, region=region, defaults={"name": region.ars_name}
        )
    for faculty in Faculty.objects.select_related("region"):
        Organisation.objects.get_or_create(
            kind=OrganisationKind.UFR,
            faculty=faculty,
            defaults={"name": faculty.name, "region": faculty.region},
        )
    return national


@transaction.atomic
def seed_demo(*, seed: int = 2026) -> list[DemoLogin]:
    rng = random.Random(seed)
    password_hash = make_password(DEMO_PASSWORD)
    national = _organisations()
    logins: list[DemoLogin] = []

    admin = _user(f"admin@{DEMO_DOMAIN}", "Alice", "Admin", password_hash, is_staff=True, is_superuser=True)
    logins.append(DemoLogin(Role.ADMIN, admin.email, "Plateforme"))

    for kind, role, slug, first, last in [
        (OrganisationKind.ASP, Role.ASP_AGENT, "asp", "Paul", "Payeur"),
        (OrganisationKind.DGOS, Role.DGOS_AGENT, "dgos", "Diane", "Ministère"),
        (OrganisationKind.CNG, Role.CNG_AGENT, "cng", "Claude", "Gestion"),
    ]:
        user = _user(f"agent.{slug}@{DEMO_DOMAIN}", first, last, password_hash)
        membership_grant(
            actor=admin, user=user, organisation=national[kind], role=role, reason="Données de démonstration"
        )
        logins.append(DemoLogin(role, user.email, str(national[kind])))

    demo_faculties = list(
        Faculty.objects.filter(region__code__in=DEMO_REGION_CODES, discipline__in=["medecine", "odontologie"])
        .select_related("region", "organisation")
        .order_by("region__code", "code")
    )
    for region in Region.objects.filter(code__in=DEMO_REGION_CODES).order_by("code"):
        ars = Organisation.objects.get(kind=OrganisationKind.ARS, region=region)
        user = _user(
            f"referent.ars.{region.code}@{DEMO_DOMAIN}", "Référent", f"ARS {region.name}", password_hash
        )
        membership_grant(
            actor=admin,
            user=user,
            organisation=ars,
            role=Role.ARS_REFERENT,
            reason="Données de démonstration",
        )
        logins.append(DemoLogin(Role.ARS_REFERENT, user.email, str(ars)))
    for faculty in demo_faculties:
        organisation = faculty.organisation
        agent = _user(
            f"agent.{faculty.code}@{DEMO_DOMAIN}", "Agent", f"scolarité {faculty.city}", password_hash
        )
        membership_grant(
            actor=admin, user=agent, organisation=organisation, role=Role.UFR_AGENT, reason="Démo"
        )
        logins.append(DemoLogin(Role.UFR_AGENT, agent.email, str(organisation)))
        for seat in ["doyen", "ars", "ordre", "urps", "etudiant"]:
            member = _user(
                f"commission.{seat}.{faculty.code}@{DEMO_DOMAIN}", "Membre", seat.upper(), password_hash
            )
            membership_grant(
                actor=admin, user=member, organisation=organisation, role=Role.COMMITTEE_MEMBER, reason="Démo"
            )
            logins.append(DemoLogin(Role.COMMITTEE_MEMBER, member.email, str(organisation)))

    existing = set(User.objects.filter(email__startswith="candidat.").values_list("email", flat=True))
    new_users, profiles = [], []
    for number in range(1, CANDIDATE_COUNT + 1):
        email = f"candidat.{number:04d}@{DEMO_DOMAIN}"
        if email in existing:
            continue
        age = rng.randint(20, 32)
        new_users.append(
            User(
                email=email,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                password=password_hash,
            )
        )
        profiles.append(
            (email, date(2026 - age, 1, 1) + timedelta(days=rng.randint(0, 364)), rng.choice(demo_faculties))
        )
    User.objects.bulk_create(new_users)
    by_email = {u.email: u for u in User.objects.filter(email__in=[p[0] for p in profiles])}
    CandidateProfile.objects.bulk_create(
        CandidateProfile(
            user=by_email[email], birth_date=birth, faculty=faculty, phone=f"06{rng.randint(0, 99999999):08d}"
        )
        for email, birth, faculty in profiles
    )
    logins.append(DemoLogin(Role.CANDIDATE, f"candidat.0001@{DEMO_DOMAIN}", "Candidat"))

    dgos_agent = User.objects.get(email=f"agent.dgos@{DEMO_DOMAIN}")
    seed_decrees_demo(dgos_user=dgos_agent, demo_region_codes=DEMO_REGION_CODES)
    seed_applications_demo(demo_region_codes=DEMO_REGION_CODES)
    seed_selection_demo()
    seed_demo_second_factor()  # agents' TOTP devices from known secrets: `manage.py demo_totp`
    return logins


def first_login_per_role(logins: list[DemoLogin]) -> list[DemoLogin]:
    seen: dict[str, DemoLogin] = {}
    for login in logins:
        seen.setdefault(str(login.role), login)
    return list(seen.values())


def first_ranked_candidate():
    """The candidate at the head of a validated main list: the one an offer reaches first."""
    from cesp.selection.models import Commission
    from cesp.selection.selectors import ranked_entries

    commission = (
        Commission.objects.filter(status="validated").select_related("campaign").order_by("pk").first()
    )
    if commission is None:
        return None
    entry = ranked_entries(campaign=commission.campaign).first()
    return entry.application.candidate if entry else None
