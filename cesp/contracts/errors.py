"""The one error of the contracts app: a refused operation, with a French message for the user.

Every module of the app raises it (a workflow refusal too, see workflows.py); the views show its
message and change nothing."""


class ContractError(ValueError):
    """A refused operation, with a French message for the user."""
