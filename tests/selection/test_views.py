import html
from datetime import date

from django.urls import reverse

from cesp.accounts.roles import Role
from cesp.selection import selectors
from cesp.selection.models import CommissionStatus, ListKind, MemberKind
from tests import factories
from tests.second_factor import log_in
from tests.selection.builders import commission_with_members, complete_application, score_all


def test_member_scores_through_the_form_with_a_french_comma(world, client_for, commission, files):
    client = client_for("committee_member")
    url = reverse("selection:score", args=[commission.pk, files[0].pk])
    response = client.post(
        url, {"project": "14,5", "academic": "12", "financial": "9,25", "comment": "Solide"}
    )
    assert response.status_code == 302
    score = selectors.scores_of(commission=commission).get()
    assert str(score.project) == "14.50" and str(score.financial) == "9.25"
    page = client.get(response["Location"]).content.decode()
    assert "Notes enregistrées." in page


def test_out_of_range_mark_is_refused_with_a_message(world, client_for, commission, files):
    client = client_for("committee_member")
    url = reverse("selection:score", args=[commission.pk, files[0].pk])
    response = client.post(url, {"project": "21", "academic": "12", "financial": "9"}, follow=True)
    assert "Notes refusées" in response.content.decode()
    assert not selectors.scores_of(commission=commission).exists()


def test_conflicted_member_is_refused_with_a_message(world, client_for, commission, files, members):
    ordre = members[MemberKind.MEDICAL_COUNCIL].user
    client = client_for("anonymous")
    log_in(client, ordre)
    client.post(reverse("selection:conflict", args=[commission.pk, files[0].pk]), {"reason": "Ma nièce"})
    response = client.post(
        reverse("selection:score", args=[commission.pk, files[0].pk]),
        {"project": "20", "academic": "20", "financial": "20"},
        follow=True,
    )
    # The member no longer opens the file: they are led back to the commission, with the reason.
    assert response.redirect_chain[-1][0] == reverse("selection:detail", args=[commission.pk])
    page = html.unescape(response.content.decode())
    assert "déclaré un conflit d'intérêts" in page
    assert not selectors.scores_of(commission=commission).exists()


