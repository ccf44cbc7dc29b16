"""The declared workflows of the applications app: a campaign, a candidate's file.

The services that move them (``services/campaigns.py``, ``services/drafts.py``,
``services/instruction.py``) ask these tables before changing a status, in the role the actor acts in;
a file's row says in its own words (``refused``) why it is refused in a state it does not leave from.
``docs/workflows.md`` is drawn from them (``manage.py workflows_doc``).
"""

from cesp.accounts.roles import INSTRUCTORS, Role
from cesp.applications.models import ApplicationStatus, CampaignStatus
from cesp.core.workflow import Workflow, transition

# Who runs campaigns: a UFR agent (their UFR's), an ARS referent (PADHUE campaigns of their region), the
# administrator; which campaign each may touch is checked by the pages (selectors.can_manage_campaign).
CAMPAIGN_MANAGERS = INSTRUCTORS

CAMPAIGN = Workflow(
    name="applications.campaign",
    title="Campagne de candidature",
    states=CampaignStatus,
    initial=CampaignStatus.DRAFT,
    transitions=[
        transition(
            "open",
            sources=CampaignStatus.DRAFT,
            target=CampaignStatus.OPEN,
            by=CAMPAIGN_MANAGERS,
            label="Ouvrir la campagne",
        ),
        transition(
            "back_to_draft",
            sources=CampaignStatus.OPEN,
            target=CampaignStatus.DRAFT,
            by=CAMPAIGN_MANAGERS,
            label="Remettre la campagne en préparation",
        ),
        transition(
            "close",
            sources=CampaignStatus.OPEN,
            target=CampaignStatus.CLOSED,
            by=CAMPAIGN_MANAGERS,
            label="Clore la campagne",
        ),
        transition(
            "reopen",
            sources=CampaignStatus.CLOSED,
            target=CampaignStatus.OPEN,
            by=CAMPAIGN_MANAGERS,
            label="Rouvrir la campagne",
        ),
    ],
)

A = ApplicationStatus
CANDIDATE = {Role.CANDIDATE}
ONLY_SUBMITTED_COMPLETE = (
    "Seul un dossier déposé, sans demande de compléments en cours, peut être déclaré complet."
)

APPLICATION = Workflow(
    name="applications.application",
    title="Dossier de candidature",
    states=ApplicationStatus,
    initial=A.DRAFT,
    transitions=[
        transition(
            "submit",
            sources=A.DRAFT,
            target=A.SUBMITTED,
            by=CANDIDATE,
            label="Déposer le dossier",
            refused="Ce dossier a déjà été déposé.",
        ),
        transition(
            "request_corrections",
            sources=(A.SUBMITTED, A.COMPLETE),
            target=A.CORRECTIONS_REQUESTED,
            by=INSTRUCTORS,
            label="Demander des compléments",
            refused="Des compléments ne peuvent être demandés que sur un dossier déposé.",
        ),
        transition(
            "answer_corrections",
            sources=A.CORRECTIONS_REQUESTED,
            target=A.SUBMITTED,
            by=CANDIDATE,
            label="Répondre à la demande de compléments",
            refused="Aucune demande de compléments n'attend de réponse sur ce dossier.",
        ),
        transition(
            "mark_complete",
            sources=A.SUBMITTED,
            target=A.COMPLETE,
            by=INSTRUCTORS,
            label="Déclarer le dossier complet",
            refused=ONLY_SUBMITTED_COMPLETE,
        ),
        transition(
            "mark_inadmissible",
            sources=(A.SUBMITTED, A.CORRECTIONS_REQUESTED, A.COMPLETE),
            target=A.INADMISSIBLE,
            by=INSTRUCTORS,
            label="Déclarer le dossier irrecevable",
            refused="Ce dossier ne peut pas être déclaré irrecevable dans son état actuel.",
        ),
        transition(
            "withdraw",
            sources=(A.DRAFT, A.SUBMITTED, A.CORRECTIONS_REQUESTED, A.COMPLETE),
            target=A.WITHDRAWN,
            by=CANDIDATE,
            label="Retirer la candidature",
            refused="Ce dossier ne peut plus être retiré.",
        ),
    ],
)
