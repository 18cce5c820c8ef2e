"""Demo organisations and users from a real hotspots programme."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from . import services
from .models import Membership, Organisation
from .roles import Role, sync_role_groups

ORGANISATIONS = [
    ("Leicestershire Police", Organisation.Kind.POLICE),
    ("Violence Reduction Network", Organisation.Kind.COUNCIL),
    ("Ashby NTE Street Wardens", Organisation.Kind.COUNCIL),
    ("St John Ambulance", Organisation.Kind.CHARITY),
    ("City Street Wardens", Organisation.Kind.COUNCIL),
    ("Street Pastors", Organisation.Kind.CHARITY),
    ("BID Leicester", Organisation.Kind.BID),
    ("City ASB Wardens", Organisation.Kind.COUNCIL),
    ("Street Outreach", Organisation.Kind.CHARITY),
    # Police teams: tasks go to them as to partners; their members are officers.
    ("City Centre Neighbourhood Team", Organisation.Kind.POLICE_TEAM),
    ("CCTV Control Room", Organisation.Kind.POLICE_TEAM),
]

# username: (first name, last name, global role, organisation, membership role)
USERS = {
    "officer": ("Priya", "Shah", Role.OFFICER, "Leicestershire Police", Membership.Role.MEMBER),
    "officer2": ("Tom", "Hughes", Role.OFFICER, "Leicestershire Police", Membership.Role.MEMBER),
    "manager": ("Helen", "Marsh", Role.MANAGER, "Leicestershire Police", Membership.Role.LEAD),
    "admin": ("Sam", "Okafor", Role.ADMINISTRATOR, "Leicestershire Police", Membership.Role.MEMBER),
    "pastors": ("Grace", "Adeyemi", Role.PARTNER_LEAD, "Street Pastors", Membership.Role.LEAD),
    "wardens": ("Dan", "Kowalski", Role.PARTNER_LEAD, "City Street Wardens", Membership.Role.LEAD),
    "bid": ("Amira", "Patel", Role.PARTNER_LEAD, "BID Leicester", Membership.Role.LEAD),
    "nhood": ("Ravi", "Mistry", Role.OFFICER, "City Centre Neighbourhood Team", Membership.Role.LEAD),
    "cctv": ("Jo", "Whitfield", Role.OFFICER, "CCTV Control Room", Membership.Role.LEAD),
}


def load(*, password: str, stdout=None) -> None:
    """Create (or bring up to date) the demo organisations and users. Safe to run again."""
    User = get_user_model()
    sync_role_groups()
    with transaction.atomic():
        users = {}
        for username, (first, last, role, _org_name, _member_role) in USERS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
            )
            if created:
                user.set_password(password)
                user.is_staff = role == Role.ADMINISTRATOR
                user.save()
            user.groups.add(Group.objects.get(name=role.value))
            users[username] = user
        # The demo administrator sets up the organisations and their members, through the same
        # services (and permission checks) as the admin site.
        admin = User.objects.get(username="admin")
        for name, kind in ORGANISATIONS:
            if not Organisation.objects.filter(name=name).exists():
                services.organisation_create(actor=admin, name=name, kind=kind)
        for username, (_first, _last, _role, org_name, member_role) in USERS.items():
            organisation = Organisation.objects.get(name=org_name)
            if not Membership.objects.filter(user=users[username], organisation=organisation).exists():
                services.membership_add(
                    actor=admin, user=users[username], organisation=organisation, role=member_role
                )
