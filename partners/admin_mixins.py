"""What the admin site's classes share across apps."""


class ReadOnlyAdminMixin:
    """Shown in the admin, never added, changed or deleted there: such a record changes only
    through an audited service, or not at all."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
