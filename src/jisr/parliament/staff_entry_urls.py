from django.urls import path

from . import staff_entry

app_name = "parliament_entry"
urlpatterns = [
    path("", staff_entry.index, name="index"),
    path("votes/new/", staff_entry.vote_event_new, name="vote_event_new"),
    path("votes/<int:pk>/correct/", staff_entry.vote_event_correct, name="vote_event_correct"),
    path("attendance/new/", staff_entry.attendance_new, name="attendance_new"),
    path(
        "committee-meetings/new/",
        staff_entry.committee_meeting_new,
        name="committee_meeting_new",
    ),
    path("bill-phases/", staff_entry.bill_phases, name="bill_phases"),
    path("bill-phases/<int:pk>/", staff_entry.bill_phase_edit, name="bill_phase_edit"),
    path("bill-phases/<int:pk>/move/", staff_entry.bill_phase_move, name="bill_phase_move"),
    path("bills/<int:pk>/explain/", staff_entry.bill_explain, name="bill_explain"),
    path("activities/new/", staff_entry.activity_new, name="activity_new"),
    path("questions/new/", staff_entry.question_new, name="question_new"),
    path("bills/new/", staff_entry.bill_new, name="bill_new"),
    path("people/new/", staff_entry.person_new, name="person_new"),
    path("people/<int:pk>/edit/", staff_entry.person_edit, name="person_edit"),
    path("people/<int:pk>/merge/", staff_entry.person_merge, name="person_merge"),
]
