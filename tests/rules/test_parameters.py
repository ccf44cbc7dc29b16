"""The parameter files: the loader names the faulty file and key; every parameter covers every day
from 2010-01-01 to 2035-12-31 with exactly one value (a Catala-style temporal coverage test)."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from cesp.rules.errors import ParameterError
from cesp.rules.parameters import PARAMETERS_DIR, iter_parameters, load_parameters, parameter, parameters

COVERAGE_START = date(2010, 1, 1)
COVERAGE_END = date(2035, 12, 31)

# The names other modules (and the batch path) read: renaming one is a breaking change.
BINDING_NAMES = {
    "allowance.monthly_gross": Decimal("1200"),
    "allowance.crds_rate": Decimal("0.005"),
    "allowance.start_month.student": Decimal(10),
    "allowance.start_month.intern": Decimal(11),
    "allowance.start_month.padhue": Decimal(10),
    "allowance.start_month.first_cycle": Decimal(10),
    "obligation.minimum_months": Decimal(24),
    "suspension.min_months": Decimal(1),
    "suspension.max_months": Decimal(12),
    "postponement.max_count": Decimal(3),
    "postponement.max_months": Decimal(12),
    "postponement.max_years_after_thesis": Decimal(3),
    "termination.internship_entry_window_months": Decimal(3),
    "breach.penalty_per_month": Decimal(200),
    "breach.penalty_floor": Decimal(2000),
    "breach.lump_sum_penalty": Decimal(20000),
    "breach.degressivity_threshold_months": Decimal(24),
    "breach.degressivity_coefficient": Decimal("0.72"),
    "part_time.min_quotity": Decimal("0.5"),
    "part_time.allowed_signed_from": date(2020, 1, 1),
    "regimes.r1_signed_from": date(2020, 3, 20),
    "regimes.r2_signed_from": date(2025, 3, 24),
    "regimes.r3_applied_from": date(2026, 1, 16),
    "zoning.lost_status_grace_years": Decimal(3),
    "campaign.opens_month": Decimal(9),
    "campaign.signature_window_months": Decimal(16),
    "termination.internship_entry_minimum_months": Decimal(0),
    "termination.internship_entry_cursus.medecine": True,
    "termination.internship_entry_cursus.odontologie": False,
    "breach.degressivity.medecine": True,
    "breach.degressivity.odontologie": True,
    "breach.degressivity.pharmacie": False,
    "breach.degressivity.maieutique": False,
    "breach.penalty_per_month_elapsed_since_signature": False,
    "part_time.full_time_half_days": Decimal(8),
}


@pytest.mark.parametrize(("name", "value"), BINDING_NAMES.items())
def test_binding_names_and_current_values(name, value):
    assert parameter(name)(date(2026, 6, 1)) == value


def test_historical_social_contributions():
    at = parameters
    assert at(date(2017, 12, 31)).allowance.csg_rate == Decimal("0.075")
    assert at(date(2018, 1, 1)).allowance.csg_rate == Decimal("0.092")
    assert at(date(2011, 12, 31)).allowance.csg_crds_base_ratio == Decimal("0.97")
    assert at(date(2012, 1, 1)).allowance.csg_crds_base_ratio == Decimal("0.9825")


def test_values_are_decimal_or_date_never_float():
    for p in iter_parameters():
        for v in p.values:
            expected = bool if p.unit == "boolean" else Decimal | date
            assert isinstance(v.value, expected), p.name
            assert v.reference.title and v.reference.article, p.name


def test_the_dates_a_value_is_in_force():
    elapsed = parameter("breach.penalty_per_month_elapsed_since_signature")
    assert elapsed.in_force(date(2013, 3, 10)) == (date(2012, 3, 28), date(2013, 11, 7))
    assert elapsed(date(2013, 11, 7)) is True and elapsed(date(2013, 11, 8)) is False
    assert parameter("allowance.csg_rate").in_force(date(2026, 1, 1)) == (date(2018, 1, 1), None)


def test_attribute_access_reads_the_value_in_force():
    assert parameters(date(2026, 1, 1)).allowance.start_month.intern == 11
    with pytest.raises(AttributeError):
        _ = parameters(date(2026, 1, 1)).allowance.no_such_thing


def _values_in_force(p, on: date) -> int:
    """How many values apply on a date, computed from the intervals [start, next start)."""
    starts = [v.start for v in p.values]
    ends = [*starts[1:], date.max]
    return sum(1 for s, e in zip(starts, ends, strict=True) if s <= on < e)


def test_temporal_coverage_every_day_2010_2035():
    """Each parameter has exactly one value on every day of the range: checked on the range ends
    and on both sides of every change (the count is constant between changes), then day by day."""
    params = list(iter_parameters())
    assert len(params) >= len(BINDING_NAMES)
    for p in params:
        assert p.values[0].start <= COVERAGE_START, f"{p.name} starts after {COVERAGE_START}"
        boundaries = {COVERAGE_START, COVERAGE_END}
        for v in p.values:
            for d in (v.start - timedelta(days=1), v.start):
                if COVERAGE_START <= d <= COVERAGE_END:
                    boundaries.add(d)
        for d in sorted(boundaries):
            assert _values_in_force(p, d) == 1, f"{p.name} on {d}"
            p(d)  # the loader's own lookup agrees that a value is in force
    # And day by day, cheaply: the lookup never fails and steps only at declared starts.
    day = COVERAGE_START
    previous = {p.name: p.entry(day) for p in params}
    while day <= COVERAGE_END:
        for p in params:
            entry = p.entry(day)
            if entry is not previous[p.name]:
                assert entry.start == day, f"{p.name} changes on {day} without a value starting then"
                previous[p.name] = entry
        day += timedelta(days=1)


# --- the loader's errors name the file and the key ---------------------------------------------------


@pytest.fixture
def param_dir(tmp_path: Path) -> Path:
    target = tmp_path / "parameters"
    shutil.copytree(PARAMETERS_DIR, target)
    return target


def _write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


GOOD = """\
monthly_gross:
  description: Montant.
  unit: currency-EUR
  values:
    2010-01-01:
      value: 1200
      reference: {title: Arrêté, article: art. 1}
