"""The month bounds of a contract's timeline, computed once from its events.

Each bound is a month index (``months.py``) used as an exclusive or inclusive interval end, so the
allowance, the obligation and the status read the same dates the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .months import Interval, first_month_from, month_index
from .scenario import (
    Breach,
    DeathOrIncapacity,
    InternshipStart,
    Postponement,
    Practice,
    Scenario,
    StudiesEnd,
    Suspension,
    Termination,
    Thesis,
)


@dataclass(frozen=True, slots=True)
class Timeline:
    scenario: Scenario
    studies_end: date | None
    termination: Termination | None
    breach: date | None
    death: date | None
    internship_start: date | None
    thesis: date | None
    suspensions: tuple[Suspension, ...]
    postponements: tuple[Postponement, ...]  # by start date
    practices: tuple[Practice, ...]  # by start date

    @property
    def as_of_month(self) -> int:
        return month_index(self.scenario.as_of)

    @property
    def suspension_intervals(self) -> list[Interval]:
        """Suspended months: from the month of the start to the month of the end, inclusive."""
        return [(month_index(s.start), month_index(s.end) + 1) for s in self.suspensions]

    def stop_month(self) -> int | None:
        """Exclusive bound of paid months set by the events that stop payments, or None.

        A month is paid when its first day is on or before the end of studies and strictly before a
        termination, a breach or a death (the first-day convention of DOMAIN.md).
        """
        bounds = []
        if self.studies_end is not None:
            bounds.append(month_index(self.studies_end) + 1)
        for stop in (self.termination.on if self.termination else None, self.breach, self.death):
            if stop is not None:
                bounds.append(first_month_from(stop))
        return min(bounds) if bounds else None

    def practice_stop_month(self) -> int | None:
        """Exclusive bound of served months: a breach or a death ends the count."""
        bounds = [first_month_from(d) for d in (self.breach, self.death) if d is not None]
        return min(bounds) if bounds else None


def _first_date(scenario: Scenario, cls: type) -> date | None:
    event = scenario.first(cls)
    return event.on if event is not None else None


def timeline(scenario: Scenario) -> Timeline:
    terminations = [e for e in scenario.events if isinstance(e, Termination)]
    return Timeline(
        scenario=scenario,
        studies_end=_first_date(scenario, StudiesEnd),
        termination=min(terminations, key=lambda e: e.on) if terminations else None,
        breach=_first_date(scenario, Breach),
        death=_first_date(scenario, DeathOrIncapacity),
        internship_start=_first_date(scenario, InternshipStart),
        thesis=_first_date(scenario, Thesis),
        suspensions=tuple(
            sorted((e for e in scenario.events if isinstance(e, Suspension)), key=lambda e: e.start)
        ),
        postponements=tuple(
            sorted((e for e in scenario.events if isinstance(e, Postponement)), key=lambda e: e.start)
        ),
        practices=tuple(
            sorted((e for e in scenario.events if isinstance(e, Practice)), key=lambda e: e.start)
        ),
    )
