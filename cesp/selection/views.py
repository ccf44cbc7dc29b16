"""Commission pages: the commissions a user may see, a commission, a file to score, the ranking and
lists, the minutes; and the candidate's page with their files and their result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cesp.accounts import roles
from cesp.accounts.models import Membership, OrganisationKind, User
from cesp.accounts.roles import Role
from cesp.selection import forms, selectors, services
from cesp.selection.models import Commission, MemberKind


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


@login_required
def commission_index(request):
    scope = request.scope
    if not (scope.is_agent or scope.is_admin):
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


def _eligible_users(commission: Commission):
    campaign = commission.campaign
    ufr = {"role": Role.COMMITTEE_MEMBER, "organisation__kind": OrganisationKind.UFR}
    if campaign.faculty_id:
        ufr["organisation__faculty_id"] = campaign.faculty_id
    else:
        ufr["organisation__region_id"] = campaign.region_id
    memberships = Membership.objects.active()
    committee = memberships.filter(**ufr).values("user_id")
    ars = memberships.filter(
        role=Role.ARS_REFERENT,
        organisation__kind=OrganisationKind.ARS,
        organisation__region_id=campaign.region_id,
    ).values("user_id")
    seated = commission.members.values("user_id")
    return User.objects.filter(pk__in=committee.union(ars)).exclude(pk__in=seated)


@login_required
def commission_detail(request, pk):
    commission = _commission(request, pk)
    scope, user = request.scope, request.user
    manage = (
        selectors.can_manage(commission=commission, scope=scope, user=user) and not commission.is_validated
    )
    examiner = roles.can_examine_files(scope)
    members = commission.members.select_related("user")
    me = selectors.member_for(commission=commission, user=user)
    context = {
        "title": str(commission),
        "commission": commission,
        "campaign": commission.campaign,
        "members": members,
        "me": me,
        "my_scored": set(me.scores.values_list("application_id", flat=True)) if me else set(),
        "my_conflicts": set(me.conflicts.values_list("application_id", flat=True)) if me else set(),
        "sittings": commission.sittings.prefetch_related("present__user"),
        "examiner": examiner,
        "files": selectors.commission_files(commission=commission) if examiner else None,
        "entries": selectors.list_entries(commission=commission) if commission.is_validated else None,
        "can_manage": manage,
        "can_validate": selectors.can_validate(commission=commission, user=user)
        and not commission.is_validated,
    }
    if manage:
        context["member_form"] = forms.MemberForm(users=_eligible_users(commission))
        context["sitting_form"] = forms.SittingForm(members=members)
    return render(request, "selection/detail.html", context)


@require_POST
@login_required
def member_add(request, pk):
    commission = _commission(request, pk)
    if not selectors.can_seat_members(commission=commission, scope=request.scope, user=request.user):
        raise PermissionDenied
    form = forms.MemberForm(request.POST, users=_eligible_users(commission))
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
    form = forms.SittingForm(request.POST, members=commission.members.all())
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


def _file(commission, application_pk):
    application = selectors.commission_file(commission=commission, pk=application_pk)
    if application is None:
        raise Http404("Dossier introuvable.")
    return application


@login_required
def file_detail(request, pk, application_pk):
    commission = _examined(request, pk)
    application = _file(commission, application_pk)
    me = selectors.member_for(commission=commission, user=request.user)
    conflicts = selectors.conflicted_member_ids(commission=commission, application=application)
    my_score = None
    if me is not None:
        my_score = (
            selectors.scores_of(commission=commission).filter(member=me, application=application).first()
        )
    scores = selectors.scores_of(commission=commission).filter(application=application)
    marks = selectors.file_marks(commission=commission)[application.pk]
    weights = selectors.weights_of(commission.campaign)
    open_ = not commission.is_validated
    manage = selectors.can_manage(commission=commission, scope=request.scope, user=request.user)
    slot = getattr(application, "interview_slot", None)
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
        "documents": application.documents.usable(),
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
    application = _file(commission, application_pk)
    found = get_object_or_404(application.documents.usable(), pk=document_pk)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type or "application/octet-stream",
    )


def _back_to_file(commission, application):
    return redirect("selection:file", pk=commission.pk, application_pk=application.pk)


@require_POST
@login_required
def score(request, pk, application_pk):
    commission = _examined(request, pk)
    application = _file(commission, application_pk)
    form = forms.ScoreForm(request.POST)
    if form.is_valid():
        try:
            services.score_set(
                actor=request.user, commission=commission, application=application, **form.cleaned_data
            )
        except services.SelectionError as error:
            _refused(request, error)
        else:
            messages.success(request, "Notes enregistrées.")
    else:
        _refused(request, "Notes refusées : " + " ".join(e for errs in form.errors.values() for e in errs))
    return _back_to_file(commission, application)


@require_POST
@login_required
def conflict(request, pk, application_pk):
    commission = _examined(request, pk)
    application = _file(commission, application_pk)
    form = forms.ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.conflict_declare(
                actor=request.user, commission=commission, application=application, **form.cleaned_data
            )
        except services.SelectionError as error:
            _refused(request, error)
        else:
            messages.success(request, "Conflit d'intérêts déclaré : vous ne noterez pas ce dossier.")
    else:
        _refused(request, "Décrivez la nature du lien avec le candidat.")
    return _back_to_file(commission, application)


@require_POST
@login_required
def interview(request, pk, application_pk):
    commission = _examined(request, pk)
    if not selectors.can_manage(commission=commission, scope=request.scope, user=request.user):
        raise PermissionDenied
    application = _file(commission, application_pk)
    form = forms.InterviewForm(request.POST)
    if form.is_valid():
        try:
            services.interview_set(
                actor=request.user, commission=commission, application=application, **form.cleaned_data
            )
        except services.SelectionError as error:
            _refused(request, error)
        else:
            messages.success(request, "Entretien fixé : le candidat le voit dans son espace.")
    else:
        _refused(request, "Entretien refusé : " + " ".join(e for errs in form.errors.values() for e in errs))
    return _back_to_file(commission, application)


@require_POST
@login_required
def exclude(request, pk, application_pk):
    commission = _examined(request, pk)
    application = _file(commission, application_pk)
    form = forms.ExclusionForm(request.POST)
    if form.is_valid():
        try:
            services.application_exclude(
                actor=request.user, commission=commission, application=application, **form.cleaned_data
            )
        except services.SelectionError as error:
            _refused(request, error)
        else:
            messages.success(request, "Dossier écarté : il figurera parmi les non retenus avec ce motif.")
    else:
        _refused(request, "Indiquez le motif.")
    return _back_to_file(commission, application)


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
    ars_members = commission.members.filter(kind=MemberKind.ARS).select_related("user")
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
            for tb in commission.tie_breaks.select_related("casting_voter__user", "decided_by")
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
    ars_members = commission.members.filter(kind=MemberKind.ARS)
    form = forms.TieBreakForm(request.POST, ars_members=ars_members, prefix=prefix or None)
    if form.is_valid():
        files = {
            a.pk: a
            for a in selectors.commission_files(commission=commission).filter(
                pk__in=form.cleaned_data["order"]
            )
        }
        try:
            if len(files) != len(set(form.cleaned_data["order"])):
                raise services.SelectionError("Un des numéros ne désigne pas un dossier de la commission.")
            services.tie_break_record(
                actor=request.user,
                commission=commission,
                order=[files[i] for i in form.cleaned_data["order"]],
                show_of_hands=form.cleaned_data["show_of_hands"],
                casting_voter=form.cleaned_data["casting_voter"],
                reason=form.cleaned_data["reason"],
            )
        except services.SelectionError as error:
            _refused(request, error)
        else:
            messages.success(request, "Départage consigné.")
    else:
        _refused(request, "Départage refusé : " + " ".join(e for errs in form.errors.values() for e in errs))
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
        _refused(request, "Listes refusées : " + " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("selection:ranking", pk=commission.pk)


@require_POST
@login_required
def validate(request, pk):
    commission = _examined(request, pk)
    form = forms.ValidateForm(request.POST)
    if form.is_valid():
        try:
            services.commission_validate(
                actor=request.user, commission=commission, reason=form.cleaned_data["reason"]
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
