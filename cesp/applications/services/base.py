"""The errors of the applications services.

Every refusal is an ``ApplicationError`` with a French message, raised before anything is changed (a
move the workflow does not allow too: ``Workflow.move(..., raises=ApplicationError)``): the pages show
it next to the form (or as a message) and never answer a 500.
"""

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
