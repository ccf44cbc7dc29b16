"""The decree's declared workflow: a draft is edited, then published once and for all.

The services (services.py) ask this table before every change: editing the lines (one by one or by a
CSV import) keeps a draft a draft, publishing makes it binding. A published decree never changes; a
mistake is corrected by a redistribution decree. Drawn in docs/workflows.md.
"""

from cesp.accounts.roles import DECREE_MANAGERS
from cesp.core.workflow import Workflow, transition
from cesp.decrees.models import DecreeStatus

FROZEN = "Un arrêté publié ne peut plus être modifié : publiez un arrêté de redistribution."

DECREE_WORKFLOW = Workflow(
    name="decrees.decree",
    title="Arrêté de répartition",
    states=DecreeStatus,
    initial=DecreeStatus.DRAFT,
    transitions=[
        transition(
            "edit",
            sources=DecreeStatus.DRAFT,
            target=DecreeStatus.DRAFT,
            by=DECREE_MANAGERS,
            label="Modifier les lignes de l'arrêté",
            refused=FROZEN,
        ),
        transition(
            "publish",
            sources=DecreeStatus.DRAFT,
            target=DecreeStatus.PUBLISHED,
            by=DECREE_MANAGERS,
            label="Publier l'arrêté",
            refused=FROZEN,
        ),
    ],
)
