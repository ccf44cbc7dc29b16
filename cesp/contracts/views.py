"""Offer, signature and contract pages. Views: form → scope check → one service call → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cesp.accounts import roles
from cesp.contracts import bank, forms, offers, reissue, signature
from cesp.contracts.documents import contract_preview_pdf
from cesp.contracts.errors import ContractError
from cesp.contracts.selectors import (
    bank_details_current,
    contract_document,
    contract_documents,
    contract_list,
    contracts_latest,
    is_beneficiary,
    is_offer_addressee,
    offer_contract,
    offer_list,
    offer_signable,
    offer_time_left,
    offers_latest,
)
from cesp.contracts.verification import contract_verify


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


@login_required
def index(request):
    scope = request.scope
    if not (scope.is_candidate or roles.is_staff(scope)):
        raise PermissionDenied
    context = {
        "title": "Propositions et contrats",
        "offers": offers_latest(scope=scope),
        "contracts": contracts_latest(scope=scope),
        "can_dispatch": roles.can_manage_contracts(scope),
        "now": timezone.now(),
    }
    return render(request, "contracts/index.html", context)


@login_required
def offer_detail(request, pk):
    offer = get_object_or_404(offer_list(scope=request.scope), pk=pk)
    now = timezone.now()
    context = {
        "title": "Votre proposition de contrat" if request.scope.is_candidate else str(offer),
        "offer": offer,
        "left": offer_time_left(offer, now),
        "can_sign": offer_signable(request.scope, offer, now=now),
        "sign_form": forms.SignForm(initial={"holder": request.user.get_full_name()}),
        "decline_form": forms.DeclineForm(),
        "contract": offer_contract(offer),
    }
    return render(request, "contracts/offer_detail.html", context)


@login_required
def offer_preview(request, pk):
    """The contract as it would be signed today, unsealed, for the candidate to read."""
    offer = get_object_or_404(offer_list(scope=request.scope), pk=pk)
    try:
        pdf = contract_preview_pdf(offer=offer, on=timezone.localdate())
    except ContractError as error:
        messages.error(request, str(error))
        return redirect("contracts:offer_detail", pk=offer.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="projet-de-contrat-cesp.pdf"'
    return response


@require_POST
@login_required
def offer_sign(request, pk):
    offer = get_object_or_404(offer_list(scope=request.scope), pk=pk)
    form = forms.SignForm(request.POST)
    if form.is_valid():
        try:
            contract = signature.contract_sign(
                offer=offer,
                user=request.user,
                role=request.scope.role,
                password=form.cleaned_data["password"],
                consent=form.cleaned_data["consent"],
                iban=form.cleaned_data["iban"],
                bic=form.cleaned_data["bic"],
                holder=form.cleaned_data["holder"],
                ip_address=client_ip(request),
                user_agent=request.headers.get("user-agent", ""),
                now=timezone.now(),
            )
        except ContractError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Votre contrat {contract.number} est signé. Vous pouvez le télécharger."
            )
            return redirect("contracts:contract_detail", pk=contract.pk)
    context = {
        "title": "Votre proposition de contrat",
        "offer": offer,
        "left": offer_time_left(offer, timezone.now()),
        "can_sign": offer_signable(request.scope, offer),
        "sign_form": form,
        "decline_form": forms.DeclineForm(),
    }
    return render(request, "contracts/offer_detail.html", context, status=422)


@require_POST
@login_required
def offer_decline(request, pk):
    offer = get_object_or_404(offer_list(scope=request.scope), pk=pk)
    if not is_offer_addressee(request.scope, offer):
        raise PermissionDenied
    form = forms.DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        offers.offer_decline(
            offer=offer, actor=request.user, role=request.scope.role, now=timezone.now(), reason=reason
        )
    except ContractError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, "Vous avez refusé la proposition. Elle passe au candidat suivant.")
    return redirect("contracts:index")


@login_required
def contract_detail(request, pk):
    contract = get_object_or_404(contract_list(scope=request.scope), pk=pk)
    scope = request.scope
    context = {
        "title": str(contract),
        "contract": contract,
        "documents": contract_documents(scope=scope, contract=contract),
        "bank": bank_details_current(scope=scope, contract=contract),
        "is_beneficiary": is_beneficiary(scope, contract),
        "can_reissue": roles.can_manage_contracts(scope),
        "can_reveal_iban": roles.can_reveal_iban(scope),
        "bank_form": forms.BankDetailsForm(),
        "reissue_form": forms.ReissueForm(),
        "reveal_form": forms.IbanRevealForm(),
    }
    return render(request, "contracts/contract_detail.html", context)


@require_POST
@login_required
def iban_reveal(request, pk):
    """The whole IBAN of the account in force, for an ASP agent who gives a reason (recorded)."""
    if not roles.can_reveal_iban(request.scope):
        raise PermissionDenied
    contract = get_object_or_404(contract_list(scope=request.scope), pk=pk)
    form = forms.IbanRevealForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Indiquez pourquoi vous avez besoin de l'IBAN complet : le motif est enregistré."
        )
        return redirect("contracts:contract_detail", pk=contract.pk)
    try:
        details = bank.iban_reveal(
            contract=contract, actor=request.user, scope=request.scope, reason=form.cleaned_data["reason"]
        )
    except ContractError as error:
        messages.error(request, str(error))
        return redirect("contracts:contract_detail", pk=contract.pk)
    response = render(
        request,
        "contracts/iban_reveal.html",
        {"title": f"IBAN du contrat {contract.number}", "contract": contract, "bank": details},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def contract_download(request, pk, version):
    contract = get_object_or_404(contract_list(scope=request.scope), pk=pk)
    document = contract_document(scope=request.scope, contract=contract, version=version)
    if document is None:
        raise Http404
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{contract.number}-v{version}.pdf",
        content_type="application/pdf",
    )


@require_POST
@login_required
def bank_details_change(request, pk):
    contract = get_object_or_404(contract_list(scope=request.scope), pk=pk)
    if not is_beneficiary(request.scope, contract):
        raise PermissionDenied
    form = forms.BankDetailsForm(request.POST)
    if form.is_valid():
        try:
            bank.bank_details_change(
                contract=contract, actor=request.user, role=request.scope.role, **form.cleaned_data
            )
        except ContractError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "Vos coordonnées bancaires sont enregistrées ; les prochains versements iront sur ce compte.",
            )
    else:
        messages.error(request, "Coordonnées refusées : remplissez le titulaire et l'IBAN.")
    return redirect("contracts:contract_detail", pk=contract.pk)


@require_POST
@login_required
def contract_reissue(request, pk):
    if not roles.can_manage_contracts(request.scope):
        raise PermissionDenied
    contract = get_object_or_404(contract_list(scope=request.scope), pk=pk)
    form = forms.ReissueForm(request.POST)
    if form.is_valid():
        try:
            document = reissue.contract_reissue(
                contract=contract,
                actor=request.user,
                role=request.scope.role,
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
        except ContractError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Version {document.version} du contrat émise ; les versions précédentes sont conservées.",
            )
    else:
        messages.error(request, "Indiquez le motif de la nouvelle version.")
    return redirect("contracts:contract_detail", pk=contract.pk)


@require_POST
@login_required
def offers_dispatch(request):
    if not roles.can_manage_contracts(request.scope):
        raise PermissionDenied
    created = offers.offers_dispatch_all(now=timezone.now(), actor=request.user)
    messages.success(request, f"{len(created)} proposition(s) envoyée(s) dans l'ordre des listes.")
    return redirect("contracts:index")


def verify(request):
    """Public: is this PDF an untampered contract sealed by this platform?"""
    form = forms.VerifyForm(request.POST or None, request.FILES or None)
    verification = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            verification = contract_verify(data=form.cleaned_data["file"].read())
        else:
            status = 422
    return render(
        request,
        "contracts/verify.html",
        {
            "title": "Vérifier un contrat",
            "form": form,
            "result": verification.result if verification else None,
            "known": verification.known if verification else None,
        },
        status=status,
    )
