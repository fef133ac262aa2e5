"""Staff pages for proposals, the office's inbox and answer link, and the API's writes:
every one against every role, then what each does."""

import csv
import io
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from jisr.core.models import AuditEntry
from jisr.core.text.digits import to_ascii_digits
from jisr.parliament.models import Activity
from jisr.parliament.services import vote_event_record
from jisr.proposals import services, staff_urls
from jisr.proposals.models import (
    AbuseReport,
    ActivityLink,
    Answer,
    Milestone,
    Notification,
    Proposal,
    Support,
    Topic,
)
from jisr.proposals.states import Status

from ..accounts.factories import UserFactory
from ..conftest import assert_error_page, signed_in
from .staff_fixtures import *  # noqa: F403
from .staff_fixtures import ROLES, deliver, give_email

pytestmark = pytest.mark.django_db

PAGES = [p for p in staff_urls.urlpatterns if isinstance(p, URLPattern)]
MODERATOR_PAGES = {"moderation", "moderate"}
OFFICE_PAGES = {"office_inbox"}
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def today(arabic=False) -> str:
    text = timezone.localdate().strftime("%d/%m/%Y")
    return text.translate(ARABIC_DIGITS) if arabic else text


def url_of(name: str, proposal: Proposal) -> str:
    pattern = next(p for p in PAGES if p.name == name)
    args = [proposal.pk] if "<int:pk>" in str(pattern.pattern) else []
    return reverse(f"proposals_staff:{name}", args=args)


def as_role(client, people, role):
    client.logout()
    user = people.get(role)
    if user is not None:
        signed_in(client, user)
    return user


def allowed_roles(name: str) -> set[str]:
    if name in OFFICE_PAGES:
        return {"office", "other_office"}
    if name in MODERATOR_PAGES:
        return {"moderator"}
    return {"organizer"}


# --- Who may open what ----------------------------------------------------------------------


def test_every_staff_page_checks_role_and_two_factor_except_the_office_inbox():
    for pattern in PAGES:
        if pattern.name in OFFICE_PAGES:
            assert getattr(pattern.callback, "office_only", False), pattern.name
        else:
            assert getattr(pattern.callback, "staff_roles", None), pattern.name


@pytest.mark.parametrize("name", [p.name for p in PAGES])
def test_each_page_against_each_role(client, pp_world, name):
    proposal = pp_world.proposal(Status.DELIVERED)
    url = url_of(name, proposal)
    for role in ROLES:
        as_role(client, pp_world.people, role)
        response = client.get(url)
        if role == "visitor":
            assert response.status_code == 302, role
            assert response["Location"].startswith(reverse("account_login"))
        elif role in allowed_roles(name):
            assert response.status_code == 200, role
        else:
            assert response.status_code == 403, role


@pytest.mark.parametrize("name", [p.name for p in PAGES if p.name not in OFFICE_PAGES])
def test_staff_without_two_factor_are_sent_to_set_it_up(client, pp_world, name):
    proposal = pp_world.proposal(Status.DELIVERED)
    roles = ["moderator"] if name in MODERATOR_PAGES else ["organizer"]
    signed_in(client, UserFactory(roles=roles))
    response = client.get(url_of(name, proposal))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_offices_need_no_two_factor_but_a_link_to_a_representative(client, pp_world):
    proposal = pp_world.proposal(Status.DELIVERED)
    signed_in(client, pp_world.people.office)  # has no authenticator
    inbox = client.get(reverse("proposals_staff:office_inbox"))
    assert inbox.status_code == 200
    assert inbox.context["representative"] == pp_world.parliament.members[0]
    assert [d.proposal for d, _form in inbox.context["rows"]] == [proposal]
    signed_in(client, UserFactory(roles=["representative_office"]))  # linked to no one
    refused = client.get(reverse("proposals_staff:office_inbox"))
    assert_error_page(refused, 403)
    assert proposal.title not in refused.content.decode()


