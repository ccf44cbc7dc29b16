"""The template filters say a figure as the rules' sentences do, in the active language.

Before, ``cesp_format`` and ``cesp.rules.explain`` each formatted money (half-even in the filters,
half-up in the sentences, a plain space before € in the sentences) and rates (the filters rounded to
a tenth); both now call ``cesp.rules.formatting``, and these tests prove they give one string.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cesp.core import figures
from cesp.rules import explain

NB, NNB = "\u00a0", "\u202f"


def render(source: str, language: str = "fr", **context) -> str:
    with translation.override(language):
        return Template("{% load cesp_format %}" + source).render(Context(context))


amounts = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12),
    st.builds(lambda n, k: Decimal(n).scaleb(-k), st.integers(-(10**20), 10**20), st.integers(0, 12)),
)


@given(amounts)
def test_money_months_and_numbers_read_the_same_on_a_page_and_in_a_sentence(value):
    assert render("{{ v|euros }}", v=value) == explain.euros(value)
    assert render("{{ v|euros }}", v=str(value)) == explain.euros(value)  # as the JSON gives it
    assert render("{{ v|months }}", v=value) == explain.number(value)
    assert render("{{ v|number }}", v=value) == explain.number(value)
    assert render("{{ v|percent }}", v=value) == explain.percent(value)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_short_dates_read_the_same_on_a_page_and_in_a_sentence(d):
    assert render("{{ d|day_short }}", d=d) == explain.day(d)


def test_the_consistency_fixes():
    # Money was rounded half-even by the filter ("0,12 €"); the cent is rounded half-up everywhere.
    assert render("{{ v|euros }}", v="0.125") == f"0,13{NB}€" == explain.euros(Decimal("0.125"))
    # A rate was rounded to a tenth by the filter ("64,1 %"); it now shows the rate the rules applied.
    assert render("{{ v|percent }}", v="0.6412") == f"64,12{NB}%" == explain.percent(Decimal("0.6412"))
    # A zero has no sign.
    assert render("{{ v|euros }}", v="-0.00") == f"0,00{NB}€"


def test_filters_follow_the_active_language():
    assert render("{{ v|euros }}", "en", v="1200") == "€1,200.00"
    assert render("{{ v|percent }}", "en", v="0.092") == "9.2%"
    assert render("{{ v|months }}", "en", v="18.75") == "18.75"
    assert render("{{ d|day }}", "fr", d=date(2026, 10, 1)) == "1er octobre 2026"
    assert render("{{ d|day }}", "en", d=date(2026, 10, 1)) == "1 October 2026"
    assert render("{{ d|day }}", d="2026-12-03") == "3 décembre 2026"  # an ISO date from the rules' JSON
    assert render('{{ m|month_year:"short" }}', m="2026-02") == "févr. 2026"
    assert render('{{ m|month_year:"short" }}', "en", m="2026-02") == "Feb 2026"
    assert render("{{ n|year_of_study }}", n=1) == "1re année"
    assert render("{{ n|year_of_study }}", "en", n=3) == "3rd year"


def test_moments_are_shown_in_local_time():
    at = datetime(2026, 10, 31, 23, 30, 5, tzinfo=UTC)  # 1 November, 00:30 in Paris
    assert render("{{ t|moment }}", t=at) == "1er novembre 2026 à 00:30"
    assert render('{{ t|moment:"seconds" }}', "en", t=at) == "1 November 2026 at 00:30:05"
    assert render('{{ t|moment:"weekday" }}', t=at) == "dimanche 1er novembre 2026 à 00:30"
    assert render("{{ t|moment_short }}", t=at) == "01/11/2026 00:30"
    assert render("{{ t|day }}", t=at) == "1er novembre 2026"
    assert render("{{ t|clock }}", t=at) == "00:30"
    assert figures.moment(at) == "1er novembre 2026 à 00:30"  # the same outside templates


@pytest.mark.parametrize("value", [None, "", "abc", "NaN", "Infinity", [], True])
def test_what_is_not_a_figure_shows_as_a_dash(value):
    for name in ("euros", "months", "number", "percent", "day", "day_short", "moment", "year_of_study"):
        assert render(f"{{{{ v|{name} }}}}", v=value) == "—", name


def test_an_unknown_option_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown options"):
        render('{{ d|day:"bold" }}', d=date(2026, 1, 1))


def test_a_french_document_stays_french_for_an_english_reader():
    """The offer e-mails, the contract and the minutes are French texts: their figures are said in
    French even when the agent who triggers them browses in English."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    candidate = SimpleNamespace(get_full_name=lambda: "Jeanne Dupont", email="j@example.org")
    offer = SimpleNamespace(candidate=candidate, deadline=datetime(2026, 10, 1, 8, 0, tzinfo=UTC))
    with translation.override("en"):
        text = render_to_string("contracts/email/offer_reminder.txt", {"offer": offer})
    assert "expire le 1er octobre 2026 à 10:00." in text  # Paris time, in French
