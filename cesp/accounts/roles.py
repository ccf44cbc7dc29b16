"""Who may do what: the one enumeration of roles and the permission functions every layer asks.

A user acts in one role at a time, resolved once per request into a ``Scope`` (scopes.py): a candidate
(their own records), an agent through a membership of an organisation (``MEMBERSHIP_ROLES``), or the
platform administrator. Views, selectors, navigation and the access matrix ask the functions below
instead of comparing role names, so that a rule about who may act is written once, with its reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from cesp.accounts.scopes import Scope


class Role(models.TextChoices):
    CANDIDATE = "candidate", "Candidat ou bénéficiaire"
    UFR_AGENT = "ufr_agent", "Agent de l'UFR"
    COMMITTEE_MEMBER = "committee_member", "Membre de commission de sélection"
    ARS_REFERENT = "ars_referent", "Référent CESP de l'ARS"
    ASP_AGENT = "asp_agent", "Agent de l'ASP"
    DGOS_AGENT = "dgos_agent", "Agent de la DGOS"
    CNG_AGENT = "cng_agent", "Agent du CNG"
    ADMIN = "admin", "Administrateur de la plateforme"


# The roles held through a membership of an organisation (the choices of ``Membership.role``).
MEMBERSHIP_ROLES: tuple[Role, ...] = (
    Role.UFR_AGENT,
    Role.COMMITTEE_MEMBER,
    Role.ARS_REFERENT,
    Role.ASP_AGENT,
    Role.DGOS_AGENT,
    Role.CNG_AGENT,
)
MEMBERSHIP_ROLE_CHOICES = [(role.value, role.label) for role in MEMBERSHIP_ROLES]

AGENTS: frozenset[Role] = frozenset(MEMBERSHIP_ROLES)
# Agents and the administrator: everyone who works on files rather than on their own.
STAFF: frozenset[Role] = AGENTS | {Role.ADMIN}
# Every signed-in user.
SIGNED_IN: frozenset[Role] = STAFF | {Role.CANDIDATE}

# Who instructs candidates' files: the UFR for its campaigns, the ARS for the PADHUE campaigns of its
# region (arrêté du 27 juillet 2010, art. 2; décret 2026-4 for the regional PADHUE selection).
INSTRUCTORS: frozenset[Role] = frozenset({Role.UFR_AGENT, Role.ARS_REFERENT, Role.ADMIN})
# Who examines files for a commission: its UFR, its members, the ARS (which sits on it).
EXAMINERS: frozenset[Role] = frozenset({Role.UFR_AGENT, Role.COMMITTEE_MEMBER, Role.ARS_REFERENT, Role.ADMIN})


def is_staff(scope: Scope) -> bool:
    """Agents of any organisation and the platform administrator: the staff pages."""
    return scope.role in STAFF


def is_agent(scope: Scope) -> bool:
    """A user acting through a membership of an organisation."""
    return scope.role in AGENTS


def is_candidate(scope: Scope) -> bool:
    """A candidate or beneficiary, who sees only their own records."""
    return scope.role == Role.CANDIDATE


def is_admin(scope: Scope) -> bool:
    return scope.role == Role.ADMIN


def can_instruct_applications(scope: Scope) -> bool:
    """UFR agents (their campaigns), ARS referents (PADHUE campaigns of their region), administrators."""
    return scope.role in INSTRUCTORS


def can_open_ufr_campaigns(scope: Scope) -> bool:
    """A UFR opens the yearly campaign of its faculty."""
    return scope.role == Role.UFR_AGENT


def can_open_padhue_campaigns(scope: Scope) -> bool:
    """An ARS opens the PADHUE campaign of its region."""
    return scope.role == Role.ARS_REFERENT


def can_examine_files(scope: Scope) -> bool:
    """Those who read files for a commission: its UFR, committee members, the ARS, administrators."""
    return scope.role in EXAMINERS


def can_manage_decrees(scope: Scope) -> bool:
    """The DGOS enters and publishes the quota decrees (and the administrator)."""
    return scope.role in DECREE_MANAGERS


def can_manage_contracts(scope: Scope) -> bool:
    """The ASP sends offers, reissues contracts and manages them (and the administrator)."""
    return scope.role in CONTRACT_MANAGERS


def can_reveal_iban(scope: Scope) -> bool:
    """Pages show an IBAN by its last four characters; only an ASP agent, who pays the allowance, may
    reveal a whole one, by an explicit and recorded action (cesp.contracts.bank.iban_reveal)."""
    return scope.role == Role.ASP_AGENT


def can_import_zoning(scope: Scope) -> bool:
    """The ARS keeps the zoning of its own region."""
    return scope.role == Role.ARS_REFERENT


def has_role(scope: Scope, *roles: Role) -> bool:
    """For the few checks that name one role and belong to no rule above (e.g. scoping a queryset)."""
    return scope.role in roles


# --- decrees and contracts (cesp.decrees, cesp.contracts) ------------------------------------------
# The role sets their permission functions above and their workflow tables (decrees/workflows.py,
# contracts/workflows.py) both name, so that "who may publish" is written once.

# The DGOS fixes the quotas by ministerial decree (arrêté); the administrator may act for it.
DECREE_MANAGERS: frozenset[Role] = frozenset({Role.DGOS_AGENT, Role.ADMIN})
# The ASP is the contracting party since décret 2025-270: it offers, re-issues and manages contracts.
CONTRACT_MANAGERS: frozenset[Role] = frozenset({Role.ASP_AGENT, Role.ADMIN})


def acting_role(user, role: str | None = None) -> str:
    """The role a service acts in: ``role`` when its caller names one, else the user's own.

    Views always pass the request's ``scope.role``. Without it (tests, the demo seed, a shell), a user
    acts in the role of their default membership, the one their first request would resolve
    (``scope_for_user``); no user at all is the platform itself (``SYSTEM``: a scheduled task, a signal).
    An anonymous visitor has no role: no table names "", so every move is refused.
    """
    from cesp.accounts.scopes import scope_for_user
    from cesp.accounts.selectors import current_membership_for
    from cesp.core.workflow import SYSTEM

    if role is not None:
        return role
    if user is None:
        return SYSTEM
    return scope_for_user(user, current_membership_for(user, None)).role or ""


# --- Applications and selection ------------------------------------------------------------------
# (kept together to ease merging: the campaign's secretariat, who presides, who reads the lists)


def campaign_secretariat_role(*, padhue: bool) -> Role:
    """The role that runs a campaign and its commission (opens it, instructs its files, receives their
    notices, seats the commission's members): the agents of its UFR, or, for a PADHUE campaign, the ARS
    referents of its region (arrêté du 27 juillet 2010, art. 2). The same rule as
    ``can_open_ufr_campaigns`` / ``can_open_padhue_campaigns``, for queries on memberships."""
    return Role.ARS_REFERENT if padhue else Role.UFR_AGENT


# The dean presides the commission from a committee member's seat (the ARS seat is an ARS referent's):
# validating the lists is done in that role.
COMMISSION_PRESIDENT_ROLES: frozenset[Role] = frozenset({Role.COMMITTEE_MEMBER})


def reads_examined_files_only(scope: Scope) -> bool:
    """A committee member reads the files of the commissions they sit on, minus those they declared a
    conflict of interest with (the selection app says which files those are), never the rest of their
    UFR's files: the secretariat instructs, the commission examines what the secretariat found complete."""
    return scope.role == Role.COMMITTEE_MEMBER


def sees_validated_commissions_only(scope: Scope) -> bool:
    """The ASP and the DGOS read every commission once its lists are validated (their input for offers
    and decrees), never the marks nor a commission still at work."""
    return scope.role in (Role.ASP_AGENT, Role.DGOS_AGENT)
