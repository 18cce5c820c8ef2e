"""`{% may "app.rule" obj as allowed %}`: a template asks the same rules as the views and
services (partners.permissions.may), for the signed-in user of the request."""

from django import template

from partners import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, name: str, obj=None) -> bool:
    return permissions.may(context["request"].user, name, obj)
