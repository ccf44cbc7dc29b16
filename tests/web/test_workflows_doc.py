"""docs/workflows.md is drawn from the declared tables: it cannot drift from the code."""

from cesp.core.workflow import workflows
from cesp.web.management.commands.workflows_doc import DOC, render


def test_the_workflows_page_is_the_tables_drawn():
    text = render()
    assert DOC.read_text() == text, "docs/workflows.md is out of date: run manage.py workflows_doc"
    for workflow in workflows():
        assert workflow.mermaid() in text
