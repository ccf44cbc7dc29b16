"""The scenario: a contract's timeline as the rules read it.

A scenario is what ``simulate()`` takes: the contract terms (cursus, status at signature, campaign,
dates of application and signature), the events of its timeline and the date of the computation.
``parse_scenario`` turns the JSON document of the simulator contract (DESIGN.md) into these frozen
dataclasses, collecting every structural error (missing or unknown field, wrong type, malformed
date, unknown value) before the legal checks of ``validation.py`` run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from .errors import ScenarioError
from .vocabulary import STATUSES_AT_SIGNATURE

CURSUSES = ("medecine", "odontologie", "pharmacie", "maieutique")
STATUSES = STATUSES_AT_SIGNATURE
SUSPENSION_REASONS = ("maternity", "adoption", "paternity", "sickness", "accident", "disponibilite")
TERMINATION_REASONS = ("internship_entry", "request")
ZONES = ("ZIP", "ZAC", "none")
SECTORS = (1, 2, None)
MODES = ("liberal", "salaried", "mixed")


@dataclass(frozen=True, slots=True)
class RepeatYear:
    """A repeated or gap year: informational, it never suspends the allowance."""

    type: ClassVar[str] = "repeat_year"
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Suspension:
    """Whole months without allowance (R631-24-...): from the 1st of a month to the last day of one."""

    type: ClassVar[str] = "suspension"
    start: date
    end: date
    reason: str


@dataclass(frozen=True, slots=True)
class InternshipStart:
    type: ClassVar[str] = "internship_start"
    on: date


@dataclass(frozen=True, slots=True)
class Termination:
    type: ClassVar[str] = "termination"
    on: date
    reason: str


@dataclass(frozen=True, slots=True)
class StudiesEnd:
    """Last day of studies: its month is the last one paid."""

    type: ClassVar[str] = "studies_end"
    on: date


@dataclass(frozen=True, slots=True)
class Thesis:
    type: ClassVar[str] = "thesis"
    on: date


@dataclass(frozen=True, slots=True)
class Postponement:
    type: ClassVar[str] = "postponement"
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Practice:
    """A period of practice; ``end`` is None while it goes on.

    ``zone`` is the zone of the commune at the installation (``start``), per the ARS zoning decree
    then in force; ``zone_lost_on`` (with zone ``none``) is the date the commune lost its ZIP or ZAC
    classification, from which the rules compute the zoning grace (``obligation.zone_counts``).
    """

    type: ClassVar[str] = "practice"
    start: date
    end: date | None
    quotity: Decimal
    zone: str
    sector: int | None
    mode: str
    zone_lost_on: date | None = None


@dataclass(frozen=True, slots=True)
class Breach:
    type: ClassVar[str] = "breach"
    on: date


@dataclass(frozen=True, slots=True)
class DeathOrIncapacity:
    type: ClassVar[str] = "death_or_incapacity"
    on: date


Event = (
    RepeatYear
    | Suspension
    | InternshipStart
    | Termination
    | StudiesEnd
    | Thesis
    | Postponement
    | Practice
    | Breach
    | DeathOrIncapacity
)

EVENT_TYPES: dict[str, type] = {
    cls.type: cls
    for cls in (
        RepeatYear,
        Suspension,
        InternshipStart,
        Termination,
        StudiesEnd,
        Thesis,
        Postponement,
        Practice,
        Breach,
        DeathOrIncapacity,
    )
}


@dataclass(frozen=True, slots=True)
class Scenario:
    """A contract's terms and timeline, and the date of the computation (``as_of``).

    ``events`` keep the order of the input document, so that error paths such as ``events[2]``
    point at what the user wrote.
    """

    as_of: date
    cursus: str
    status_at_signature: str
    academic_year: str
    applied_on: date | None
    signed_on: date
    events: tuple[Event, ...] = field(default=())

    @property
    def campaign_year(self) -> int:
        """First calendar year of the selection campaign ("2024-2025" -> 2024)."""
        return int(self.academic_year[:4])

    def of_type(self, cls: type) -> list[tuple[int, Any]]:
        """(index, event) pairs of one type, in input order."""
        return [(i, e) for i, e in enumerate(self.events) if isinstance(e, cls)]

    def first(self, cls: type) -> Any:
        """The earliest event of a type that happens once (by date), or None."""
        found = [e for e in self.events if isinstance(e, cls)]
        return min(found, key=lambda e: e.on) if found else None


# --- parsing ---------------------------------------------------------------------------------------

DATE_MIN = date(1990, 1, 1)
DATE_MAX = date(2199, 12, 31)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")
_MISSING = object()

# field name -> (kind, required, allowed values); kinds are parsed by ``_Parser._value``.
_TOP_FIELDS: dict[str, tuple[str, bool, tuple | None]] = {
    "as_of": ("date", True, None),
    "cursus": ("choice", True, CURSUSES),
    "status_at_signature": ("choice", True, STATUSES),
    "academic_year": ("academic_year", True, None),
    "applied_on": ("date?", False, None),
    "signed_on": ("date", True, None),
    "events": ("list", False, None),
}

_EVENT_FIELDS: dict[str, dict[str, tuple[str, bool, tuple | None]]] = {
    "repeat_year": {"start": ("date", True, None), "end": ("date", True, None)},
    "suspension": {
        "start": ("date", True, None),
        "end": ("date", True, None),
        "reason": ("choice", True, SUSPENSION_REASONS),
    },
    "internship_start": {"on": ("date", True, None)},
    "termination": {"on": ("date", True, None), "reason": ("choice", True, TERMINATION_REASONS)},
    "studies_end": {"on": ("date", True, None)},
    "thesis": {"on": ("date", True, None)},
    "postponement": {"start": ("date", True, None), "end": ("date", True, None)},
    "practice": {
        "start": ("date", True, None),
        "end": ("date?", False, None),
        "quotity": ("decimal", False, None),
        "zone": ("choice", True, ZONES),
        "sector": ("sector", False, None),
        "mode": ("choice", True, MODES),
        "zone_lost_on": ("date?", False, None),
    },
    "breach": {"on": ("date", True, None)},
    "death_or_incapacity": {"on": ("date", True, None)},
}

# Defaults of optional fields when absent.
_DEFAULTS = {
    "applied_on": None,
    "events": [],
    "end": None,
    "quotity": Decimal(1),
    "sector": None,
    "zone_lost_on": None,
}


def _choices(values: tuple) -> str:
    return ", ".join("null" if v is None else str(v) for v in values)


class _Parser:
    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append({"field": path, "message": message})

    def _value(self, path: str, kind: str, allowed: tuple | None, raw: Any) -> Any:
        """Parse one value; on error record it and return _MISSING."""
        if kind in ("date", "date?"):
            if raw is None and kind == "date?":
                return None
            if type(raw) is date:  # a Python caller's date; a datetime (with an hour) is refused
                value = raw
            elif not isinstance(raw, str) or not _DATE_RE.match(raw):
                self.error(path, "Date attendue au format AAAA-MM-JJ (ISO 8601).")
                return _MISSING
            else:
                try:
                    value = date.fromisoformat(raw)
                except ValueError:
                    self.error(path, f"Date inexistante : « {raw} ».")
                    return _MISSING
            # Month arithmetic adds years to these dates: keep them far from date.max.
            if not DATE_MIN <= value <= DATE_MAX:
                self.error(path, f"Date hors de la période traitée ({DATE_MIN.year} à {DATE_MAX.year}).")
                return _MISSING
            return value
        if kind == "choice":
            if not isinstance(raw, str) or raw not in allowed:
                self.error(path, f"Valeur inconnue « {raw} » ; valeurs possibles : {_choices(allowed)}.")
                return _MISSING
            return raw
        if kind == "sector":
            if raw is not None and (isinstance(raw, bool) or raw not in (1, 2)):
                self.error(path, f"Secteur inconnu « {raw} » ; valeurs possibles : 1, 2, null.")
                return _MISSING
            return None if raw is None else int(raw)
        if kind == "decimal":
            if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
                self.error(path, "Nombre attendu (par exemple 0.5 ou 1).")
                return _MISSING
            try:
                value = Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw)
            except InvalidOperation:
                self.error(path, "Nombre attendu (par exemple 0.5 ou 1).")
                return _MISSING
            if not value.is_finite():
                self.error(path, "Nombre fini attendu.")
                return _MISSING
            return value
        if kind == "academic_year":
            m = _YEAR_RE.match(raw) if isinstance(raw, str) else None
            if not m or int(m.group(2)) != int(m.group(1)) + 1:
                self.error(path, "Année universitaire attendue sous la forme « 2024-2025 ».")
                return _MISSING
            return raw
        if kind == "list":
            if not isinstance(raw, list | tuple):
                self.error(path, "Liste d'événements attendue.")
                return _MISSING
            return raw
        raise AssertionError(kind)  # pragma: no cover - programming error

    def record(self, raw: Any, spec: dict, prefix: str, skip: tuple[str, ...] = ()) -> dict[str, Any] | None:
        """Parse the fields of one JSON object against its spec."""
        if not isinstance(raw, dict):
            self.error(prefix, "Objet JSON attendu.")
            return None
        out: dict[str, Any] = {}
        ok = True
        for key in raw:
            if key not in spec and key not in skip:
                self.error(_join(prefix, str(key)), f"Champ inconnu « {key} ».")
                ok = False
        for name, (kind, required, allowed) in spec.items():
            path = _join(prefix, name)
            if name not in raw:
                if required:
                    self.error(path, "Champ obligatoire manquant.")
                    ok = False
                else:
                    out[name] = _DEFAULTS[name]
                continue
            value = self._value(path, kind, allowed, raw[name])
            if value is _MISSING:
                ok = False
            else:
                out[name] = value
        return out if ok else None


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def parse_scenario(data: Any) -> Scenario:
    """Build a Scenario from the JSON document of the simulator contract and check it against the law.

    Raises ``ScenarioError`` listing every problem: first the structural ones (types, dates,
    unknown values), then, if the document is well formed, the legal ones (``validation.py``).
    """
    parser = _Parser()
    top = parser.record(data, _TOP_FIELDS, "")
    events: list[Any] = []
    raw_events = data.get("events", []) if isinstance(data, dict) else []
    if isinstance(raw_events, list | tuple):
        for i, raw in enumerate(raw_events):
            prefix = f"events[{i}]"
            if not isinstance(raw, dict):
                parser.error(prefix, "Objet JSON attendu.")
                continue
            kind = raw.get("type")
            if not isinstance(kind, str) or kind not in EVENT_TYPES:
                known = _choices(tuple(EVENT_TYPES))
                message = f"Type d'événement inconnu « {kind} » ; types possibles : {known}."
                parser.error(f"{prefix}.type", message)
                continue
            values = parser.record(raw, _EVENT_FIELDS[kind], prefix, skip=("type",))
            if values is not None:
                events.append(EVENT_TYPES[kind](**values))
    if parser.errors:
        raise ScenarioError(parser.errors)
    assert top is not None
    top["events"] = tuple(events)
    scenario = Scenario(**top)

    from .validation import validate  # late import: validation reads parameters, scenario does not

    validate(scenario)
    return scenario


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The JSON document of a Scenario (the inverse of ``parse_scenario``)."""

    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            # A JSON number, as the simulator contract writes quotities; short decimals such as
            # 0.75 survive the float exactly (parse_scenario reads floats through str()).
            return float(value)
        return value

    events = []
    for event in scenario.events:
        doc = {"type": event.type}
        doc.update({f.name: plain(getattr(event, f.name)) for f in fields(event)})
        events.append(doc)
    return {
        "as_of": scenario.as_of.isoformat(),
        "cursus": scenario.cursus,
        "status_at_signature": scenario.status_at_signature,
        "academic_year": scenario.academic_year,
        "applied_on": plain(scenario.applied_on),
        "signed_on": scenario.signed_on.isoformat(),
        "events": events,
    }
