"""Declared workflows: every change of state is a row of one table (state → event → state, and who).

Each lifecycle object that moves through states (a file, a commission, a decree, an offer, a contract,
and later a payment run, a request, a breach procedure) declares one ``Workflow`` next to its models.
Its service asks the workflow before moving the object (``workflow.move(...)`` raises
``TransitionNotAllowed`` with a French message when the table has no such row), so a transition that
is not in the table cannot happen, whoever calls. ``docs/workflows.md`` is drawn from the tables
themselves (``manage.py workflows_doc``), and a test fails when the page and the tables differ.

Actors are role values (``cesp.accounts.roles.Role``; the core floor sees them as strings) or
``SYSTEM`` for what the platform does by itself (a scheduled task, a reaction to another app's signal).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

# The platform itself: scheduled tasks, reactions to signals, the demo seed.
SYSTEM = "system"


class TransitionNotAllowed(Exception):
    """The workflow has no row for this state, event and actor; ``message`` says so in French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Transition:
    event: str
    sources: tuple[str, ...]
    target: str
    by: frozenset[str]
    label: str  # what the event is, in French: "Publier l'arrêté"
    # What the user reads when the event is asked in a state it does not leave from, when the domain
    # has a better sentence than the generic one ("Cette proposition n'est plus en attente…").
    refused: str = ""


def transition(
    event: str,
    *,
    sources: Iterable[str] | str,
    target: str,
    by: Iterable[str],
    label: str,
    refused: str = "",
):
    """One row of a table; ``sources`` may be one state or several."""
    sources = (sources,) if isinstance(sources, str) else tuple(sources)
    return Transition(event, sources, target, frozenset(by), label, refused)


_REGISTRY: dict[str, Workflow] = {}


class Workflow:
    def __init__(
        self,
        *,
        name: str,
        title: str,
        states: type[models.TextChoices],
        initial: str,
        transitions: Iterable[Transition],
        register: bool = True,
    ):
        self.name, self.title, self.states, self.initial = name, title, states, initial
        self.transitions = tuple(transitions)
        known = set(states.values)
        seen: set[tuple[str, str]] = set()
        if initial not in known:
            raise ValueError(f"{name}: initial state {initial!r} is not a state")
        for row in self.transitions:
            for state in (*row.sources, row.target):
                if state not in known:
                    raise ValueError(f"{name}.{row.event}: {state!r} is not a state")
            for source in row.sources:
                if (source, row.event) in seen:
                    raise ValueError(f"{name}: two rows for {source!r} --{row.event}-->")
                seen.add((source, row.event))
            if not row.by:
                raise ValueError(f"{name}.{row.event}: nobody may trigger it")
        if register:  # tests build throw-away tables that the docs must not list
            _REGISTRY[name] = self

    def __repr__(self):
        return f"<Workflow {self.name}>"

    def _row(self, state: str, event: str) -> Transition | None:
        for row in self.transitions:
            if row.event == event and state in row.sources:
                return row
        return None

    def label_of(self, state: str) -> str:
        return str(self.states(state).label)

    def allowed(self, *, state: str, event: str, actor: str) -> bool:
        row = self._row(state, event)
        return row is not None and actor in row.by

    def events_from(self, state: str, *, actor: str | None = None) -> list[Transition]:
        """The rows that leave ``state`` (for ``actor`` when given): the actions a page may offer."""
        return [
            row for row in self.transitions if state in row.sources and (actor is None or actor in row.by)
        ]

    def move(self, *, state: str, event: str, actor: str, raises: type[Exception] | None = None) -> str:
        """The state after ``event``, or ``TransitionNotAllowed`` naming what stops it.

        ``raises``: the app's own error (``ContractError``…) to raise instead, with the same French
        message, so that the views that already show that error show the refusal too."""
        try:
            return self._move(state=state, event=event, actor=actor)
        except TransitionNotAllowed as refusal:
            if raises is None:
                raise
            raise raises(refusal.message) from refusal

    def _move(self, *, state: str, event: str, actor: str) -> str:
        row = self._row(state, event)
        if row is None:
            rows = [r for r in self.transitions if r.event == event]
            if rows and rows[0].refused:
                raise TransitionNotAllowed(rows[0].refused)
            what = rows[0].label if rows else event
            raise TransitionNotAllowed(
                f"Action impossible : « {what} » n'est pas possible dans l'état « {self.label_of(state)} »."
            )
        if actor not in row.by:
            raise TransitionNotAllowed(f"Action impossible : vous n'êtes pas habilité à « {row.label} ».")
        return row.target

    def mermaid(self) -> str:
        """The table drawn as a Mermaid state diagram (docs/workflows.md)."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial}"]
        for row in self.transitions:
            for source in row.sources:
                lines.append(f"    {source} --> {row.target}: {row.event}")
        return "\n".join(lines)

    def markdown(self, actor_label) -> str:
        """A section of docs/workflows.md: the diagram and the table, with who may trigger each event."""
        out = [f"## {self.title} (`{self.name}`)", "", "```mermaid", self.mermaid(), "```", ""]
        out += ["| état de départ | événement | état d'arrivée | qui |", "|---|---|---|---|"]
        for row in self.transitions:
            sources = ", ".join(f"{self.label_of(s)} (`{s}`)" for s in row.sources)
            who = ", ".join(sorted(actor_label(a) for a in row.by))
            target = f"{self.label_of(row.target)} (`{row.target}`)"
            out.append(f"| {sources} | {row.label} (`{row.event}`) | {target} | {who} |")
        states = ", ".join(f"`{value}` {label}" for value, label in self.states.choices)
        out += ["", f"États : {states}.", ""]
        return "\n".join(out)


def workflows() -> list[Workflow]:
    """Every declared workflow, in the order the apps declared them."""
    return list(_REGISTRY.values())
