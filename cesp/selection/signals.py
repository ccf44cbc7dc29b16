"""Later apps (contracts) react to the selection through these signals; this app never imports them.

``lists_validated`` is sent after the validation's transaction commits, with ``commission``: its
lists, read through ``selectors.ranked_entries(campaign=...)``, are then final.
"""

from django.dispatch import Signal

lists_validated = Signal()
