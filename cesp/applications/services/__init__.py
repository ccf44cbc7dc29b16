"""Writes on campaigns and files: one function per use case, in a transaction, audited.

One module per use case; this package re-exports them so that callers write ``services.<function>``:

- ``campaigns``: opening and editing a campaign (``workflows.CAMPAIGN``);
- ``drafts``: the candidate's draft, its completeness, submission, withdrawal, answer to corrections;
- ``uploads``: supporting documents (check, antivirus, private storage, rescans);
- ``instruction``: the UFR's (or ARS's) correction requests and decisions;
- ``reminders``: reminders before the deadline;
- ``files`` and ``base``: the row lock, the move along ``workflows.APPLICATION``, the errors.

A service that moves a status takes the ``role`` the actor acts in (the views pass
``request.scope.role``; without it, ``cesp.accounts.roles.acting_role``: the user's default role) and
asks the declared workflow; a refusal is an ``ApplicationError`` with a French message, nothing changed.
"""

from cesp.applications.services.base import (
    STALE_MESSAGE,
    ApplicationError,
    DocumentInfected,
    StaleApplication,
)
from cesp.applications.services.campaigns import campaign_create, campaign_update
from cesp.applications.services.drafts import (
    STEP_FIELDS,
    application_start,
    application_submit,
    application_update_step,
    application_withdraw,
    correction_answer,
    eligibility_messages,
    missing_items,
    required_document_kinds,
    submission_gaps,
)
from cesp.applications.services.files import reopened
from cesp.applications.services.instruction import (
    application_mark_complete,
    application_mark_inadmissible,
    correction_request,
)
from cesp.applications.services.reminders import reminder_candidates, reminders_send
from cesp.applications.services.uploads import (
    MAX_OTHER_DOCUMENTS,
    document_add,
    document_remove,
    document_rescan,
)

__all__ = [
    "MAX_OTHER_DOCUMENTS",
    "STALE_MESSAGE",
    "STEP_FIELDS",
    "ApplicationError",
    "DocumentInfected",
    "StaleApplication",
    "application_mark_complete",
    "application_mark_inadmissible",
    "application_start",
    "application_submit",
    "application_update_step",
    "application_withdraw",
    "campaign_create",
    "campaign_update",
    "correction_answer",
    "correction_request",
    "document_add",
    "document_remove",
    "document_rescan",
    "eligibility_messages",
    "missing_items",
    "reminder_candidates",
    "reminders_send",
    "reopened",
    "required_document_kinds",
    "submission_gaps",
]
