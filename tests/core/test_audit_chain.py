"""The audit trail is a hash chain: a row edited or deleted behind the ORM's back is caught and named."""

import hashlib
import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.utils import timezone

from cesp.core.audit import (
    GENESIS_HASH,
    audit_chain_pending,
    audit_digest_sign,
    audit_erase_payload,
    audit_record,
    audit_verify,
    chain_hash,
)
from cesp.core.models import AuditChainHead, AuditEvent

TABLE = AuditEvent._meta.db_table


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", connection.ops.quote_name(TABLE)), params)


def record_some(world, count=5):
    events = [
        audit_record(
            actor=world.users["asp_agent"],
            action=f"test.step_{i}",
            obj=world.ufr_a,
            changes={"n": i, "who": "Camille Martin"},
            reason=f"motif {i}",
        )
        for i in range(count)
    ]
    audit_chain_pending()
    return [AuditEvent.objects.get(pk=e.pk) for e in events]


def verify_command():
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_an_event_is_chained_once_its_transaction_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = audit_record(actor=world.users["admin"], action="test.one", obj=world.asp)
        assert AuditEvent.objects.get(pk=event.pk).seq is None  # not before the commit
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.seq == 1 and event.prev_hash == GENESIS_HASH
    assert event.hash == chain_hash(event, seq=1, prev_hash=GENESIS_HASH)
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (1, event.hash)


def test_each_link_names_the_previous_one(world):
    events = record_some(world)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    assert len({e.hash for e in events}) == 5


def test_the_link_holds_digests_not_personal_data(world):
    event = record_some(world, 1)[0]
    assert "Camille" not in event.payload_sha256 and len(event.payload_sha256) == 64
    assert event.payload_sha256 != hashlib.sha256(b"").hexdigest()


def test_intact_chain_verifies(world):
    record_some(world)
    assert "Journal d'audit intact : 5 événement(s)" in verify_command()


def test_a_reason_edited_in_raw_sql_is_caught_and_named(world):
    events = record_some(world)
    raw("UPDATE {table} SET reason = %s WHERE id = %s", ["motif réécrit", events[2].pk])
    with pytest.raises(CommandError) as error:
        verify_command()
    message = str(error.value)
    assert f"événement n° 3 (id {events[2].pk}, test.step_2" in message
    assert "contenu" in message


def test_an_actor_edited_in_raw_sql_is_caught(world):
    events = record_some(world)
    raw("UPDATE {table} SET actor_id = %s WHERE id = %s", [world.users["admin"].pk, events[1].pk])
    report = audit_verify()
    assert not report.ok and "événement n° 2" in report.broken[0] and "auteur" in report.broken[0]


def test_a_digest_recomputed_to_match_an_edit_is_still_caught(world):
    """Whoever rewrites a row and its payload digest breaks its link hash (and every later one)."""
    events = record_some(world)
    from cesp.core.audit import payload_digest

    forged = payload_digest(object_repr=events[0].object_repr, changes={"n": 99}, reason="motif 0")
    raw(
        "UPDATE {table} SET changes = %s, payload_sha256 = %s WHERE id = %s",
        ['{"n": 99}', forged, events[0].pk],
    )
    report = audit_verify()
    assert not report.ok and "événement n° 1" in report.broken[0]


def test_a_deleted_event_is_caught(world):
    events = record_some(world)
    raw("DELETE FROM {table} WHERE id = %s", [events[1].pk])
    report = audit_verify()
    assert not report.ok and "rang 2 est absent" in report.broken[0]


def test_the_last_event_deleted_is_caught_by_the_head(world):
    events = record_some(world)
    raw("DELETE FROM {table} WHERE id = %s", [events[-1].pk])
    report = audit_verify()
    assert not report.ok and "derniers événements ont été supprimés" in report.broken[0]


def test_the_orm_still_refuses_to_rewrite(world):
    events = record_some(world, 1)
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=events[0].pk).update(seq=None)


def test_erasing_the_payload_keeps_the_chain_valid(world):
    events = record_some(world)
    erased = audit_erase_payload(
        AuditEvent.objects.filter(pk__in=[events[0].pk, events[3].pk]),
        actor=None,
        reason="Purge RGPD (test)",
    )
    audit_chain_pending()
    assert erased == 2
    event = AuditEvent.objects.get(pk=events[0].pk)
    assert (event.object_repr, event.changes, event.reason) == ("", {}, "")
    assert event.payload_sha256 == events[0].payload_sha256
    report = audit_verify()
    assert report.ok, report.broken
    assert report.erased == 2 and report.checked == 6  # the erasure itself is recorded
    assert AuditEvent.objects.filter(action="audit.erase_payload", changes={"events": 2}).exists()


def test_a_whole_chain_rewritten_is_caught_by_the_signed_digest(world, signing_pki):
    events = record_some(world)
    audit_digest_sign(now=timezone.now())
    # A forger edits event 2 and recomputes every hash after it, and the head: the chain alone verifies…
    raw("UPDATE {table} SET reason = %s WHERE id = %s", ["forgé", events[1].pk])
    from cesp.core.audit import payload_digest

    prev = events[0].hash
    for event in AuditEvent.objects.filter(seq__gte=2).order_by("seq"):
        digest = payload_digest(object_repr=event.object_repr, changes=event.changes, reason=event.reason)
        event.payload_sha256 = digest
        link = chain_hash(event, seq=event.seq, prev_hash=prev)
        raw(
            "UPDATE {table} SET payload_sha256 = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [digest, prev, link, event.pk],
        )
        prev = link
    raw(f"UPDATE {connection.ops.quote_name(AuditChainHead._meta.db_table)} SET hash = %s", [prev])
    # …but the signed head no longer matches it.
    report = audit_verify()
    assert not report.ok
    assert "ne correspond plus à la chaîne au rang 5" in report.broken[0]


def test_a_forged_digest_signature_is_caught(world, signing_pki):
    record_some(world)
    digest = audit_digest_sign(now=timezone.now())
    raw(
        f"UPDATE {connection.ops.quote_name(digest._meta.db_table)} SET head_hash = %s WHERE id = %s",
        ["f" * 64, digest.pk],
    )
    report = audit_verify()
    assert not report.ok and "signature invalide" in report.broken[0]


def test_audit_seal_chains_and_signs(world, signing_pki):
    audit_record(actor=None, action="test.pending", obj=world.asp)  # on_commit never runs in this test
    out = StringIO()
    call_command("audit_seal", stdout=out)
    assert "1 événement(s) chaîné(s)" in out.getvalue() and "scellée au rang 1" in out.getvalue()
    report = audit_verify()
    assert report.ok and report.digests == 1 and report.pending == 0


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers are tested on PostgreSQL")
def test_concurrent_writers_make_one_unbroken_chain(world):
    """40 requests, each writing three events in its own transaction from its own connection, all at
    once: every event is chained exactly once, ranks 1..120 without gap or fork, and the chain verifies."""
    writers, per_writer = 40, 3
    barrier = threading.Barrier(writers)
    before = AuditEvent.objects.count()

    def write(n):
        try:
            barrier.wait()
            with transaction.atomic():
                for i in range(per_writer):
                    audit_record(actor=None, action=f"race.{n}.{i}", obj=world.asp, reason=str(n))
            return True
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=writers) as pool:
        assert all(pool.map(write, range(writers)))
    audit_chain_pending()  # whatever a writer's on_commit had not appended yet
    total = before + writers * per_writer
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, total + 1))
    report = audit_verify()
    assert report.ok, report.broken
    assert report.checked == total
