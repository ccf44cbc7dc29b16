"""The one way services write the audit trail, and the chain that makes it tamper-evident.

``audit_record`` inserts an event inside the service's transaction, with the SHA-256 digest of its
readable payload (object label, changes, reason). Right after that transaction commits, the event is
chained: it gets the next rank (``seq``) and ``hash = SHA-256(canonical serialisation)``, where the
serialisation holds the previous hash, identifiers (actor, object, content type by natural key), the
action, the time and the payload digest, never the personal data itself. The purge may then erase the
payload (``audit_erase_payload``): its digest stays, and the chain still verifies.

Chaining after commit keeps requests from holding a global lock while they run (no deadlock with the
quota locks, no queue of writers behind a slow request): the chain's head row is locked only for the
short transaction that appends the committed events. Events a crashed process left unchained are
appended by ``manage.py audit_seal`` (cron), which also signs the head with the platform's key
(``AuditDigest``). ``manage.py audit_verify`` walks the chain and names the first broken link.
See docs/audit.md.
"""

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from cesp.core.models import AuditChainHead, AuditDigest, AuditEvent

logger = logging.getLogger(__name__)

CHAIN_VERSION = 1
GENESIS_HASH = "0" * 64


def _canonical(document) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def payload_digest(*, object_repr: str, changes: dict, reason: str) -> str:
    """SHA-256 of the readable part of an event, as stored (JSON round trip: tuples become lists)."""
    document = {"changes": json.loads(json.dumps(changes)), "object_repr": object_repr, "reason": reason}
    return hashlib.sha256(_canonical(document)).hexdigest()


def _content_type_key(content_type_id: int) -> str:
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def chain_hash(event: AuditEvent, *, seq: int, prev_hash: str) -> str:
    """The link of ``event`` at rank ``seq`` after ``prev_hash``. The content type is named by its
    natural key so that a restore into a fresh database (other content type ids) still verifies."""
    document = {
        "v": CHAIN_VERSION,
        "seq": seq,
        "prev": prev_hash,
        "id": event.pk,
        "at": event.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "action": event.action,
        "type": _content_type_key(event.content_type_id),
        "object": event.object_id,
        "payload": event.payload_sha256,
    }
    return hashlib.sha256(_canonical(document)).hexdigest()


def audit_record(*, actor, action: str, obj, changes: dict | None = None, reason: str = "") -> AuditEvent:
    """Record that ``actor`` did ``action`` on ``obj``. Call it inside the service's transaction."""
    object_repr = str(obj)[:300]
    changes = changes or {}
    event = AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=object_repr,
        changes=changes,
        reason=reason,
        payload_sha256=payload_digest(object_repr=object_repr, changes=changes, reason=reason),
    )
    transaction.on_commit(_chain_after_commit)
    return event


def _chain_after_commit() -> None:
    # The write it follows has committed: a failure here must not turn it into an error page. The event
    # stays unchained and `manage.py audit_seal` appends it later.
    # A transaction that wrote many events registers as many callbacks: the first chains them all, the
    # others see nothing pending (one indexed read, no lock).
    try:
        if AuditEvent.objects.filter(seq__isnull=True).exists():
            audit_chain_pending()
    except Exception:
        logger.exception("Chaînage du journal d'audit différé : audit_seal le reprendra.")


def audit_chain_pending() -> int:
    """Append every committed, unchained event to the chain, in order of id; return how many."""
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            # The migration creates the head; a database flushed by a test creates it again.
            AuditChainHead.objects.get_or_create(pk=1)
            head = AuditChainHead.objects.select_for_update().get(pk=1)
        pending = list(AuditEvent.objects.filter(seq__isnull=True).order_by("pk"))
        for event in pending:
            seq = head.seq + 1
            digest = chain_hash(event, seq=seq, prev_hash=head.hash or GENESIS_HASH)
            AuditEvent.objects.filter(pk=event.pk, seq__isnull=True)._write_chain_fields(
                seq=seq, prev_hash=head.hash or GENESIS_HASH, hash=digest
            )
            head.seq, head.hash = seq, digest
        if pending:
            head.save(update_fields=["seq", "hash", "updated_at"])
        return len(pending)


def audit_erase_payload(events, *, actor, reason: str) -> int:
    """Erase the readable payload of ``events`` (the purge): the digests stay, the chain verifies.
    Records one event saying how many were erased and why."""
    with transaction.atomic():
        ids = list(events.filter(erased_at__isnull=True).values_list("pk", flat=True))
        if ids:
            AuditEvent.objects.filter(pk__in=ids)._write_chain_fields(
                object_repr="", changes={}, reason="", erased_at=timezone.now()
            )
            head = AuditChainHead.objects.get_or_create(pk=1)[0]
            audit_record(
                actor=actor,
                action="audit.erase_payload",
                obj=head,
                changes={"events": len(ids)},
                reason=reason,
            )
        return len(ids)


