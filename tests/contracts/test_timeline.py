"""The contract timeline: events checked by the rules and recorded append-only, corrections and
annulments, the scenario document the rules read (one contract, or many in a constant number of
queries), and the bank details in force on a date."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cesp.accounts.roles import Role
from cesp.contracts import bank, timeline
from cesp.contracts.documents import contract_figures
from cesp.contracts.errors import ContractError
from cesp.contracts.models import BankDetails, BankDetailsStatus, Contract, ContractEvent, EventKind
from cesp.contracts.signals import timeline_changed
from cesp.contracts.timeline import cancel_event, record_event, scenario_document, scenario_documents
from cesp.core.models import AuditEvent
from cesp.rules import parse_scenario, simulate
from cesp.rules.batch import arrays_from_scenarios, compute_batch
from tests.contracts.builders import stored_contracts

PARIS = ZoneInfo("Europe/Paris")
AUG = datetime(2027, 8, 2, 9, 0, tzinfo=PARIS)
WHY = "Certificat médical reçu, demande du bénéficiaire"


@pytest.fixture
def contract(world):
    (contract,) = stored_contracts(world, 1, first_candidate=world.users["candidate"])
    return contract


@pytest.fixture
def asp(world):
    return world.users["asp_agent"]


def suspend(contract, asp, start="2027-09-01", months=4, reason="maternity", **kwargs):
    return record_event(
        contract,
        kind=EventKind.SUSPENSION,
        actor=asp,
        why=WHY,
        start=start,
        months=months,
        reason=reason,
        **kwargs,
    )


def test_the_scenario_of_a_new_contract_is_what_the_signature_read(contract):
    document = scenario_document(contract, date(2027, 12, 31))
    assert document == {
        "as_of": "2027-12-31",
        "cursus": "medecine",
        "status_at_signature": "student",
        "academic_year": "2026-2027",
        "applied_on": contract.offer.application.submitted_at.date().isoformat(),
        "signed_on": "2027-07-03",
        "events": [],
    }
    result = simulate(document)
    figures = contract_figures(application=contract.offer.application, signed_on=contract.signed_on)
    assert result["regime"] == contract.regime == figures["regime"]
    assert result["allowance"]["start"] == contract.allowance_start.isoformat()


def test_an_event_is_checked_recorded_audited_and_announced(
    contract, asp, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, contract, event, **kwargs):
        received.append((sender, contract.pk, event.pk))

    timeline_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            event = suspend(contract, asp, now=AUG)
    finally:
        timeline_changed.disconnect(receiver)
    assert (event.start, event.end, event.reason, event.months) == (
        date(2027, 9, 1),
        date(2027, 12, 31),
        "maternity",
        4,
    )
    assert (event.recorded_by, event.recorded_at, event.on_behalf, event.why) == (asp, AUG, False, WHY)
    assert received == [(Contract, contract.pk, event.pk)]
    audit = AuditEvent.objects.get(action="contract.event_record")
    assert audit.actor == asp and audit.object_id == str(contract.pk)
    # A health reason stays out of the contract's history, which the UFR and the ARS may read.
    assert audit.changes["reason"] == "confidentiel" and "maternity" not in str(audit.changes)
    assert WHY not in audit.reason and audit.changes["why_sha256"]
    document = scenario_document(contract, date(2028, 1, 31))
    assert document["events"] == [
        {"type": "suspension", "start": "2027-09-01", "end": "2027-12-31", "reason": "maternity"}
    ]
    assert simulate(document)["status"] == "paid"
    assert simulate({**document, "as_of": "2027-10-15"})["status"] == "suspended"


def test_a_reason_that_is_not_confidential_is_audited_as_it_is(contract, asp):
    record_event(
        contract, kind=EventKind.THESIS, actor=asp, why="Procès-verbal de soutenance", on="2030-06-28"
    )
    audit = AuditEvent.objects.get(action="contract.event_record")
    assert audit.reason == "Procès-verbal de soutenance" and audit.changes["on"] == "2030-06-28"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"months": 13}, "Une suspension dure de 1 à 12 mois entiers"),
        ({"start": "2027-09-15", "months": 2}, "elle commence le 1er d'un mois"),
        ({"reason": "vacances"}, "Valeur inconnue « vacances »"),
        ({"start": "2026-01-01"}, "avant la signature du contrat"),
        ({"months": 0}, "au moins un mois"),
        ({"months": "quatre"}, "nombre entier"),
    ],
)
def test_a_forbidden_event_is_refused_with_the_rule_s_message(contract, asp, kwargs, message):
    with pytest.raises(ContractError, match=message):
        suspend(contract, asp, **kwargs)
    assert not ContractEvent.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="contract.event").exists()


def test_an_overlap_is_refused_and_the_message_names_no_scenario_path(contract, asp):
    suspend(contract, asp)
    with pytest.raises(ContractError) as refused:
        suspend(contract, asp, start="2027-11-01", months=2, reason="sickness")
    assert "chevauche celle du 01/09/2027 au 31/12/2027" in str(refused.value)
    assert "events[" not in str(refused.value)
    assert ContractEvent.objects.count() == 1


def test_a_termination_outside_the_window_is_not_penalty_free(contract, asp):
    record_event(contract, kind=EventKind.INTERNSHIP_START, actor=asp, why="Affectation", on="2028-11-02")
    with pytest.raises(ContractError, match="dans les 3 premiers mois"):
        record_event(
            contract,
            kind=EventKind.TERMINATION,
            actor=asp,
            why="Demande",
            on="2029-03-01",
            reason="internship_entry",
        )
    record_event(
        contract,
        kind=EventKind.TERMINATION,
        actor=asp,
        why="Demande",
        on="2028-12-01",
        reason="internship_entry",
    )
    assert simulate(scenario_document(contract, date(2029, 1, 31)))["status"] == "terminated"


@pytest.mark.parametrize("who", ["candidate", "ufr_agent", "ars_referent", "dgos_agent"])
def test_only_the_asp_records_or_cancels(world, contract, asp, who):
    with pytest.raises(ContractError):
        suspend(contract, world.users[who])
    event = suspend(contract, asp)
    with pytest.raises(ContractError):
        cancel_event(event, actor=world.users[who], why="Erreur")
    assert ContractEvent.objects.count() == 1


def test_the_role_named_by_the_caller_is_the_one_asked(world, contract):
    asp = world.users["asp_agent"]
    with pytest.raises(ContractError):
        suspend(contract, asp, role=Role.CANDIDATE)


def test_a_motive_is_required(contract, asp):
    with pytest.raises(ContractError, match="motif"):
        record_event(contract, kind=EventKind.THESIS, actor=asp, why="  ", on="2030-06-28")
    with pytest.raises(ContractError, match="inconnue"):
        record_event(contract, kind="practice", actor=asp, why="x", start="2031-01-01")
    with pytest.raises(ContractError, match="Champ inconnu"):
        record_event(contract, kind=EventKind.THESIS, actor=asp, why="x", on="2030-06-28", start="2030-01-01")


def test_events_are_never_edited_nor_deleted(contract, asp):
    event = suspend(contract, asp)
    event.reason = "sickness"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        ContractEvent.objects.filter(pk=event.pk).update(reason="sickness")
    with pytest.raises(TypeError):
        ContractEvent.objects.filter(pk=event.pk).delete()
    assert ContractEvent.objects.get(pk=event.pk).reason == "maternity"


def test_a_correction_replaces_an_event_from_the_day_it_is_recorded(contract, asp):
    first = suspend(contract, asp, now=AUG)
    later = AUG + timedelta(days=40)  # 11 September
    corrected = suspend(contract, asp, months=2, cancels=first, now=later)
    assert corrected.cancels == first and first.cancelled_by == corrected
    assert AuditEvent.objects.filter(action="contract.event_correct").count() == 1
    before = scenario_document(contract, date(2027, 9, 1))["events"]
    after = scenario_document(contract, date(2027, 9, 30))["events"]
    assert [e["end"] for e in before] == ["2027-12-31"]
    assert [e["end"] for e in after] == ["2027-10-31"]
    assert scenario_document(contract, date(2027, 8, 1))["events"] == []
    # The correction does not overlap the event it replaces; an event is corrected once.
    with pytest.raises(ContractError, match="déjà été annulé ou corrigé"):
        suspend(contract, asp, months=3, cancels=first)


def test_an_annulment_withdraws_an_event(contract, asp, django_capture_on_commit_callbacks):
    event = suspend(contract, asp, now=AUG)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cancellation = cancel_event(event, actor=asp, why="Saisie en double", now=AUG + timedelta(days=1))
    assert callbacks and cancellation.kind == EventKind.CANCELLATION and cancellation.cancels == event
    assert scenario_document(contract, date(2027, 8, 2))["events"] != []
    assert scenario_document(contract, date(2027, 8, 3))["events"] == []
    with pytest.raises(ContractError, match="déjà été annulé"):
        cancel_event(event, actor=asp, why="Encore")
    with pytest.raises(ContractError, match="ne s'annule pas"):
        cancel_event(cancellation, actor=asp, why="Encore")
    audit = AuditEvent.objects.get(action="contract.event_cancel")
    assert audit.changes["cancels"] == event.pk and audit.changes["reason"] == "confidentiel"
    # Cancelled: the same months may be suspended again.
    suspend(contract, asp)


def test_an_annulment_the_rules_forbid_is_refused(contract, asp):
    internship = record_event(contract, kind=EventKind.INTERNSHIP_START, actor=asp, why="x", on="2028-11-02")
    record_event(
        contract, kind=EventKind.TERMINATION, actor=asp, why="x", on="2028-12-01", reason="internship_entry"
    )
    with pytest.raises(ContractError, match="suppose une entrée en internat"):
        cancel_event(internship, actor=asp, why="Erreur")
    assert not ContractEvent.objects.filter(kind=EventKind.CANCELLATION).exists()


def test_an_event_of_another_contract_cannot_be_corrected_here(world, asp):
    first, second = stored_contracts(world, 2)
    event = suspend(first, asp)
    with pytest.raises(ContractError, match="autre contrat"):
        suspend(second, asp, cancels=event)


def test_many_scenarios_in_two_queries_feed_the_batch_path(world, asp):
    contracts = stored_contracts(world, 6)
    for i, contract in enumerate(contracts):
        if i % 2:
            suspend(contract, asp, months=i + 1, reason="sickness")
        if i % 3 == 0:
            record_event(contract, kind=EventKind.STUDIES_END, actor=asp, why="Diplôme", on="2030-10-31")
    as_of = date(2031, 1, 31)
    with CaptureQueriesContext(connection) as queries:
        documents = scenario_documents(Contract.objects.all(), as_of)
    assert len(queries) == 2
    assert documents == {c.pk: scenario_document(c, as_of) for c in contracts}
    by_list = scenario_documents(contracts, as_of)
    assert by_list == documents
    scenarios = [parse_scenario(documents[c.pk]) for c in contracts]
    batch = compute_batch(arrays_from_scenarios(scenarios, validated=True))
    for i, contract in enumerate(contracts):
        assert int(batch.months_paid[i]) == simulate(documents[contract.pk])["allowance"]["months_paid"]


def test_a_long_list_of_ids_is_read_in_slices(world, asp, monkeypatch):
    contracts = stored_contracts(world, 5)
    monkeypatch.setattr(timeline, "IDS_PER_QUERY", 2)
    with CaptureQueriesContext(connection) as queries:
        documents = scenario_documents([c.pk for c in contracts], date(2028, 1, 1))
    assert len(queries) == 2 * 3 and sorted(documents) == sorted(c.pk for c in contracts)


def test_the_bank_details_in_force_on_a_date(world, asp):
    first, second = stored_contracts(world, 2)
    signed = BankDetails.objects.get(contract=first)
    later = BankDetails.objects.create(
        contract=first, iban="DE89370400440532013000", bic="COBADEFFXXX", holder="Camille", recorded_by=asp
    )
    assert bank.details_in_force([first.pk, second.pk], date(2027, 9, 1))[first.pk] == signed
    BankDetails.objects.filter(pk=later.pk).update(
        status=BankDetailsStatus.CONFIRMED, confirmed_at=datetime(2027, 9, 10, 23, 30, tzinfo=PARIS)
    )
    refused = BankDetails.objects.create(
        contract=first, iban="DE89370400440532013000", bic="COBADEFFXXX", holder="X", recorded_by=asp
    )
    BankDetails.objects.filter(pk=refused.pk).update(status=BankDetailsStatus.REFUSED)
    with CaptureQueriesContext(connection) as queries:
        on_ninth = bank.details_in_force(Contract.objects.all(), date(2027, 9, 9))
        on_tenth = bank.details_in_force(Contract.objects.all(), date(2027, 9, 10))
    assert len(queries) == 2
    assert on_ninth[first.pk] == signed and on_tenth[first.pk] == later
    assert on_tenth[second.pk].contract_id == second.pk
    assert bank.details_in_force([first], date(2027, 7, 2)) == {}  # before the signature


def test_the_kinds_and_reasons_are_the_simulator_contract_s():
    from cesp.contracts.models import SuspensionReason, TerminationReason
    from cesp.rules import scenario

    assert tuple(SuspensionReason.values) == scenario.SUSPENSION_REASONS
    assert tuple(TerminationReason.values) == scenario.TERMINATION_REASONS
    for kind, names in timeline.SCENARIO_FIELDS.items():
        assert names == tuple(scenario._EVENT_FIELDS[kind]), kind
    assert set(EventKind.values) - set(timeline.SCENARIO_FIELDS) == {EventKind.CANCELLATION}
