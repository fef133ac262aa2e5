"""The technical admin's view of the parliament records: read only. A save here would skip
the services — no audit entry, no search index, no folded name — so every change goes
through the staff pages (or `jisr manage shell` and a service, for a rare repair)."""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "name_latin", "gender", "birth_year", "is_fictional"]
    list_filter = ["gender", "is_fictional"]
    search_fields = ["name", "name_latin", "name_key"]


@admin.register(models.Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "classification", "parent", "is_fictional"]
    list_filter = ["classification", "is_fictional"]
    search_fields = ["name", "name_en"]


@admin.register(models.Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["person", "organization", "role", "term", "on_behalf_of", "area"]
    list_filter = ["role", "term"]


for model in (
    models.Term,
    models.Area,
    models.Sitting,
    models.VoteEvent,
    models.Bill,
    models.Question,
):
    admin.site.register(model, ReadOnlyAdmin)
