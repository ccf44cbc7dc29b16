"""The arithmetic of the ranking, kept free of the database so that it reads like the rules.

A member's mark for a file is the weighted mean of the three criteria (out of 20, weights from the
campaign). A file's average is the mean of its members' marks, rounded half up to the hundredth:
the proposed ranking sorts files by it, highest first. Files with the same average are tied; the
commission breaks a tie by recording an order (see ``TieBreak``), else the tie stays shown and
the lists cannot be drawn.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Weights:
    project: Decimal
    academic: Decimal
    financial: Decimal

    @property
    def total(self) -> Decimal:
        return self.project + self.academic + self.financial


def weighted_mark(*, project: Decimal, academic: Decimal, financial: Decimal, weights: Weights) -> Decimal:
    """A member's mark out of 20: the criteria weighted by the campaign's weights."""
    if weights.total <= 0:
        raise ValueError("La somme des coefficients de la campagne doit être positive.")
    total = project * weights.project + academic * weights.academic + financial * weights.financial
    return quantize(total / weights.total)


@dataclass
class FileMarks:
    """What the commission's marks say about one file."""

    application_id: int
    marks: list[Decimal] = field(default_factory=list)  # one weighted mark per member who scored
    project: list[Decimal] = field(default_factory=list)
    academic: list[Decimal] = field(default_factory=list)
    financial: list[Decimal] = field(default_factory=list)

    @staticmethod
    def _mean(values: Sequence[Decimal]) -> Decimal | None:
        return quantize(sum(values, Decimal(0)) / len(values)) if values else None

    @property
    def average(self) -> Decimal | None:
        return self._mean(self.marks)

    @property
    def total(self) -> Decimal:
        return sum(self.marks, Decimal(0))

    @property
    def project_average(self) -> Decimal | None:
        return self._mean(self.project)

    @property
    def academic_average(self) -> Decimal | None:
        return self._mean(self.academic)

    @property
    def financial_average(self) -> Decimal | None:
        return self._mean(self.financial)


@dataclass
class Ranked:
    """A file's place in the proposed ranking."""

    application_id: int
    average: Decimal | None
    position: int  # 1-based position after tie-breaks; equal for unresolved ties
    tied_with: list[int] = field(default_factory=list)  # the other files of its tie group
    tie_resolved: bool = True


def propose(files: Iterable[FileMarks], tie_orders: Sequence[Sequence[int]] = ()) -> list[Ranked]:
    """Rank scored files by average, highest first. ``tie_orders`` are the orders the commission
    recorded for tie groups; an order applies to a group only when it names exactly its files
    (a later change of marks that alters a group makes the old decision moot).

    Files without any mark are left out: they cannot be ranked."""
    scored = [f for f in files if f.marks]
    by_average: dict[Decimal, list[int]] = {}
    for f in scored:
        by_average.setdefault(f.average, []).append(f.application_id)
    orders = {frozenset(order): list(order) for order in tie_orders}
    ranked: list[Ranked] = []
    position = 1
    for average in sorted(by_average, reverse=True):
        group = sorted(by_average[average])
        if len(group) == 1:
            ranked.append(Ranked(group[0], average, position))
            position += 1
            continue
        decided = orders.get(frozenset(group))
        if decided is not None:
            for offset, application_id in enumerate(decided):
                others = [a for a in group if a != application_id]
                ranked.append(Ranked(application_id, average, position + offset, others, True))
        else:
            for application_id in group:
                others = [a for a in group if a != application_id]
                ranked.append(Ranked(application_id, average, position, others, False))
        position += len(group)
    return ranked


def unresolved_ties(ranked: Sequence[Ranked]) -> list[list[int]]:
    groups: dict[Decimal, list[int]] = {}
    for r in ranked:
        if not r.tie_resolved:
            groups.setdefault(r.average, []).append(r.application_id)
    return [sorted(g) for _, g in sorted(groups.items(), reverse=True)]
