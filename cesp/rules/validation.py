"""Legal checks of a well-formed scenario (filled in below)."""

from __future__ import annotations

from .scenario import Scenario


def validate(scenario: Scenario) -> None:
    """Raise ScenarioError listing every rule the scenario breaks."""
