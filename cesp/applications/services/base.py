"""The errors of the applications services and the refusal of a move the workflow does not allow.

Every refusal is an ``ApplicationError`` with a French message, raised before anything is changed: the
pages show it next to the form (or as a message) and never answer a 500.
"""

from cesp.core.workflow import TransitionNotAllowed, Workflow

STALE_MESSAGE = (
    "Ce dossier a été modifié par quelqu'un d'autre entre-temps : rechargez la page pour voir "
    "la version à jour, puis recommencez."
)


class ApplicationError(ValueError):
    """A refused operation, with a French message; nothing was changed."""


class DocumentInfected(ApplicationError):
    """The antivirus found a threat: the document was refused and not stored."""


class StaleApplication(ApplicationError):
    def __init__(self, message: str = STALE_MESSAGE):
        super().__init__(message)


def next_state(workflow: Workflow, *, state: str, event: str, role, refused: str = "") -> str:
    """The state ``event`` leads to, or ``ApplicationError``: ``refused`` (the page's own words) when the
    state does not allow the event, the workflow's message when the role may not trigger it."""
    try:
        return workflow.move(state=state, event=event, actor=role)
    except TransitionNotAllowed as error:
        state_allows = any(row.event == event for row in workflow.events_from(state))
        raise ApplicationError(error.message if state_allows or not refused else refused) from error
