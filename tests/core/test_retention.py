"""Retention and purge: a dry run first, then exactly what it listed goes; the audit trail and the
anonymised counts stay; a person downloads all the platform holds about them."""

import io
import json
import os
import zipfile
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cesp.applications.models import Application, SupportingDocument
from cesp.core.audit import audit_chain_pending, audit_verify
from cesp.core.models import AuditEvent, PurgeRun
from cesp.core.retention import PurgeRefused, purge_run
from tests.applications.helpers import add_required_documents, draft, open_campaign, submitted
from tests.second_factor import log_in

AFTER_DRAFT_RETENTION = date(2026, 8, 1)  # deadline 2026-04-01 + 3 months
AFTER_DOCUMENT_RETENTION = date(2028, 5, 1)  # commission 2026-04-21 + 24 months


def purge(*args):
    out = StringIO()
    call_command("purge", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def files(world):
    campaign = open_campaign(world)
    old_draft = add_required_documents(draft(world, campaign), clean=True)
    kept = submitted(world, campaign, world.other_candidate)
    return campaign, old_draft, kept


def test_the_dry_run_lists_and_changes_nothing(files):
    _, old_draft, _ = files
    output = purge("--dry-run", "--as-of", AFTER_DRAFT_RETENTION.isoformat())
    assert "Dossiers jamais déposés (retention.unsubmitted_draft_months) : 1 seraient supprimés" in output
    assert f"identifiants : {old_draft.pk}" in output
    assert Application.objects.filter(pk=old_draft.pk).exists()
    run = PurgeRun.objects.get()
    assert run.dry_run and run.counts["applications.unsubmitted_drafts"] == 1


def test_a_purge_without_a_dry_run_is_refused(files):
    with pytest.raises(CommandError, match="Aucun essai à blanc récent"):
        purge("--as-of", AFTER_DRAFT_RETENTION.isoformat())
    assert Application.objects.count() == 2


def test_a_purge_after_the_list_changed_is_refused(files, world):
    purge("--dry-run", "--as-of", AFTER_DRAFT_RETENTION.isoformat())
    draft(world, files[0], world.users["asp_agent"])  # one more draft since the review
    with pytest.raises(CommandError, match="La liste a changé"):
        purge("--as-of", AFTER_DRAFT_RETENTION.isoformat())
    assert Application.objects.count() == 3


def test_the_real_run_purges_the_listed_draft_and_keeps_the_chain(files):
    _, old_draft, kept = files
    paths = [d.file.path for d in old_draft.documents.all()]
    assert paths and all(os.path.exists(p) for p in paths)
    purge("--dry-run", "--as-of", AFTER_DRAFT_RETENTION.isoformat())
    output = purge("--as-of", AFTER_DRAFT_RETENTION.isoformat())
    assert "1 supprimés" in output
    assert not Application.objects.filter(pk=old_draft.pk).exists()
    assert not SupportingDocument.objects.filter(application_id=old_draft.pk).exists()
    assert not any(os.path.exists(p) for p in paths)
    assert Application.objects.filter(pk=kept.pk).exists()
    # The audit trail stays: the draft's events lost their readable payload, the chain verifies.
    events = AuditEvent.objects.filter(object_id=str(old_draft.pk), content_type__model="application")
    assert events.exists() and all(e.erased_at and e.changes == {} for e in events)
    audit_chain_pending()
    assert audit_verify().ok
    # The anonymised counts stay.
    real = PurgeRun.objects.filter(dry_run=False).get()
    assert real.counts == {"applications.unsubmitted_drafts": 1, "contracts.not_retained_documents": 0}


def test_drafts_within_their_retention_stay(files):
    purge("--dry-run", "--as-of", "2026-06-01")
    purge("--as-of", "2026-06-01")
    assert Application.objects.count() == 2


def test_documents_of_candidates_without_contract_go_after_24_months(files):
    _, _, kept = files
    day = AFTER_DOCUMENT_RETENTION.isoformat()
    purge("--dry-run", "--as-of", day)
    purge("--as-of", day)
    assert Application.objects.filter(pk=kept.pk).exists()  # the file stays, for the statistics
    assert not SupportingDocument.objects.filter(application=kept).exists()


def test_a_bad_date_gets_a_french_message(db):
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        purge("--dry-run", "--as-of", "demain")


def test_the_service_refuses_too(files):
    with pytest.raises(PurgeRefused):
        purge_run(as_of=AFTER_DRAFT_RETENTION, dry_run=False)


def test_a_person_downloads_everything_about_them_and_only_that(files, world, client):
    _, old_draft, _ = files
    log_in(client, world.users["candidate"])
    assert "Télécharger mes données" in client.get(reverse("accounts:personal_data")).content.decode()
    response = client.post(reverse("accounts:personal_data"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("donnees.json"))
    assert data["personne"] == "candidate@exemple.fr"
    assert [a["id"] for a in data["données"]["candidatures"]["dossiers"]] == [old_draft.pk]
    assert data["données"]["compte"]["compte"][0]["email"] == "candidate@exemple.fr"
    names = archive.namelist()
    assert len([n for n in names if n.startswith("fichiers/candidatures/")]) == old_draft.documents.count()
    assert "candidate-b@exemple.fr" not in json.dumps(data)
    assert AuditEvent.objects.filter(action="account.data_export", actor=world.users["candidate"]).exists()


def test_an_agent_downloads_their_own_data_too(world, client):
    log_in(client, world.users["ufr_agent"])
    response = client.post(reverse("accounts:personal_data"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("donnees.json"))
    assert data["données"]["compte"]["rattachements"][0]["organisation__name"] == "UFR de médecine de Lille"
    assert data["données"]["compte"]["second_facteur"][0]["confirmed"] is True
    assert "key" not in json.dumps(data["données"]["compte"]["second_facteur"])
