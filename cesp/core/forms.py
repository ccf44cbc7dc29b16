"""Form fields shared by the apps: dates and instants bounded to the years of the scheme.

A browser's date input accepts years 1 to 275760; Django parses any year from 1 to 9999 and the
conversion of an instant of year 1 to UTC overflows. These fields refuse, with a French message,
any date outside ``cesp.core.bounds`` (or the narrower range a form gives), before a service sees
it; the widgets carry the same ``min`` and ``max`` so that the browser says it first.
Services check the meaning of each date (within its academic year...) with ``bounds.check_date``.
"""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from cesp.core import bounds

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class _Bounded:
    def _init_bounds(self, min_year: int | None, max_year: int | None) -> None:
        self.min_year = min_year or bounds.EARLIEST_YEAR
        self.max_year = max_year or bounds.LATEST_YEAR

    def _check_year(self, value) -> None:
        if value is not None and not self.min_year <= value.year <= self.max_year:
            raise forms.ValidationError(
                _("Saisissez une date entre %(first)s et %(last)s.")
                % {"first": self.min_year, "last": self.max_year},
                code="out_of_range",
            )


class BoundedDateField(_Bounded, forms.DateField):
    """A date of the scheme's life (``bounds.EARLIEST_YEAR`` to ``bounds.LATEST_YEAR`` by default)."""

    def __init__(self, *, min_year: int | None = None, max_year: int | None = None, **kwargs):
        self._init_bounds(min_year, max_year)
        kwargs.setdefault("input_formats", [DATE_FORMAT, "%d/%m/%Y"])
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                attrs={
                    "type": "date",
                    "min": date(self.min_year, 1, 1).isoformat(),
                    "max": date(self.max_year, 12, 31).isoformat(),
                },
                format=DATE_FORMAT,
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        self._check_year(value)
        return value


class BoundedDateTimeField(_Bounded, forms.DateTimeField):
    """An instant (``datetime-local`` input, local time) within the years of the scheme.

    The year is checked on the local value Django makes aware without converting it: year 1 is refused
    before anything converts it to UTC.
    """

    def __init__(self, *, min_year: int | None = None, max_year: int | None = None, **kwargs):
        self._init_bounds(min_year, max_year)
        kwargs.setdefault("input_formats", [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(
                attrs={
                    "type": "datetime-local",
                    "min": f"{self.min_year:04d}-01-01T00:00",
                    "max": f"{self.max_year:04d}-12-31T23:59",
                },
                format=DATETIME_FORMAT,
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)  # aware, in local time; its year is the one typed
        self._check_year(value)
        return value
