from collections import Counter

import pytest

from cesp.applications.demo import seed_applications_demo
from cesp.applications.models import Application, ApplicationTransition, Campaign, SupportingDocument
from cesp.referentials.loaders import load_academic_years, load_faculties, load_regions
from cesp.web.demo import DEMO_REGION_CODES, seed_demo


@pytest.mark.django_db
def test_demo_files_are_spread_and_the_seed_is_idempotent(django_assert_max_num_queries):
    load_regions()
    load_faculties()
    load_academic_years()
    seed_demo()
    campaigns = Campaign.objects.all()
    assert campaigns.count() >= 5 and {c.status for c in campaigns} == {"open"}
    statuses = Counter(Application.objects.values_list("status", flat=True))
    assert set(statuses) == {"draft", "submitted", "corrections_requested", "complete", "inadmissible"}
    assert Application.objects.get(candidate__email="candidat.0001@demo.cesp.fr").status == "draft"
    assert SupportingDocument.objects.filter(scan_status="clean").exists()
    counts = (
        Application.objects.count(),
        ApplicationTransition.objects.count(),
        SupportingDocument.objects.count(),
    )
    with django_assert_max_num_queries(40):
        seed_applications_demo(demo_region_codes=DEMO_REGION_CODES)
    assert (
        Application.objects.count(),
        ApplicationTransition.objects.count(),
        SupportingDocument.objects.count(),
    ) == counts
