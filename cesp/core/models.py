"""Cross-cutting records. The audit trail is append-only: rows are written by services, never
updated or deleted (the model refuses it), so the history of a decision cannot be rewritten.

It is also tamper-evident (docs/audit.md): each event is chained by SHA-256 to the one before it, over a
canonical serialisation that holds identifiers and the digest of the readable payload (object label,
changes, reason), so that the purge can erase that payload without breaking the chain. The only writes
after insertion are the chaining itself (once) and that erasure, both in cesp/core/audit.py.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )

    def update(self, **kwargs):
        raise TypeError("Le journal d'audit est en ajout seul.")

    def delete(self):
        raise TypeError("Le journal d'audit est en ajout seul.")

    def _write_chain_fields(self, **fields):
        """Only cesp/core/audit.py calls this: chaining a row once, or erasing its readable payload."""
        return super().update(**fields)


class AuditEvent(models.Model):
    """Who did what, when, to which object, and why."""

    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("action", max_length=80)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("objet", max_length=300)
    changes = models.JSONField("modifications", default=dict, blank=True)
    reason = models.TextField("motif", blank=True)
    # Digest of the readable payload (object_repr, changes, reason), computed at insertion.
    payload_sha256 = models.CharField("empreinte du contenu", max_length=64, default="")
    # Set once, right after the transaction that wrote the event commits (cesp/core/audit.py).
    seq = models.PositiveBigIntegerField("rang dans la chaîne", null=True, blank=True, unique=True)
    prev_hash = models.CharField("empreinte précédente", max_length=64, blank=True, default="")
    hash = models.CharField("empreinte", max_length=64, blank=True, default="")
    # The purge erased the readable payload; its digest stays and the chain still verifies.
    erased_at = models.DateTimeField("contenu effacé le", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "événement d'audit"
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Le journal d'audit est en ajout seul.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Le journal d'audit est en ajout seul.")


class AuditChainHead(models.Model):
    """The end of the chain: one row, locked while new events are chained onto it."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tête de la chaîne d'audit"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="audit_chain_head_singleton")]

    def __str__(self):
        return f"Journal d'audit (rang {self.seq})"


class AuditDigest(models.Model):
    """The head of the chain at a moment, signed with the platform's key (``manage.py audit_seal``, daily):
    rewriting the whole chain would need that key."""

    made_at = models.DateTimeField("date", db_index=True)
    last_seq = models.PositiveBigIntegerField("dernier rang")
    head_hash = models.CharField("empreinte de tête", max_length=64)
    signature = models.TextField("signature (base64)")
    certificate_pem = models.TextField("certificat du cachet")

    class Meta:
        ordering = ["made_at", "pk"]
        verbose_name = "scellé quotidien du journal d'audit"

    def __str__(self):
        return f"{self.made_at:%Y-%m-%d %H:%M} — rang {self.last_seq}"


class PurgeRun(models.Model):
    """One run of ``manage.py purge``, dry or real: what it found per retention rule (counts only, the
    anonymised statistics that outlive the purge) and the digest of the exact list it reviewed."""

    made_at = models.DateTimeField("date", auto_now_add=True)
    dry_run = models.BooleanField("essai à blanc")
    as_of = models.DateField("date de référence")
    plan_sha256 = models.CharField("empreinte de la liste", max_length=64)
    counts = models.JSONField("nombre par règle", default=dict)

    class Meta:
        ordering = ["-made_at", "-pk"]
        verbose_name = "purge des données"

    def __str__(self):
        kind = "essai" if self.dry_run else "purge"
        return f"{kind} du {self.made_at:%Y-%m-%d %H:%M}"
