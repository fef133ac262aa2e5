import re
from datetime import date

import pytest
from django.urls import URLPattern, reverse

from jisr.parliament import staff_entry_urls
from jisr.parliament.models import Activity, Attendance, Question, Vote, VoteEvent

from ..accounts.factories import UserFactory
from ..conftest import assert_error_page, signed_in, with_mfa

pytestmark = pytest.mark.django_db
DAY_FOR_CORRECTION = date(2026, 3, 20)
POST_ONLY = {"bill_phase_move"}
PAGES = [
    p.name
    for p in staff_entry_urls.urlpatterns
    if isinstance(p, URLPattern) and p.name not in POST_ONLY
]


@pytest.mark.parametrize("name", PAGES)
def test_entry_pages_are_for_organizers_with_two_factor(client, parliament, organizer, name):
    pattern = next(p for p in staff_entry_urls.urlpatterns if p.name == name)
    pk = parliament.members[0].pk
    if name == "vote_event_correct":
        from jisr.parliament import services

        pk = services.vote_event_record(
            actor="t",
            term=parliament.term,
            date=DAY_FOR_CORRECTION,
            motion="x",
            result="passed",
            votes={parliament.members[0].pk: "yes"},
        ).pk
    if name == "bill_phase_edit":
        from jisr.parliament import services
        from jisr.parliament.models import BillPhase

        services.bill_phases_seed(actor="t", term=parliament.term)
        pk = BillPhase.objects.filter(term=parliament.term).first().pk
    if name == "bill_explain":
        from jisr.parliament import services

        pk = services.bill_record(
            actor="t", term=parliament.term, title="x", introduced_on=DAY_FOR_CORRECTION
        ).pk
    args = [pk] if "<int:pk>" in str(pattern.pattern) else []
    url = reverse(f"parliament_entry:{name}", args=args)
    visitor = client.get(url)  # visitors sign in first
    assert visitor.status_code == 302 and visitor["Location"].startswith(reverse("account_login"))
    signed_in(client, with_mfa(UserFactory(roles=["moderator"])))
    assert_error_page(client.get(url), 403)
    signed_in(client, UserFactory(roles=["organizer"]))  # no authenticator app yet
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    signed_in(client, organizer)
    response = client.get(url)
    assert response.status_code == 200 and response.context["user"] == organizer
    html = response.content.decode()
    if name == "index":  # the entry pages' menu
        assert reverse("parliament_entry:vote_event_new") in html
    else:  # a form that posts back to its own page
        assert re.search(r'<form[^>]+method="post"', html)
        assert "form" not in response.context or not response.context["form"].is_bound


def test_a_vote_is_recorded_on_one_screen_with_a_default_and_exceptions(
    client, parliament, organizer
):
    signed_in(client, organizer)
    dissenter, absent = parliament.members[1], parliament.members[2]
    response = client.post(
        reverse("parliament_entry:vote_event_new"),
        {
            "term": parliament.term.pk,
            "motion": "قانون المياه",
            "date": "١٥/٠٣/٢٠٢٦",  # Arabic-Indic digits, as typed on an Arabic phone
            "result": "passed",
            "default": "yes",
            "method": "roll_call",
            f"member_{dissenter.pk}": "no",
            f"member_{absent.pk}": "skip",
        },
    )
    event = VoteEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("parliament:vote_event", args=[event.pk])
    assert (event.yes_count, event.no_count) == (2, 1)
    assert not Vote.objects.filter(person=absent).exists()
    assert event.recorded_by == organizer


def test_find_narrows_the_exceptions_to_matching_members_and_keeps_the_ones_set(
    client, parliament, organizer
):
    """Without JavaScript, Find shows the vote form again with only the members whose
    name matches, plus any member already given an exception; nothing is recorded."""
    signed_in(client, organizer)
    _ali, maryam, sami, nour = parliament.members
    data = {
        "term": parliament.term.pk,
        "motion": "قانون المياه",
        "result": "passed",
        "default": "yes",
        "method": "roll_call",
        f"member_{nour.pk}": "no",
        "members__find": "مريم",
        "_find": "members",
    }
    response = client.post(reverse("parliament_entry:vote_event_new"), data)
    assert response.status_code == 200
    assert not VoteEvent.objects.exists()
    rows = [person for person, _field in response.context["form"].member_fields()]
    assert rows == sorted([maryam, nour], key=lambda p: p.name)
    html = response.content.decode()
    assert f'name="member_{sami.pk}"' not in html and f'name="member_{nour.pk}"' in html
    assert 'value="قانون المياه"' in html and 'class="error-summary"' not in html


