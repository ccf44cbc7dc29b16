"""The law of the CESP as code: pure Python, no Django (see docs/rules.md)."""

from .errors import ParameterError, ScenarioError
from .scenario import Scenario, parse_scenario

__all__ = ["ParameterError", "Scenario", "ScenarioError", "parse_scenario"]
