"""The declared workflow tables: a move that is not a row is refused, with a French message."""

import pytest
from django.db import models

from cesp.core.workflow import SYSTEM, TransitionNotAllowed, Workflow, transition


class LampState(models.TextChoices):
    OFF = "off", "Éteinte"
    ON = "on", "Allumée"
    BROKEN = "broken", "Cassée"


def lamp(*, refused: str = ""):
    return Workflow(
        name="test.lamp",
        title="Lampe",
        states=LampState,
        initial=LampState.OFF,
        register=False,
        transitions=[
            transition(
                "switch_on",
                sources=LampState.OFF,
                target=LampState.ON,
                by=["ufr_agent"],
                label="Allumer",
                refused=refused,
            ),
            transition(
                "break",
                sources=[LampState.OFF, LampState.ON],
                target=LampState.BROKEN,
                by=[SYSTEM],
                label="Casser",
            ),
        ],
    )


def test_a_row_of_the_table_moves_the_state():
    assert lamp().move(state=LampState.OFF, event="switch_on", actor="ufr_agent") == LampState.ON
    assert lamp().move(state=LampState.ON, event="break", actor=SYSTEM) == LampState.BROKEN


def test_an_event_from_a_state_without_its_row_is_refused_in_french():
    with pytest.raises(TransitionNotAllowed) as refused:
        lamp().move(state=LampState.BROKEN, event="switch_on", actor="ufr_agent")
    assert (
        refused.value.message == "Action impossible : « Allumer » n'est pas possible dans l'état « Cassée »."
    )


def test_an_actor_not_named_by_the_row_is_refused():
    with pytest.raises(TransitionNotAllowed, match="pas habilité à « Allumer »"):
        lamp().move(state=LampState.OFF, event="switch_on", actor="asp_agent")
    assert not lamp().allowed(state=LampState.OFF, event="switch_on", actor="asp_agent")
    assert [row.event for row in lamp().events_from(LampState.ON, actor=SYSTEM)] == ["break"]


def test_a_table_naming_an_unknown_state_or_twice_the_same_row_does_not_load():
    with pytest.raises(ValueError, match="not a state"):
        Workflow(
            name="test.bad",
            title="",
            states=LampState,
            initial=LampState.OFF,
            register=False,
            transitions=[transition("x", sources="nowhere", target=LampState.ON, by=[SYSTEM], label="x")],
        )
    with pytest.raises(ValueError, match="two rows"):
        Workflow(
            name="test.bad",
            title="",
            states=LampState,
            initial=LampState.OFF,
            register=False,
            transitions=[
                transition("x", sources=LampState.OFF, target=LampState.ON, by=[SYSTEM], label="x"),
                transition("x", sources=LampState.OFF, target=LampState.BROKEN, by=[SYSTEM], label="x"),
            ],
        )


def test_the_diagram_is_drawn_from_the_rows():
    assert lamp().mermaid().splitlines() == [
        "stateDiagram-v2",
        "    [*] --> off",
        "    off --> on: switch_on",
        "    off --> broken: break",
        "    on --> broken: break",
    ]


def test_a_row_may_say_in_its_own_words_why_it_is_refused_in_another_state():
    table = lamp(refused="Cette lampe est déjà allumée ou cassée.")
    with pytest.raises(TransitionNotAllowed, match=r"^Cette lampe est déjà allumée ou cassée\.$"):
        table.move(state=LampState.ON, event="switch_on", actor="ufr_agent")
    # The wrong actor still hears who may act, not the state's sentence.
    with pytest.raises(TransitionNotAllowed, match="pas habilité à « Allumer »"):
        table.move(state=LampState.OFF, event="switch_on", actor="asp_agent")


class AppError(ValueError):
    pass


def test_a_refusal_can_be_raised_as_the_apps_own_error_with_the_same_message():
    with pytest.raises(AppError, match="n'est pas possible dans l'état « Cassée »") as refused:
        lamp().move(state=LampState.BROKEN, event="switch_on", actor="ufr_agent", raises=AppError)
    assert isinstance(refused.value.__cause__, TransitionNotAllowed)
    assert lamp().move(state=LampState.OFF, event="switch_on", actor="ufr_agent", raises=AppError) == "on"
