"""Global roles: auth groups carrying model permissions, and the checks views use.

Object-level rights (which plan, which task) come from guardian grants to each
organisation's group; these roles only say what kind of user someone is.
"""

from enum import StrEnum

from django.contrib.auth.models import Group, Permission


class Role(StrEnum):
    OFFICER = "officer"
    MANAGER = "manager"
    PARTNER_LEAD = "partner lead"
    ADMINISTRATOR = "administrator"


# Model permissions per role, as "app_label.codename". Permissions of apps that
# are not migrated yet are skipped and picked up by the next migrate.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.OFFICER: [
        "plans.add_plan",
        "hotspots.add_patrollog",
        "hotspots.view_area",
    ],
    Role.MANAGER: [
        "plans.view_plan",
        "hotspots.view_area",
        "audit.view_event",
    ],
    Role.PARTNER_LEAD: [
        "hotspots.add_patrollog",
    ],
    Role.ADMINISTRATOR: [
        "partners.add_organisation",
        "partners.change_organisation",
        "partners.view_organisation",
        "partners.add_membership",
        "partners.change_membership",
        "partners.delete_membership",
        "partners.view_membership",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "hotspots.add_area",
        "hotspots.change_area",
        "hotspots.view_area",
        "hotspots.add_crimefamily",
        "hotspots.change_crimefamily",
        "hotspots.delete_crimefamily",
        "hotspots.view_crimefamily",
        "hotspots.add_incident",
        "hotspots.view_incident",
        "audit.view_event",
    ],
}


def sync_role_groups() -> None:
    """Create the role groups and give each exactly the permissions listed above."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


def sync_role_groups_after_migrate(**kwargs) -> None:
    sync_role_groups()


_permission_ids: dict[str, int] = {}


def permission_id(perm: str) -> int | None:
    """The id of "app_label.codename", read once per process, so grant filters need no join.

    Ids change only when the permission table is rebuilt (a migrate, a test flush), and
    post_migrate empties this cache. An unknown permission gives None, which matches no grant.
    """
    if perm not in _permission_ids:
        app_label, codename = perm.split(".")
        found = (
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            .values_list("pk", flat=True)
            .first()
        )
        if found is None:
            return None
        _permission_ids[perm] = found
    return _permission_ids[perm]


def forget_permission_ids(**kwargs) -> None:
    _permission_ids.clear()


def _groups_sql() -> str:
    from django.contrib.auth import get_user_model

    from .models import Organisation

    memberships = get_user_model().groups.through._meta.db_table
    groups, organisations = Group._meta.db_table, Organisation._meta.db_table
    return (
        f"SELECT g.id, g.name, o.id, o.kind, o.name FROM {memberships} m JOIN {groups} g ON g.id = m.group_id "  # noqa: S608 (names from the models, the value bound)
        f"LEFT JOIN {organisations} o ON o.group_id = g.id WHERE m.user_id = %s"
    )


def _load_groups(user) -> None:
    """Read the user's groups once: role names and organisation group ids come from one query.

    Plain SQL: every request reads this, and building it through the ORM cost as much again
    as running it.
    """
    from django.db import connections, router

    with connections[router.db_for_read(Group)].cursor() as cursor:
        cursor.execute(_groups_sql(), [user.pk])
        rows = cursor.fetchall()
    roles = {r.value for r in Role}
    user._role_names = frozenset(name for _, name, _, _, _ in rows if name in roles)
    user._partner_group_ids = tuple(pk for pk, _, organisation, _, _ in rows if organisation is not None)
    user._organisation_ids = tuple(
        organisation for _, _, organisation, _, _ in rows if organisation is not None
    )
    user._in_police_team = any(kind == "police_team" for _, _, _, kind, _ in rows)
    # The organisations that hold tasks: partners and police teams, never the force itself.
    user._task_holder_names = tuple(
        sorted(
            name for _, _, organisation, kind, name in rows if organisation is not None and kind != "police"
        )
    )


def role_names(user) -> frozenset[str]:
    """The user's global role names, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if getattr(user, "_role_names", None) is None:
        _load_groups(user)
    return user._role_names


def partner_group_ids(user) -> tuple[int, ...]:
    """Ids of the user's organisation groups, where plan and task grants are made; cached like roles."""
    if not getattr(user, "is_authenticated", False):
        return ()
    if getattr(user, "_partner_group_ids", None) is None:
        _load_groups(user)
    return user._partner_group_ids


def organisation_ids(user) -> tuple[int, ...]:
    """Ids of the organisations whose groups `partner_group_ids` gives (one group each); cached like roles."""
    if not getattr(user, "is_authenticated", False):
        return ()
    if getattr(user, "_organisation_ids", None) is None:
        _load_groups(user)
    return user._organisation_ids


def in_police_team(user) -> bool:
    """Whether the user is a member of a police team (partners.models.Organisation.Kind.POLICE_TEAM):
    its tasks are theirs on "Our tasks"; cached like roles."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "_in_police_team", None) is None:
        _load_groups(user)
    return user._in_police_team


def task_holder_names(user) -> tuple[str, ...]:
    """Names of the user's organisations whose tasks are theirs on "Our tasks" (a partner, or the
    police teams they are in; never the force), sorted; cached like roles."""
    if not getattr(user, "is_authenticated", False):
        return ()
    if getattr(user, "_task_holder_names", None) is None:
        _load_groups(user)
    return user._task_holder_names


def is_officer(user) -> bool:
    return Role.OFFICER in role_names(user)


def is_manager(user) -> bool:
    return Role.MANAGER in role_names(user)


def is_police(user) -> bool:
    """Police users (officers and managers) may see police-only fields."""
    return bool({Role.OFFICER, Role.MANAGER} & role_names(user))


def is_partner_lead(user) -> bool:
    return Role.PARTNER_LEAD in role_names(user)


def is_administrator(user) -> bool:
    return getattr(user, "is_superuser", False) or Role.ADMINISTRATOR in role_names(user)


def organisation_of(user):
    """The user's organisation (the first membership), cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_organisation"):
        membership = user.memberships.select_related("organisation").order_by("pk").first()
        user._organisation = membership.organisation if membership else None
    return user._organisation