def _write_cases(world):
    """(page, allowed role, proposal, form data, check that it happened)."""
    reps = world.parliament.members
    submitted = world.proposal(Status.SUBMITTED)
    published = world.proposal(Status.PUBLISHED)
    delivered = world.proposal(Status.DELIVERED)
    delivery = delivered.deliveries.get()
    for_office = world.proposal(Status.DELIVERED).deliveries.get()
    activity = Activity.objects.create(
        person=reps[0],
        term=world.parliament.term,
        kind="speech",
        date=timezone.localdate(),
        title="كلمة عن الجوازات",
    )
    pk = for_office.pk
    answer_data = {"delivery": pk, f"d{pk}-answered_on": today(), f"d{pk}-text": "جواب المكتب"}

    def status_is(proposal, status):
        return lambda: Proposal.objects.get(pk=proposal.pk).status == status

    return [
        (
            "moderate",
            "moderator",
            submitted,
            {"action": "moderate", "target": "published"},
            status_is(submitted, Status.PUBLISHED),
        ),
        (
            "deliver",
            "organizer",
            published,
            {
                "action": "deliver",
                "representatives": [reps[1].pk],
                "method": "letter",
                "delivered_on": today(arabic=True),
            },
            status_is(published, Status.DELIVERED),
        ),
        (
            "deliver",
            "organizer",
            published,
            {"action": "pick", "picked": "on"},
            lambda: Proposal.objects.get(pk=published.pk).picked_for_delivery,
        ),
        (
            "answer",
            "organizer",
            delivered,
            {"delivery": delivery.pk, "answered_on": today(), "text": "وعد بالمتابعة"},
            status_is(delivered, Status.ANSWERED),
        ),
        (
            "milestone",
            "organizer",
            delivered,
            {"date": today(), "note": "اجتماع اللجنة", "progress": "٥٠"},
            lambda: Milestone.objects.filter(proposal=delivered, progress=50).exists(),
        ),
        (
            "link",
            "organizer",
            delivered,
            {"record": f"activity:{activity.pk}"},
            lambda: ActivityLink.objects.filter(proposal=delivered, activity=activity).exists(),
        ),
        (
            "outcome",
            "organizer",
            delivered,
            {"target": "in_progress", "note": "بدأ العمل"},
            status_is(delivered, Status.IN_PROGRESS),
        ),
        (
            "topics",
            "organizer",
            None,
            {"action": "add", "new-name": "الصحة", "new-name_en": "Health", "new-order": "2"},
            lambda: Topic.objects.filter(name="الصحة").exists(),
        ),
        (
            "office_inbox",
            "office",
            None,
            answer_data,
            lambda: Answer.objects.filter(delivery=for_office, source="office").exists(),
        ),
    ]


def test_every_write_against_every_role(client, pp_world):
    for name, allowed, proposal, data, happened in _write_cases(pp_world):
        url = url_of(name, proposal or Proposal(pk=1))
        audit_before = AuditEntry.objects.count()
        for role in [r for r in ROLES if r != allowed]:
            as_role(client, pp_world.people, role)
            response = client.post(url, data)
            expected = {"visitor": 302, "other_office": 404 if name in OFFICE_PAGES else 403}
            assert response.status_code == expected.get(role, 403), (name, role)
            assert not happened(), (name, role)
        assert AuditEntry.objects.count() == audit_before, name
        as_role(client, pp_world.people, allowed)
        response = client.post(url, data)
        assert response.status_code == 302, (name, response.content.decode()[-3000:])
        assert happened(), name
        assert AuditEntry.objects.count() > audit_before, name


# --- Dashboard and moderation ---------------------------------------------------------------


