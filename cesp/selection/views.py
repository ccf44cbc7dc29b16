"""Commission pages: the commissions a user may see, a commission, a file to score, the ranking and
lists, the minutes; and the candidate's page with their files and their result."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cesp.accounts import roles
from cesp.selection import forms, selectors, services
from cesp.selection.models import Commission


def _commission(request, pk) -> Commission:
    """The commission if the user may see it; a forbidden one answers like a missing one."""
    return get_object_or_404(selectors.commission_list(scope=request.scope), pk=pk)


RANKING_PAGE_SIZE = 50


def _examined(request, pk) -> Commission:
    """Files, marks and ranking are for the commission, its UFR and its ARS (national agencies
    read the validated lists only)."""
    commission = _commission(request, pk)
    if not roles.can_examine_files(request.scope):
        raise PermissionDenied
    return commission


def _refused(request, error) -> None:
    messages.error(request, str(error))


def _form_errors(form) -> str:
    return " ".join(e for errs in form.errors.values() for e in errs)


@login_required
def commission_index(request):
    scope = request.scope
    if not roles.is_staff(scope):
        raise PermissionDenied
    return render(
        request,
        "selection/index.html",
        {
            "title": "Commissions de sélection",
            "commissions": selectors.commission_list(scope=scope),
            "campaigns": selectors.campaigns_without_commission(scope=scope),
        },
    )


@require_POST
@login_required
def commission_create(request, campaign_pk):
    campaign = get_object_or_404(selectors.campaigns_without_commission(scope=request.scope), pk=campaign_pk)
    try:
        commission = services.commission_create(actor=request.user, campaign=campaign)
    except services.SelectionError as error:
        _refused(request, error)
        return redirect("selection:index")
    messages.success(request, "Commission créée : désignez ses membres, en commençant par le président.")
    return redirect("selection:detail", pk=commission.pk)


@login_required
def commission_detail(request, pk):
    commission = _commission(request, pk)
    scope, user = request.scope, request.user
    manage = (
        selectors.can_manage(commission=commission, scope=scope, user=user) and not commission.is_validated
    )
    examiner = roles.can_examine_files(scope)
    members = selectors.members_of(commission)
    me = selectors.member_for(commission=commission, user=user)
    work = selectors.work_of(me)
    context = {
        "title": str(commission),
        "commission": commission,
        "campaign": commission.campaign,
        "members": members,
        "me": me,
        "my_scored": work.scored,
        "my_conflicts": work.conflicts,
        # A committee member does not open the files they declared a conflict with.
        "closed_files": work.conflicts if roles.reads_examined_files_only(scope) else set(),
        "sittings": selectors.sittings_of(commission),
        "examiner": examiner,
        "files": selectors.commission_files(commission=commission) if examiner else None,
        "entries": selectors.list_entries(commission=commission) if commission.is_validated else None,
        "can_manage": manage,
        "can_validate": selectors.can_validate(commission=commission, user=user)
        and not commission.is_validated,
    }
    if manage:
        context["member_form"] = forms.MemberForm(users=selectors.seatable_users(commission=commission))
        context["sitting_form"] = forms.SittingForm(members=members)
    return render(request, "selection/detail.html", context)


@require_POST
@login_required
def member_add(request, pk):
    commission = _commission(request, pk)
    if not selectors.can_seat_members(commission=commission, scope=request.scope, user=request.user):
        raise PermissionDenied
    form = forms.MemberForm(request.POST, users=selectors.seatable_users(commission=commission))
    if form.is_valid():
        try:
            services.member_add(actor=request.user, commission=commission, **form.cleaned_data)
        except services.SelectionError as error:
            _refused(request, error)
        else:
            messages.success(request, "Membre ajouté à la commission.")
    else:
        _refused(request, "Choisissez un compte et une qualité.")
    return redirect("selection:detail", pk=commission.pk)


@require_POST
@login_required
def sitting_add(request, pk):
    commission = _commission(request, pk)
    if not selectors.can_manage(commission=commission, scope=request.scope, user=request.user):
        raise PermissionDenied
    form = forms.SittingForm(request.POST, members=selectors.members_of(commission))
    if form.is_valid():
        try:
            services.sitting_record(
                actor=request.user,
                commission=commission,
                held_on=form.cleaned_data["held_on"],
                present=list(form.cleaned_data["present"]),
            )
        except services.SelectionError as error:
            _refused(request, error)
        else:
            messages.success(request, "Séance et présences enregistrées.")
    else:
        _refused(request, "Indiquez la date de la séance et cochez les membres présents.")
    return redirect("selection:detail", pk=commission.pk)


def _file(request, commission, application_pk):
    """A file of the commission the user may open (a committee member: not one they declared a
    conflict of interest with); anything else answers like a missing file."""
    application = selectors.commission_file(commission=commission, pk=application_pk, scope=request.scope)
    if application is None:
        raise Http404("Dossier introuvable.")
    return application


@login_required
def file_detail(request, pk, application_pk):
    commission = _examined(request, pk)
    application = _file(request, commission, application_pk)
    me = selectors.member_for(commission=commission, user=request.user)
    conflicts = selectors.conflicted_member_ids(commission=commission, application=application)
    my_score = selectors.score_by(commission=commission, member=me, application=application)
    scores = selectors.file_scores(commission=commission, application=application)
    marks = selectors.file_marks(commission=commission)[application.pk]
    weights = selectors.weights_of(commission.campaign)
    open_ = not commission.is_validated
    manage = selectors.can_manage(commission=commission, scope=request.scope, user=request.user)
    slot = selectors.interview_of(application)
    context = {
        "title": f"Dossier de {application.candidate}",
        "commission": commission,
        "application": application,
        "me": me,
        "conflicted": me is not None and me.pk in conflicts,
        "conflicts": conflicts,
        "scores": [
            {
                "score": s,
                "mark": selectors.ranking.weighted_mark(
                    project=s.project, academic=s.academic, financial=s.financial, weights=weights
                ),
            }
            for s in scores
        ],
        "marks": marks,
        "slot": slot,
        "documents": selectors.usable_documents(application),
        "can_score": open_ and me is not None and me.pk not in conflicts,
        "can_declare": open_ and me is not None and me.pk not in conflicts and my_score is None,
        "can_manage": open_ and manage,
    }
    if context["can_score"]:
        initial = {}
        if my_score is not None:
            initial = {k: getattr(my_score, k) for k in ("project", "academic", "financial", "comment")}
        context["score_form"] = forms.ScoreForm(initial=initial)
    if context["can_declare"]:
        context["conflict_form"] = forms.ConflictForm()
    if context["can_manage"]:
        initial = {"place": slot.place, "duration_minutes": slot.duration_minutes} if slot else {}
        context["interview_form"] = forms.InterviewForm(initial=initial)
        context["exclusion_form"] = forms.ExclusionForm()
    return render(request, "selection/file.html", context)


@login_required
def document(request, pk, application_pk, document_pk):
    """A supporting document of a file the user examines: only current documents the antivirus
    found clean; anything else answers like a missing document."""
    commission = _examined(request, pk)
    application = _file(request, commission, application_pk)
    found = get_object_or_404(selectors.usable_documents(application), pk=document_pk)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type or "application/octet-stream",
    )


@dataclass(frozen=True)
class FileAction:
    """A form posted from a file's page: its service, and what the user is told."""

    form: type
    service: Callable
    done: str
    refused: str  # "{errors}" stands for the form's errors
    managers_only: bool = False


