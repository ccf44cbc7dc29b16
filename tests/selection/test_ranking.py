"""The ranking arithmetic, as tables a member of the commission can check."""

from decimal import Decimal as D

import pytest

from cesp.selection import ranking
from cesp.selection.ranking import FileMarks, Weights, propose, unresolved_ties, weighted_mark

EQUAL = Weights(D(1), D(1), D(1))


@pytest.mark.parametrize(
    ("marks", "weights", "expected"),
    [
        ((D(12), D(15), D(9)), EQUAL, D("12.00")),
        ((D(20), D(0), D(0)), Weights(D(2), D(1), D(1)), D("10.00")),
        ((D("13.5"), D("14.25"), D(10)), Weights(D(3), D(2), D(1)), D("13.17")),  # 79/6 = 13.1667
        ((D(10), D(10), D(11)), EQUAL, D("10.33")),
        ((D(10), D(10), D(12)), EQUAL, D("10.67")),  # half up
    ],
)
def test_weighted_mark(marks, weights, expected):
    project, academic, financial = marks
    assert weighted_mark(project=project, academic=academic, financial=financial, weights=weights) == expected


def test_weights_must_not_sum_to_zero():
    with pytest.raises(ValueError, match="coefficients"):
        weighted_mark(project=D(1), academic=D(1), financial=D(1), weights=Weights(D(0), D(0), D(0)))


def test_average_total_and_criteria():
    f = FileMarks(1, [D(12), D(13)], [D(10), D(11)], [D(12), D(14)], [D(14), D(14)])
    assert f.average == D("12.50")
    assert f.total == D(25)
    assert (f.project_average, f.academic_average, f.financial_average) == (D("10.50"), D(13), D(14))
    assert FileMarks(2).average is None


def files(**averages):
    return [FileMarks(int(k[1:]), [D(v)]) for k, v in averages.items()]


def test_ranking_by_average_with_ties_shown():
    ranked = propose(files(f1="12", f2="15", f3="12", f4="9"))
    assert [(r.application_id, r.position, r.tie_resolved) for r in ranked] == [
        (2, 1, True),
        (1, 2, False),
        (3, 2, False),
        (4, 4, True),
    ]
    assert ranked[1].tied_with == [3]
    assert unresolved_ties(ranked) == [[1, 3]]


def test_a_recorded_order_breaks_the_tie():
    ranked = propose(files(f1="12", f2="15", f3="12"), tie_orders=[[3, 1]])
    assert [(r.application_id, r.position) for r in ranked] == [(2, 1), (3, 2), (1, 3)]
    assert unresolved_ties(ranked) == []


def test_an_order_for_another_group_does_not_apply():
    """A decision about {1, 3} says nothing once file 5 joins the tie."""
    ranked = propose(files(f1="12", f3="12", f5="12"), tie_orders=[[3, 1]])
    assert unresolved_ties(ranked) == [[1, 3, 5]]


def test_files_without_marks_are_not_ranked():
    assert [r.application_id for r in propose([FileMarks(1), *files(f2="3")])] == [2]


def test_quantize_half_up():
    assert ranking.quantize(D("10.005")) == D("10.01")
