"""A figure is said through cesp.rules.formatting only (the cesp_format filters, cesp.core.figures):
no template formats a date or a number with Django's own filters, no Python code formats one by hand.

Machine forms stay allowed: ISO 8601 (``%Y-%m-%d``) and compact stamps in file names (``%Y%m%d-%H%M``).
"""

import ast
import re
from pathlib import Path

CESP = Path(__file__).resolve().parent.parent / "cesp"
FORMATTING = CESP / "rules" / "formatting.py"

TEMPLATE_FORMATTING = re.compile(r"\|\s*(date|time|floatformat|isodate|intcomma|localize|naturalday)\b")
# A human date or time: day/month, month or day names, hh:mm (outside ISO 8601).
HUMAN_DATE = re.compile(r"%d/|/%m|%[bBaA]|%H:%M|%Hh|%H h")
FIXED_POINT = re.compile(r"^[,_]|\.\d+[f%]$")  # ",", ",.2f", ".1f", ".0%"
# Console output of a management command, not a figure of the scheme.
ALLOWED_FIXED_POINT = {"cesp/referentials/management/commands/load_referentials.py"}


def _is_human_date(spec: str) -> bool:
    return bool(HUMAN_DATE.search(spec)) and "%Y-%m-%d" not in spec


def hand_formatting(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and isinstance(node.format_spec, ast.JoinedStr):
            spec = "".join(v.value for v in node.format_spec.values if isinstance(v, ast.Constant))
            if _is_human_date(spec) or FIXED_POINT.match(spec):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            strftime = node.func.attr == "strftime" and any(_is_human_date(a) for a in args)
            if strftime or (node.func.attr == "replace" and args[:2] == [".", ","]):
                lines.append(node.lineno)
    return sorted(set(lines))


def test_no_python_module_formats_a_figure_by_hand():
    found = {}
    for path in sorted(CESP.rglob("*.py")):
        relative = str(path.relative_to(CESP.parent))
        if "migrations" in path.parts or path == FORMATTING:
            continue
        lines = hand_formatting(ast.parse(path.read_text(), filename=str(path)))
        if relative in ALLOWED_FIXED_POINT:
            continue
        if lines:
            found[relative] = lines
    assert found == {}, f"figures formatted by hand (use cesp.rules.formatting or cesp.core.figures): {found}"


def test_no_template_formats_a_figure_with_django_filters():
    found = {}
    for path in sorted(CESP.rglob("templates/**/*")):
        if path.suffix in (".html", ".txt") and (hits := TEMPLATE_FORMATTING.findall(path.read_text())):
            found[str(path.relative_to(CESP.parent))] = sorted(set(hits))
    assert found == {}, f"use the cesp_format filters (day, moment, euros, months…): {found}"


def test_the_checks_find_what_they_are_meant_to_find():
    probe = (
        'a = f"{d:%d/%m/%Y}"\n'
        'b = t.strftime("%H:%M")\n'
        'c = f"{x:,.2f} {y:.1%}"\n'
        'e = str(x).replace(".", ",")\n'
        'ok = f"{d:%Y-%m-%d %H:%M} {n:02d} {stamp:%Y%m%d-%H%M}"\n'
    )
    assert hand_formatting(ast.parse(probe)) == [1, 2, 3, 4]
    assert TEMPLATE_FORMATTING.findall('{{ d|date:"j F Y" }} {{ x|floatformat:2 }} {{ d|day }}') == [
        "date",
        "floatformat",
    ]
