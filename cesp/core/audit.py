"""The one way services write the audit trail."""

from django.contrib.contenttypes.models import ContentType

from cesp.core.models import AuditEvent


def audit_record(*, actor, action: str, obj, changes: dict | None = None, reason: str = "") -> AuditEvent:
    """Record that ``actor`` did ``action`` on ``obj``. Call it inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
        reason=reason,
    )
