"""Offer, signature and contract pages. Views: form → scope check → one service call → render."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cesp.accounts import roles
from cesp.contracts import forms, services
from cesp.contracts.models import ContractDocument, OfferStatus
from cesp.contracts.selectors import (
    bank_details_current,
    can_download_signed,
    contract_documents,
    contract_list,
    offer_list,
)
from cesp.rules import ScenarioError

MAX_VERIFY_BYTES = 20 * 1024 * 1024


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


@login_required
def index(request):
    scope = request.scope
    if not (scope.is_candidate or scope.is_agent or scope.is_admin):
        raise PermissionDenied
    context = {
        "title": "Propositions et contrats",
        "offers": offer_list(scope=scope).order_by("-offered_at")[:200],
        "contracts": contract_list(scope=scope).order_by("-signed_on")[:200],
        "can_dispatch": roles.can_manage_contracts(scope),
        "now": timezone.now(),
    }
    return render(request, "contracts/index.html", context)


@login_required
def offer_detail(request, pk):
    offer = get_object_or_404(offer_list(scope=request.scope), pk=pk)
    is_candidate = request.scope.is_candidate
    now = timezone.now()
    context = {
        "title": "Votre proposition de contrat" if is_candidate else str(offer),
        "offer": offer,
        "left": offer.deadline - now if offer.status == OfferStatus.PENDING else None,
        "can_sign": is_candidate and offer.status == OfferStatus.PENDING and offer.deadline >= now,
        "sign_form": forms.SignForm(initial={"holder": request.user.get_full_name()}),
        "decline_form": forms.DeclineForm(),
        "contract": getattr(offer, "contract", None) if offer.status == OfferStatus.SIGNED else None,
    }
    return render(request, "contracts/offer_detail.html", context)


@login_required
def offer_preview(request, pk):
    """The contract as it would be signed today, unsealed, for the candidate to read."""
    offer = get_object_or_404(offer_list(scope=request.scope), pk=pk)
    today = timezone.localdate()
    try:
        figures = services.contract_figures(application=offer.application, signed_on=today)
    except ScenarioError as error:
        messages.error(
            request, "Le contrat ne peut pas être établi : " + " ".join(e["message"] for e in error.errors)
        )
        return redirect("contracts:offer_detail", pk=offer.pk)
    pdf = services.render_contract_pdf(
        offer=offer, figures=figures, number="(projet)", signed_on=today, bank_holder=None
    )
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
            contract = services.contract_sign(
                offer=offer,
                user=request.user,
                password=form.cleaned_data["password"],
                consent=form.cleaned_data["consent"],
                iban=form.cleaned_data["iban"],
                bic=form.cleaned_data["bic"],
                holder=form.cleaned_data["holder"],
                ip_address=client_ip(request),
                user_agent=request.headers.get("user-agent", ""),
                now=timezone.now(),
            )
        except services.ContractError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Votre contrat {contract.number} est signé. Vous pouvez le télécharger."
            )
            return redirect("contracts:contract_detail", pk=contract.pk)
    context = {
        "title": "Votre proposition de contrat",
        "offer": offer,
        "left": offer.deadline - timezone.now(),
        "can_sign": request.scope.is_candidate and offer.status == OfferStatus.PENDING,
        "sign_form": form,
        "decline_form": forms.DeclineForm(),
    }
    return render(request, "contracts/offer_detail.html", context, status=422)


@require_POST
@login_required
def offer_decline(request, pk):
    offer = get_object_or_404(offer_list(scope=request.scope), pk=pk)
    if offer.candidate_id != request.user.pk:
        raise PermissionDenied
    form = forms.DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.offer_decline(offer=offer, actor=request.user, now=timezone.now(), reason=reason)
    except services.ContractError as error:
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
        "is_beneficiary": contract.beneficiary_id == scope.user_id,
        "can_reissue": roles.can_manage_contracts(scope),
        "bank_form": forms.BankDetailsForm(),
        "reissue_form": forms.ReissueForm(),
    }
    return render(request, "contracts/contract_detail.html", context)


@login_required
def contract_download(request, pk, version):
    contract = get_object_or_404(contract_list(scope=request.scope), pk=pk)
    if not can_download_signed(request.scope, contract):
        raise Http404
    document = get_object_or_404(ContractDocument, contract=contract, version=version)
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
    if contract.beneficiary_id != request.user.pk:
        raise PermissionDenied
    form = forms.BankDetailsForm(request.POST)
    if form.is_valid():
        try:
            services.bank_details_change(contract=contract, actor=request.user, **form.cleaned_data)
        except services.ContractError as error:
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
            document = services.contract_reissue(
                contract=contract, actor=request.user, reason=form.cleaned_data["reason"], now=timezone.now()
            )
        except services.ContractError as error:
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
    created = services.offers_dispatch_all(now=timezone.now(), actor=request.user)
    messages.success(request, f"{len(created)} proposition(s) envoyée(s) dans l'ordre des listes.")
    return redirect("contracts:index")


def verify(request):
    """Public: is this PDF an untampered contract sealed by this platform?"""
    from cesp.core.signing import verify_sealed_pdf

    form = forms.VerifyForm(request.POST or None, request.FILES or None)
    result = known = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_VERIFY_BYTES:
                form.add_error("file", "Le fichier dépasse 20 Mo : ce n'est pas un contrat de la plateforme.")
                status = 422
            else:
                data = upload.read()
                result = verify_sealed_pdf(data)
                known = ContractDocument.objects.filter(sha256=hashlib.sha256(data).hexdigest()).exists()
        else:
            status = 422
    return render(
        request,
        "contracts/verify.html",
        {"title": "Vérifier un contrat", "form": form, "result": result, "known": known},
        status=status,
    )
