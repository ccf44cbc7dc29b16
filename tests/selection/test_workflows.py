"""The commission workflow is enforced at validation: a move the table has no row for (from this
state, or by this role) is refused with a French message and changes nothing."""

from datetime import date

import pytest

from cesp.accounts.roles import Role
from cesp.core.models import AuditEvent
from cesp.core.workflow import TransitionNotAllowed
from cesp.selection import services
from cesp.selection.models import Commission, CommissionStatus
from cesp.selection.services import SelectionError
from cesp.selection.signals import lists_validated
from cesp.selection.workflows import COMMISSION
from tests.selection.builders import score_all

pytestmark = pytest.mark.django_db


def _ready(world, commission, files, members):
    """Marked, lists drawn, a sitting recorded: only the president's validation is left."""
    score_all(commission, dict(zip(files, [15, 12, 10, 9], strict=True)))
    agent = world.users["ufr_agent"]
    services.lists_build(actor=agent, commission=commission, main_size=2, complementary_size=1)
    services.sitting_record(
        actor=agent, commission=commission, held_on=date(2027, 5, 12), present=list(members.values())
    )


def _snapshot(commission) -> tuple:
    row = Commission.objects.get(pk=commission.pk)
    return (
        row.status,
        row.validated_by_id,
        row.validated_at,
        row.minutes_sha256,
        AuditEvent.objects.filter(action="selection.validate").count(),
    )


def test_the_table_refuses_what_it_does_not_declare():
    assert COMMISSION.move(state="open", event="validate", actor=Role.COMMITTEE_MEMBER) == "validated"
    with pytest.raises(TransitionNotAllowed, match="pas possible dans l'état « Listes validées »"):
        COMMISSION.move(state="validated", event="validate", actor=Role.COMMITTEE_MEMBER)
    with pytest.raises(TransitionNotAllowed, match="pas habilité"):
        COMMISSION.move(state="open", event="validate", actor=Role.ADMIN)


@pytest.mark.parametrize(
    "role", [Role.UFR_AGENT, Role.ARS_REFERENT, Role.ADMIN, ""], ids=["ufr_agent", "ars", "admin", "no role"]
)
def test_the_president_acting_in_another_role_cannot_validate_and_nothing_changes(
    world, commission, files, members, role, django_capture_on_commit_callbacks
):
    _ready(world, commission, files, members)
    before = _snapshot(commission)
    received = []

    def receive(sender, commission, **kwargs):
        received.append(commission)

    lists_validated.connect(receive)
    try:
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(SelectionError, match="pas habilité à « Valider les listes »"),
        ):
            services.commission_validate(
                actor=world.users["committee_member"], role=role, commission=commission
            )
    finally:
        lists_validated.disconnect(receive)
    assert _snapshot(commission) == before
    assert before[0] == CommissionStatus.OPEN and not before[3]
    assert received == []


def test_a_validated_commission_cannot_be_validated_again_and_nothing_changes(
    world, commission, files, members
):
    _ready(world, commission, files, members)
    president = world.users["committee_member"]
    services.commission_validate(actor=president, role=Role.COMMITTEE_MEMBER, commission=commission)
    before = _snapshot(commission)
    with pytest.raises(SelectionError, match="ont été validées le"):
        services.commission_validate(actor=president, role=Role.COMMITTEE_MEMBER, commission=commission)
    assert _snapshot(commission) == before
    assert before[0] == CommissionStatus.VALIDATED
