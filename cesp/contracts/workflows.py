"""The declared workflows of the contracts app: the offer, then the contract it becomes.

An offer waits for its candidate's answer: signed, declined, or lapsed when the deadline passes (the
scheduled task, as the platform). A contract is active from its signature; while active, the ASP may
issue a new version and the beneficiary may change the account the allowance is paid to. No service
terminates a contract yet: the termination rows come with the follow-up of the beneficiaries.
The services ask these tables before every change (``move``); drawn in docs/workflows.md.
"""

from cesp.accounts.roles import CONTRACT_MANAGERS, Role, acting_role
from cesp.contracts.errors import ContractError
from cesp.contracts.models import ContractStatus, OfferStatus
from cesp.core.workflow import SYSTEM, Workflow, transition

OFFER_WORKFLOW = Workflow(
    name="contracts.offer",
    title="Proposition de contrat",
    states=OfferStatus,
    initial=OfferStatus.PENDING,
    transitions=[
        transition(
            "sign",
            sources=OfferStatus.PENDING,
            target=OfferStatus.SIGNED,
            by=[Role.CANDIDATE],
            label="Signer le contrat",
            refused="Cette proposition n'est plus en attente de signature.",
        ),
        transition(
            "decline",
            sources=OfferStatus.PENDING,
            target=OfferStatus.DECLINED,
            by=[Role.CANDIDATE],
            label="Refuser la proposition",
            refused="Cette proposition n'est plus en attente : elle ne peut pas être refusée.",
        ),
        transition(
            "lapse",
            sources=OfferStatus.PENDING,
            target=OfferStatus.LAPSED,
            by=[SYSTEM],
            label="Constater l'expiration du délai de signature",
        ),
    ],
)

CONTRACT_WORKFLOW = Workflow(
    name="contracts.contract",
    title="Contrat",
    states=ContractStatus,
    initial=ContractStatus.ACTIVE,
    transitions=[
        transition(
            "reissue",
            sources=ContractStatus.ACTIVE,
            target=ContractStatus.ACTIVE,
            by=CONTRACT_MANAGERS,
            label="Émettre une nouvelle version du contrat",
        ),
        transition(
            "change_bank_details",
            sources=ContractStatus.ACTIVE,
            target=ContractStatus.ACTIVE,
            by=[Role.CANDIDATE],
            label="Changer les coordonnées bancaires",
        ),
    ],
)


def move(workflow: Workflow, obj, *, event: str, actor, role: str | None = None) -> str:
    """The state of ``obj`` (an offer or a contract) after ``event``, asked of its table in the role the
    actor acts in (``role``, else ``acting_role``); a refusal is a ``ContractError`` in French."""
    return workflow.move(state=obj.status, event=event, actor=acting_role(actor, role), raises=ContractError)
