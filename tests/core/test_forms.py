"""The platform's form renderer gives the very bytes of the templates it short-cuts (cesp/core/form_renderer.py)."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates

from cesp.core.form_renderer import DsfrFormRenderer

CHOICES = [
    ("", "—"),
    ("a", "Alpha & <b>"),
    (3, 3),
    ("Groupe « un »", [("g1", "Premier"), ("g2", mark_safe("<em>Deuxième</em>"))]),
]

WIDGETS = [
    (forms.TextInput(), "texte", 'a "quoted" <value> & more'),
    (forms.TextInput(attrs={"required": True, "disabled": False, "maxlength": 20, "data-x": None}), "t", ""),
    (forms.NumberInput(attrs={"step": "0.01", "min": 0}), "n", Decimal("1234.50")),
    (forms.NumberInput(), "n", 12),
    (forms.EmailInput(), "e", None),
    (forms.PasswordInput(render_value=True), "p", "secret"),
    (forms.PasswordInput(), "p", "secret"),
    (forms.HiddenInput(), "h", mark_safe("<i>safe</i>")),
    (forms.DateInput(attrs={"type": "date"}), "d", datetime.date(2026, 3, 2)),
    (forms.DateInput(), "d", "2026-13-45"),
    (forms.URLInput(), "u", "https://exemple.fr/?a=1&b=2"),
    (forms.CheckboxInput(), "c", True),
    (forms.CheckboxInput(), "c", False),
    (forms.Textarea(attrs={"rows": 2}), "ta", "Ligne 1\n<script>alert(1)</script> & co"),
    (forms.Textarea(), "ta", ""),
    (forms.Select(choices=CHOICES), "s", "a"),
    (forms.Select(choices=CHOICES, attrs={"class": "fr-select"}), "s", "g2"),
    (forms.Select(choices=CHOICES), "s", 3),
    (forms.Select(choices=[]), "s", None),
    (forms.SelectMultiple(choices=CHOICES), "sm", ["a", "g1"]),
    (forms.NullBooleanSelect(), "nb", True),
    (forms.SelectDateWidget(years=[2026, 2027]), "sd", datetime.date(2027, 5, 1)),
    (forms.ClearableFileInput(), "f", None),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("widget", "name", "value"), WIDGETS, ids=lambda w: type(w).__name__)
def test_every_widget_renders_as_its_templates_do(widget, name, value, language):
    with translation.override(language):
        expected = widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=DsfrDjangoTemplates())
        fast = widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=DsfrFormRenderer())
    assert fast == expected


class EveryField(DsfrBaseForm):
    text = forms.CharField(label="Nom & prénom", max_length=50, help_text="Comme sur <b>la carte</b>")
    optional = forms.CharField(required=False)
    number = forms.DecimalField(max_digits=6, decimal_places=2)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    choice = forms.ChoiceField(choices=CHOICES[1:])
    many = forms.MultipleChoiceField(
        choices=CHOICES[1:3], widget=forms.CheckboxSelectMultiple, help_text="Plusieurs & plus"
    )
    radio = forms.ChoiceField(choices=CHOICES[1:3], widget=forms.RadioSelect)
    inline_radio = forms.ChoiceField(choices=CHOICES[1:3], widget=forms.RadioSelect, required=False)
    few = forms.MultipleChoiceField(choices=CHOICES[1:3], widget=forms.CheckboxSelectMultiple, required=False)
    agree = forms.BooleanField()
    comment = forms.CharField(widget=forms.Textarea)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": "x" * 60,
            "number": "abc",
            "day": "2026-02-30",
            "choice": "zz",
            "comment": "<b>",
            "many": ["zz"],
            "few": ["a"],
            "radio": "3",
        },
    ],
    ids=["unbound", "with errors"],
)
def test_whole_dsfr_forms_render_the_same(data):
    def render(renderer):
        form = EveryField(data, renderer=renderer)
        form.fields["inline_radio"].widget.inline = True
        return str(form)

    expected, fast = render(DsfrDjangoTemplates()), render(DsfrFormRenderer())
    assert fast == expected
    assert 'class="fr-input-group' in fast and "fr-select" in fast  # the DSFR markup is there


def test_the_platform_uses_one_renderer_for_every_form():
    form_a, form_b = EveryField(), EveryField()
    assert form_a.renderer is form_b.renderer is get_default_renderer()
    assert isinstance(form_a.renderer, DsfrFormRenderer)
    # The short cuts are on: Django's own widget templates are the ones found.
    assert {
        "django/forms/widgets/text.html",
        "django/forms/widgets/select.html",
        "django/forms/widgets/checkbox_option.html",
        "dsfr/form_field_snippets/input_snippet.html",
        "dsfr/form_field_snippets/radioselect_snippet.html",
    } <= set(form_a.renderer._fast)


def platform_forms():
    """Every DSFR form of the platform that can be built without arguments."""
    import importlib

    for module in ["accounts", "applications", "selection", "decrees", "contracts"]:
        importlib.import_module(f"cesp.{module}.forms")
    importlib.import_module("cesp.web.simulator")
    importlib.import_module("cesp.web.zoning")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {c for c in subclasses(DsfrBaseForm) if c.__module__.startswith("cesp.")},
        key=lambda c: c.__qualname__,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", platform_forms(), ids=lambda c: c.__qualname__)
def test_the_platforms_forms_render_the_same(form_class):
    def render(renderer, data):
        try:
            form = form_class(data, renderer=renderer)
            return str(form)
        except (TypeError, AttributeError):  # a form whose choices its view provides
            pytest.skip("needs arguments")

    for data in (None, {"__nothing__": "1"}):  # unbound, then bound with every required field missing
        assert render(DsfrFormRenderer(), data) == render(DsfrDjangoTemplates(), data)


def test_an_overridden_widget_template_is_never_short_cut(monkeypatch):
    renderer = DsfrFormRenderer()
    monkeypatch.setattr(
        DsfrFormRenderer, "_is_djangos", lambda self, name: not name.endswith("attrs.html"), raising=True
    )
    assert renderer._fast == {}
