"""Who may reach a page, and the file it is about (a file the user may not see answers 404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cesp.accounts import roles
from cesp.applications import selectors


def candidate_only(request) -> None:
    if not roles.is_candidate(request.scope):
        raise PermissionDenied


def staff_only(request) -> None:
    if not roles.is_staff(request.scope):
        raise PermissionDenied


def own_application(request, pk):
    application = selectors.application_for_candidate(scope=request.scope, pk=pk)
    if application is None:
        raise Http404
    return application


def instructed_application(request, pk):
    application = selectors.application_detail(scope=request.scope, pk=pk)
    if application is None:
        raise Http404
    if not selectors.can_instruct(request.scope, application):
        raise PermissionDenied
    return application
