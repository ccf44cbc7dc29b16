"""Writes on the selection: one function per use case, in a transaction, audited.

One module per use case; this package re-exports them so that callers write ``services.<function>``:

- ``commissions``: opening a commission, seating and removing members, recording sittings;
- ``examination``: conflicts of interest, interviews, files set aside;
- ``scoring``: the members' marks;
- ``lists``: tie-breaks, the main and complementary lists, their validation and the minutes
  (``workflows.COMMISSION``);
- ``common``: the error, the lock of an open commission, who manages it.
"""

from cesp.selection.services.commissions import commission_create, member_add, member_remove, sitting_record
from cesp.selection.services.common import SelectionError
from cesp.selection.services.examination import application_exclude, conflict_declare, interview_set
from cesp.selection.services.lists import (
    DEFAULT_NOT_RETAINED_REASON,
    commission_validate,
    lists_build,
    tie_break_record,
)
from cesp.selection.services.scoring import score_set

__all__ = [
    "DEFAULT_NOT_RETAINED_REASON",
    "SelectionError",
    "application_exclude",
    "commission_create",
    "commission_validate",
    "conflict_declare",
    "interview_set",
    "lists_build",
    "member_add",
    "member_remove",
    "score_set",
    "sitting_record",
    "tie_break_record",
]
