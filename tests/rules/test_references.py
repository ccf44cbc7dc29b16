"""Sources are cited as a reader can find them: public texts and documents by their title and date,
never as "seeds" or an internal file, and without the platform's open questions (those are in
docs/rules.md). The contract's annex and every explanation print these citations."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings

from cesp.rules import simulate
from cesp.rules.parameters import iter_parameters

from .strategies import scenarios

# What a citation must not say: an internal name, or a doubt that belongs to docs/rules.md.
NOT_A_CITATION = re.compile(
    r"seeds|DOMAIN\.md|DESIGN\.md|à confirmer|non trouv|non relev|supposée?|question ouverte", re.IGNORECASE
)


def test_every_parameter_reference_cites_a_public_text_or_a_platform_convention():
    wrong = [
        f"{p.name} ({v.start}): {v.reference.cite()}"
        for p in iter_parameters()
        for v in p.values
        if NOT_A_CITATION.search(f"{v.reference.title} {v.reference.article}")
    ]
    assert wrong == []


@settings(
    max_examples=int(os.environ.get("RULES_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(scenarios())
def test_every_explanation_cites_its_source_without_internal_names(doc):
    for explanation in simulate(doc)["explanations"]:
        assert not NOT_A_CITATION.search(explanation["source"]), explanation