def test_dashboard_shows_queue_follow_ups_rates_and_ready_proposals(
    client, pp_world, settings, django_assert_num_queries
):
    settings.JISR_SUPPORT_THRESHOLD = 2
    settings.JISR_FOLLOW_UP_DAYS = 30
    people, reps = pp_world.people, pp_world.parliament.members
    for status in (Status.SUBMITTED, Status.IN_REVIEW, Status.PUBLISHED, Status.ANSWERED):
        for _i in range(3):
            pp_world.proposal(status)
    popular = pp_world.proposal(Status.PUBLISHED, title="مقترح مدعوم")
    for user in (people.member, people.volunteer):
        services.support_add(actor=user, proposal=popular)
    picked = pp_world.proposal(Status.PUBLISHED, title="مقترح مختار")
    services.proposal_pick(actor=people.organizer, proposal=picked)
    stale = pp_world.proposal(Status.DELIVERED, title="مقترح منسي")
    deliver(stale, people.organizer, reps[1:3])
    Proposal.objects.filter(pk=stale.pk).update(last_update_at=timezone.now() - timedelta(40))

    signed_in(client, people.organizer)
    with django_assert_num_queries(11):
        response = client.get(reverse("proposals_staff:dashboard"))
    assert response.status_code == 200
    queue = {status: n for status, _label, n in response.context["queue"]}
    assert (queue["submitted"], queue["in_review"], queue["published"]) == (3, 3, 5)
    assert [p.title for p in response.context["ready"]] == ["مقترح مدعوم", "مقترح مختار"]
    assert [p.title for p in response.context["overdue"]] == ["مقترح منسي"]
    rates = {p.name: (p.delivered, p.answered) for p in response.context["rates"]}
    assert rates[reps[0].name] == (4, 3)  # three answered proposals and the stale one
    html = response.content.decode()
    assert "75%" in html and "مقترح منسي" in html

    # More proposals, more deliveries: still the same number of queries.
    for _i in range(10):
        deliver(pp_world.proposal(Status.PUBLISHED), people.organizer, reps)
    with django_assert_num_queries(11):
        assert client.get(reverse("proposals_staff:dashboard")).status_code == 200


def test_moderation_queue_lists_waiting_and_hidden_with_bounded_queries(
    client, pp_world, settings, django_assert_num_queries
):
    settings.JISR_REPORTS_TO_HIDE = 1
    waiting = [pp_world.proposal(Status.SUBMITTED) for _i in range(5)]
    reported = pp_world.proposal(Status.PUBLISHED, title="مقترح مبلغ عنه")
    services.proposal_report(actor=pp_world.people.member, proposal=reported, reason="spam")
    pp_world.proposal(Status.PUBLISHED, title="مقترح عادي")
    signed_in(client, pp_world.people.moderator)
    with django_assert_num_queries(7):
        response = client.get(reverse("proposals_staff:moderation"))
    listed = list(response.context["page_obj"].object_list)
    assert listed[:5] == waiting and reported in listed and len(listed) == 6
    for _i in range(60):
        pp_world.proposal(Status.SUBMITTED)
    with django_assert_num_queries(7):
        response = client.get(reverse("proposals_staff:moderation"), {"page": 2})
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == 66


# Per page, the queries it makes, whatever the amount of data (an organizer's menu counts
# the share kits' posts waiting for review: one query).
QUERY_PINS = {
    # An organizer's page counts the events waiting for their report (the staff menu).
    "dashboard": 11,
    "moderation": 6,
    "moderate": 9,
    "deliver": 10,
    "answer": 10,
    # The outcome page shows the whole timeline: changes, deliveries with answers, milestones.
    "milestone": 7,
    "link": 13,
    "outcome": 9,
    "topics": 6,
    "export_csv": 6,
    "office_inbox": 7,
}


@pytest.mark.parametrize("name", [p.name for p in PAGES])
def test_each_page_keeps_a_bounded_number_of_queries(
    client, pp_world, name, django_assert_num_queries
):
    people, reps = pp_world.people, pp_world.parliament.members
    status = Status.SUBMITTED if name == "moderate" else Status.ANSWERED
    proposal = pp_world.proposal(status, targets=reps)
    for _i in range(8):
        other = pp_world.proposal(Status.ANSWERED, targets=reps)
        deliver(other, people.organizer, reps)
        services.milestone_add(
            actor=people.organizer,
            proposal=other,
            date=timezone.localdate(),
            note="خطوة",
            progress=10,
        )
    if status == Status.ANSWERED:
        deliver(proposal, people.organizer, reps)
    signed_in(client, people.get(sorted(allowed_roles(name))[0]))
    with django_assert_num_queries(QUERY_PINS[name]):
        response = client.get(url_of(name, proposal))
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    # What each page shows of that data: the proposal it is about, or its list.
    shown = {
        "dashboard": reps[0].name,  # the answer rates, per representative
        "topics": pp_world.topic.name,
        "moderation": None,  # nothing waits: every proposal here was moderated
    }.get(name, proposal.title)
    if shown is None:
        assert response.context["page_obj"].paginator.count == 0
    else:
        assert shown in body.decode()


