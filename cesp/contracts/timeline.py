"""The contract timeline: the one service that records the events of a contract, and the scenario the
rules read from them.

Every event (suspension, repeated year, internship, termination, end of studies, thesis; later
practice, postponement, breach) is recorded here, whoever asks for it: an ASP agent directly, the
acceptance of a beneficiary's request (requests.py), later the follow-up and the breach. An event is
never edited: a correction is a new event that ``cancels`` the earlier one, an annulment a
``cancellation`` event (``cancel_event``). Each one is checked by ``cesp.rules`` against the whole
timeline before it is written, so that a forbidden event is refused with the rule's own message, and
nothing is written; each is audited (who, when, what, why) and announced by ``signals.timeline_changed``.

``scenario_document`` gives the simulator contract's JSON of a contract (DESIGN.md) as of a date, with
the events recorded up to that date and not cancelled by then; ``scenario_documents`` gives those of
many contracts in a constant number of queries, for the payment run's batch path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cesp.contracts.documents import contract_terms, scenario_refusal
from cesp.contracts.errors import ContractError
from cesp.contracts.models import Contract, ContractEvent, EventKind
from cesp.contracts.signals import timeline_changed
from cesp.contracts.workflows import CONTRACT_WORKFLOW, move
from cesp.core import bounds
from cesp.core.audit import audit_record
from cesp.rules import ScenarioError, parse_scenario
from cesp.rules.months import month_end, month_index

# The fields of each kind in the simulator contract (DESIGN.md), in the order the scenario writes them;
# ``start``, ``end``, ``on`` and ``reason`` are columns, any other field goes to ``ContractEvent.extra``.
SCENARIO_FIELDS: dict[str, tuple[str, ...]] = {
    EventKind.SUSPENSION: ("start", "end", "reason"),
    EventKind.REPEAT_YEAR: ("start", "end"),
    EventKind.INTERNSHIP_START: ("on",),
    EventKind.TERMINATION: ("on", "reason"),
    EventKind.STUDIES_END: ("on",),
    EventKind.THESIS: ("on",),
}
COLUMNS = ("start", "end", "on", "reason")
CONFIDENTIAL_WHY = "Motif confidentiel (santé ou vie familiale) : lisible par le bénéficiaire et l'ASP."
IDS_PER_QUERY = 20_000  # ids passed as a list are read this many at a time (bound parameters)


# --- the scenario of a contract ---------------------------------------------------------------------


def end_of_day(on: date) -> datetime:
    """The first instant after ``on`` in the platform's time zone: events recorded before it count."""
    return timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)  # a JSON number, as scenario_to_dict writes quotities
    return value


def event_document(kind: str, start, end, on, reason, extra) -> dict[str, Any]:
    """One event as the simulator contract writes it."""
    columns = {"start": start, "end": end, "on": on, "reason": reason}
    doc: dict[str, Any] = {"type": kind}
    for name in SCENARIO_FIELDS[kind]:
        doc[name] = _plain(columns[name]) if name in columns else extra.get(name)
    for name, value in (extra or {}).items():
        doc.setdefault(name, value)
    return doc


def id_selections(contracts_or_ids: QuerySet | Iterable[Contract | int]) -> list:
    """What to filter ``contract_id__in`` by: a queryset (of contracts, or of their ids) as one subquery,
    or a list of contracts or ids ``IDS_PER_QUERY`` at a time (bound parameters)."""
    if isinstance(contracts_or_ids, QuerySet):
        if contracts_or_ids.model is Contract:
            return [contracts_or_ids.order_by().values("pk")]
        return [contracts_or_ids]
    ids = sorted({int(getattr(c, "pk", c)) for c in contracts_or_ids})
    return [ids[i : i + IDS_PER_QUERY] for i in range(0, len(ids), IDS_PER_QUERY)]


def _documents(
    selections: list, as_of: date, *, recorded_before: datetime | None, exclude: int | None = None
) -> dict[int, dict[str, Any]]:
    documents: dict[int, dict[str, Any]] = {}
    for selection in selections:
        terms = (
            Contract.objects.filter(pk__in=selection)
            .order_by()
            .values_list(
                "pk",
                "cursus",
                "status_at_signature",
                "pool__academic_year__label",
                "offer__application__submitted_at",
                "signed_on",
            )
        )
        for pk, cursus, status, label, submitted_at, signed_on in terms.iterator(chunk_size=5000):
            documents[pk] = contract_terms(
                cursus=cursus,
                status_at_signature=status,
                academic_year=label,
                submitted_at=submitted_at,
                signed_on=signed_on,
                as_of=as_of,
            )
        events = ContractEvent.objects.filter(contract_id__in=selection)
        events = events.in_force(recorded_before=recorded_before)
        if exclude is not None:
            events = events.exclude(pk=exclude)
        rows = events.order_by("contract_id", "recorded_at", "pk").values_list(
            "contract_id", "kind", "start", "end", "on", "reason", "extra"
        )
        for contract_id, *row in rows.iterator(chunk_size=5000):
            documents[contract_id]["events"].append(event_document(*row))
    return documents


