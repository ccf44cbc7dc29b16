"""E-mails sent at each step of a file (console backend in the demo, SMTP in production).

Services call these after commit (``transaction.on_commit``), with a primary key: the mail says what
the database holds, and a rolled-back change sends nothing. A failing mail server is logged, never
undoes the change, and the task worker tries the message again (``cesp.core.mail``).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cesp.applications import selectors
from cesp.applications.models import Application, CorrectionRequest, DocumentKind, Section
from cesp.core import figures
from cesp.core.mail import send_after_commit


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _send(subject: str, body: str, to: list[str], attachments=()) -> None:
    send_after_commit(subject=subject, body=body, to=to, attachments=attachments)


def _load(pk) -> Application:
    return Application.objects.select_related("candidate", "campaign", "campaign__academic_year").get(pk=pk)


def _signature() -> str:
    return "\n\n" + _("— La plateforme du contrat d'engagement de service public (CESP)")


def _instructors(application: Application) -> list[str]:
    secretariat = selectors.campaign_secretariat(application.campaign)
    return list(secretariat.values_list("user__email", flat=True))


def notify_submitted(pk) -> None:
    application = _load(pk)
    at = timezone.localtime(application.submitted_at)
    body = _(
        "Bonjour,\n\nVotre dossier de candidature au CESP ({reference}) pour la campagne « {campaign} » a "
        "bien été déposé le {day} à {time}. Il est désormais figé ; l'UFR va l'instruire et vous écrira si "
        "des compléments sont nécessaires.\n\nVotre accusé de réception est joint à ce message ; vous "
        "pouvez suivre votre dossier ici : {url}"
    ).format(
        reference=application.reference,
        campaign=application.campaign,
        day=figures.day_short(at),
        time=figures.clock(at),
        url=_url("applications:detail", pk=application.pk),
    )
    attachments = []
    if application.receipt:
        with application.receipt.open("rb") as handle:
            attachments.append(
                (f"{application.reference}-accuse-reception.pdf", handle.read(), "application/pdf")
            )
    _send(
        _("CESP : votre dossier {reference} est déposé").format(reference=application.reference),
        body + _signature(),
        [application.candidate.email],
        attachments,
    )


def notify_corrections(correction_pk) -> None:
    correction = CorrectionRequest.objects.select_related("application").get(pk=correction_pk)
    application = _load(correction.application_id)
    reopened = [Section(s).label for s in correction.sections] + [
        DocumentKind(k).label for k in correction.document_kinds
    ]
    body = _(
        "Bonjour,\n\nL'UFR demande des compléments sur votre dossier {reference} :\n\n{message}\n\n"
        "Parties rouvertes : {reopened}.\n\nModifiez-les puis répondez depuis votre dossier : {url}"
    ).format(
        reference=application.reference,
        message=correction.message,
        reopened=", ".join(reopened),
        url=_url("applications:detail", pk=application.pk),
    )
    _send(
        _("CESP : des compléments sont demandés sur votre dossier {reference}").format(
            reference=application.reference
        ),
        body + _signature(),
        [application.candidate.email],
    )


def notify_answered(pk) -> None:
    application = _load(pk)
    url = _url("applications:detail", pk=application.pk)
    _send(
        _("CESP : votre réponse sur le dossier {reference} est enregistrée").format(
            reference=application.reference
        ),
        _(
            "Bonjour,\n\nVotre réponse a bien été transmise à l'UFR ; "
            "le dossier est de nouveau figé.\n\n{url}"
        ).format(url=url)
        + _signature(),
        [application.candidate.email],
    )
    _send(
        _("CESP : réponse du candidat sur le dossier {reference}").format(reference=application.reference),
        _("Bonjour,\n\n{candidate} a répondu à votre demande de compléments. Le dossier : {url}").format(
            candidate=application.candidate, url=url
        )
        + _signature(),
        _instructors(application),
    )


def notify_decision(pk) -> None:
    application = _load(pk)
    if application.status == "complete":
        subject = _("CESP : votre dossier {reference} est complet")
        body = _(
            "Bonjour,\n\nVotre dossier {reference} est complet : il sera examiné par la "
            "commission de sélection "
            "du {commission}.\n\n{url}"
        )
    else:
        subject = _("CESP : votre dossier {reference} est irrecevable")
        body = _(
            "Bonjour,\n\nVotre dossier {reference} a été déclaré irrecevable.\n\nMotif : {reason}\n\n{url}"
        )
    _send(
        subject.format(reference=application.reference),
        body.format(
            reference=application.reference,
            commission=figures.day_short(application.campaign.commission_date),
            reason=application.decision_reason,
            url=_url("applications:detail", pk=application.pk),
        )
        + _signature(),
        [application.candidate.email],
    )


def notify_reminder(pk) -> None:
    application = _load(pk)
    deadline = timezone.localtime(application.campaign.filing_deadline)
    _send(
        _("CESP : votre dossier n'est pas encore déposé"),
        _(
            "Bonjour,\n\nVotre dossier de candidature au CESP pour la campagne « {campaign} » est encore un "
            "brouillon. La date limite de dépôt est le {day} à {time} : complétez-le et déposez-le avant "
            "cette date.\n\n{url}"
        ).format(
            campaign=application.campaign,
            day=figures.day_short(deadline),
            time=figures.clock(deadline),
            url=_url("applications:step", pk=application.pk, step="review"),
        )
        + _signature(),
        [application.candidate.email],
    )