def test_ranking_shows_ties_and_records_the_casting_vote(world, client_for, commission, files, members):
    a, b, c, d = files
    score_all(commission, {a: 14, b: 14, c: 16, d: 8})
    client = client_for("committee_member")
    page = client.get(reverse("selection:ranking", args=[commission.pk])).content.decode()
    assert "ex aequo" in page and "à départager" in page
    response = client.post(
        reverse("selection:tie_break", args=[commission.pk]),
        {
            "prefix": "tie0",
            "tie0-order": f"{b.pk}, {a.pk}",
            "tie0-show_of_hands": "2 voix contre 2",
            "tie0-casting_voter": members[MemberKind.ARS].pk,
            "tie0-reason": "Installation prévue en ZIP",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Départage consigné." in page and "Voix prépondérante de l'ARS" in page
    client.post(
        reverse("selection:lists_build", args=[commission.pk]),
        {"main_size": 2, "complementary_size": 1, "reason_not_retained": "Rang insuffisant"},
    )
    kinds = {e.application_id: (e.kind, e.rank) for e in commission.entries.all()}
    assert kinds == {
        c.pk: ("main", 1),
        b.pk: ("main", 2),
        a.pk: ("complementary", 1),
        d.pk: ("not_retained", None),
    }


def test_validation_by_the_president_then_changes_refused(world, client_for, commission, files, members):
    score_all(commission, dict(zip(files, [15, 12, 10, 9], strict=True)))
    client = client_for("ufr_agent")
    client.post(
        reverse("selection:sitting_add", args=[commission.pk]),
        {"held_on": "2027-05-12", "present": [m.pk for m in members.values()]},
    )
    client.post(
        reverse("selection:lists_build", args=[commission.pk]),
        {"main_size": 2, "complementary_size": 1, "reason_not_retained": "Rang insuffisant"},
    )
    # The UFR agent cannot validate: the page offers no form and the service refuses.
    response = client.post(
        reverse("selection:validate", args=[commission.pk]), {"confirm": "on"}, follow=True
    )
    assert "Seul le président" in response.content.decode()
    client = client_for("committee_member")
    response = client.post(
        reverse("selection:validate", args=[commission.pk]), {"confirm": "on"}, follow=True
    )
    assert "Listes validées" in response.content.decode()
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.VALIDATED
    response = client.post(
        reverse("selection:score", args=[commission.pk, files[0].pk]),
        {"project": "1", "academic": "1", "financial": "1"},
        follow=True,
    )
    assert "plus aucune modification n&#x27;est possible" in response.content.decode()
    assert response.status_code == 200
    response = client.get(reverse("selection:minutes", args=[commission.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_committee_member_of_another_ufr_sees_nothing(world, client_for, commission, files):
    other = factories.UserFactory(email="commission-b@exemple.fr")
    factories.MembershipFactory(user=other, organisation=world.ufr_b, role=Role.COMMITTEE_MEMBER)
    client = client_for("anonymous")
    log_in(client, other)
    assert client.get(reverse("selection:detail", args=[commission.pk])).status_code == 404
    assert client.get(reverse("selection:file", args=[commission.pk, files[0].pk])).status_code == 404
    assert client.get(reverse("selection:ranking", args=[commission.pk])).status_code == 404
    response = client.post(
        reverse("selection:score", args=[commission.pk, files[0].pk]),
        {"project": "20", "academic": "20", "financial": "20"},
    )
    assert response.status_code == 404
    assert str(commission.campaign) not in client.get(reverse("selection:index")).content.decode()


def test_committee_member_of_the_same_ufr_not_seated_sees_nothing(world, client_for, commission):
    other = factories.UserFactory(email="commission-a2@exemple.fr")
    factories.MembershipFactory(user=other, organisation=world.ufr_a, role=Role.COMMITTEE_MEMBER)
    client = client_for("anonymous")
    log_in(client, other)
    assert client.get(reverse("selection:detail", args=[commission.pk])).status_code == 404


def test_ars_of_another_region_and_file_of_another_commission(world, client_for, commission, files):
    client = client_for("anonymous")
    log_in(client, world.other_ars_referent)
    assert client.get(reverse("selection:detail", args=[commission.pk])).status_code == 404
    # A file of UFR B's campaign is not a file of UFR A's commission, even by direct URL.
    other_commission, _ = commission_with_members(world, faculty=world.ufr_b.faculty, seat_world_users=False)
    other_file = complete_application(other_commission.campaign, world.other_candidate)
    client = client_for("committee_member")
    assert client.get(reverse("selection:file", args=[commission.pk, other_file.pk])).status_code == 404


def test_candidate_sees_only_their_own_result_once_validated(world, client_for, validated):
    commission, mine = validated
    client = client_for("candidate")
    page = client.get(reverse("selection:my_applications")).content.decode()
    entry = commission.entries.get(application=mine)
    assert entry.kind == ListKind.MAIN
    assert f"Liste principale, rang {entry.rank}" in page
    # The timeline: the states of the file with the UFR's reasons, then the validation.
    assert "Déposé" in page and "Complet" in page and "Toutes les pièces sont présentes." in page
    assert "Listes de la commission validées" in page
    others = commission.entries.exclude(application=mine).select_related("application__candidate")
    for other in others:
        assert other.application.candidate.last_name not in page
    assert client.get(reverse("selection:detail", args=[commission.pk])).status_code == 404
    assert client.get(reverse("selection:minutes", args=[commission.pk])).status_code == 404


def test_candidate_sees_no_result_before_validation(world, client_for, commission, files):
    mine = complete_application(commission.campaign, world.users["candidate"])
    score_all(commission, dict.fromkeys([*files, mine], 10))
    page = client_for("candidate").get(reverse("selection:my_applications")).content.decode()
    assert "dès que la commission aura validé ses listes" in page
    assert "Liste principale" not in page and "Non retenu" not in page


def test_ufr_agent_opens_the_commission_and_seats_members(world, client_for, campaign):
    client = client_for("ufr_agent")
    page = client.get(reverse("selection:index")).content.decode()
    assert "Créer la commission" in page
    response = client.post(reverse("selection:create", args=[campaign.pk]))
    commission = campaign.commission
    assert response.status_code == 302
    response = client.post(
        reverse("selection:member_add", args=[commission.pk]),
        {"user": world.users["committee_member"].pk, "kind": "president"},
        follow=True,
    )
    assert "Membre ajouté" in response.content.decode()
    response = client.post(
        reverse("selection:member_add", args=[commission.pk]),
        {"user": world.users["asp_agent"].pk, "kind": "urps"},
        follow=True,
    )
    assert "Choisissez un compte" in response.content.decode()
    assert list(commission.members.values_list("kind", flat=True)) == ["president"]


def test_national_agents_read_validated_lists_not_marks(world, client_for, validated):
    commission, _ = validated
    for role in ["asp_agent", "dgos_agent"]:
        client = client_for(role)
        page = client.get(reverse("selection:detail", args=[commission.pk])).content.decode()
        assert "Liste principale" in page
        assert client.get(reverse("selection:ranking", args=[commission.pk])).status_code == 403


def test_sitting_date(world, client_for, commission, members):
    client = client_for("ufr_agent")
    response = client.post(
        reverse("selection:sitting_add", args=[commission.pk]), {"held_on": "x"}, follow=True
    )
    assert "Indiquez la date" in response.content.decode()
    client.post(
        reverse("selection:sitting_add", args=[commission.pk]),
        {"held_on": "2027-05-12", "present": [members[MemberKind.PRESIDENT].pk]},
    )
    assert commission.sittings.get().held_on == date(2027, 5, 12)


def test_history_of_the_commission_is_scoped(world, client_for, validated):
    commission, _ = validated
    url = reverse("web:history", kwargs={"label": "selection.commission", "pk": commission.pk})
    page = client_for("ufr_agent").get(url).content.decode()
    assert "selection.validate" in page or "Historique" in page
    client = client_for("anonymous")
    log_in(client, world.other_ufr_agent)
    assert client.get(url).status_code == 404


def test_interview_set_by_the_ufr_and_seen_by_the_candidate(world, client_for, commission):
    mine = complete_application(commission.campaign, world.users["candidate"])
    client = client_for("ufr_agent")
    response = client.post(
        reverse("selection:interview", args=[commission.pk, mine.pk]),
        {"starts_at": "2027-05-05T14:30", "duration_minutes": "25", "place": "Salle du conseil"},
        follow=True,
    )
    assert "Entretien fixé" in response.content.decode()
    page = client_for("candidate").get(reverse("selection:my_applications")).content.decode()
    assert "Mon entretien" in page and "5 mai 2027 à 14:30" in page and "Salle du conseil" in page
    # A committee member who does not preside cannot set interviews.
    ordre = commission.members.get(kind=MemberKind.MEDICAL_COUNCIL).user
    client = client_for("anonymous")
    log_in(client, ordre)
    response = client.post(
        reverse("selection:interview", args=[commission.pk, mine.pk]),
        {"starts_at": "2027-05-06T14:30", "duration_minutes": "25", "place": "Ailleurs"},
    )
    assert response.status_code == 403


def test_documents_of_a_file(world, client_for, commission, files):
    from cesp.applications.models import ScanStatus
    from tests.selection.builders import clean_document

    clean = clean_document(files[0], content=b"%PDF-1.4 notes")
    pending = clean_document(files[0], kind="identity", name="cni.pdf")
    pending.scan_status = ScanStatus.PENDING
    pending.save()
    other = clean_document(files[1], name="autre.pdf")
    client = client_for("committee_member")
    page = client.get(reverse("selection:file", args=[commission.pk, files[0].pk])).content.decode()
    assert "releve.pdf" in page and "cni.pdf" not in page
    response = client.get(reverse("selection:document", args=[commission.pk, files[0].pk, clean.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 notes"
    for doc in (pending, other):  # not clean, or another file's document by direct URL
        assert (
            client.get(reverse("selection:document", args=[commission.pk, files[0].pk, doc.pk])).status_code
            == 404
        )
    assert (
        client_for("asp_agent")
        .get(reverse("selection:document", args=[commission.pk, files[0].pk, clean.pk]))
        .status_code
        == 404
    )


def test_commission_page_shows_what_the_member_has_left_to_score(world, client_for, commission, files):
    from tests.selection.builders import give_marks

    give_marks(commission, world.users["committee_member"], {files[0]: 12})
    page = (
        client_for("committee_member").get(reverse("selection:detail", args=[commission.pk])).content.decode()
    )
    assert page.count(">noté<") == 1 and page.count(">à noter<") == 3


def test_bad_tie_break_input_gives_a_message(world, client_for, commission, files):
    client = client_for("committee_member")
    for order in ["abc", "1", "99999999999999999999999, 1", f"{files[0].pk}, 424242"]:
        response = client.post(
            reverse("selection:tie_break", args=[commission.pk]),
            {"order": order, "show_of_hands": "x", "reason": "y"},
            follow=True,
        )
        assert response.status_code == 200
        assert "refusé" in response.content.decode() or "ne désigne pas" in response.content.decode()
    assert not commission.tie_breaks.exists()


def test_a_file_set_aside_through_the_one_file_handler(world, client_for, commission, files):
    """The four forms of a file's page share one handler: an invalid form, then a valid one."""
    client = client_for("ufr_agent")
    url = reverse("selection:exclude", args=[commission.pk, files[0].pk])
    page = client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "Indiquez le motif." in page and not commission.exclusions.exists()
    page = client.post(url, {"reason": "Projet hors du dispositif"}, follow=True).content.decode()
    assert "Dossier écarté" in page
    assert commission.exclusions.get().reason == "Projet hors du dispositif"
