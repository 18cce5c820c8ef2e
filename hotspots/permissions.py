"""Who may do what with areas, patrols and imports (PRODUCT.md permission table)."""

from partners.roles import is_administrator, is_manager, is_officer, is_partner_lead, organisation_of


def can_manage_areas(user) -> bool:
    """Officers draw the hotspots they work; managers and administrators keep them right."""
    return is_officer(user) or is_manager(user) or is_administrator(user)


def can_log_patrols(user) -> bool:
    """Officers log for the police; partner leads for their own organisation (PRODUCT.md)."""
    return (is_officer(user) or is_partner_lead(user)) and organisation_of(user) is not None


def can_change_patrol(user, patrol) -> bool:
    """Whoever may log patrols corrects or removes their own organisation's, and no other's."""
    if not can_log_patrols(user):
        return False
    return patrol.organisation_id == organisation_of(user).pk


def can_import(user) -> bool:
    return is_administrator(user)
