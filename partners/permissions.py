"""Where permission rules are registered and checked.

Every rule is a `rules` predicate registered under a name ("plans.edit_plan") with the sentence a
refused user reads, by the permissions module of the entity it is about: `plans.permissions`,
`plans.task_permissions`, `hotspots.permissions` (areas and patrols), `audit.permissions`,
`reports.permissions`. Nothing else defines who may do what: services, selectors, views,
templates (`{% load permissions %}{% may "plans.edit_plan" plan as can_edit %}`) and the plan
transitions' permission callables all ask these.

This module holds the role predicates the others compose and the two calls everything makes:
`may` (yes or no) and `require` (refuse, recorded, unless allowed). Both check with
`rules.has_perm`, never `user.has_perm`: Django's User.has_perm says yes to a superuser for any
name, and asks guardian (a query) before rules. The names registered here are not model
permissions (a test holds this), so guardian's object grants and these rules never answer for the
same name: a partner's grants stay exactly what guardian's tables say, global permissions do not
stand in for object ones.
"""

from dataclasses import dataclass

import rules
from django.db.models import Model

from . import roles
from .refusals import refuse


@dataclass(frozen=True)
class Rule:
    name: str  # "app_label.what"
    predicate: rules.Predicate
    refusal: str  # what a refused user reads
    module: str  # the permissions module that registered it


RULES: dict[str, Rule] = {}


def register_rule(name: str, predicate: rules.Predicate, refusal: str, *, module: str) -> None:
    """Register a rule (from its entity's permissions module, which passes its __name__)."""
    if name in RULES:
        raise ValueError(f"The permission {name} is registered already, by {RULES[name].module}")
    rules.add_perm(name, predicate)
    RULES[name] = Rule(name=name, predicate=predicate, refusal=refusal, module=module)


def may(user, name: str, obj=None) -> bool:
    """Whether this user may do `name` (to `obj`). An unknown name is an error, never a no."""
    if name not in RULES:
        raise LookupError(f"No permission named {name!r}: register it in its entity's permissions module")
    return rules.has_perm(name, user, obj)


def refusal(name: str) -> str:
    """The sentence a user refused `name` reads."""
    return RULES[name].refusal


def require(user, name: str, obj=None, *, action: str, target=None, plan=None, record: bool = True) -> None:
    """Refuse (Refused, 403, with the rule's sentence; recorded as `<action>.refused` unless
    record=False) unless this user may do `name` to `obj`. The event names `target`, else `obj`."""
    if not may(user, name, obj):
        if target is None and isinstance(obj, Model):
            target = obj
        refuse(refusal(name), action=action, actor=user, target=target, plan=plan, record=record)


def require_for_request(request, name: str, obj=None, *, action: str, target=None, plan=None) -> None:
    """`require` for a view: a refused POST is recorded, a refused GET (only a form not shown) is not.
    Call it once the user is known to see the object (a 404 comes first), so the event names
    nothing new."""
    require(request.user, name, obj, action=action, target=target, plan=plan, record=request.method == "POST")


# Role predicates: what kind of user someone is (partners.roles reads them once per request).


@rules.predicate
def signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


officer = rules.predicate(roles.is_officer, name="officer")
manager = rules.predicate(roles.is_manager, name="manager")
police = rules.predicate(roles.is_police, name="police")
partner_lead = rules.predicate(roles.is_partner_lead, name="partner_lead")
administrator = rules.predicate(roles.is_administrator, name="administrator")
in_an_organisation = rules.predicate(
    lambda user: roles.organisation_of(user) is not None, name="in_an_organisation"
)


# Organisations, memberships and accounts: administrators, by the model permissions their role
# holds (partners.roles.ROLE_PERMISSIONS). Checked as may(user, "partners.administer", "auth.add_user").
@rules.predicate
def holds_model_permission(user, permission) -> bool:
    return isinstance(permission, str) and user.has_perm(permission)


@rules.predicate
def is_self(user, account) -> bool:
    return account is not None and getattr(user, "pk", None) == account.pk


register_rule(
    "partners.administer",
    active & holds_model_permission,
    "Only administrators may change organisations, their members and accounts.",
    module=__name__,
)
changes_users = rules.predicate(lambda user: user.has_perm("auth.change_user"), name="changes_users")


@rules.predicate
def outranks_a_superuser(user, account) -> bool:
    """A superuser's account is touched only by a superuser."""
    return account is None or not account.is_superuser or bool(user.is_superuser)


register_rule(
    "partners.change_password",
    is_self | (active & changes_users),
    "Only the user or an administrator may change a password.",
    module=__name__,
)
register_rule(
    "partners.reset_second_factor",
    active & changes_users & outranks_a_superuser,
    "Only an administrator may reset a user's second factor.",
    module=__name__,
)
