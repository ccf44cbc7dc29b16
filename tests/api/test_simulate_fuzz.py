"""Any JSON document posted to the simulator gets 200 or 422 with the errors document, never a 500."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.test_simulate import DESIGN_EXAMPLE, URL

pytestmark = pytest.mark.django_db

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
JSON = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)
FIELDS = [*DESIGN_EXAMPLE, "applied_on"]
EVENT_FIELDS = ["type", "start", "end", "on", "reason", "quotity", "zone", "sector", "mode"]


@st.composite
def scenarios(draw):
    """The design example with some fields replaced by arbitrary JSON, at the top or in an event."""
    document = json.loads(json.dumps(DESIGN_EXAMPLE))
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        document[name] = draw(JSON)
    if isinstance(document.get("events"), list) and document["events"]:
        event = document["events"][draw(st.integers(0, len(document["events"]) - 1))]
        if isinstance(event, dict):
            for name in draw(st.lists(st.sampled_from(EVENT_FIELDS), max_size=3)):
                event[name] = draw(JSON)
    return document


def check(client, body: str) -> None:
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code in (200, 422), body
    if response.status_code == 422:
        errors = response.json()["errors"]
        assert errors and all(set(e) == {"field", "message"} for e in errors), body


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=JSON)
def test_any_json_value(client, document):
    check(client, json.dumps(document))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=scenarios())
def test_a_scenario_with_arbitrary_values_in_places(client, document):
    check(client, json.dumps(document))
