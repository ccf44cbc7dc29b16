"""The ranking page shows a page of the ranking at a time, with the ties of that page (issue #12): its
size is bounded by the page size, whatever the number of files of the commission."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cesp.accounts.models import User
from cesp.applications.models import Application, ApplicationStatus
from cesp.selection.models import Score
from cesp.selection.views import RANKING_PAGE_SIZE


def add_scored_files(commission, count: int, *, start: int = 0) -> list[Application]:
    """``count`` complete files, scored by every member; two files share each average (a tie each)."""
    candidates = User.objects.bulk_create(
        User(email=f"classement{start + n}@exemple.fr", first_name="Prénom", last_name=f"Nom{start + n:04d}")
        for n in range(count)
    )
    files = Application.objects.bulk_create(
        Application(
            campaign=commission.campaign,
            candidate=candidate,
            cursus=commission.campaign.discipline,
            status=ApplicationStatus.COMPLETE,
            submitted_at=timezone.now(),
        )
        for candidate in candidates
    )
    members = list(commission.members.all())
    Score.objects.bulk_create(
        Score(
            member=member,
            application=application,
            project=mark,
            academic=mark,
            financial=mark,
        )
        for n, application in enumerate(files)
        for mark in [Decimal(20) - Decimal((start + n) // 2) / 100]
        for member in members
    )
    return files


def ranking_page(client, commission, page=None) -> str:
    url = reverse("selection:ranking", args=[commission.pk])
    response = client.get(url, {"page": page} if page else {})
    assert response.status_code == 200
    return response.content.decode()


def table_rows(html: str) -> list[str]:
    """The file links of the ranking table (the lists below it link to the same pages)."""
    table = html.split("<caption>", 1)[1].split("</table>", 1)[0]
    return re.findall(r'href="/selection/\d+/dossiers/(\d+)/"', table)


@pytest.mark.parametrize("files", [RANKING_PAGE_SIZE // 2, 3 * RANKING_PAGE_SIZE + 7])
def test_the_page_holds_at_most_a_page_of_files_and_their_ties(world, client_for, commission, files):
    add_scored_files(commission, files)
    html = ranking_page(client_for("committee_member"), commission)
    rows = table_rows(html)
    assert len(rows) == min(files, RANKING_PAGE_SIZE)
    # One tie-break form per tie with a file on this page, never one per tie of the commission.
    forms = html.count('name="prefix"')
    assert forms == min(files, RANKING_PAGE_SIZE) // 2
    if files > RANKING_PAGE_SIZE:
        assert "Page suivante" in html
        others = files // 2 - forms
        assert f"Égalités restant à départager sur les autres pages du classement : {others}." in html


def test_the_page_size_does_not_grow_with_the_commission(world, client_for, commission):
    client = client_for("committee_member")
    add_scored_files(commission, 2 * RANKING_PAGE_SIZE)
    small = len(ranking_page(client, commission))
    add_scored_files(commission, 4 * RANKING_PAGE_SIZE, start=2 * RANKING_PAGE_SIZE)
    large = len(ranking_page(client, commission))
    # The page differs only by its counts and names, not by the 200 more files (about 1 KB each).
    assert abs(large - small) < 2_000


def test_later_pages_continue_the_ranking(world, client_for, commission):
    files = add_scored_files(commission, RANKING_PAGE_SIZE + 3)
    client = client_for("committee_member")
    first, last = ranking_page(client, commission), ranking_page(client, commission, page=2)
    assert table_rows(first) == [str(f.pk) for f in files[:RANKING_PAGE_SIZE]]
    assert table_rows(last) == [str(f.pk) for f in files[RANKING_PAGE_SIZE:]]
    assert f"<td>{RANKING_PAGE_SIZE + 1}</td>" in last  # positions go on from the first page
    assert "Page précédente" in last and "2 / 2" in last
    # A page number that is not one shows the first or last page rather than an error.
    assert table_rows(ranking_page(client, commission, page="abc")) == table_rows(first)
    assert table_rows(ranking_page(client, commission, page="99")) == table_rows(last)
