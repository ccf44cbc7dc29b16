from cesp.selection.demo import seed_selection_demo
from cesp.selection.models import CommissionStatus, ListKind, MemberKind
from tests import factories
from tests.selection.builders import campaign_for, committee_member, complete_application


def test_demo_commissions(world):
    for seat in ["doyen", "ordre", "urps", "etudiant"]:
        committee_member(world.ufr_a, f"commission.{seat}.lille@exemple.fr")
    lille = campaign_for(world.ufr_a.faculty)
    for n in range(6):
        complete_application(lille, factories.CandidateFactory(email=f"demo{n}@exemple.fr"))
    nantes = campaign_for(world.ufr_b.faculty)
    committee_member(world.ufr_b, "commission.doyen.nantes@exemple.fr")
    complete_application(nantes, factories.CandidateFactory(email="demo-b@exemple.fr"))

    created = seed_selection_demo()
    assert len(created) == 2
    validated = lille.commission
    assert validated.status == CommissionStatus.VALIDATED and validated.minutes
    assert validated.members.count() == 5 and validated.members.filter(kind=MemberKind.ARS).exists()
    assert validated.tie_breaks.filter(casting_voter__kind=MemberKind.ARS).exists()
    assert validated.entries.filter(kind=ListKind.MAIN).count() == 3
    assert validated.interviews.count() == 4
    assert nantes.commission.status == CommissionStatus.OPEN
    assert seed_selection_demo() == []
