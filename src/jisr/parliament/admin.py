"""The technical admin's view of the parliament records. Organizers use the staff pages,
which go through the services and the audit log; the admin is for the rare repair."""

from django.contrib import admin

from . import models


class ReadOnlyRecorded(admin.ModelAdmin):
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "name_latin", "gender", "birth_year", "is_fictional"]
    list_filter = ["gender", "is_fictional"]
    search_fields = ["name", "name_latin", "name_key"]


@admin.register(models.Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "classification", "parent", "is_fictional"]
    list_filter = ["classification", "is_fictional"]
    search_fields = ["name", "name_en"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "organization", "role", "term", "on_behalf_of", "area"]
    list_filter = ["role", "term"]
    raw_id_fields = ["person", "organization", "on_behalf_of"]


admin.site.register(models.Term)
admin.site.register(models.Area)
admin.site.register(models.Sitting)
admin.site.register(models.VoteEvent, ReadOnlyRecorded)
admin.site.register(models.Bill, ReadOnlyRecorded)
admin.site.register(models.Question, ReadOnlyRecorded)
