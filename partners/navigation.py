"""The navigation each role sees, and where each role's work starts."""

from django.urls import reverse

from . import roles

# (url name, text, who sees it)
NAV = [
    ("plans:list", "Plans", lambda u: roles.is_police(u) or roles.is_partner_lead(u)),
    ("plans:review_queue", "Review queue", roles.is_manager),
    ("tasks:ours", "Our tasks", lambda u: roles.is_partner_lead(u) or roles.in_police_team(u)),
    ("scan:page", "Scan", roles.is_police),
    ("hotspots:area_list", "Areas", lambda u: roles.is_police(u) or roles.is_administrator(u)),
    ("hotspots:patrol_list", "Patrols", lambda u: roles.is_police(u) or roles.is_partner_lead(u)),
    ("reports:programme", "Programme", lambda u: roles.is_police(u) or roles.is_partner_lead(u)),
    ("audit:search", "Audit", lambda u: roles.is_manager(u) or roles.is_administrator(u)),
    ("admin:index", "Administration", roles.is_administrator),
]


def nav_items(user, current_path: str = "") -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for name, text, allowed in NAV:
        if not allowed(user):
            continue
        href = reverse(name)
        items.append({"href": href, "text": text, "current": current_path.startswith(href)})
    return items
