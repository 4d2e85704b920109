"""Back office: ballots and candidacies. Who voted and what was cast are not editable here,
and the two are never shown side by side."""

from django.contrib import admin

from votes.models import Ballot, Candidacy, Option, Tally


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ("label", "role", "position", "candidate")
    readonly_fields = ("role", "candidate")


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ("question", "college", "kind", "opens_at", "closes_at", "participant_count")
    list_filter = ("college", "kind", "secret")
    search_fields = ("question", "subject_label")
    readonly_fields = ("electorate_frozen_at", "participant_count", "elector_count", "opened_by")
    inlines = [OptionInline]


@admin.register(Candidacy)
class CandidacyAdmin(admin.ModelAdmin):
    list_display = ("candidate", "ballot", "declared_at")
    list_select_related = ("candidate", "ballot")


@admin.register(Tally)
class TallyAdmin(admin.ModelAdmin):
    list_display = ("ballot", "outcome", "participants", "electorate", "computed_at")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