FILE_ACTIONS = {
    "score": FileAction(
        forms.ScoreForm, services.score_set, "Notes enregistrées.", "Notes refusées : {errors}"
    ),
    "conflict": FileAction(
        forms.ConflictForm,
        services.conflict_declare,
        "Conflit d'intérêts déclaré : vous ne noterez pas ce dossier.",
        "Décrivez la nature du lien avec le candidat.",
    ),
    "interview": FileAction(
        forms.InterviewForm,
        services.interview_set,
        "Entretien fixé : le candidat le voit dans son espace.",
        "Entretien refusé : {errors}",
        managers_only=True,
    ),
    "exclude": FileAction(
        forms.ExclusionForm,
        services.application_exclude,
        "Dossier écarté : il figurera parmi les non retenus avec ce motif.",
        "Indiquez le motif.",
    ),
}


@require_POST
@login_required
def file_action(request, pk, application_pk, action):
    """Marks, a conflict of interest, an interview, a file set aside: one handler, its action from the URL."""
    what = FILE_ACTIONS[action]
    commission = _examined(request, pk)
    if what.managers_only and not selectors.can_manage(
        commission=commission, scope=request.scope, user=request.user
    ):
        raise PermissionDenied
    # Any file of the commission: the service says why a member with a conflict may not mark it.
    application = selectors.commission_file(commission=commission, pk=application_pk)
    if application is None:
        raise Http404("Dossier introuvable.")
    form = what.form(request.POST)
    if form.is_valid():
        try:
            what.service(
                actor=request.user, commission=commission, application=application, **form.cleaned_data
            )
        except services.SelectionError as error:
            _refused(request, error)
        else:
            messages.success(request, what.done)
    else:
        _refused(request, what.refused.format(errors=_form_errors(form)))
    if selectors.commission_file(commission=commission, pk=application.pk, scope=request.scope) is None:
        # A member who declared a conflict of interest no longer opens the file.
        return redirect("selection:detail", pk=commission.pk)
    return redirect("selection:file", pk=commission.pk, application_pk=application.pk)


