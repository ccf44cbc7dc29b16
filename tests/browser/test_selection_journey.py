"""The commission's journey, continuing the applications journey from complete files: the
president records the sitting, scores the files, the commission breaks a tie by the ARS casting
vote, draws and validates the lists; the candidate then reads their rank."""

import pytest
from django.urls import reverse

from cesp.selection.models import MemberKind
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.factories import PASSWORD, CandidateFactory
from tests.selection.builders import campaign_for, commission_with_members, complete_application, give_marks

pytestmark = pytest.mark.journey


def visit(page, name):
    screenshot(page, name)
    assert_accessible(page, name)


def test_commission_ranks_with_a_casting_vote_and_the_candidate_sees_their_rank(
    world, new_page, transactional_db
):
    campaign = campaign_for(world.ufr_a.faculty)
    commission, members = commission_with_members(world, campaign=campaign)
    mine = complete_application(campaign, world.users["candidate"])
    rival = complete_application(campaign, CandidateFactory(email="rival@exemple.fr", last_name="Rival"))
    third = complete_application(campaign, CandidateFactory(email="tiers@exemple.fr", last_name="Tiers"))
    # The other members scored before the sitting: the same marks for the candidate and the rival.
    for kind in (MemberKind.ARS, MemberKind.MEDICAL_COUNCIL):
        give_marks(commission, members[kind].user, {mine: 14, rival: 14, third: 10})

    president = world.users["committee_member"]
    page = new_page()
    log_in(page, president.email, PASSWORD)
    page.goto(reverse("selection:index"))
    visit(page, "selection-01-index")
    page.get_by_role("link", name=str(campaign)).click()
    assert "Commission de sélection" in page.locator("h1").inner_text()
    visit(page, "selection-02-commission")

    page.get_by_label("Date de la séance").fill("2027-05-12")
    for member in members.values():
        page.get_by_label(str(member), exact=True).check(force=True)  # the DSFR label covers the box
    page.get_by_role("button", name="Enregistrer la séance").click()
    assert "Séance et présences enregistrées." in page.content()

    for application, mark, name in [(mine, "14", "03-file"), (rival, "14", None), (third, "9,5", None)]:
        page.goto(reverse("selection:file", args=[commission.pk, application.pk]))
        if name:
            visit(page, f"selection-{name}")
        page.get_by_label("Projet professionnel (sur 20)").fill(mark)
        page.get_by_label("Résultats universitaires (sur 20)").fill(mark)
        page.get_by_label("Situation financière (sur 20)").fill(mark)
        page.get_by_role("button", name="Enregistrer mes notes").click()
        assert "Notes enregistrées." in page.content()
    visit(page, "selection-04-file-scored")

    page.goto(reverse("selection:ranking", args=[commission.pk]))
    assert "ex aequo" in page.content()
    visit(page, "selection-05-ranking-tie")
    page.get_by_label("Ordre retenu (numéros de dossier, du premier au dernier)").fill(
        f"{mine.pk}, {rival.pk}"
    )
    page.get_by_label("Résultat du vote à main levée").fill("1 voix contre 1, le président s'abstenant")
    page.get_by_label("Voix prépondérante de l'ARS (si le vote est à égalité)").select_option(
        label=str(members[MemberKind.ARS])
    )
    page.get_by_label("Motif").first.fill("Projet d'installation en zone d'intervention prioritaire")
    page.get_by_role("button", name="Consigner le départage").click()
    assert "Départage consigné." in page.content()
    assert "Voix prépondérante de l'ARS" in page.content()
    visit(page, "selection-06-tie-broken")

    page.get_by_label("Places sur la liste principale").fill("1")
    page.get_by_label("Places sur la liste complémentaire").fill("1")
    page.get_by_role("button", name="Établir les listes").click()
    assert "Listes établies" in page.content()
    visit(page, "selection-07-lists")
    page.get_by_label("Je valide les listes", exact=False).check(force=True)
    page.get_by_role("button", name="Valider les listes").click()
    assert "Listes validées : le procès-verbal est établi" in page.content()
    visit(page, "selection-08-validated")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le procès-verbal (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")

    candidate = new_page()
    log_in(candidate, world.users["candidate"].email, PASSWORD)
    candidate.goto(reverse("selection:my_applications"))
    assert "Liste principale, rang 1" in candidate.content()
    visit(candidate, "selection-09-candidate-result")
    phone = new_page(phone=True)
    log_in(phone, world.users["candidate"].email, PASSWORD)
    phone.goto(reverse("selection:my_applications"))
    visit(phone, "selection-10-candidate-result-phone")
