"""One table of statuses, cycles, quota categories and regimes (cesp/rules/vocabulary.py): the Django
choices and the mappings are built from it, so that adding a status or a regime to the rules cannot
leave a model, a form, the API or the quota dispatch behind."""

import typing

from django.apps import apps
from django.db.models.enums import ChoicesType

from cesp.api import schemas
from cesp.applications.models import CYCLE_OF_STATUS, Application, Cycle, StatusAtSignature
from cesp.contracts.models import Contract, ContractDocument, DocumentKind, Offer, Regime
from cesp.decrees.models import CATEGORY_OF_STATUS, Category
from cesp.rules import scenario, vocabulary
from cesp.rules.regime import REGIME_SOURCES
from cesp.selection.models import OFFER_LIST_KINDS, ListEntry, ListKind
from cesp.web.simulator import SITUATIONS


def test_django_choices_hold_the_rules_values():
    assert tuple(StatusAtSignature.values) == vocabulary.STATUSES_AT_SIGNATURE == scenario.STATUSES
    assert tuple(Cycle.values) == vocabulary.CYCLES
    assert tuple(Category.values) == vocabulary.QUOTA_CATEGORIES
    assert tuple(Regime.values) == vocabulary.REGIMES == tuple(REGIME_SOURCES)


def test_mappings_are_derived_from_the_one_table():
    for situation in vocabulary.SITUATIONS:
        cycle = CYCLE_OF_STATUS[situation.code]
        assert (cycle.value if cycle is not None else None) == situation.cycle
        assert CATEGORY_OF_STATUS[situation.code] == situation.quota_category
    assert CYCLE_OF_STATUS[StatusAtSignature.PADHUE] is None
    assert CATEGORY_OF_STATUS[StatusAtSignature.INTERN] == Category.THIRD_CYCLE


def test_fields_that_hold_a_word_of_the_vocabulary_have_its_choices():
    def choices(model, name):
        return [value for value, _label in model._meta.get_field(name).choices]

    assert choices(Application, "status_at_signature") == StatusAtSignature.values
    assert choices(Contract, "status_at_signature") == StatusAtSignature.values
    assert choices(Contract, "regime") == Regime.values
    assert choices(ContractDocument, "kind") == DocumentKind.values
    assert choices(ListEntry, "kind") == ListKind.values
    assert choices(Offer, "list_kind") == list(OFFER_LIST_KINDS)


def test_list_kind_is_defined_once():
    defined = {
        (value.__module__, value.__name__)
        for config in apps.get_app_configs()
        if config.name.startswith("cesp.") and config.models_module is not None
        for value in vars(config.models_module).values()
        if isinstance(value, ChoicesType) and {"main", "complementary"} & set(value.values)
    }
    assert defined == {("cesp.selection.models", "ListKind")}


def test_the_simulator_and_the_api_offer_the_same_statuses():
    assert sorted(value for value, _label in SITUATIONS) == sorted(vocabulary.STATUSES_AT_SIGNATURE)
    labels = dict(StatusAtSignature.choices)
    assert all(label == labels[value] for value, label in SITUATIONS)
    status_field = schemas.Scenario.model_fields["status_at_signature"].annotation
    assert typing.get_args(status_field) == vocabulary.STATUSES_AT_SIGNATURE
    assert typing.get_args(schemas.SimulationResult.model_fields["regime"].annotation) == vocabulary.REGIMES
