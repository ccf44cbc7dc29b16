"""Template filters that say a figure in the active language, through ``cesp.rules.formatting``.

    {{ amount|euros }}          1 200,00 €        €1,200.00
    {{ months|months }}         18,75             18.75
    {{ rate|percent }}          9,2 %             9.2%
    {{ value|number }}          12,5              12.5
    {{ date|day }}              1er octobre 2026  1 October 2026     (a date, a datetime or "2026-10-01")
    {{ date|day:"weekday" }}    jeudi 1er octobre 2026
    {{ date|day_short }}        01/10/2026
    {{ moment|moment }}         1er octobre 2026 à 14:30             ("weekday", "seconds", or both)
    {{ moment|moment_short }}   01/10/2026 14:30
    {{ moment|clock }}          14:30                                ("seconds")
    {{ "2026-10"|month_year }}  octobre 2026      ("short": oct. 2026)
    {{ 1|year_of_study }}       1re année         1st year

Each filter is a function of ``cesp.core.figures``; a value that is not a figure shows as "—".
"""

from django import template

from cesp.core import figures

register = template.Library()

register.filter("euros", figures.euros)
register.filter("number", figures.number)
register.filter("months", figures.months)
register.filter("percent", figures.percent)
register.filter("day", figures.day, expects_localtime=True)
register.filter("day_short", figures.day_short, expects_localtime=True)
register.filter("moment", figures.moment, expects_localtime=True)
register.filter("moment_short", figures.moment_short, expects_localtime=True)
register.filter("clock", figures.clock, expects_localtime=True)
register.filter("month_year", figures.month_year)
register.filter("year_of_study", figures.year_of_study)
