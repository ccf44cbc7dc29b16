"""The one place that decides what a user may see.

A ``Scope`` is computed once per request from the user's current membership (see middleware.py).
Selectors of every app filter their querysets with it; views never filter on their own.
"""

from dataclasses import dataclass, field

from cesp.accounts import roles
from cesp.accounts.models import Membership, OrganisationKind
from cesp.accounts.roles import Role


@dataclass(frozen=True)
class Scope:
    """What the current user may see: their own records, one faculty, one region, or everything."""

    user_id: int | None = None
    role: Role | None = None  # None: anonymous
    organisation_id: int | None = None
    faculty_ids: frozenset[int] = field(default_factory=frozenset)
    region_ids: frozenset[int] = field(default_factory=frozenset)
    national: bool = False

    @property
    def is_anonymous(self) -> bool:
        return self.role is None

    @property
    def is_candidate(self) -> bool:
        return roles.is_candidate(self)

    @property
    def is_agent(self) -> bool:
        return roles.is_agent(self)

    @property
    def is_admin(self) -> bool:
        return roles.is_admin(self)


ANONYMOUS = Scope()


def scope_for_membership(membership: Membership) -> Scope:
    organisation = membership.organisation
    faculty_ids: frozenset[int] = frozenset()
    region_ids: frozenset[int] = frozenset()
    national = False
    if organisation.kind == OrganisationKind.UFR:
        faculty_ids = frozenset({organisation.faculty_id})
        region_ids = frozenset({organisation.region_id})
    elif organisation.kind == OrganisationKind.ARS:
        region_ids = frozenset({organisation.region_id})
    else:
        national = True
    return Scope(
        user_id=membership.user_id,
        role=Role(membership.role),
        organisation_id=organisation.pk,
        faculty_ids=faculty_ids,
        region_ids=region_ids,
        national=national,
    )


def scope_for_user(user, membership: Membership | None) -> Scope:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    if membership is not None:
        return scope_for_membership(membership)
    if user.is_superuser:
        return Scope(user_id=user.pk, role=Role.ADMIN, national=True)
    if hasattr(user, "candidate_profile"):
        return Scope(user_id=user.pk, role=Role.CANDIDATE)
    # An account without role or membership sees only its own records, like a candidate with no file.
    return Scope(user_id=user.pk, role=Role.CANDIDATE)