@login_required
def ranking(request, pk):
    commission = _examined(request, pk)
    rows = selectors.proposed_ranking(commission=commission)
    # A page of the ranking at a time, and the ties of that page: a commission of 800 files made a
    # 200 KB page with a tie-break form per tie (issue #12).
    page = Paginator(rows, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    on_page = {row.application.pk for row in page}
    manage = selectors.can_manage(commission=commission, scope=request.scope, user=request.user)
    open_ = not commission.is_validated
    ars_members = selectors.ars_members(commission)
    groups = selectors.tie_groups(rows)
    shown = [
        (index, group)
        for index, group in enumerate(groups)
        if any(row.application.pk in on_page for row in group)
    ]
    unresolved_elsewhere = sum(
        1
        for group in groups
        if not group[0].ranked.tie_resolved and not any(row.application.pk in on_page for row in group)
    )
    names = {r.application.pk: f"n° {r.application.pk} — {r.application.candidate}" for r in rows}
    context = {
        "title": f"Classement — {commission.campaign}",
        "commission": commission,
        "closed_files": selectors.conflicts_declared_by(commission=commission, scope=request.scope),
        "page": page,
        "unresolved_elsewhere": unresolved_elsewhere,
        "tie_groups": [
            {
                "rows": group,
                "resolved": group[0].ranked.tie_resolved,
                "ids": ", ".join(str(r.application.pk) for r in group),
                "form": forms.TieBreakForm(
                    ars_members=ars_members,
                    initial={"order": ", ".join(str(r.application.pk) for r in group)},
                    prefix=f"tie{index}",
                ),
                "prefix": f"tie{index}",
            }
            for index, group in shown
        ],
        "tie_breaks": [
            {"tie_break": tb, "names": [names.get(pk, f"n° {pk}") for pk in tb.order]}
            for tb in selectors.tie_breaks_of(commission)
        ],
        "entries": selectors.list_entries(commission=commission),
        "can_manage": open_ and manage,
        "can_validate": open_ and selectors.can_validate(commission=commission, user=request.user),
    }
    if context["can_manage"]:
        main = sum(1 for r in rows if r.ranked is not None)
        context["lists_form"] = forms.ListsForm(initial={"main_size": main, "complementary_size": 0})
    if context["can_validate"]:
        context["validate_form"] = forms.ValidateForm()
    return render(request, "selection/ranking.html", context)


@require_POST
@login_required
def tie_break(request, pk):
    commission = _examined(request, pk)
    prefix = request.POST.get("prefix", "")
    form = forms.TieBreakForm(
        request.POST, ars_members=selectors.ars_members(commission), prefix=prefix or None
    )
    if form.is_valid():
        order = selectors.files_in_order(commission=commission, numbers=form.cleaned_data["order"])
        try:
            if order is None:
                raise services.SelectionError("Un des numéros ne désigne pas un dossier de la commission.")
            services.tie_break_record(
                actor=request.user,
                commission=commission,
                order=order,
                show_of_hands=form.cleaned_data["show_of_hands"],
                casting_voter=form.cleaned_data["casting_voter"],
                reason=form.cleaned_data["reason"],
            )
        except services.SelectionError as error:
            _refused(request, error)
        else:
            messages.success(request, "Départage consigné.")
    else:
        _refused(request, "Départage refusé : " + _form_errors(form))
    return redirect("selection:ranking", pk=commission.pk)


@require_POST
@login_required
def lists_build(request, pk):
    commission = _examined(request, pk)
    form = forms.ListsForm(request.POST)
    if form.is_valid():
        try:
            services.lists_build(actor=request.user, commission=commission, **form.cleaned_data)
        except services.SelectionError as error:
            _refused(request, error)
        else:
            messages.success(request, "Listes établies : le président peut les valider.")
    else:
        _refused(request, "Listes refusées : " + _form_errors(form))
    return redirect("selection:ranking", pk=commission.pk)


@require_POST
@login_required
def validate(request, pk):
    commission = _examined(request, pk)
    form = forms.ValidateForm(request.POST)
    if form.is_valid():
        try:
            services.commission_validate(
                actor=request.user,
                role=request.scope.role,
                commission=commission,
                reason=form.cleaned_data["reason"],
            )
        except services.SelectionError as error:
            _refused(request, error)
        else:
            messages.success(
                request, "Listes validées : le procès-verbal est établi et les listes sont transmises."
            )
            return redirect("selection:detail", pk=commission.pk)
    else:
        _refused(request, "Cochez la case pour confirmer la validation.")
    return redirect("selection:ranking", pk=commission.pk)


@login_required
def minutes(request, pk):
    """The minutes: for the commission, its UFR, the ARS of the region, the ASP and the DGOS."""
    commission = _commission(request, pk)
    if not commission.minutes:
        raise Http404("Le procès-verbal n'est établi qu'à la validation des listes.")
    name = f"proces-verbal-commission-{commission.campaign_id}.pdf"
    return FileResponse(
        commission.minutes.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )


@login_required
def my_applications(request):
    """The candidate's files: their timeline, their interview and, once validated, their result."""
    if not request.scope.is_candidate:
        raise PermissionDenied
    return render(
        request,
        "selection/my_applications.html",
        {
            "title": "Mes candidatures et mon résultat",
            "files": selectors.candidate_files(scope=request.scope),
        },
    )
