"""Draw docs/workflows.md from the declared workflow tables (cesp/core/workflow.py).

``manage.py workflows_doc`` rewrites the page; ``--check`` exits 1 when the page and the tables differ
(the suite runs the same comparison).
"""

import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cesp.accounts.roles import Role
from cesp.core.workflow import SYSTEM, Workflow, workflows

DOC = Path(settings.BASE_DIR) / "docs" / "workflows.md"
HEADER = """# Workflows — the declared transition tables

This page is drawn from the tables themselves (`manage.py workflows_doc`; a test fails when it is out of
date). Each lifecycle object declares one table in its app's `workflows.py`, built with
`cesp/core/workflow.py`: state → event → state, and who may trigger it. The service that moves the
object asks the table (`Workflow.move`), so a move that is not a row here is refused with a French
message, whoever calls; every move is also written to the audit trail (who, when, what, why).
"""


def actor_label(actor: str) -> str:
    if actor == SYSTEM:
        return "la plateforme (tâche planifiée ou réaction automatique)"
    return str(Role(actor).label)


def _in_app_order() -> list[Workflow]:
    """Each app's tables in the order of INSTALLED_APPS, then of their module: the page does not depend
    on which module happened to be imported first."""
    ordered: list[Workflow] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.workflows"
        if config.name.startswith("cesp.") and importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            ordered += [v for v in vars(module).values() if isinstance(v, Workflow) and v not in ordered]
    return ordered + [workflow for workflow in workflows() if workflow not in ordered]


def render() -> str:
    sections = [workflow.markdown(actor_label) for workflow in _in_app_order()]
    return "\n".join([HEADER, *sections]).rstrip() + "\n"


class Command(BaseCommand):
    help = "Écrit docs/workflows.md à partir des tables de transitions déclarées."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="échoue si la page n'est pas à jour")

    def handle(self, *args, check=False, **options):
        text = render()
        if check:
            if not DOC.exists() or DOC.read_text() != text:
                raise CommandError("docs/workflows.md n'est pas à jour : lancez manage.py workflows_doc")
            self.stdout.write("docs/workflows.md est à jour.")
            return
        DOC.write_text(text)
        self.stdout.write(f"{DOC} écrit ({len(workflows())} workflows).")
