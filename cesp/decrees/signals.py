"""Later apps react to decrees through these signals (an earlier app never imports a later one).

``decree_published`` is sent after the publication's transaction commits, with ``decree``.
"""

from django.dispatch import Signal

decree_published = Signal()
