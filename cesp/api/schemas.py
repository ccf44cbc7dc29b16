"""OpenAPI documentation of the simulator contract (DESIGN.md). These models document the
documents; validation itself is done by ``cesp.rules`` so that the API, the CLI and the function
give the same answers and the same French messages."""

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cesp.rules import vocabulary


class Event(BaseModel):
    model_config = ConfigDict(extra="allow", title="Event")

    type: Literal[
        "repeat_year",
        "suspension",
        "internship_start",
        "termination",
        "studies_end",
        "thesis",
        "postponement",
        "practice",
        "breach",
        "death_or_incapacity",
    ]
    start: date | None = Field(None, description="repeat_year, suspension, postponement, practice")
    end: date | None = Field(
        None, description="repeat_year, suspension, postponement, practice (null: ongoing)"
    )
    on: date | None = Field(
        None, description="internship_start, termination, studies_end, thesis, breach, death"
    )
    reason: str | None = Field(
        None,
        description="suspension: maternity | adoption | paternity | sickness | accident | disponibilite; "
        "termination: internship_entry | request",
    )
    quotity: Decimal | None = Field(None, description="practice: 0.5 to 1, at most six decimals (0.625)")
    zone: Literal["ZIP", "ZAC", "none"] | None = Field(
        None, description="practice: the zone of the commune at the installation (start)"
    )
    zone_lost_on: date | None = Field(
        None,
        description="practice, with zone none: the date the commune lost its ZIP/ZAC status (a loss less "
        "than 3 years before the installation still counts)",
    )
    sector: Literal[1, 2] | None = None
    mode: Literal["liberal", "salaried", "mixed"] | None = None


class Scenario(BaseModel):
    model_config = ConfigDict(title="Scenario")

    as_of: date = Field(description="date of the computation")
    cursus: Literal["medecine", "odontologie", "pharmacie", "maieutique"]
    status_at_signature: Literal[vocabulary.STATUSES_AT_SIGNATURE]
    academic_year: str = Field(pattern=r"^\d{4}-\d{4}$", examples=["2024-2025"])
    applied_on: date | None = Field(
        None,
        description="date of the application (decides regime R3); when absent, the conservative reading: "
        "the opening of the campaign (R3 only when certain)",
    )
    signed_on: date
    events: list[Event] = []


class ScheduleRow(BaseModel):
    model_config = ConfigDict(extra="allow")
    month: str
    gross: str
    net: str


class Allowance(BaseModel):
    model_config = ConfigDict(extra="allow")
    start: date
    end: date | None
    months_paid: int
    months_projected: int | None
    monthly_gross: str
    total_gross: str
    total_net: str
    schedule: list[ScheduleRow]


class Obligation(BaseModel):
    model_config = ConfigDict(extra="allow")
    months_owed: str = Field(description='two decimals, "57.00"; owed = served + remaining exactly')
    months_served: str = Field(description="rounded down to the hundredth")
    months_remaining: str
    installation_deadline: date | None
    postponements_used: int
    postponements_left: int
    latest_practice_start: date | None = Field(
        None, description="the practice begins at the latest on this day (3 years after the thesis)"
    )
    late_installation: bool = Field(False, description="the practice did not begin in time: a breach case")


class AmountDue(BaseModel):
    model_config = ConfigDict(extra="allow")
    reimbursement: str
    penalty: str
    total: str
    rate: str | None = Field(
        None, description="degressivity rate with up to six decimals (doctors and dentists, after studies)"
    )
    basis: Literal["before_studies_end", "after_studies_end"] | None = None


class Explanation(BaseModel):
    figure: str
    rule: str
    source: str


class SimulationResult(BaseModel):
    model_config = ConfigDict(extra="allow", title="SimulationResult")
    regime: Literal[vocabulary.REGIMES]
    allowance: Allowance
    obligation: Obligation
    status: Literal["paid", "suspended", "in_obligation", "fulfilled", "terminated", "breached", "void"]
    amount_due: AmountDue
    explanations: list[Explanation]


class FieldError(BaseModel):
    field: str = Field(description='path in the scenario, e.g. "events[2].end"; "" for the whole document')
    message: str = Field(description="in French, naming the rule that forbids the input")


class Errors(BaseModel):
    model_config = ConfigDict(title="Errors")
    errors: list[FieldError]
