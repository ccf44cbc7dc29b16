"""What the contracts app keeps no longer than allowed, and what it gives a person about them.

Retention: the supporting documents of a candidate who signed no contract go
``retention.not_retained_documents_months`` after the commission (the file stays, without documents).
Closed contracts (``retention.closed_contract_years``) will be purged once the breach and follow-up work
records when a contract is closed (docs/retention.md). Export: offers, contracts, their sealed PDFs,
bank details and signature evidence.
"""

from cesp.applications.models import Application, SupportingDocument
from cesp.contracts.models import BankDetails, Contract, ContractDocument, Offer, SignatureEvidence
from cesp.core.personal_data import PersonalData, rows
from cesp.core.retention import RetentionRule
from cesp.rules.months import add_months
from cesp.rules.parameters import parameters


def not_retained_documents_due(as_of):
    months = int(parameters(as_of).retention.not_retained_documents_months)
    cutoff = add_months(as_of, -months)
    return SupportingDocument.objects.filter(application__campaign__commission_date__lt=cutoff).exclude(
        application__offers__contract__isnull=False
    )


def not_retained_documents_purge(items):
    for document in items:
        document.file.delete(save=False)
    items.delete()


def _applications_of(items):
    return list(Application.objects.filter(pk__in=items.values("application_id")))


NOT_RETAINED_DOCUMENTS = RetentionRule(
    name="contracts.not_retained_documents",
    label="Pièces des candidats sans contrat",
    parameter="retention.not_retained_documents_months",
    due=not_retained_documents_due,
    purge=not_retained_documents_purge,
    audited_objects=_applications_of,
)


def collect(user) -> PersonalData:
    contracts = Contract.objects.filter(beneficiary=user)
    documents = ContractDocument.objects.filter(contract__beneficiary=user)
    return PersonalData(
        records={
            "propositions": rows(Offer.objects.filter(candidate=user)),
            "contrats": rows(contracts),
            "documents_de_contrat": rows(
                documents, "id", "contract_id", "version", "kind", "sha256", "created_at"
            ),
            "coordonnees_bancaires": rows(
                BankDetails.objects.filter(contract__beneficiary=user),
                "contract_id",
                "iban",
                "bic",
                "holder",
                "recorded_at",
            ),
            "preuves_de_signature": rows(
                SignatureEvidence.objects.filter(signer=user),
                "document_id",
                "signed_at",
                "ip_address",
                "user_agent",
                "document_sha256",
                "consent_text",
            ),
        },
        files=[
            (f"{d.contract.number}-v{d.version}.pdf", d.file) for d in documents.select_related("contract")
        ],
    )
