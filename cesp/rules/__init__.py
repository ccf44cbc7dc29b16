"""The law of the CESP as code: pure Python, no Django (see docs/rules.md).

``simulate(scenario)`` is the public entry point; the other modules hold the rules one topic each:
``regime`` (regime and eligibility), ``allowance``, ``obligation``, ``breach`` (status and amounts
due), ``validation``, ``parameters`` (dated values with their legal references), ``months``.
"""

from .errors import ParameterError, ScenarioError
from .parameters import parameters
from .scenario import Scenario, parse_scenario
from .simulate import simulate

__all__ = ["ParameterError", "Scenario", "ScenarioError", "parameters", "parse_scenario", "simulate"]
