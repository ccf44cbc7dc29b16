import io
from datetime import date

from django.urls import reverse

from cesp.decrees.models import Decree, DecreeStatus


def test_dgos_creates_imports_and_publishes(world, client_for, year):
    client = client_for("dgos_agent")
    response = client.post(
        reverse("decrees:create"),
        {
            "kind": "annual",
            "academic_year": "2026-2027",
            "title": "Arrêté test",
            "signed_on": "2027-06-20",
            "effective_on": "2027-06-20",
        },
    )
    decree = Decree.objects.get(title="Arrêté test")
    assert response.status_code == 302
    upload = io.BytesIO(
        b"ufr,region,discipline,categorie,nombre\nmedecine-lille,,medecine,deuxieme_cycle,13\n"
    )
    upload.name = "arrete.csv"
    client.post(reverse("decrees:import", args=[decree.pk]), {"file": upload})
    assert decree.lines.get().count == 13
    # Invisible to others while a draft.
    assert client_for("ufr_agent").get(reverse("decrees:detail", args=[decree.pk])).status_code == 404
    client = client_for("dgos_agent")
    client.post(reverse("decrees:publish", args=[decree.pk]), {"published_on": "2027-07-02"})
    decree.refresh_from_db()
    assert decree.status == DecreeStatus.PUBLISHED and decree.published_on == date(2027, 7, 2)
    page = client_for("anonymous").get(reverse("decrees:detail", args=[decree.pk])).content.decode()
    assert "UFR de médecine de Lille" in page and "13" in page


def test_bad_import_shows_line_numbers_and_changes_nothing(world, client_for, draft):
    client = client_for("dgos_agent")
    upload = io.BytesIO(
        b"ufr,region,discipline,categorie,nombre\nmedecine-lille,,medecine,deuxieme_cycle,x\n"
    )
    upload.name = "arrete.csv"
    response = client.post(reverse("decrees:import", args=[draft.pk]), {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ligne 2" in page and "Nombre de contrats invalide" in page
    assert not draft.lines.exists()


def test_other_roles_cannot_write(world, client_for, draft):
    for role in ["ufr_agent", "asp_agent", "candidate", "ars_referent"]:
        client = client_for(role)
        assert client.post(
            reverse("decrees:publish", args=[draft.pk]), {"published_on": "2027-07-02"}
        ).status_code in (403, 404)
        assert client.get(reverse("decrees:create")).status_code == 403
    draft.refresh_from_db()
    assert draft.status == DecreeStatus.DRAFT