def scenario_documents(
    contracts_or_ids: QuerySet[Contract] | Iterable[Contract | int],
    as_of: date,
    *,
    recorded_before: datetime | None = None,
) -> dict[int, dict[str, Any]]:
    """The scenario document of each contract as of ``as_of`` (see ``scenario_document``), by contract id.

    Two queries (the contracts' terms, then their events, both read with ``iterator()``) for a queryset
    of contracts, whatever its size; a list of contracts or ids is read ``IDS_PER_QUERY`` ids at a time.
    ``recorded_before`` (default: the end of ``as_of``) is what the platform knew: events recorded
    later, and cancellations recorded later, are not taken into account yet.
    """
    return _documents(
        id_selections(contracts_or_ids), as_of, recorded_before=recorded_before or end_of_day(as_of)
    )


def scenario_document(contract: Contract, as_of: date, *, recorded_before: datetime | None = None) -> dict:
    """The simulator contract's JSON (DESIGN.md) of ``contract`` as of ``as_of``: its cursus, status at
    signature, campaign, application and signature dates, and its events recorded up to ``as_of`` that
    no cancellation recorded by then withdraws, in the order they were recorded.

    The regime and the allowance start are not fields of the simulator contract: the rules derive them
    from these (``simulate(document)["regime"]`` and ``["allowance"]["start"]`` equal the contract's)."""
    return scenario_documents([contract.pk], as_of, recorded_before=recorded_before)[contract.pk]


# --- checking an event against the rules -----------------------------------------------------------


def _event_input(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The scenario document of a new event from the service's keyword arguments (``months`` gives the
    end of a suspension or a repeated year from its start)."""
    if kind not in SCENARIO_FIELDS:
        raise ContractError(f"Nature d'événement inconnue : « {kind} ».")
    data = dict(data)
    months = data.pop("months", None)
    if months is not None:
        start = data.get("start")
        if isinstance(start, str):
            try:
                start = date.fromisoformat(start)
            except ValueError:
                raise ContractError("Date de début attendue au format AAAA-MM-JJ.") from None
        if "end" in data or not isinstance(start, date):
            raise ContractError("Une période se donne par son début et son nombre de mois (ou sa fin).")
        if isinstance(months, bool) or not isinstance(months, int):
            raise ContractError("Le nombre de mois est un nombre entier.")
        if months < 1:
            raise ContractError("Une période dure au moins un mois.")
        data["end"] = month_end(month_index(start) + months - 1)
    doc = {"type": kind}
    doc.update({name: _plain(value) for name, value in data.items()})
    return doc


def simulate_document(
    contract: Contract,
    *,
    as_of: date,
    add: Iterable[dict] = (),
    without: ContractEvent | None = None,
) -> dict[str, Any]:
    """The scenario of ``contract`` as of ``as_of`` with every event recorded so far and in force, plus
    the event documents ``add`` and without the event ``without``: what the rules would read if these
    were recorded (the check before recording, the cost shown before a termination is asked)."""
    exclude = without.pk if without is not None else None
    document = _documents([[contract.pk]], as_of, recorded_before=None, exclude=exclude)[contract.pk]
    document["events"].extend(add)
    return document


def _check(document: dict) -> Any:
    """The parsed scenario, or ``ContractError`` with the rules' own message."""
    try:
        return parse_scenario(document)
    except ScenarioError as error:
        raise ContractError(scenario_refusal(error)) from error


def _check_on(contract: Contract, now: datetime) -> date:
    return max(timezone.localdate(now), contract.signed_on)


def check_event(
    contract: Contract,
    *,
    kind: str,
    cancels: ContractEvent | None = None,
    now: datetime | None = None,
    **data,
) -> dict[str, Any]:
    """The event's scenario document if the rules accept it on this timeline, else ``ContractError``
    with the rule's message (nothing is written). The requests call it when they are filed."""
    now = now or timezone.now()
    doc = _event_input(kind, data)
    scenario = _check(simulate_document(contract, as_of=_check_on(contract, now), add=[doc], without=cancels))
    parsed = scenario.events[-1]
    return {f.name: getattr(parsed, f.name) for f in dataclass_fields(parsed)}


