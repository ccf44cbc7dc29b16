"""Reads of accounts data, always scoped."""

from django.db.models import Q, QuerySet

from cesp.accounts.models import Membership, Organisation, OrganisationKind, User
from cesp.accounts.scopes import Scope


def current_membership_for(user, membership_id) -> Membership | None:
    """The membership the user chose in this session, else their first active one."""
    if user is None or not user.is_authenticated:
        return None
    memberships = Membership.objects.active().filter(user=user).select_related("organisation")
    if membership_id is not None:
        chosen = next((m for m in memberships if m.pk == membership_id), None)
        if chosen is not None:
            return chosen
    return next(iter(memberships), None)


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    return Membership.objects.active().filter(user=user).select_related("organisation")


def organisation_list(*, scope: Scope) -> QuerySet[Organisation]:
    """UFR staff see their UFR; an ARS referent sees the ARS and the UFRs of its region;
    national agents and admins see every organisation; candidates and anonymous users none."""
    organisations = Organisation.objects.select_related("region", "faculty")
    if scope.national:
        return organisations
    if scope.faculty_ids:
        return organisations.filter(faculty_id__in=scope.faculty_ids)
    if scope.region_ids:
        return organisations.filter(region_id__in=scope.region_ids).filter(
            Q(kind=OrganisationKind.ARS) | Q(kind=OrganisationKind.UFR)
        )
    return organisations.none()


def membership_list(*, scope: Scope) -> QuerySet[Membership]:
    """The members of the organisations the scope may see."""
    return (
        Membership.objects.active()
        .filter(organisation__in=organisation_list(scope=scope))
        .select_related("user", "organisation")
    )


def organisation_members(*, scope: Scope, organisation: Organisation) -> QuerySet[Membership]:
    """The active members of one organisation the scope may see."""
    return membership_list(scope=scope).filter(organisation=organisation)


def user_list(*, scope: Scope) -> QuerySet[User]:
    """Agents see the agents of the organisations they may see; a user always sees themself."""
    if scope.is_anonymous:
        return User.objects.none()
    visible = Q(pk=scope.user_id)
    if scope.is_agent or scope.is_admin:
        visible |= Q(memberships__in=membership_list(scope=scope))
    return User.objects.filter(visible).distinct()
