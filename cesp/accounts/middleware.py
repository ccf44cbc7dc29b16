"""Resolve the user's current membership, and so their scope, once per request."""

from cesp.accounts.scopes import scope_for_user
from cesp.accounts.selectors import current_membership_for

SESSION_KEY = "current_membership_id"


def current_membership_middleware(get_response):
    def middleware(request):
        membership = current_membership_for(request.user, request.session.get(SESSION_KEY))
        request.current_membership = membership
        request.current_organisation = membership.organisation if membership else None
        request.scope = scope_for_user(request.user, membership)
        return get_response(request)

    return middleware