def test_drafts_stay_private_even_from_staff(client, pp_world):
    draft = pp_world.proposal(Status.DRAFT)
    signed_in(client, pp_world.people.moderator)
    response = client.get(reverse("proposals_staff:moderate", args=[draft.pk]))
    assert_error_page(response, 404)  # as if it did not exist
    assert draft.title not in response.content.decode()
    assert draft.body not in response.content.decode()


def moderate(client, proposal, **data):
    return client.post(reverse("proposals_staff:moderate", args=[proposal.pk]), data)


def test_asking_for_changes_needs_a_message_the_author_then_sees(client, pp_world):
    proposal = pp_world.proposal(Status.SUBMITTED)
    signed_in(client, pp_world.people.moderator)
    response = moderate(client, proposal, action="moderate", target="draft", message="")
    assert response.status_code == 200
    assert response.context["moderate_form"].errors["message"]
    assert Proposal.objects.get(pk=proposal.pk).status == Status.SUBMITTED
    response = moderate(client, proposal, action="moderate", target="draft", message="أضف مصدرًا")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.moderator_message) == (Status.DRAFT, "أضف مصدرًا")
    assert Notification.objects.filter(user=pp_world.people.author, kind="moderation").exists()


def test_rejecting_with_a_reason(client, pp_world):
    proposal = pp_world.proposal(Status.IN_REVIEW)
    signed_in(client, pp_world.people.moderator)
    moderate(client, proposal, action="moderate", target="rejected", message="خارج الموضوع")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.moderator_message) == (Status.REJECTED, "خارج الموضوع")
    # A decision the machine does not allow from here is refused on the form.
    response = moderate(client, proposal, action="moderate", target="published")
    assert response.status_code == 200 and response.context["moderate_form"].errors


def test_merging_from_the_page_moves_the_supports(client, pp_world):
    people = pp_world.people
    into = pp_world.proposal(Status.PUBLISHED, title="تسهيل تجديد جوازات السفر في القنصليات")
    duplicate = pp_world.proposal(Status.SUBMITTED, title="تسهيل تجديد الجوازات في القنصلية")
    services.support_add(actor=people.member, proposal=into)
    signed_in(client, people.moderator)
    page = client.get(reverse("proposals_staff:moderate", args=[duplicate.pk]))
    assert into in page.context["similar"]
    response = moderate(client, duplicate, action="merge", into=to_ascii_digits(str(into.pk)))
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == (Status.MERGED, into.pk)
    assert moderate(client, into, action="merge", into=str(into.pk)).status_code == 200


def test_reviewing_reports_restores_or_keeps_hidden(client, pp_world, settings):
    settings.JISR_REPORTS_TO_HIDE = 1
    proposal = pp_world.proposal(Status.PUBLISHED)
    services.proposal_report(actor=pp_world.people.member, proposal=proposal, reason="spam")
    signed_in(client, pp_world.people.moderator)
    page = client.get(reverse("proposals_staff:moderate", args=[proposal.pk]))
    assert (
        "Spam" in page.content.decode()
        or "مزعج" in page.content.decode()
        or page.context["reports"]
    )
    assert moderate(client, proposal, action="reports", restore="1").status_code == 302
    assert not Proposal.objects.get(pk=proposal.pk).hidden
    assert moderate(client, proposal, action="reports", restore="0").status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).hidden
    assert not AbuseReport.objects.filter(resolved=False).exists()
    assert moderate(client, proposal, action="nonsense").status_code == 400


# --- Delivery, answers, milestones, links, outcomes -----------------------------------------


