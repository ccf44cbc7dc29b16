"""The form renderer of the platform: django-dsfr's, made once, with its small templates in Python.

Rendering a form field walks several small templates: the DSFR field group (``input_snippet.html``,
the fieldsets of checkboxes and radios), then the widget's templates (``text.html`` → ``input.html`` →
``attrs.html``; a ``<select>`` includes ``select_option.html`` and ``attrs.html`` once per option, a
checkbox list renders ``checkbox_option.html`` per option). Each template node costs a context lookup
(a BoundField first tries ``field["name"]`` and fails), a filter, an escape: most of the CPU of a page
with a form (issue #12). Here those templates are written as the Python they amount to, producing the
same bytes: the simulator's form renders in 2 ms instead of 7.5, the work queue's export form (20
checkboxes) in 3 instead of 10. Labels with a hint, rich radios, segmented controls and everything
else keep their templates. ``tests/core/test_forms.py`` renders every widget, a form with every kind of
field and every form of the platform both ways and compares the bytes, so an upgrade of Django or
django-dsfr that changes one of these templates fails there and not in a page.

A template that the project (or anything before it) overrides is never short-cut: the renderer checks
which file each name resolves to and short-cuts only Django's or django-dsfr's own.
"""

from pathlib import Path

import django.forms
import dsfr
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from dsfr.forms import DsfrDjangoTemplates
from dsfr.templatetags.dsfr_tags import dsfr_mark_optionnal_fields
from dsfr.utils import dsfr_input_class_attr

DJANGO_WIDGETS = Path(django.forms.__file__).parent / "templates" / "django" / "forms" / "widgets"
DSFR_TEMPLATES = Path(dsfr.__file__).parent / "templates"
INPUT_TEMPLATES = [
    "input",
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "search",
    "tel",
    "color",
    "checkbox",
]
_CONTEXT = Context(autoescape=True)


def _text(value) -> str:
    """``{{ value }}``: localised, converted to text and escaped, as the template engine does."""
    return render_value_in_context(value, _CONTEXT)


def _string(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    text = "%s" % (value,)  # noqa: UP031 - what the stringformat filter does
    # The filter keeps a safe value safe: so does this (the text comes from a SafeData).
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    attrs = _attrs(widget["attrs"])
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{attrs}>'


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict) -> str:
    # Included by select.html: the file's trailing newline is kept.
    value, attrs, label = _string(option["value"]), _attrs(option["attrs"]), _text(option["label"])
    return f'<option value="{value}"{attrs}>{label}</option>\n'


def _form_snippet(form) -> str:
    """django-dsfr's ``dsfr/form_snippet.html``: the non-field errors, then each field's group."""
    parts = ["\n"]
    errors = form.non_field_errors()
    if errors:
        parts.append(
            '\n  <section class="fr-my-4v fr-input-group fr-input-group--error">\n'
            f"    {_text(errors)}\n  </section>\n"
        )
    parts.append("\n")
    for field in form:
        rendered = field.as_hidden() if field.is_hidden else field.as_field_group()
        parts.append(f"\n  \n    {_text(rendered)}\n  \n")
    parts.append("\n")
    return "".join(parts)


def _input_snippet(field) -> str:
    """django-dsfr's ``dsfr/form_field_snippets/input_snippet.html``: label, hint, widget, errors."""
    group = _text(getattr(field.field.widget, "group_class", "") or "fr-input-group")
    errors = field.errors
    classes = group + (f" {group}--error" if errors else "")
    classes += " fr-input-group--disabled" if field.field.disabled else ""
    label_for = _text(field.id_for_label)
    help_text = ""
    if field.help_text:
        help_text = (
            f'\n      <span class="fr-hint-text" id="{label_for}_helptext">{field.help_text}</span>\n    '
        )
    label = _text(field.label) + conditional_escape(dsfr_mark_optionnal_fields(field))
    widget = _text(dsfr_input_class_attr(field))
    error_block = ""
    if errors:
        error_block = (
            f'\n    <div id="{_text(field.auto_id)}-desc-error">\n      {_text(errors)}\n    </div>\n  '
        )
    return (
        f'\n\n<div class="{classes}">\n  <label for="{label_for}" class="fr-label">\n    \n    '
        f"{label}\n    {help_text}\n    \n  </label>\n  {widget}\n  {error_block}\n</div>\n"
    )


def _legend(field, label_id: str) -> str:
    """The legend of django-dsfr's fieldset snippets (checkboxes, radios)."""
    help_text = ""
    if field.help_text:
        help_text = (
            f'\n      <span class="fr-hint-text" id="{label_id}_helptext">{field.help_text}</span>\n    '
        )
    label = _text(field.label) + conditional_escape(dsfr_mark_optionnal_fields(field))
    return (
        '  <legend class="fr-fieldset__legend fr-fieldset__legend--regular"\n'
        f'          id="{label_id}-legend">\n'
        f"    \n    {label}\n    {help_text}\n    \n  </legend>\n  "
    )


def _choices(field) -> str:
    """The options of a fieldset snippet, each in its DSFR element."""
    field = dsfr_input_class_attr(field)
    inline = " fr-fieldset__element--inline" if getattr(field.field.widget, "inline", False) else ""
    parts = ["\n    "]
    for subwidget in field.subwidgets:
        parts.append(
            f'\n      <div class="fr-fieldset__element{inline}">\n'
            f"        {_text(subwidget)}\n      </div>\n    "
        )
    parts.append("\n  ")
    return "".join(parts)


