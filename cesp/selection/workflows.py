"""The declared workflow of a selection commission.

A commission is opened at work (members, sittings, interviews, marks, tie-breaks, draft lists, all
refused once it is validated: ``services/common.py::lock_open``); its president validates the lists,
which locks it for good and writes the minutes (``services/lists.py::commission_validate``).
"""

from cesp.accounts.roles import COMMISSION_PRESIDENT_ROLES
from cesp.core.workflow import Workflow, transition
from cesp.selection.models import CommissionStatus

COMMISSION = Workflow(
    name="selection.commission",
    title="Commission de sélection",
    states=CommissionStatus,
    initial=CommissionStatus.OPEN,
    transitions=[
        transition(
            "validate",
            sources=CommissionStatus.OPEN,
            target=CommissionStatus.VALIDATED,
            by=COMMISSION_PRESIDENT_ROLES,
            label="Valider les listes",
        ),
    ],
)