def test_delivery_defaults_to_the_addressed_representatives_and_can_email_the_office(
    client, pp_world, settings
):
    settings.JISR_SITE_URL = "https://jisr.example.org"
    reps = pp_world.parliament.members
    give_email(reps[0], "office-0@example.org")
    proposal = pp_world.proposal(Status.PUBLISHED, targets=[reps[0]])
    url = reverse("proposals_staff:deliver", args=[proposal.pk])
    signed_in(client, pp_world.people.organizer)
    form = client.get(url).context["form"]
    assert form.initial["representatives"] == [reps[0].pk]
    assert set(form.fields["representatives"].queryset) == set(reps)
    response = client.post(
        url,
        {
            "action": "deliver",
            "representatives": [reps[0].pk, reps[1].pk],
            "method": "email",
            "delivered_on": today(arabic=True),
            "note": "أرسلناه",
            "email_office": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Status.DELIVERED and proposal.deliveries.count() == 2
    assert [m.to for m in mail.outbox] == [["office-0@example.org"]]
    assert "https://jisr.example.org/proposals/answer/" in mail.outbox[0].body
    warnings = [str(m) for m in response.context["messages"]]
    assert any(reps[1].name in m for m in warnings)  # no address on record: no link sent


def test_a_future_delivery_date_is_refused_on_the_form(client, pp_world):
    proposal = pp_world.proposal(Status.PUBLISHED)
    signed_in(client, pp_world.people.organizer)
    tomorrow = (timezone.localdate() + timedelta(days=2)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("proposals_staff:deliver", args=[proposal.pk]),
        {
            "action": "deliver",
            "representatives": [pp_world.parliament.members[0].pk],
            "method": "meeting",
            "delivered_on": tomorrow,
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["delivered_on"]
    assert not proposal.deliveries.exists()


def test_picking_toggles(client, pp_world):
    proposal = pp_world.proposal(Status.PUBLISHED)
    url = reverse("proposals_staff:deliver", args=[proposal.pk])
    signed_in(client, pp_world.people.organizer)
    client.post(url, {"action": "pick", "picked": "on"})
    assert Proposal.objects.get(pk=proposal.pk).picked_for_delivery
    client.post(url, {"action": "pick", "picked": ""})
    assert not Proposal.objects.get(pk=proposal.pk).picked_for_delivery


def test_link_by_pasting_a_page_address(client, pp_world):
    reps = pp_world.parliament.members
    proposal = pp_world.proposal(Status.DELIVERED)
    event = vote_event_record(
        actor="t",
        term=pp_world.parliament.term,
        date=timezone.localdate(),
        motion="قانون",
        result="passed",
        votes={reps[0].pk: "yes"},
    )
    url = reverse("proposals_staff:link", args=[proposal.pk])
    signed_in(client, pp_world.people.organizer)
    page = client.get(url)
    assert f"vote_event:{event.pk}" in page.content.decode()  # offered among recent records
    bad = client.post(url, {"url": "https://example.org/representatives/1/"})
    assert bad.status_code == 200 and bad.context["form"].errors["url"]
    both = client.post(url, {"url": f"/votes/{event.pk}/", "record": f"vote_event:{event.pk}"})
    assert both.status_code == 200 and both.context["form"].non_field_errors()
    page_url = f"https://jisr.example.org{reverse('parliament:vote_event', args=[event.pk])}"
    assert client.post(url, {"url": page_url}).status_code == 302
    assert ActivityLink.objects.get(proposal=proposal).vote_event == event


def test_outcome_offers_only_allowed_moves_and_reopens(client, pp_world):
    proposal = pp_world.proposal(Status.ACHIEVED)
    url = reverse("proposals_staff:outcome", args=[proposal.pk])
    signed_in(client, pp_world.people.organizer)
    choices = [value for value, _label in client.get(url).context["form"].fields["target"].choices]
    assert choices == ["in_progress"]
    assert client.post(url, {"target": "closed"}).status_code == 200  # not allowed from here
    assert client.post(url, {"target": "in_progress", "note": "أعيد فتحه"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.IN_PROGRESS
    assert proposal.changes.last().note == "أعيد فتحه"


def test_answer_page_refuses_an_answer_before_the_delivery(client, pp_world):
    proposal = pp_world.proposal(Status.DELIVERED)
    delivery = proposal.deliveries.get()
    signed_in(client, pp_world.people.organizer)
    early = (delivery.delivered_on - timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("proposals_staff:answer", args=[proposal.pk]),
        {"delivery": delivery.pk, "answered_on": early, "text": "جواب"},
    )
    assert response.status_code == 200 and response.context["form"].errors["answered_on"]


def test_topics_rename_and_stop_being_offered(client, pp_world):
    topic = pp_world.topic
    url = reverse("proposals_staff:topics")
    signed_in(client, pp_world.people.organizer)
    prefix = f"t{topic.pk}"
    response = client.post(
        url,
        {
            "action": "rename",
            "topic": topic.pk,
            f"{prefix}-name": "التربية والتعليم",
            f"{prefix}-name_en": "Education",
            f"{prefix}-order": "٣",
        },
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.order) == ("التربية والتعليم", 3)
    client.post(url, {"action": "toggle", "topic": topic.pk})
    topic.refresh_from_db()
    assert not topic.is_active
    empty = client.post(url, {"action": "rename", "topic": topic.pk, f"{prefix}-name": " "})
    assert empty.status_code == 200
    assert {"topic.created", "topic.changed"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


# --- CSV export -----------------------------------------------------------------------------


def test_the_csv_export_opens_in_spreadsheets_and_holds_no_personal_data(client, pp_world):
    people = pp_world.people
    delivered = pp_world.proposal(Status.ANSWERED, title='=HYPERLINK("http://evil")')
    published = pp_world.proposal(Status.PUBLISHED, title="مقترح الكهرباء", area=pp_world.area)
    draft = pp_world.proposal(Status.DRAFT, title="مسودة خاصة")
    signed_in(client, people.organizer)
    response = client.get(reverse("proposals_staff:export_csv"))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {str(delivered.pk), str(published.pk)}  # no draft
    assert str(draft.pk) not in by_number
    assert by_number[str(published.pk)][1] == "مقترح الكهرباء"
    assert by_number[str(published.pk)][4] == "البصرة"
    assert by_number[str(delivered.pk)][1].startswith("'=")  # never run as a formula
    assert pp_world.parliament.members[0].name in by_number[str(delivered.pk)][12]
    assert people.author.display_name in raw.decode()
    assert "@" not in raw.decode()  # no e-mail address
    only = client.get(reverse("proposals_staff:export_csv"), {"status": "published"})
    assert len(list(csv.reader(io.StringIO(b"".join(only.streaming_content).decode())))) == 2
    assert client.get(reverse("proposals_staff:export_csv"), {"status": "draft"}).status_code == 400


# --- The representative's office ------------------------------------------------------------


def test_the_office_inbox_shows_only_its_representatives_deliveries(client, pp_world):
    people, reps = pp_world.people, pp_world.parliament.members
    mine = pp_world.proposal(Status.DELIVERED, title="مقترح لمكتبنا")  # delivered to reps[0]
    theirs = pp_world.proposal(Status.PUBLISHED, title="مقترح لغيرنا")
    [other_delivery] = deliver(theirs, people.organizer, [reps[1]])
    signed_in(client, people.office)
    page = client.get(reverse("proposals_staff:office_inbox"))
    html = page.content.decode()
    assert "مقترح لمكتبنا" in html and "مقترح لغيرنا" not in html
    response = client.post(
        reverse("proposals_staff:office_inbox"),
        {
            "delivery": other_delivery.pk,
            f"d{other_delivery.pk}-answered_on": today(),
            f"d{other_delivery.pk}-text": "ليس لنا",
        },
    )
    assert response.status_code == 404
    assert not Answer.objects.exists()
    delivery = mine.deliveries.get()
    pk = delivery.pk
    empty = client.post(
        reverse("proposals_staff:office_inbox"),
        {"delivery": pk, f"d{pk}-answered_on": today(), f"d{pk}-text": ""},
    )
    assert empty.status_code == 200 and not Answer.objects.exists()
    signed_in(client, people.other_office)
    assert (
        "مقترح لمكتبنا" not in client.get(reverse("proposals_staff:office_inbox")).content.decode()
    )


def office_url(delivery, token=None):
    return reverse("proposals:office_answer", args=[token or services.office_link_token(delivery)])


def test_the_office_link_answers_once_without_an_account(client, pp_world):
    proposal = pp_world.proposal(Status.DELIVERED, title="مقترح ينتظر الجواب")
    delivery = proposal.deliveries.get()
    url = office_url(delivery)
    page = client.get(url)
    assert page.status_code == 200 and "مقترح ينتظر الجواب" in page.content.decode()
    response = client.post(url, {"answered_on": today(arabic=True), "text": "سنتابع الأمر."})
    assert response.status_code == 302
    answer = Answer.objects.get(delivery=delivery)
    assert (answer.source, answer.recorded_by, answer.text) == ("office", None, "سنتابع الأمر.")
    assert Proposal.objects.get(pk=proposal.pk).status == Status.ANSWERED
    assert client.get(response["Location"]).status_code == 200
    again = client.post(url, {"answered_on": today(), "text": "مرة أخرى"})
    assert again.status_code == 410
    assert Answer.objects.count() == 1


def test_expired_and_forged_links_explain_themselves(client, pp_world, settings):
    delivery = pp_world.proposal(Status.DELIVERED).deliveries.get()
    settings.JISR_OFFICE_LINK_DAYS = 21
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 22 * 86400):
        old = services.office_link_token(delivery)
    expired = client.get(office_url(delivery, old))
    assert expired.status_code == 410
    assert "expired" in expired.content.decode() or "انتهت" in expired.content.decode()
    token = services.office_link_token(delivery)
    for forged in (token[:-3] + "abc", "nonsense", token.replace(":", "x", 1)):
        response = client.get(office_url(delivery, forged))
        assert response.status_code == 410, forged
    posted = client.post(office_url(delivery, "nonsense"), {"text": "x"})
    assert posted.status_code == 410 and not Answer.objects.exists()


def test_the_office_link_is_rate_limited(client, pp_world):
    delivery = pp_world.proposal(Status.DELIVERED).deliveries.get()
    url = office_url(delivery)
    codes = [client.get(url).status_code for _i in range(61)]
    assert codes[:60] == [200] * 60 and codes[60] == 429


# --- API writes against every role ----------------------------------------------------------


API = "/api/v1"


def test_supporting_through_the_api_against_every_role(client, pp_world):
    proposal = pp_world.proposal(Status.PUBLISHED)
    url = f"{API}/proposals/{proposal.pk}/support"
    expected = {"visitor": 401, "author": 409}  # a conflict: one cannot support one's own
    for role in ROLES:
        user = as_role(client, pp_world.people, role)
        response = client.post(url)
        assert response.status_code == expected.get(role, 200), (role, response.content)
        if response.status_code == 200:
            assert response.json()["supported"] is True
            assert Support.objects.filter(proposal=proposal, user=user).exists()
        deleted = client.delete(url)  # withdrawing what one never gave changes nothing
        assert deleted.status_code == (401 if role == "visitor" else 200), role
    assert not Support.objects.exists()
    nobody = UserFactory()
    nobody.groups.clear()  # an account that is not (or no longer) a member
    signed_in(client, nobody)
    assert client.post(url).status_code == 403


def test_adding_milestones_through_the_api_against_every_role(client, pp_world):
    proposal = pp_world.proposal(Status.DELIVERED)
    url = f"{API}/proposals/{proposal.pk}/milestones"
    body = {"date": str(timezone.localdate()), "note": "اجتماع", "progress": 30}
    for role in ROLES:
        as_role(client, pp_world.people, role)
        response = client.post(url, body, content_type="application/json")
        expected = {"visitor": 401, "organizer": 201}.get(role, 403)
        assert response.status_code == expected, role
    assert Milestone.objects.count() == 1
    signed_in(client, UserFactory(roles=["organizer"]))  # no two-factor authentication
    assert client.post(url, body, content_type="application/json").status_code == 403


def test_api_writes_need_the_csrf_token(pp_world):
    proposal = pp_world.proposal(Status.PUBLISHED)
    browser = Client(enforce_csrf_checks=True)
    signed_in(browser, pp_world.people.member)
    url = f"{API}/proposals/{proposal.pk}/support"
    assert browser.post(url).status_code == 403
    browser.get(reverse("home"))  # sets the CSRF cookie, as a page of the site does
    token = browser.cookies["csrftoken"].value
    assert browser.post(url, headers={"X-CSRFToken": token}).status_code == 200
    assert Support.objects.filter(proposal=proposal).count() == 1
