"""A re-issue or an amendment of a signed contract: a new sealed version, every earlier one kept."""

from datetime import datetime

from django.db import transaction

from cesp.contracts.documents import contract_figures, render_contract_pdf, seal_contract, store_version
from cesp.contracts.errors import ContractError
from cesp.contracts.models import Contract, ContractDocument, DocumentKind
from cesp.contracts.workflows import CONTRACT_WORKFLOW, move
from cesp.core import bounds
from cesp.core.audit import audit_record


def contract_reissue(
    *, contract: Contract, actor, reason: str, now: datetime, role: str | None = None
) -> ContractDocument:
    """A re-issue or amendment: a new sealed version; every earlier version stays."""
    if not reason.strip():
        raise ContractError("Indiquez le motif de la nouvelle version.")
    bounds.check_text(reason, limit=bounds.SHORT_TEXT, label="Motif", error=ContractError)
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        move(CONTRACT_WORKFLOW, contract, event="reissue", actor=actor, role=role)
        figures = contract_figures(application=contract.offer.application, signed_on=contract.signed_on)
        holder = contract.bank_details.values_list("holder", flat=True).first()
        pdf = seal_contract(
            render_contract_pdf(
                offer=contract.offer,
                figures=figures,
                number=contract.number,
                signed_on=contract.signed_on,
                bank_holder=holder,
            ),
            reason=f"Nouvelle version du contrat {contract.number} : {reason}",
        )
        document = store_version(contract, pdf, kind=DocumentKind.AMENDMENT)
        audit_record(
            actor=actor,
            action="contract.reissue",
            obj=contract,
            changes={"version": document.version, "sha256": document.sha256},
            reason=reason,
        )
        return document
