"""Dated parameters of the rules, OpenFisca style.

Every amount, rate, duration and limit the rules use lives in ``parameters/*.yaml``: one file per
topic, one entry per parameter with a description, a unit and ``values`` keyed by the date each
value takes effect, each with its legal reference. Code reads ``parameters(on).topic.name`` and
never writes a constant, so a lawyer changes the law with a data edit (docs/rules.md).

The loader validates everything it reads and raises ``ParameterError`` naming the file and the key,
so a typo fails loudly at import of the first figure, not as a wrong amount months later.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import ParameterError

PARAMETERS_DIR = Path(__file__).parent / "parameters"
UNITS = ("currency-EUR", "rate", "month", "day", "date", "count", "year", "boolean")
_INTEGRAL_UNITS = ("month", "day", "count", "year")
_PARAMETER_KEYS = {"description", "unit", "values", "documentation"}
_VALUE_KEYS = {"value", "reference"}
_REFERENCE_KEYS = {"title", "article", "href"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Reference:
    title: str
    article: str
    href: str | None = None

    def cite(self) -> str:
        """A one-line citation for explanations: title, then the article when it adds something."""
        if self.article not in ("document", "convention") and self.article not in self.title:
            return f"{self.title}, {self.article}"
        return self.title


@dataclass(frozen=True, slots=True)
class DatedValue:
    start: date
    value: Decimal | date | bool
    reference: Reference


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    unit: str
    values: tuple[DatedValue, ...]  # sorted by start, strictly increasing
    starts: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Read on every lookup: built once, not per call.
        object.__setattr__(self, "starts", tuple(v.start for v in self.values))

    def entry(self, on: date) -> DatedValue:
        """The value in force on a date (the last one that took effect on or before it)."""
        i = bisect.bisect_right(self.starts, on) - 1
        if i < 0:
            raise ParameterError(self.name, "values", f"aucune valeur en vigueur le {on.isoformat()}")
        return self.values[i]

    def __call__(self, on: date) -> Decimal | date | bool:
        return self.entry(on).value

    def in_force(self, on: date) -> tuple[date, date | None]:
        """First and last day (None: still in force) of the value in force on a date."""
        i = bisect.bisect_right(self.starts, on) - 1
        if i < 0:
            raise ParameterError(self.name, "values", f"aucune valeur en vigueur le {on.isoformat()}")
        last = self.values[i + 1].start - timedelta(days=1) if i + 1 < len(self.values) else None
        return self.values[i].start, last


class ParameterNode(dict):
    """A namespace of parameters: attribute access over a dict of children."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class ParametersAt:
    """The parameters as they stand on one date: ``parameters(on).allowance.monthly_gross``."""

    __slots__ = ("_node", "_on")

    def __init__(self, node: ParameterNode, on: date):
        self._node = node
        self._on = on

    def __getattr__(self, name: str) -> Any:
        try:
            child = self._node[name]
        except KeyError:
            raise AttributeError(name) from None
        if isinstance(child, Parameter):
            return child(self._on)
        return ParametersAt(child, self._on)


# --- loading and validation ------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text until ``_effective_date`` checks them, so
    that "2010-02-30" is reported with its file and key instead of failing inside PyYAML."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _fail(file: Path, key: str, message: str) -> ParameterError:
    return ParameterError(file.name, key, message)


