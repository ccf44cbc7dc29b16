"""The public simulator page: a student describes their situation in a form and reads, in plain
French, what they would receive, owe, and pay on a breach. Every figure, projection and limit comes
from cesp.rules (``cesp.rules.projection``); this module only collects the plan and lays it out."""

from datetime import date
from decimal import Decimal

from django import forms
from dsfr.forms import DsfrBaseForm

from cesp.applications.models import StatusAtSignature
from cesp.core.forms import BoundedDateField
from cesp.rules import ScenarioError, formatting, parameters
from cesp.rules.projection import (
    build_scenario,
    max_postponement_months,
    project,
    quotity_choices,
    suspension_months_range,
)

__all__ = ["SimulatorForm", "build_scenario", "labelled", "project", "schedule_by_year", "timeline_geometry"]

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
ZONES = [("ZIP", "Zone d'intervention prioritaire (ZIP)"), ("ZAC", "Zone d'action complémentaire (ZAC)")]
MODES = [("liberal", "Libéral, secteur 1"), ("salaried", "Salarié"), ("mixed", "Mixte, secteur 1")]
YEARS = [(f"{y}-{y + 1}", f"{y}-{y + 1}") for y in range(2026, 2017, -1)]
SEGMENT_LABELS = {
    "allowance": "Études : allocation versée",
    "suspension": "Suspension",
    "postponement": "Report d'installation",
    "obligation": "Engagement de service",
}

# Shown when nothing is entered yet: a 2nd-cycle student of the 2025-2026 campaign.
INITIAL = {
    "cursus": "medecine",
    "situation": StatusAtSignature.STUDENT,
    "academic_year": "2025-2026",
    "applied_on": date(2025, 11, 14),
    "signed_on": date(2026, 3, 2),
    "studies_end": date(2030, 10, 31),
    "postponement_months": 0,
    "quotity": "1",
    "zone": "ZIP",
    "mode": "liberal",
}


def _quotity_label(choice) -> str:
    if choice.quotity == 1:
        return "Temps plein"
    percent = formatting.number(choice.quotity * 100, "fr")
    if choice.half_days is not None:
        return f"{choice.half_days} demi-journées par semaine ({percent} %)"
    return f"{percent} %"


class SimulatorForm(DsfrBaseForm):
    cursus = forms.ChoiceField(label="Formation", choices=CURSUS)
    situation = forms.ChoiceField(label="Situation à la signature", choices=SITUATIONS)
    academic_year = forms.ChoiceField(label="Année universitaire de la campagne", choices=YEARS)
    applied_on = BoundedDateField(
        label="Date de dépôt de la candidature",
    )
    signed_on = BoundedDateField(
        label="Date de signature du contrat",
    )
    studies_end = BoundedDateField(
        label="Fin prévue des études",
        help_text="Le dernier jour d'études (diplôme, fin du parcours de consolidation) : dernier mois payé.",
    )
    suspension_start = BoundedDateField(
        label="Suspension prévue : premier mois",
        required=False,
        help_text="Le 1er du mois où la suspension commence.",
    )
    suspension_months = forms.IntegerField(label="Durée de la suspension (mois)", required=False)
    suspension_reason = forms.ChoiceField(
        label="Motif de la suspension", choices=SUSPENSION_REASONS, required=False
    )
    postponement_months = forms.IntegerField(label="Report d'installation demandé (mois)", min_value=0)
    quotity = forms.ChoiceField(label="Temps de travail")
    zone = forms.ChoiceField(label="Zone d'exercice", choices=ZONES)
    mode = forms.ChoiceField(label="Mode d'exercice", choices=MODES)
    breach_on = BoundedDateField(
        label="Et si je rompais mon contrat le…",
        required=False,
        help_text="Facultatif : la date d'une rupture, pour en connaître le coût.",
    )

    def __init__(self, *args, on: date, **kwargs):
        """``on``: the date whose parameters set the limits offered (the page passes today's date)."""
        super().__init__(*args, **kwargs)
        law = max_postponement_months(on)
        postponement = self.fields["postponement_months"]
        postponement.widget.attrs["max"] = law
        postponement.help_text = (
            f"Découpé en reports de 12 mois au plus ; l'ARS accorde au plus {law} mois de report en tout."
        )
        self.max_postponement = law
        low, high = suspension_months_range(on)
        self.suspension_limits = (low, high)
        suspension = self.fields["suspension_months"]
        suspension.widget.attrs.update(min=low, max=high)
        r3 = parameters(on).regimes.r3_applied_from
        self.fields["applied_on"].help_text = (
            f"Elle décide du régime R3 : à partir du {formatting.date_short(r3, 'fr')}, le CESP s'ouvre à "
            "la pharmacie, à la maïeutique et au 1er cycle."
        )
        for name in ("applied_on", "postponement_months"):  # bound fields copy help texts when created
            self[name].help_text = self.fields[name].help_text
        self.fields["quotity"].choices = [(str(c.quotity), _quotity_label(c)) for c in quotity_choices(on)]

    def clean_postponement_months(self):
        months = self.cleaned_data["postponement_months"]
        if months is not None and months > self.max_postponement:
            raise forms.ValidationError(
                f"L'ARS accorde au plus {self.max_postponement} mois de report d'installation en tout."
            )
        return months

    def clean_suspension_months(self):
        months = self.cleaned_data.get("suspension_months")
        low, high = self.suspension_limits
        if months is not None and not low <= months <= high:
            raise forms.ValidationError(f"Une suspension dure de {low} à {high} mois entiers.")
        return months

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


def timeline_geometry(segments) -> dict:
    """Place the projection's segments on a horizontal axis, one tick per year, as percentages."""
    first = min(s.start for s in segments)
    last = max(s.end for s in segments)
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return round(100 * (day - first).days / span, 2)

    rows = {"allowance": 0, "suspension": 0, "postponement": 1, "obligation": 1}
    bars = [
        {
            "label": SEGMENT_LABELS[s.kind],
            "x": x(s.start),
            "width": max(x(s.end) - x(s.start), 0.6),
            "css": s.kind,
            "row": rows[s.kind],
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
