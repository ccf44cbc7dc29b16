"""django-dsfr's site configuration is read once, not on every page (issue #12)."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from dsfr.models import DsfrConfig

from cesp.core import context_processors


@pytest.mark.django_db
def test_the_site_configuration_is_read_once_then_kept(django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(context_processors, "_process_memo", {})
    cache.clear()
    DsfrConfig.objects.create(language="fr", site_title="CESP")
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        first = context_processors.site_config(request)
    with django_assert_num_queries(0):
        again = [context_processors.site_config(request) for _ in range(20)]
    assert first["SITE_CONFIG"].site_title == "CESP"
    assert all(page["SITE_CONFIG"].pk == first["SITE_CONFIG"].pk for page in again)
    # Another process (an empty memo) finds it in the shared cache, without a query.
    monkeypatch.setattr(context_processors, "_process_memo", {})
    with django_assert_num_queries(0):
        assert context_processors.site_config(request)["SITE_CONFIG"].site_title == "CESP"