def _why(why: str) -> str:
    why = (why or "").strip()
    if not why:
        raise ContractError("Indiquez le motif de l'enregistrement.")
    return bounds.check_text(why, limit=bounds.REASON_TEXT, label="Motif", error=ContractError)


def _audit(event: ContractEvent, *, actor, action: str) -> None:
    subject = event.cancels if event.kind == EventKind.CANCELLATION else event
    confidential = subject.is_confidential
    changes = {
        "event": event.pk,
        "kind": event.kind,
        "start": _plain(event.start),
        "end": _plain(event.end),
        "on": _plain(event.on),
        "reason": "confidentiel" if confidential else event.reason,
        "cancels": event.cancels_id,
        "on_behalf": event.on_behalf,
        "why_sha256": hashlib.sha256(event.why.encode()).hexdigest(),
    }
    audit_record(
        actor=actor,
        action=action,
        obj=event.contract,
        changes={k: v for k, v in changes.items() if v not in (None, "")},
        reason=CONFIDENTIAL_WHY if confidential else event.why,
    )


def _recorder(actor):
    """The person who records an event (``None`` for the platform itself: a task, a command)."""
    return actor if actor is not None and actor.is_authenticated else None


def _announce(contract: Contract, event: ContractEvent) -> None:
    transaction.on_commit(lambda: timeline_changed.send(sender=Contract, contract=contract, event=event))


def _lock_cancellable(contract: Contract, event: ContractEvent) -> ContractEvent:
    event = ContractEvent.objects.select_related("contract").get(pk=event.pk)
    if event.contract_id != contract.pk:
        raise ContractError("Cet événement appartient à un autre contrat.")
    if event.kind == EventKind.CANCELLATION:
        raise ContractError("Une annulation ne s'annule pas : enregistrez à nouveau l'événement.")
    if ContractEvent.objects.filter(cancels=event).exists():
        raise ContractError("Cet événement a déjà été annulé ou corrigé.")
    return event


def record_event(
    contract: Contract,
    *,
    kind: str,
    actor,
    why: str,
    role: str | None = None,
    on_behalf: bool = False,
    cancels: ContractEvent | None = None,
    details: dict | None = None,
    now: datetime | None = None,
    **data,
) -> ContractEvent:
    """Record an event of ``kind`` with its fields (``start``/``end`` or ``start`` and ``months``,
    ``on``, ``reason`` as the simulator contract names them), checked by the rules against the whole
    timeline: refused with the rule's message (``ContractError``), nothing written. ``cancels``: the
    event it corrects. Audited; ``timeline_changed`` is sent once committed."""
    why = _why(why)
    now = now or timezone.now()
    with transaction.atomic():
        # One writer at a time per contract: two overlapping suspensions cannot both pass the check.
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        move(CONTRACT_WORKFLOW, contract, event="record_event", actor=actor, role=role)
        if cancels is not None:
            cancels = _lock_cancellable(contract, cancels)
        parsed = check_event(contract, kind=kind, cancels=cancels, now=now, **data)
        event = ContractEvent.objects.create(
            contract=contract,
            kind=kind,
            start=parsed.get("start"),
            end=parsed.get("end"),
            on=parsed.get("on"),
            reason=parsed.get("reason") or "",
            extra={k: _plain(v) for k, v in parsed.items() if k not in COLUMNS},
            details=details or {},
            cancels=cancels,
            recorded_by=_recorder(actor),
            recorded_at=now,
            on_behalf=on_behalf,
            why=why,
        )
        _audit(event, actor=actor, action="contract.event_correct" if cancels else "contract.event_record")
        _announce(contract, event)
        return event


def cancel_event(
    event: ContractEvent, *, actor, why: str, role: str | None = None, now: datetime | None = None
) -> ContractEvent:
    """Withdraw ``event`` (recorded by mistake): a ``cancellation`` event that names it. Refused when the
    timeline without it breaks a rule (an internship-entry termination without the internship)."""
    why = _why(why)
    now = now or timezone.now()
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=event.contract_id)
        move(CONTRACT_WORKFLOW, contract, event="cancel_event", actor=actor, role=role)
        event = _lock_cancellable(contract, event)
        _check(simulate_document(contract, as_of=_check_on(contract, now), without=event))
        cancellation = ContractEvent.objects.create(
            contract=contract,
            kind=EventKind.CANCELLATION,
            cancels=event,
            recorded_by=_recorder(actor),
            recorded_at=now,
            why=why,
        )
        _audit(cancellation, actor=actor, action="contract.event_cancel")
        _announce(contract, cancellation)
        return cancellation