def _effective_date(file: Path, key: str, raw: Any) -> date:
    # Dates arrive as text (see _Loader); a date object only comes from a caller's own tree. A
    # datetime is rejected: parameters change on a day, never at an hour.
    if type(raw) is date:
        return raw
    if isinstance(raw, str) and _ISO_DATE.match(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise _fail(file, key, f"date invalide « {raw} » (attendu AAAA-MM-JJ)")


def _typed_value(file: Path, key: str, unit: str, raw: Any) -> Decimal | date | bool:
    if unit == "date":
        return _effective_date(file, key, raw)
    if unit == "boolean":
        if not isinstance(raw, bool):
            raise _fail(file, key, f"true ou false attendu pour l'unité boolean, reçu « {raw} »")
        return raw
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _fail(file, key, f"nombre attendu pour l'unité {unit}, reçu « {raw} »")
    try:
        # str() first: a YAML float such as 0.9825 must become Decimal("0.9825"), not its binary value.
        value = Decimal(str(raw))
    except InvalidOperation:
        raise _fail(file, key, f"nombre attendu pour l'unité {unit}, reçu « {raw} »") from None
    if not value.is_finite() or value < 0:
        raise _fail(file, key, f"nombre positif ou nul attendu, reçu « {raw} »")
    if unit == "rate" and value > 1:
        raise _fail(file, key, f"un taux s'écrit entre 0 et 1 (0.092 pour 9,2 %), reçu « {raw} »")
    if unit in _INTEGRAL_UNITS and value != value.to_integral_value():
        raise _fail(file, key, f"nombre entier attendu pour l'unité {unit}, reçu « {raw} »")
    return value


def _reference(file: Path, key: str, raw: Any) -> Reference:
    if not isinstance(raw, dict):
        raise _fail(file, key, "référence attendue (title, article, href facultatif)")
    unknown = set(raw) - _REFERENCE_KEYS
    if unknown:
        raise _fail(file, f"{key}.{sorted(unknown)[0]}", "clé inconnue")
    for name in ("title", "article"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise _fail(file, f"{key}.{name}", "texte non vide obligatoire")
    href = raw.get("href")
    if href is not None and (not isinstance(href, str) or not href.startswith("https://")):
        raise _fail(file, f"{key}.href", "adresse https:// attendue")
    return Reference(title=raw["title"].strip(), article=raw["article"].strip(), href=href)


def _parameter(file: Path, name: str, raw: dict) -> Parameter:
    unknown = set(raw) - _PARAMETER_KEYS
    if unknown:
        raise _fail(file, f"{name}.{sorted(unknown)[0]}", "clé inconnue")
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise _fail(file, f"{name}.description", "description obligatoire")
    unit = raw.get("unit")
    if unit not in UNITS:
        known = ", ".join(UNITS)
        raise _fail(file, f"{name}.unit", f"unité inconnue « {unit} » ; unités possibles : {known}")
    values = raw.get("values")
    if not isinstance(values, dict) or not values:
        raise _fail(file, f"{name}.values", "au moins une valeur datée est obligatoire")
    dated: list[DatedValue] = []
    for raw_start, entry in values.items():
        start = _effective_date(file, f"{name}.values.{raw_start}", raw_start)
        key = f"{name}.values.{start.isoformat()}"
        if dated and start <= dated[-1].start:
            raise _fail(file, key, "dates d'effet à ranger dans l'ordre croissant, sans doublon")
        if not isinstance(entry, dict):
            raise _fail(file, key, "attendu : value et reference")
        unknown = set(entry) - _VALUE_KEYS
        if unknown:
            raise _fail(file, f"{key}.{sorted(unknown)[0]}", "clé inconnue")
        if "value" not in entry or entry["value"] is None:
            raise _fail(file, f"{key}.value", "valeur obligatoire")
        value = _typed_value(file, f"{key}.value", unit, entry["value"])
        reference = _reference(file, f"{key}.reference", entry.get("reference"))
        dated.append(DatedValue(start=start, value=value, reference=reference))
    return Parameter(name=name, description=description.strip(), unit=unit, values=tuple(dated))


def _node(file: Path, prefix: str, raw: Any) -> ParameterNode:
    if not isinstance(raw, dict) or not raw:
        raise _fail(file, prefix or "(racine)", "dictionnaire de paramètres attendu")
    node = ParameterNode()
    for key, child in raw.items():
        if not isinstance(key, str) or not key.isidentifier():
            raise _fail(file, f"{prefix}.{key}" if prefix else str(key), "nom de paramètre invalide")
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(child, dict) and "values" in child:
            node[key] = _parameter(file, name, child)
        else:
            node[key] = _node(file, name, child)
    return node


def load_parameters(directory: Path | str | None = None) -> ParameterNode:
    """Read and validate every ``*.yaml`` file of a directory into one tree (file name = topic)."""
    directory = Path(directory) if directory is not None else PARAMETERS_DIR
    root = ParameterNode()
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise ParameterError(str(directory), "(dossier)", "aucun fichier de paramètres *.yaml")
    for file in files:
        try:
            raw = yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
        except yaml.YAMLError as exc:
            raise _fail(file, "(syntaxe)", f"YAML illisible : {exc}") from None
        topic = file.stem
        # Keys carry the topic so that messages name the parameter as code reads it.
        root[topic] = _node(file, topic, raw)
    return root


@lru_cache(maxsize=1)
def _tree() -> ParameterNode:
    return load_parameters()


def parameters(on: date) -> ParametersAt:
    """The parameters in force on a date, read as ``parameters(on).allowance.monthly_gross``."""
    return ParametersAt(_tree(), on)


@lru_cache(maxsize=1024)
def parameter(name: str) -> Parameter:
    """One parameter with its whole history, by dotted name (``"allowance.csg_rate"``)."""
    node: Any = _tree()
    for part in name.split("."):
        node = node[part]
    if not isinstance(node, Parameter):
        raise KeyError(name)
    return node


def reference(name: str, on: date) -> Reference:
    """The legal reference of the value of a parameter in force on a date."""
    return parameter(name).entry(on).reference


def iter_parameters(node: ParameterNode | None = None) -> Iterator[Parameter]:
    """Every parameter of the tree, depth first."""
    node = _tree() if node is None else node
    for child in node.values():
        if isinstance(child, Parameter):
            yield child
        else:
            yield from iter_parameters(child)
