"""Errors raised by the rules package.

Both carry messages meant for people: a scenario error is shown to the user of the simulator
(in French, naming the rule that forbids the input); a parameter error is shown to the lawyer or
engineer who edited a parameter file (naming the file and the key).
"""

from __future__ import annotations


class ScenarioError(ValueError):
    """The scenario cannot be simulated; ``errors`` lists every problem found.

    Each error is ``{"field": "events[2].end", "message": "..."}``; ``field`` is a path into the
    input document (``""`` for the document itself).
    """

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in self.errors))

    @classmethod
    def single(cls, field: str, message: str) -> ScenarioError:
        return cls([{"field": field, "message": message}])


class ParameterError(ValueError):
    """A parameter file is invalid; the message names the file and the key."""

    def __init__(self, file: str, key: str, message: str):
        self.file = file
        self.key = key
        super().__init__(f"{file}: {key}: {message}")