def _digest_message(*, last_seq: int, head_hash: str, made_at) -> bytes:
    return _canonical(
        {
            "v": CHAIN_VERSION,
            "last_seq": last_seq,
            "hash": head_hash,
            "at": made_at.astimezone(UTC).isoformat(),
        }
    )


def audit_digest_sign(*, now) -> AuditDigest:
    """Sign the current head of the chain with the platform's key (daily, by ``audit_seal``)."""
    from cesp.core.signing import sign_detached

    audit_chain_pending()
    head = AuditChainHead.objects.get_or_create(pk=1)[0]
    made_at = now.astimezone(UTC).replace(microsecond=0)
    message = _digest_message(last_seq=head.seq, head_hash=head.hash or GENESIS_HASH, made_at=made_at)
    signature, certificate = sign_detached(message)
    return AuditDigest.objects.create(
        made_at=made_at,
        last_seq=head.seq,
        head_hash=head.hash or GENESIS_HASH,
        signature=signature,
        certificate_pem=certificate,
    )


@dataclass
class ChainReport:
    """What ``audit_verify`` found. ``broken`` names the first broken link, in French, or is empty."""

    checked: int = 0
    erased: int = 0
    pending: int = 0
    digests: int = 0
    broken: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken


def _describe(event: AuditEvent) -> str:
    return f"événement n° {event.seq} (id {event.pk}, {event.action}, {event.created_at:%Y-%m-%d %H:%M:%S})"


def audit_verify(*, chunk_size: int = 2000) -> ChainReport:
    """Walk the chain in rank order; stop at the first broken link, then check the signed digests."""
    from cesp.core.signing import verify_detached

    report = ChainReport()
    report.pending = AuditEvent.objects.filter(seq__isnull=True).count()
    expected_seq, prev_hash = 1, GENESIS_HASH
    hashes_at: dict[int, str] = {}
    digests = list(AuditDigest.objects.all())
    wanted = {d.last_seq for d in digests}
    events = AuditEvent.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=chunk_size)
    for event in events:
        if event.seq != expected_seq:
            report.broken.append(
                f"Maillon manquant : le rang {expected_seq} est absent (l'événement suivant est le "
                f"{_describe(event)}). Un événement a été supprimé."
            )
            return report
        if event.prev_hash != prev_hash:
            report.broken.append(
                f"Maillon rompu au {_describe(event)} : "
                "il ne désigne pas l'empreinte de l'événement précédent."
            )
            return report
        if event.erased_at is None:
            actual = payload_digest(object_repr=event.object_repr, changes=event.changes, reason=event.reason)
            if actual != event.payload_sha256:
                report.broken.append(
                    f"Maillon rompu au {_describe(event)} : son contenu (objet, modifications ou motif) "
                    "a été modifié après son enregistrement."
                )
                return report
        else:
            report.erased += 1
        if chain_hash(event, seq=event.seq, prev_hash=prev_hash) != event.hash:
            report.broken.append(
                f"Maillon rompu au {_describe(event)} : son auteur, sa date, son action ou son objet "
                "ont été modifiés après son enregistrement."
            )
            return report
        if event.seq in wanted:
            hashes_at[event.seq] = event.hash
        prev_hash = event.hash
        expected_seq += 1
        report.checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.seq != report.checked:
        report.broken.append(
            f"La chaîne s'arrête au rang {report.checked} alors que sa tête est au rang {head.seq} : "
            "les derniers événements ont été supprimés."
        )
        return report
    for digest in digests:
        message = _digest_message(
            last_seq=digest.last_seq, head_hash=digest.head_hash, made_at=digest.made_at
        )
        problem = verify_detached(message, digest.signature, digest.certificate_pem)
        if problem:
            report.broken.append(
                f"Le scellé du {digest.made_at:%Y-%m-%d %H:%M} n'est pas valide : {problem}."
            )
            return report
        found = hashes_at.get(digest.last_seq, GENESIS_HASH if digest.last_seq == 0 else None)
        if found != digest.head_hash:
            report.broken.append(
                f"Le scellé du {digest.made_at:%Y-%m-%d %H:%M} ne correspond plus à la chaîne au rang "
                f"{digest.last_seq} : la chaîne a été réécrite depuis."
            )
            return report
        report.digests += 1
    return report
