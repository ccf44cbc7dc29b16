"""The public simulator page: a student describes their situation in a form and reads, in plain
French, what they would receive, owe, and pay on a breach. Every figure comes from cesp.rules."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from dsfr.forms import DsfrBaseForm

from cesp.applications.models import StatusAtSignature
from cesp.rules import ScenarioError, simulate

CURSUS = [
    ("medecine", "Médecine"),
    ("odontologie", "Odontologie"),
    ("pharmacie", "Pharmacie"),
    ("maieutique", "Maïeutique"),
]
# The statuses of the one vocabulary, with the labels of the application form, commonest first.
SITUATIONS = [
    (status.value, status.label)
    for status in (
        StatusAtSignature.STUDENT,
        StatusAtSignature.INTERN,
        StatusAtSignature.FIRST_CYCLE,
        StatusAtSignature.PADHUE,
    )
]
SUSPENSION_REASONS = [
    ("maternity", "Maternité"),
    ("paternity", "Paternité"),
    ("adoption", "Adoption"),
    ("sickness", "Maladie"),
    ("accident", "Accident"),
    ("disponibilite", "Disponibilité (internes)"),
]
QUOTITIES = [("1", "Temps plein"), ("0.8", "80 %"), ("0.6", "60 %"), ("0.5", "Mi-temps")]
ZONES = [("ZIP", "Zone d'intervention prioritaire (ZIP)"), ("ZAC", "Zone d'action complémentaire (ZAC)")]
MODES = [("liberal", "Libéral, secteur 1"), ("salaried", "Salarié"), ("mixed", "Mixte, secteur 1")]
YEARS = [(f"{y}-{y + 1}", f"{y}-{y + 1}") for y in range(2026, 2017, -1)]

# Shown when nothing is entered yet: a 2nd-cycle student of the 2025-2026 campaign.
INITIAL = {
    "cursus": "medecine",
    "situation": StatusAtSignature.STUDENT,
    "academic_year": "2025-2026",
    "signed_on": date(2026, 3, 2),
    "studies_end": date(2030, 10, 31),
    "postponement_months": 0,
    "quotity": "1",
    "zone": "ZIP",
    "mode": "liberal",
}


def month_add(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class SimulatorForm(DsfrBaseForm):
    cursus = forms.ChoiceField(label="Formation", choices=CURSUS)
    situation = forms.ChoiceField(label="Situation à la signature", choices=SITUATIONS)
    academic_year = forms.ChoiceField(label="Année universitaire de la campagne", choices=YEARS)
    signed_on = forms.DateField(
        label="Date de signature du contrat",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    studies_end = forms.DateField(
        label="Fin prévue des études",
        help_text="Le dernier jour d'études (diplôme, fin du parcours de consolidation) : dernier mois payé.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    suspension_start = forms.DateField(
        label="Suspension prévue : premier mois",
        required=False,
        help_text="Le 1er du mois où la suspension commence.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    suspension_months = forms.IntegerField(label="Durée de la suspension (mois)", required=False, min_value=1)
    suspension_reason = forms.ChoiceField(
        label="Motif de la suspension", choices=SUSPENSION_REASONS, required=False
    )
    postponement_months = forms.IntegerField(
        label="Report d'installation demandé (mois)",
        min_value=0,
        max_value=60,
        help_text="Découpé en reports de 12 mois au plus ; l'ARS en accorde au plus 3.",
    )
    quotity = forms.ChoiceField(label="Temps de travail", choices=QUOTITIES)
    zone = forms.ChoiceField(label="Zone d'exercice", choices=ZONES)
    mode = forms.ChoiceField(label="Mode d'exercice", choices=MODES)
    breach_on = forms.DateField(
        label="Et si je rompais mon contrat le…",
        required=False,
        help_text="Facultatif : la date d'une rupture, pour en connaître le coût.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        start, months = cleaned.get("suspension_start"), cleaned.get("suspension_months")
        if bool(start) != bool(months):
            self.add_error(
                "suspension_months", "Indiquez à la fois le premier mois et la durée de la suspension."
            )
        if start and start.day != 1:
            self.add_error("suspension_start", "Une suspension commence le 1er d'un mois (mois entiers).")
        return cleaned


@dataclass
class Segment:
    label: str
    start: date
    end: date
    css: str


@dataclass
class Projection:
    result: dict
    breach: dict | None
    fulfilled_on: date | None
    practice_start: date
    segments: list[Segment]


def build_scenario(data: dict, *, as_of: date, practice_start: date, breach_on: date | None = None) -> dict:
    events = []
    if data.get("suspension_start"):
        end = month_end(month_add(data["suspension_start"], data["suspension_months"] - 1))
        events.append(
            {
                "type": "suspension",
                "start": data["suspension_start"].isoformat(),
                "end": end.isoformat(),
                "reason": data.get("suspension_reason") or "sickness",
            }
        )
    studies_end = data["studies_end"]
    events.append({"type": "studies_end", "on": studies_end.isoformat()})
    cursor = studies_end + timedelta(days=1)
    remaining = data["postponement_months"]
    while remaining > 0:
        length = min(12, remaining)
        end = month_end(month_add(cursor, length - 1))
        events.append({"type": "postponement", "start": cursor.isoformat(), "end": end.isoformat()})
        cursor, remaining = end + timedelta(days=1), remaining - length
    mode = data["mode"]
    events.append(
        {
            "type": "practice",
            "start": practice_start.isoformat(),
            "end": None,
            "quotity": float(data["quotity"]),
            "zone": data["zone"],
            "sector": None if mode == "salaried" else 1,
            "mode": mode,
        }
    )
    if breach_on:
        events.append({"type": "breach", "on": breach_on.isoformat()})
    return {
        "as_of": as_of.isoformat(),
        "cursus": data["cursus"],
        "status_at_signature": data["situation"],
        "academic_year": data["academic_year"],
        "signed_on": data["signed_on"].isoformat(),
        "events": events,
    }


def project(data: dict) -> Projection:
    """Run the rules at the end of studies, then at the end of the obligation, then at the breach date."""
    practice_start = month_add(data["studies_end"], 1 + data["postponement_months"])
    at_end_of_studies = simulate(
        build_scenario(data, as_of=data["studies_end"], practice_start=practice_start)
    )
    owed = Decimal(at_end_of_studies["obligation"]["months_owed"])
    quotity = Decimal(data["quotity"])
    months_needed = int(-(-owed // quotity))  # ceiling: a part-time month counts as its quotity
    fulfilled_on = month_end(month_add(practice_start, months_needed - 1)) if months_needed else None
    result = simulate(
        build_scenario(data, as_of=fulfilled_on or practice_start, practice_start=practice_start)
    )
    breach = None
    if data.get("breach_on"):
        breach = simulate(
            build_scenario(
                data, as_of=data["breach_on"], practice_start=practice_start, breach_on=data["breach_on"]
            )
        )
    allowance_start = date.fromisoformat(result["allowance"]["start"])
    segments = [Segment("Études : allocation versée", allowance_start, data["studies_end"], "allowance")]
    if data.get("suspension_start"):
        end = month_end(month_add(data["suspension_start"], data["suspension_months"] - 1))
        segments.append(Segment("Suspension", data["suspension_start"], end, "suspension"))
    if data["postponement_months"]:
        segments.append(
            Segment(
                "Report d'installation",
                data["studies_end"] + timedelta(days=1),
                practice_start - timedelta(days=1),
                "postponement",
            )
        )
    if fulfilled_on:
        segments.append(Segment("Engagement de service", practice_start, fulfilled_on, "obligation"))
    return Projection(result, breach, fulfilled_on, practice_start, segments)


def timeline_geometry(segments: list[Segment]) -> dict:
    """Place the segments on a horizontal axis, one tick per year, as percentages of the width."""
    first = min(s.start for s in segments)
    last = max(s.end for s in segments)
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return round(100 * (day - first).days / span, 2)

    rows = {"allowance": 0, "suspension": 0, "postponement": 1, "obligation": 1}
    bars = [
        {
            "label": s.label,
            "x": x(s.start),
            "width": max(x(s.end) - x(s.start), 0.6),
            "css": s.css,
            "row": rows[s.css],
            "start": s.start,
            "end": s.end,
        }
        for s in segments
    ]
    ticks = [{"x": x(date(year, 1, 1)), "year": year} for year in range(first.year + 1, last.year + 1)]
    return {"bars": bars, "ticks": ticks}


def schedule_by_year(schedule: list[dict]) -> list[dict]:
    years: dict[str, dict] = {}
    for row in schedule:
        year = row["month"][:4]
        entry = years.setdefault(year, {"year": year, "rows": [], "gross": Decimal(0), "net": Decimal(0)})
        entry["rows"].append(row)
        entry["gross"] += Decimal(row["gross"])
        entry["net"] += Decimal(row["net"])
    return list(years.values())


def errors_for_form(form: SimulatorForm, error: ScenarioError) -> list[str]:
    """Rule errors are shown at the top of the form, in the rules' own words."""
    return [item["message"] for item in error.errors]


FIGURE_LABELS = {
    "regime": "Le régime juridique de votre contrat",
    "allowance.start": "Le début de l'allocation",
    "allowance.monthly_gross": "Le montant mensuel",
    "allowance.months_paid": "Le nombre de mois payés",
    "allowance.total_gross": "Le total brut",
    "allowance.total_net": "Le net, après CSG et CRDS",
    "allowance.back_pay": "Le rappel du premier versement",
    "obligation.months_owed": "La durée de l'engagement",
    "obligation.months_served": "Les mois d'exercice qui comptent",
    "obligation.months_remaining": "Ce qu'il reste à accomplir",
    "obligation.installation_deadline": "La date limite d'installation",
    "obligation.postponements_left": "Les reports d'installation",
    "status": "La situation du contrat",
}


def labelled(explanations: list[dict], *, prefix: str = "", exclude: str = "amount_due") -> list[dict]:
    """Explanations with a short French title for the accordion buttons."""
    chosen = [
        e
        for e in explanations
        if e["figure"].startswith(prefix) and not (exclude and e["figure"].startswith(exclude))
    ]
    return [
        {**e, "label": FIGURE_LABELS.get(e["figure"], "Les sommes dues en cas de rupture")} for e in chosen
    ]