"""


def test_copy_of_the_real_files_loads(param_dir):
    tree = load_parameters(param_dir)
    assert tree.allowance.monthly_gross(date(2020, 1, 1)) == 1200


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (GOOD.replace("2010-01-01", "2010-02-30"), "monthly_gross.values.2010-02-30", "date invalide"),
        (GOOD.replace("2010-01-01", "'01/01/2010'"), "monthly_gross.values.01/01/2010", "date invalide"),
        (GOOD.replace("currency-EUR", "euros"), "monthly_gross.unit", "unité inconnue"),
        (GOOD.replace("value: 1200", "value: douze"), "monthly_gross.values.2010-01-01.value", "nombre"),
        (GOOD.replace("value: 1200", "value: true"), "monthly_gross.values.2010-01-01.value", "nombre"),
        (GOOD.replace("value: 1200", "value: -5"), "monthly_gross.values.2010-01-01.value", "positif"),
        (GOOD.replace("value: 1200", "value: null"), "monthly_gross.values.2010-01-01.value", "obligatoire"),
        (GOOD.replace("  description: Montant.\n", ""), "monthly_gross.description", "obligatoire"),
        (
            GOOD.replace(
                "    2010-01-01:\n      value: 1200\n      reference: {title: Arrêté, article: art. 1}\n",
                "    {}\n",
            ),
            "monthly_gross.values",
            "au moins une valeur",
        ),
        (
            GOOD.replace("{title: Arrêté, article: art. 1}", "{title: Arrêté}"),
            "monthly_gross.values.2010-01-01.reference.article",
            "texte non vide",
        ),
        (
            GOOD.replace("article: art. 1}", "article: art. 1, href: 'ftp://x'}"),
            "monthly_gross.values.2010-01-01.reference.href",
            "https",
        ),
        (
            GOOD.replace("  unit: currency-EUR", "  unit: currency-EUR\n  colour: blue"),
            "monthly_gross.colour",
            "clé inconnue",
        ),
        (
            GOOD + "    2009-01-01:\n      value: 1000\n      reference: {title: A, article: B}\n",
            "monthly_gross.values.2009-01-01",
            "ordre croissant",
        ),
        (
            "rate:\n  description: Taux.\n  unit: rate\n  values:\n    2010-01-01:\n      value: 9.2\n"
            "      reference: {title: A, article: B}\n",
            "rate.values.2010-01-01.value",
            "entre 0 et 1",
        ),
        (
            "count:\n  description: N.\n  unit: count\n  values:\n    2010-01-01:\n      value: 2.5\n"
            "      reference: {title: A, article: B}\n",
            "count.values.2010-01-01.value",
            "entier",
        ),
        (
            "when:\n  description: D.\n  unit: date\n  values:\n    2010-01-01:\n      value: 2020-02-31\n"
            "      reference: {title: A, article: B}\n",
            "when.values.2010-01-01.value",
            "date invalide",
        ),
        (
            "flag:\n  description: F.\n  unit: boolean\n  values:\n    2010-01-01:\n      value: 1\n"
            "      reference: {title: A, article: B}\n",
            "flag.values.2010-01-01.value",
            "true ou false",
        ),
        ("monthly_gross: [1, 2]\n", "monthly_gross", "dictionnaire"),
        ("", "broken", "dictionnaire"),
        ("a: [\n", "(syntaxe)", "YAML illisible"),
    ],
)
def test_loader_names_file_and_key(param_dir, text, key, message):
    _write(param_dir, "broken.yaml", text)
    with pytest.raises(ParameterError) as info:
        load_parameters(param_dir)
    assert info.value.file == "broken.yaml"
    assert key in info.value.key, str(info.value)
    assert message in str(info.value)
    assert str(info.value).startswith("broken.yaml: ")


def test_loader_rejects_an_empty_directory(tmp_path):
    with pytest.raises(ParameterError, match="aucun fichier"):
        load_parameters(tmp_path)


def test_float_values_become_exact_decimals(param_dir):
    tree = load_parameters(param_dir)
    assert tree.allowance.csg_crds_base_ratio(date(2020, 1, 1)) == Decimal("0.9825")
    assert str(tree.breach.degressivity_coefficient(date(2020, 1, 1))) == "0.72"
