from django.conf import settings

from . import navigation, roles


def service(request):
    """Service name, marking and the signed-in user's role for the layout and navigation."""
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "nav_items": navigation.nav_items(user, request.path) if user else [],
        "protective_marking": settings.PROTECTIVE_MARKING,
        "user_organisation": roles.organisation_of(user) if user else None,
        "user_is_police": roles.is_police(user) if user else False,
        "user_is_manager": roles.is_manager(user) if user else False,
        "user_is_officer": roles.is_officer(user) if user else False,
        "user_is_partner_lead": roles.is_partner_lead(user) if user else False,
        "user_is_administrator": roles.is_administrator(user) if user else False,
    }