def _checkboxes_snippet(field) -> str:
    """django-dsfr's ``checkboxselectmultiple_snippet.html``."""
    auto_id = _text(field.auto_id)
    errors = field.errors
    head = (
        f'\n<fieldset class="fr-fieldset{" fr-fieldset--error" if errors else ""} fr-fieldsets"\n'
        f'          id="checkboxes-{auto_id}"\n'
        f'          aria-labelledby="{auto_id}-legend{f" {auto_id}-messages" if errors else ""}">\n'
    )
    error_block = ""
    if errors:
        error_block = f'\n    <div id="{auto_id}-desc-error">\n      {_text(errors)}\n    </div>\n  '
    return f"{head}{_legend(field, auto_id)}{_choices(field)}\n  {error_block}\n</fieldset>\n"


def _radios_snippet(field) -> str:
    """django-dsfr's ``radioselect_snippet.html``."""
    auto_id = _text(field.auto_id)
    errors = field.errors
    head = (
        f'\n<fieldset class="fr-fieldset{" fr-fieldset--error" if errors else ""}"\n'
        f'          id="radio-{auto_id}"\n'
        f'          aria-labelledby="{auto_id}-legend{f" {auto_id}-desc-error" if errors else ""}">\n'
    )
    error_block = ""
    if errors:
        error_block = (
            f'\n    <div class="fr-messages-group" id="{auto_id}-desc-error">\n'
            f"      {_text(errors)}\n    </div>\n  "
        )
    return f"{head}{_legend(field, auto_id)}{_choices(field)}\n  {error_block}\n</fieldset>\n"


def _option_label(widget: dict) -> str:
    """The ``{% if widget.wrap_label %}`` block of django-dsfr's checkbox and radio options."""
    if not widget.get("wrap_label"):
        return ""
    option_id = widget["attrs"].get("id")
    label_for = f'for="{_text(option_id)}"' if option_id else ""
    label = _text(widget["label"])
    opening = f'\n    <label class="fr-label"\n           {label_for}>'
    return f"{opening}\n      \n        {label}\n      \n    </label>\n  "


def _checkbox_option(context) -> str | None:
    widget = context["widget"]
    dsfr_group = widget["attrs"].get("dsfr") == "dsfr"
    opening = '\n  <div class="fr-checkbox-group">\n  ' if dsfr_group else ""
    closing = "\n  </div>\n" if dsfr_group else ""
    return f"{opening}\n  {_input(widget)}\n\n  {_option_label(widget)}\n  {closing}\n"


def _radio_option(context) -> str | None:
    widget = context["widget"]
    return f'<div class="fr-radio-group">\n  {_input(widget)}\n\n  {_option_label(widget)}\n</div>\n'


def _plain_label(context) -> bool:
    """Options whose label is text (rich labels with a hint keep their template)."""
    return isinstance(context["widget"]["label"], str)


class DsfrFormRenderer(DsfrDjangoTemplates):
    """One per process (``FORM_RENDERER``): one template engine with its cached loader for every form."""

    @cached_property
    def _fast(self) -> dict:
        candidates = {
            f"django/forms/widgets/{name}.html": lambda context: _input(context["widget"])
            for name in INPUT_TEMPLATES
        }
        candidates["django/forms/widgets/textarea.html"] = lambda context: _textarea(context["widget"])
        candidates["django/forms/widgets/select.html"] = lambda context: self._select(context["widget"])
        included = ["attrs.html", "input.html", "select_option.html"]  # what the others include
        if not all(self._is_djangos(f"django/forms/widgets/{name}") for name in included):
            return {}  # overridden somewhere: every widget keeps its templates
        fast = {name: render for name, render in candidates.items() if self._is_djangos(name)}
        dsfr_snippets = {
            "dsfr/form_snippet.html": lambda context: _form_snippet(context["form"]),
            "dsfr/form_field_snippets/input_snippet.html": lambda context: _input_snippet(context["field"]),
            "dsfr/form_field_snippets/checkboxselectmultiple_snippet.html": lambda context: (
                _checkboxes_snippet(context["field"])
            ),
            "dsfr/form_field_snippets/radioselect_snippet.html": lambda context: _radios_snippet(
                context["field"]
            ),
            "django/forms/widgets/checkbox_option.html": lambda c: (
                _checkbox_option(c) if _plain_label(c) else None
            ),
            "django/forms/widgets/radio_option.html": lambda c: _radio_option(c) if _plain_label(c) else None,
        }
        for name, render in dsfr_snippets.items():
            if self._is_dsfrs(name):
                fast[name] = render
        return fast

    def _origin(self, name: str) -> Path:
        return Path(self.get_template(name).origin.name)

    def _is_djangos(self, name: str) -> bool:
        return self._origin(name).is_relative_to(DJANGO_WIDGETS)

    def _is_dsfrs(self, name: str) -> bool:
        return self._origin(name).is_relative_to(DSFR_TEMPLATES)

    def _select(self, widget: dict) -> str:
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                parts.append("\n  ")
                if option["template_name"] == "django/forms/widgets/select_option.html":
                    parts.append(_option(option))
                else:  # a widget of its own: its template, as {% include %} renders it
                    parts.append(self.get_template(option["template_name"]).render({"widget": option}))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)

    def render(self, template_name, context, request=None):
        fast = self._fast.get(template_name)
        html = fast(context) if fast is not None and request is None else None
        if html is None:
            return super().render(template_name, context, request)
        return html.strip()
