"""The minutes read back from the PDF: members present, decisions and lists."""

import io
from datetime import date

from pypdf import PdfReader

from cesp.selection import services
from cesp.selection.models import MemberKind
from tests.selection.builders import score_all


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_minutes_name_members_present_decisions_and_lists(world, commission, files, members):
    a, b, c, d = files
    score_all(commission, {a: 14, b: 14, c: 16, d: 5})
    services.tie_break_record(
        actor=world.users["ufr_agent"],
        commission=commission,
        order=[b, a],
        show_of_hands="2 voix contre 2",
        casting_voter=members[MemberKind.ARS],
        reason="Projet d'installation en ZIP",
    )
    services.application_exclude(
        actor=world.users["ufr_agent"], commission=commission, application=d, reason="Dossier hors dispositif"
    )
    services.lists_build(
        actor=world.users["ufr_agent"], commission=commission, main_size=2, complementary_size=1
    )
    present = [m for kind, m in members.items() if kind != MemberKind.MEDICAL_COUNCIL]
    services.sitting_record(
        actor=world.users["ufr_agent"], commission=commission, held_on=date(2027, 5, 12), present=present
    )
    services.commission_validate(actor=world.users["committee_member"], commission=commission)
    commission.refresh_from_db()
    with commission.minutes.open("rb") as file:
        pdf = file.read()
    assert pdf.startswith(b"%PDF")
    text = " ".join(text_of(pdf).split())
    assert "Procès-verbal de la commission de sélection" in text
    for member in present:
        assert str(member.user) in text
    ordre = members[MemberKind.MEDICAL_COUNCIL].user
    assert f"{ordre} Représentant du conseil de l'ordre Absent" in text
    assert "Séance du 12 mai 2027" in text
    assert "2 voix contre 2" in text and "Projet d'installation en ZIP" in text
    assert f"Voix prépondérante du représentant de l'ARS : {world.users['ars_referent']}" in text
    assert f"1 {c.candidate}" in text and f"2 {b.candidate}" in text
    assert "Liste complémentaire" in text and f"1 {a.candidate}" in text
    assert f"{d.candidate} Dossier hors dispositif" in text
    assert str(world.users["committee_member"]) in text.split("Listes validées par")[1]