def test_a_vote_outside_the_term_is_refused_and_nothing_is_written(client, parliament, organizer):
    signed_in(client, organizer)
    response = client.post(
        reverse("parliament_entry:vote_event_new"),
        {
            "term": parliament.term.pk,
            "motion": "x",
            "date": "01/01/2020",
            "result": "passed",
            "default": "yes",
            "method": "roll_call",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not VoteEvent.objects.exists()


def test_bad_dates_get_a_form_error(client, parliament, organizer):
    signed_in(client, organizer)
    response = client.post(
        reverse("parliament_entry:activity_new"),
        {
            "term": parliament.term.pk,
            "person": parliament.members[0].pk,
            "kind": "speech",
            "date": "31/02/2026",
            "title": "كلمة",
        },
    )
    assert "date" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_term_of_digits_int_cannot_read_falls_back_to_the_current_term(
    client, parliament, organizer
):
    # "²".isdigit() is true but int("²") fails: the database lookup raised (500).
    signed_in(client, organizer)
    response = client.get(reverse("parliament_entry:vote_event_new"), {"term": "²"})
    assert response.status_code == 200 and response.context["term"] == parliament.term


def test_a_sitting_number_no_column_holds_is_a_form_error(client, parliament, organizer):
    # It reached the database: OverflowError on SQLite, out of range on PostgreSQL.
    signed_in(client, organizer)
    response = client.post(
        reverse("parliament_entry:attendance_new"),
        {
            "term": parliament.term.pk,
            "date": "2026-03-15",
            "number": str(2**64),
            "default": "present",
        },
    )
    assert response.status_code == 200 and "number" in response.context["form"].errors
    assert not Attendance.objects.exists()


def test_attendance_question_and_activity_forms_record_through_the_services(
    client, parliament, organizer
):
    signed_in(client, organizer)
    client.post(
        reverse("parliament_entry:attendance_new"),
        {
            "term": parliament.term.pk,
            "date": "2026-03-15",
            "number": "3",
            "default": "present",
            f"member_{parliament.members[0].pk}": "excused:medical",
        },
    )
    assert Attendance.objects.filter(status="present").count() == 3
    excused = Attendance.objects.get(person=parliament.members[0])
    assert (excused.status, excused.reason) == ("excused", "medical")
    client.post(
        reverse("parliament_entry:question_new"),
        {
            "term": parliament.term.pk,
            "asked_by": parliament.members[0].pk,
            "ministry": parliament.ministry.pk,
            "kind": "oral",
            "asked_on": "2026-03-16",
            "title": "سؤال",
        },
    )
    assert Question.objects.get().title == "سؤال"
    client.post(
        reverse("parliament_entry:activity_new"),
        {
            "term": parliament.term.pk,
            "person": parliament.members[1].pk,
            "kind": "committee",
            "date": "2026-03-16",
            "title": "اجتماع",
            "committee": parliament.committee.pk,
        },
    )
    assert Activity.objects.filter(kind="committee").count() == 1


def photo_upload(exif: bool = True):
    """A large JPEG carrying EXIF metadata, as phones produce."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    image = Image.new("RGB", (1600, 2000), "#336699")
    buffer = io.BytesIO()
    save = {"format": "JPEG"}
    if exif:
        info = Image.Exif()
        info[0x010F] = "PhoneMaker"  # Make
        info[0x0131] = "Camera app 1.0"  # Software
        save["exif"] = info
    image.save(buffer, **save)
    return SimpleUploadedFile("me.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_new_person_with_a_familiar_name_needs_confirmation(client, parliament, organizer):
    from jisr.parliament.models import Person

    signed_in(client, organizer)
    url = reverse("parliament_entry:person_new")
    response = client.post(url, {"name": "علی حسن"})  # Persian ی for ي
    assert response.status_code == 200
    assert response.context["matches"] == [parliament.members[0]]
    assert Person.objects.count() == 4
    response = client.post(url, {"name": "علی حسن", "confirm_different": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 5


def test_photos_are_resized_and_stripped_of_metadata(
    client, parliament, organizer, settings, tmp_path
):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    person = parliament.members[0]
    signed_in(client, organizer)
    response = client.post(
        reverse("parliament_entry:person_edit", args=[person.pk]),
        {"name": person.name, "gender": "", "photo": photo_upload()},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert Image.open(photo_upload()).getexif()  # the upload did carry metadata
    with Image.open(person.photo.path) as stored:
        assert stored.size[0] <= 600 and stored.size[1] <= 750
        assert not stored.getexif()
    photo = client.get(reverse("parliament:photo", args=[person.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"


def test_a_file_that_is_not_a_photo_is_refused(client, parliament, organizer, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    person = parliament.members[0]
    signed_in(client, organizer)
    response = client.post(
        reverse("parliament_entry:person_edit", args=[person.pk]),
        {"name": "اسم جديد", "photo": SimpleUploadedFile("x.jpg", b"not an image")},
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.name == "علي حسن" and not person.photo  # nothing changed at all


def test_merging_two_records_from_the_staff_page(client, parliament, organizer):
    from jisr.parliament import services
    from jisr.parliament.models import Person

    duplicate = services.person_create(actor="t", name="علي حسن", allow_same_name=True)
    signed_in(client, organizer)
    keep = parliament.members[0]
    page = client.get(reverse("parliament_entry:person_merge", args=[keep.pk]))
    assert list(page.context["suggestions"]) == [duplicate]
    client.post(
        reverse("parliament_entry:person_merge", args=[keep.pk]), {"duplicate": duplicate.pk}
    )
    assert not Person.objects.filter(pk=duplicate.pk).exists()


def test_correcting_votes_updates_counts_and_audits_each_change(client, parliament, organizer):
    from jisr.core.models import AuditEntry
    from jisr.parliament import services

    event = services.vote_event_record(
        actor="t",
        term=parliament.term,
        date=DAY_FOR_CORRECTION,
        motion="قانون",
        result="passed",
        votes={p.pk: "yes" for p in parliament.members},
    )
    wrong = Vote.objects.get(vote_event=event, person=parliament.members[2])
    signed_in(client, organizer)
    url = reverse("parliament_entry:vote_event_correct", args=[event.pk])
    assert client.get(url).status_code == 200
    client.post(url, {f"vote_{wrong.pk}": "no"})
    event.refresh_from_db()
    assert (event.yes_count, event.no_count) == (3, 1)
    assert AuditEntry.objects.filter(action="vote.corrected", object_id=str(wrong.pk)).exists()
    client.post(url, {f"vote_{wrong.pk}": "maybe"})
    wrong.refresh_from_db()
    assert wrong.option == "no"  # an unknown option changes nothing


def test_a_persons_staff_page_shows_the_id_to_paste_in_a_csv_file(client, parliament, organizer):
    from jisr.parliament.csv_import import csv_import

    person = parliament.members[0]
    signed_in(client, organizer)
    page = client.get(reverse("parliament_entry:person_edit", args=[person.pk]))
    shown = f'<code dir="ltr" class="copyable">jisr:person/{person.pk}</code>'
    assert shown in page.content.decode()
    # What the page shows is what the importer accepts.
    term = parliament.term
    row = f"{term.identifier},{term.start_date},jisr:person/{person.pk},present"
    data = f"term,date,person,status\n{row}\n"
    assert csv_import("attendance", data.encode(), actor="system:test").counts["attendance"] == 1


def test_refused_attendance_leaves_no_sitting_behind(client, parliament, organizer):
    """The page used to record the sitting, then fail on the attendance: an orphan sitting.
    A member whose seat starts after the day cannot attend that day."""
    from jisr.parliament.models import Sitting

    late = parliament.add_member("عضو لاحق", parliament.party, start_date=date(2026, 6, 1))
    signed_in(client, organizer)
    response = client.post(
        reverse("parliament_entry:attendance_new"),
        {
            "term": parliament.term.pk,
            "date": "2026-03-04",
            "number": "9",
            "default": "present",
            f"member_{late.pk}": "absent",
        },
    )
    assert response.status_code == 200  # shown again with the reason
    assert not Sitting.objects.exists()
    assert not Attendance.objects.exists()
