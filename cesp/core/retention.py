"""Retention and purge (RGPD): each app registers what it keeps no longer than a dated parameter allows.

A ``RetentionRule`` names the items due on a date (``due(as_of)``: a queryset, its duration read from
``cesp/rules/parameters/retention.yaml`` by the rule itself) and how to purge them (``purge(items)``,
deleting files and rows or stripping personal fields). ``purge_plan(as_of)`` lists what every rule would
take; ``purge_run(as_of, dry_run=...)`` records a dry run, or purges — only what a dry run of the last
``PURGE_DRY_RUN_MAX_AGE_HOURS`` listed, exactly (same digest), else it refuses and nothing changes. The
real run erases the readable payload of the audit events about the purged items (the chain still
verifies, docs/audit.md) and keeps the counts as anonymised statistics (``PurgeRun``).
See docs/retention.md.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cesp.core.audit import audit_erase_payload, audit_record
from cesp.core.models import AuditEvent, PurgeRun


class PurgeRefused(Exception):
    """The real purge was refused; the message says why and what to do, in French."""


@dataclass(frozen=True)
class RetentionRule:
    name: str
    label: str
    parameter: str
    due: Callable[[date], QuerySet]
    purge: Callable[[QuerySet], None]
    # Audit events about these objects lose their readable payload (may be the item itself).
    audited_objects: Callable[[QuerySet], list] = lambda items: list(items)


_RULES: dict[str, RetentionRule] = {}


def register_retention_rule(rule: RetentionRule) -> None:
    _RULES[rule.name] = rule


def retention_rules() -> list[RetentionRule]:
    return [_RULES[name] for name in sorted(_RULES)]


@dataclass(frozen=True)
class PlanEntry:
    rule: RetentionRule
    ids: tuple


def purge_plan(*, as_of: date) -> list[PlanEntry]:
    return [
        PlanEntry(rule=rule, ids=tuple(sorted(rule.due(as_of).values_list("pk", flat=True))))
        for rule in retention_rules()
    ]


def plan_digest(plan: list[PlanEntry]) -> str:
    document = {entry.rule.name: list(entry.ids) for entry in plan}
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def _erase_audit_payloads(objects: list, *, reason: str) -> int:
    erased = 0
    by_type: dict[ContentType, list[str]] = {}
    for obj in objects:
        by_type.setdefault(ContentType.objects.get_for_model(obj, for_concrete_model=False), []).append(
            str(obj.pk)
        )
    for content_type, ids in by_type.items():
        events = AuditEvent.objects.filter(content_type=content_type, object_id__in=ids)
        erased += audit_erase_payload(events, actor=None, reason=reason)
    return erased


@transaction.atomic
def purge_run(*, as_of: date, dry_run: bool, actor=None) -> tuple[PurgeRun, list[PlanEntry]]:
    plan = purge_plan(as_of=as_of)
    digest = plan_digest(plan)
    counts = {entry.rule.name: len(entry.ids) for entry in plan}
    if not dry_run:
        horizon = timezone.now() - timedelta(hours=settings.PURGE_DRY_RUN_MAX_AGE_HOURS)
        last = PurgeRun.objects.filter(dry_run=True, made_at__gte=horizon).order_by("-made_at", "-pk").first()
        if last is None:
            raise PurgeRefused(
                "Aucun essai à blanc récent : lancez d'abord « manage.py purge --dry-run », relisez la "
                "liste, puis relancez sans --dry-run."
            )
        if last.plan_sha256 != digest or last.as_of != as_of:
            raise PurgeRefused(
                "La liste a changé depuis le dernier essai à blanc : relancez « manage.py purge --dry-run » "
                "et relisez-la avant de purger."
            )
    run = PurgeRun.objects.create(dry_run=dry_run, as_of=as_of, plan_sha256=digest, counts=counts)
    if not dry_run:
        for entry in plan:
            if not entry.ids:
                continue
            items = entry.rule.due(as_of).filter(pk__in=entry.ids)
            audited = entry.rule.audited_objects(items)
            reason = f"Purge RGPD : {entry.rule.label} ({entry.rule.parameter})"
            _erase_audit_payloads(audited, reason=reason)
            entry.rule.purge(items)
    audit_record(
        actor=actor,
        action="retention.dry_run" if dry_run else "retention.purge",
        obj=run,
        changes={"counts": counts, "plan_sha256": digest, "as_of": as_of.isoformat()},
    )
    return run, plan
