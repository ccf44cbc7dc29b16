"""Every form of the platform bounds what people type (issue 11, items 18 and 19): each text field
has a length limit, each date or instant is a bounded field; and the shared helpers say so in French."""

import importlib
import pkgutil
from datetime import date, datetime

import pytest
from django import forms

import cesp
from cesp.core import bounds
from cesp.core.forms import BoundedDateField, BoundedDateTimeField


def platform_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(cesp.__path__, "cesp."):
        if ".migrations" in module.name or module.name.startswith(("cesp.settings", "cesp.wsgi")):
            continue
        importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("cesp."):
            found.append(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


FORMS = platform_forms()


def test_the_sweep_finds_the_forms():
    names = {cls.__name__ for cls in FORMS}
    assert {"ScoreForm", "CampaignForm", "DecreeForm", "SignForm", "SimulatorForm"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_every_text_field_has_a_length_limit(form_class):
    unbounded = [
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField) and (field.max_length is None or field.max_length > 10_000)
    ]
    assert not unbounded, f"{form_class.__name__} : champs de texte sans limite {unbounded}"


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_every_date_field_is_bounded(form_class):
    unbounded = [
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
        and not isinstance(field, BoundedDateField | BoundedDateTimeField)
    ]
    assert not unbounded, f"{form_class.__name__} : dates sans bornes {unbounded}"


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2008-12-31", "2101-01-01"])
def test_a_bounded_date_field_refuses_years_out_of_range_in_french(value):
    field = BoundedDateField()
    with pytest.raises(forms.ValidationError, match="Saisissez une date entre 2009 et 2100"):
        field.clean(value)


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_bounded_instant_is_refused_before_any_time_zone_conversion(value, settings):
    settings.TIME_ZONE = "Europe/Paris"
    with pytest.raises(forms.ValidationError, match="Saisissez une date entre"):
        BoundedDateTimeField().clean(value)


def test_a_bounded_field_accepts_a_date_of_the_scheme():
    assert BoundedDateField().clean("2026-12-03") == date(2026, 12, 3)
    assert BoundedDateTimeField().clean("2026-12-03T10:30").replace(tzinfo=None) == datetime(
        2026, 12, 3, 10, 30
    )


def test_check_text_and_check_date_speak_french():
    assert bounds.check_text("court", limit=10, label="Motif") == "court"
    with pytest.raises(ValueError, match=r"Motif : 10 caractères au plus \(11 saisis\)"):
        bounds.check_text("x" * 11, limit=10, label="Motif")
    with pytest.raises(ValueError, match="entre le 01/09/2025 et le 31/08/2027"):
        bounds.check_date(date(1, 1, 1), label="Date", lowest=date(2025, 9, 1), highest=date(2027, 8, 31))
    bounds.check_date(date(2026, 1, 1), label="Date", lowest=date(2025, 9, 1), highest=date(2027, 8, 31))
