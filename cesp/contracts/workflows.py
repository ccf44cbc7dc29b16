"""The declared workflows of the contracts app: the offer, then the contract it becomes.

An offer waits for its candidate's answer: signed, declined, or lapsed when the deadline passes (the
scheduled task, as the platform). A contract is active from its signature; while active, the ASP may
issue a new version, record or cancel an event of its timeline (timeline.py), and the beneficiary (or
the ASP for them) may ask to change the account the allowance is paid to, which an ASP agent confirms
or refuses (``BANK_DETAILS_WORKFLOW``). A termination is an event of the timeline: the rules derive the
contract's status from it; no row closes the ``Contract`` itself yet (follow-up and breach will).
The services ask these tables before every change (``move``); drawn in docs/workflows.md.
"""

from cesp.accounts.roles import CONTRACT_MANAGERS, Role, acting_role
from cesp.contracts.errors import ContractError
from cesp.contracts.models import BankDetailsStatus, ContractStatus, OfferStatus
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
        transition(
            "record_event",
            sources=ContractStatus.ACTIVE,
            target=ContractStatus.ACTIVE,
            by=[*CONTRACT_MANAGERS, SYSTEM],
            label="Enregistrer un événement du contrat",
            refused="Ce contrat n'est plus actif : aucun événement ne peut y être enregistré.",
        ),
        transition(
            "cancel_event",
            sources=ContractStatus.ACTIVE,
            target=ContractStatus.ACTIVE,
            by=[*CONTRACT_MANAGERS, SYSTEM],
            label="Annuler un événement du contrat",
        ),
    ],
)

BANK_DETAILS_WORKFLOW = Workflow(
    name="contracts.bank_details",
    title="Changement de coordonnées bancaires",
    states=BankDetailsStatus,
    initial=BankDetailsStatus.PENDING,
    transitions=[
        transition(
            "confirm",
            sources=BankDetailsStatus.PENDING,
            target=BankDetailsStatus.CONFIRMED,
            by=CONTRACT_MANAGERS,
            label="Confirmer les nouvelles coordonnées (un autre agent que celui qui les a saisies)",
            refused="Ces coordonnées bancaires ne sont plus en attente de confirmation.",
        ),
        transition(
            "refuse",
            sources=BankDetailsStatus.PENDING,
            target=BankDetailsStatus.REFUSED,
            by=CONTRACT_MANAGERS,
            label="Refuser les nouvelles coordonnées",
            refused="Ces coordonnées bancaires ne sont plus en attente de confirmation.",
        ),
    ],
)


def move(workflow: Workflow, obj, *, event: str, actor, role: str | None = None) -> str:
    """The state of ``obj`` (an offer or a contract) after ``event``, asked of its table in the role the
    actor acts in (``role``, else ``acting_role``); a refusal is a ``ContractError`` in French."""
    return workflow.move(state=obj.status, event=event, actor=acting_role(actor, role), raises=ContractError)
