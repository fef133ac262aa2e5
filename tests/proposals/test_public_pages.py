"""The members' side of proposals, page by page and role by role: what each may see and
do, what stays private, how supports and reports count, the similar-proposals step before
submitting, rate limits, digits and escaping, and the queries each page makes."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jisr.accounts.models import User
from jisr.accounts.roles import Role
from jisr.accounts.services import user_erase
from jisr.core.views import ERRORS
from jisr.parliament.models import Activity
from jisr.proposals import selectors, services
from jisr.proposals.models import AbuseReport, Notification, OfficeAccount, Proposal, Support
from jisr.proposals.states import Status

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from ..parliament.factories import (
    ActivityFactory,
    AreaFactory,
    BillFactory,
    MembershipFactory,
    QuestionFactory,
    VoteEventFactory,
)
from .conftest import publish

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "author", "volunteer", "moderator", "organizer", "office"]
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
SIMILAR_TITLE = "تسهيل تجديد جوازات السفر في القنصليات العراقية"
SIMILAR_BODY = "نقترح فتح مواعيد مسائية وحجزًا إلكترونيًا لتجديد جوازات السفر في القنصليات."


# --- Fixtures and helpers -------------------------------------------------------------------


@pytest.fixture
def seat(db):
    """A seat in the current (and only) term."""
    return MembershipFactory()


@pytest.fixture
def representative(seat):
    return seat.person


@pytest.fixture
def other_representative(seat):
    return MembershipFactory(term=seat.term, organization=seat.organization).person


def office_for(person):
    user = UserFactory(roles=[Role.REPRESENTATIVE_OFFICE])
    OfficeAccount.objects.create(user=user, representative=person)
    return user


@pytest.fixture
def people(member, moderator, organizer, proposal_author, representative):
    return {
        "visitor": None,
        "member": member,
        "author": proposal_author,
        "volunteer": UserFactory(roles=[Role.VOLUNTEER]),
        "moderator": moderator,
        "organizer": organizer,
        "office": office_for(representative),
    }


def as_role(client, people, role):
    if people[role] is not None:
        signed_in(client, people[role])
    return client


def detail(proposal) -> str:
    return reverse("proposals:detail", args=[proposal.pk])


def html(response) -> str:
    return response.content.decode()


def listed(response) -> set[int]:
    return {p.pk for p in response.context["page_obj"].object_list}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def submitted(author, topic, title="مقترح قيد المراجعة", body="نص المقترح وتفاصيله الكاملة."):
    proposal = services.proposal_save_draft(actor=author, title=title, body=body, topic=topic)
    return services.proposal_submit(actor=author, proposal=proposal)


def in_status(status, author, topic, **text):
    """A proposal that never became public, in ``status``; or a published one hidden."""
    if status == Status.DRAFT:
        return services.proposal_save_draft(
            actor=author, title="مسودة", body="نص المسودة.", topic=topic
        )
    if status == "hidden":
        proposal = publish(author, topic, title="مقترح مخفي", body="نص المقترح المخفي.")
        services.proposal_review_reports(actor="system:test", proposal=proposal, restore=False)
        return proposal
    proposal = submitted(author, topic, **text)
    if status == Status.WITHDRAWN:
        services.proposal_withdraw(actor=author, proposal=proposal)
    elif status in (Status.IN_REVIEW, Status.REJECTED):
        services.proposal_moderate(
            actor="system:test", proposal=proposal, target=status, message="مكرر ومخالف"
        )
    proposal.refresh_from_db()
    return proposal


def an_organizer():
    existing = User.objects.filter(groups__name=Role.ORGANIZER).first()
    return existing or UserFactory(roles=[Role.ORGANIZER])


def deliver(proposal, person, days_ago=10):
    return services.delivery_record(
        actor=an_organizer(),
        proposal=proposal,
        representatives=[person],
        method="letter",
        delivered_on=timezone.localdate() - timedelta(days=days_ago),
    )[0]


def form_data(topic, **overrides):
    data = {
        "title": "إنارة الطرق الخارجية بالطاقة الشمسية",
        "body": "نصب أعمدة إنارة تعمل بالطاقة الشمسية على الطرق بين المحافظات.",
        "topic": topic.pk,
        "area": "",
        "language": "ar",
        "action": "submit",
    }
    data.update(overrides)
    return data


# --- The list -------------------------------------------------------------------------------


PRIVATE = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.REJECTED,
    Status.WITHDRAWN,
    "hidden",
]


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_only_public_proposals_to_everyone(
    client, people, role, published, proposal_author, topic
):
    private = [in_status(s, proposal_author, topic) for s in PRIVATE]
    response = as_role(client, people, role).get(reverse("proposals:list"))
    assert response.status_code == 200
    assert listed(response) == {published.pk}
    page = html(response)
    for proposal in private:
        assert detail(proposal) not in page
    assert published.title in page
    assert "كاتبة المقترح" in page  # the display name, never the e-mail
    assert proposal_author.email not in page


def test_the_list_filters_and_sorts(client, proposal_author, topic, member, representative):
    other_topic = services.topic_save(actor="system:test", name="الصحة")
    basra = AreaFactory(name="البصرة")
    older = publish(proposal_author, topic, title="مقترح قديم", body="نص أول للمقترح.")
    newer = publish(
        proposal_author, other_topic, title="مقترح جديد", body="نص ثان مختلف.", area=basra
    )
    services.support_add(actor=member, proposal=older)
    deliver(older, representative)
    url = reverse("proposals:list")

    assert listed(client.get(url, {"topic": other_topic.pk})) == {newer.pk}
    assert listed(client.get(url, {"area": basra.pk})) == {newer.pk}
    assert listed(client.get(url, {"status": "delivered"})) == {older.pk}
    assert listed(client.get(url, {"representative": representative.pk})) == {older.pk}

    def order(sort):
        return [p.pk for p in client.get(url, {"sort": sort}).context["page_obj"].object_list]

    assert order("newest") == [newer.pk, older.pk]
    assert order("supported") == [older.pk, newer.pk]
    assert order("updated") == [older.pk, newer.pk]  # the delivery is the latest update


def test_invalid_filters_are_ignored_never_an_error(client, published):
    response = client.get(
        reverse("proposals:list"),
        {
            "status": "rejected",
            "topic": "nope",
            "representative": "999999",
            "area": "<script>",
            "sort": "drop table",
            "page": "last-but-one",
        },
    )
    assert response.status_code == 200
    assert listed(response) == {published.pk}
    assert "<script>" not in html(response).split("<main", 1)[1].split("</form>", 1)[1]


@pytest.mark.parametrize("value", ["²", "⑫"])
def test_a_topic_filter_of_digits_int_cannot_read_is_ignored(client, published, value):
    # "²".isdigit() is true but int("²") fails: the page's feed links made it a 500.
    response = client.get(reverse("proposals:list"), {"topic": value})
    assert response.status_code == 200
    assert listed(response) == {published.pk}


def test_arabic_indic_and_persian_digits_in_filters_and_pages(
    client, proposal_author, topic, published
):
    for i in range(21):
        publish(proposal_author, topic, title=f"مقترح رقم {i}", body=f"نص المقترح {i}.")
    url = reverse("proposals:list")
    arabic = client.get(url, {"topic": str(topic.pk).translate(ARABIC_DIGITS), "page": "٢"})
    assert arabic.status_code == 200
    assert arabic.context["form"].filters()["topic"] == topic.pk
    assert arabic.context["page_obj"].number == 2
    assert len(arabic.context["page_obj"].object_list) == 2  # 22 proposals, 20 a page
    persian = client.get(url, {"topic": str(topic.pk).translate(PERSIAN_DIGITS), "page": "۲"})
    assert persian.context["page_obj"].number == 2


def test_the_list_with_fifty_proposals_keeps_its_queries_bounded(
    client,
    member,
    proposal_author,
    topic,
    representative,
    django_assert_num_queries,
    assert_flat_queries,
):
    basra = AreaFactory()

    def proposals(numbers):
        for i in numbers:
            proposal = publish(
                proposal_author,
                topic,
                title=f"مقترح الاختبار {i}",
                body=f"تفاصيل المقترح {i}.",
                area=basra if i % 2 else None,
                targets=[representative] if i % 3 else [],
            )
            if i % 5 == 0:
                deliver(proposal, representative)

    proposals(range(5))  # one of each kind: delivered, in an area, with targets
    url = reverse("proposals:list")
    few, first = assert_flat_queries(5, lambda: client.get(url), lambda: proposals(range(5, 50)))
    assert len(few.context["page_obj"].object_list) == 5
    assert len(first.context["page_obj"].object_list) == 20
    assert first.context["page_obj"].paginator.count == 50
    signed_in(client, member)
    with django_assert_num_queries(10):
        third = client.get(
            url, {"page": 3, "sort": "supported", "representative": representative.pk}
        )
    assert third.status_code == 200
    # Each chosen filter is looked up once to validate it: at most three more.
    with django_assert_num_queries(12):
        client.get(url, {"area": basra.pk, "topic": topic.pk, "representative": representative.pk})


# --- The proposal page ----------------------------------------------------------------------


# What each role finds on a public proposal: (support button, report form, staff box)
CAN = {
    "visitor": (False, False, False),
    "member": (True, True, False),
    "author": (False, False, False),
    "volunteer": (True, True, False),
    "moderator": (True, True, True),
    "organizer": (True, True, True),
    "office": (True, True, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_a_public_proposal_against_every_role(client, people, role, published):
    response = as_role(client, people, role).get(detail(published))
    assert response.status_code == 200
    support, report, staff = CAN[role]
    page = html(response)
    assert response.context["can_support"] is support
    assert (reverse("proposals:support", args=[published.pk]) in page) is support
    assert (response.context["report_form"] is not None) is report
    assert (reverse("proposals:report", args=[published.pk]) in page) is report
    assert ('id="staff"' in page) is staff
    assert (reverse("proposals_staff:moderate", args=[published.pk]) in page) is (
        role == "moderator"
    )
    assert (reverse("proposals_staff:deliver", args=[published.pk]) in page) is (
        role == "organizer"
    )
    assert (reverse("proposals:withdraw", args=[published.pk]) in page) is (role == "author")
    if role == "visitor":
        assert reverse("account_login") in page
    assert 'property="og:title" content="تسهيل تجديد جوازات السفر' in page
    assert "كاتبة المقترح" in page and people["author"].email not in page


# Who may open a proposal that is not public, by its status.
PRIVATE_READERS = {
    Status.DRAFT: {"author"},
    Status.SUBMITTED: {"author", "moderator", "organizer"},
    Status.IN_REVIEW: {"author", "moderator", "organizer"},
    Status.REJECTED: {"author", "moderator", "organizer"},
    Status.WITHDRAWN: {"author", "moderator", "organizer"},
    "hidden": {"author", "moderator", "organizer"},
}


@pytest.mark.parametrize("status", PRIVATE)
def test_a_private_proposal_is_missing_for_everyone_but_its_author_and_staff(
    client, people, status, proposal_author, topic
):
    proposal = in_status(status, proposal_author, topic)
    for role in ROLES:
        client.logout()
        response = as_role(client, people, role).get(detail(proposal))
        expected = 200 if role in PRIVATE_READERS[status] else 404
        assert response.status_code == expected, (role, status)
        if expected == 200 and role != "author":
            assert not response.context["can_support"]
            assert response.context["report_form"] is None


def test_the_public_timeline(client, proposal_author, topic, representative, organizer):
    proposal = submitted(proposal_author, topic)
    services.proposal_moderate(
        actor="system:test",
        proposal=proposal,
        target=Status.DRAFT,
        message="أزيلوا رقم الهاتف من النص من فضلكم",
    )
    proposal.refresh_from_db()
    services.proposal_submit(actor=proposal_author, proposal=proposal)
    proposal.refresh_from_db()
    services.proposal_moderate(actor="system:test", proposal=proposal, target="published")
    delivery = deliver(proposal, representative, days_ago=12)
    services.answer_record(
        actor=organizer,
        delivery=delivery,
        text="سنطرح الموضوع على اللجنة.",
        answered_on=timezone.localdate() - timedelta(days=5),
        source="transcribed",
    )
    proposal.refresh_from_db()
    services.milestone_add(
        actor=organizer,
        proposal=proposal,
        date=timezone.localdate(),
        note="نوقش في اللجنة",
        progress=40,
    )
    proposal.refresh_from_db()
    services.proposal_set_outcome(
        actor=organizer, proposal=proposal, target="in_progress", note="بدأ التنفيذ فعلًا"
    )
    public = client.get(detail(proposal))
    page = html(public)
    kinds = [e["kind"] for e in public.context["timeline"]]
    assert kinds.count("delivery") == 1 and kinds.count("answer") == 1
    assert kinds.count("milestone") == 1
    assert "أزيلوا رقم الهاتف" not in page  # the moderator wrote to the author, not to all
    assert "بدأ التنفيذ فعلًا" in page  # the organizers' note on the outcome is public
    assert {e["change"].to_status for e in public.context["timeline"] if e["kind"] == "status"} == {
        "submitted",
        "published",
        "delivered",
        "answered",
        "in_progress",
    }
    assert reverse("parliament:representative", args=[representative.pk]) in page
    assert "سنطرح الموضوع على اللجنة." in page
    assert '<meter min="0" max="100"' in page and 'value="40"' in page
    answer = next(e for e in public.context["timeline"] if e["kind"] == "answer")
    assert answer["days"] == 7
    signed_in(client, proposal_author)
    assert "أزيلوا رقم الهاتف" in html(client.get(detail(proposal)))


def test_linked_parliamentary_records_link_to_their_pages(client, published, representative):
    term = representative.memberships.first().term
    bill = BillFactory(term=term)
    question = QuestionFactory(term=term, asked_by=representative)
    vote = VoteEventFactory(term=term)
    speech = ActivityFactory(person=representative, term=term, kind=Activity.Kind.SPEECH)
    for target in (
        {"bill": bill},
        {"question": question},
        {"vote_event": vote},
        {"activity": speech},
    ):
        services.activity_link(actor="system:test", proposal=published, **target)
    page = html(client.get(detail(published)))
    assert reverse("parliament:bill", args=[bill.pk]) in page
    assert reverse("parliament:question", args=[question.pk]) in page
    assert reverse("parliament:vote_event", args=[vote.pk]) in page
    assert reverse("parliament:representative", args=[representative.pk]) + "#timeline" in page


def test_a_page_with_many_milestones_and_deliveries_keeps_its_queries_bounded(
    client, organizer, member, published, seat, django_assert_num_queries
):
    people = [
        MembershipFactory(term=seat.term, organization=seat.organization).person for _ in range(12)
    ]
    deliveries = services.delivery_record(
        actor=organizer,
        proposal=published,
        representatives=people,
        method="meeting",
        delivered_on=timezone.localdate() - timedelta(days=30),
    )
    for i, delivery in enumerate(deliveries):
        services.answer_record(
            actor=organizer,
            delivery=delivery,
            text=f"جواب {i}",
            source="office",
            answered_on=timezone.localdate() - timedelta(days=i),
        )
    published.refresh_from_db()
    for i in range(40):
        services.milestone_add(
            actor=organizer,
            proposal=published,
            note=f"خطوة {i}",
            progress=i * 2,
            date=timezone.localdate() - timedelta(days=40 - i),
        )
    for i in range(5):
        activity = ActivityFactory(person=people[i], term=seat.term)
        services.activity_link(actor=organizer, proposal=published, activity=activity)
    # (Each with the share kit's link: campaigns' panel; and the organizations that carry
    # or endorse it: coalition's panel, 2 queries, and the signed-in person's mandates, 1.)
    with django_assert_num_queries(10):
        response = client.get(detail(published))
    assert len(response.context["timeline"]) > 60
    assert response.context["progress"] == 78
    signed_in(client, member)
    with django_assert_num_queries(17):
        client.get(detail(published))
    client.logout()
    signed_in(client, organizer)
    with django_assert_num_queries(18):
        client.get(detail(published))


def test_the_office_of_the_right_representative_is_pointed_to_its_inbox(
    client, published, representative, other_representative
):
    deliver(published, representative)
    right, wrong = office_for(representative), office_for(other_representative)
    signed_in(client, right)
    assert client.get(detail(published)).context["office_pending"] is True
    client.logout()
    signed_in(client, wrong)
    assert client.get(detail(published)).context["office_pending"] is False


def test_a_merged_duplicate_leads_to_the_surviving_proposal(
    client, proposal_author, topic, published
):
    duplicate = submitted(proposal_author, topic)
    services.proposal_merge(actor="system:test", duplicate=duplicate, into=published)
    response = client.get(detail(duplicate))
    assert response.status_code == 302 and response["Location"] == detail(published)


def test_an_erased_author_is_shown_as_an_erased_member(client, published, proposal_author):
    user_erase(user=proposal_author)
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    page = html(client.get(detail(published)))
    assert "كاتبة المقترح" not in page
    assert "by an erased member" in page


def test_html_in_what_members_write_is_escaped(client, proposal_author, topic):
    proposal = publish(
        proposal_author,
        topic,
        title='<script>alert("x")</script> & <b>bold</b>',
        body='<img src=x onerror=alert(1)>\n<a href="javascript:alert(2)">link</a>',
    )
    for url in (detail(proposal), reverse("proposals:list")):
        page = html(client.get(url))
        assert "<script>alert" not in page and "<b>bold" not in page
        assert "&lt;script&gt;" in page
    page = html(client.get(detail(proposal)))
    assert "<img src=x" not in page and '<a href="javascript' not in page
    assert 'content="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' in page  # og:title


# --- Supporting -----------------------------------------------------------------------------


def support(client, proposal, action="support"):
    return client.post(reverse("proposals:support", args=[proposal.pk]), {"action": action})


def test_supporting_once_and_withdrawing(client, member, published, proposal_author):
    volunteer = UserFactory(roles=[Role.VOLUNTEER])
    signed_in(client, member)
    assert support(client, published).status_code == 302
    support(client, published)
    published.refresh_from_db()
    assert published.support_count == 1 == Support.objects.filter(proposal=published).count()
    response = client.get(detail(published))
    assert response.context["supporting"] is True
    assert 'value="withdraw"' in html(response)
    client.logout()
    signed_in(client, volunteer)
    support(client, published)
    published.refresh_from_db()
    assert published.support_count == 2
    client.logout()
    signed_in(client, member)
    support(client, published, "withdraw")
    support(client, published, "withdraw")
    published.refresh_from_db()
    assert published.support_count == 1 == Support.objects.filter(proposal=published).count()
    assert client.get(detail(published)).context["supporting"] is False
    listing = client.get(reverse("proposals:list"))
    assert listing.context["page_obj"].object_list[0].support_count == 1


def test_support_is_for_members_on_public_proposals_and_not_ones_own(
    client, member, published, proposal_author, topic
):
    assert client.get(reverse("proposals:support", args=[published.pk])).status_code in (
        302,
        405,
    )
    response = support(client, published)  # a visitor
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert detail(published) in response["Location"]
    signed_in(client, proposal_author)
    response = client.post(
        reverse("proposals:support", args=[published.pk]), {"action": "support"}, follow=True
    )
    assert messages_of(response) and published.support_count == 0
    assert not Support.objects.exists()
    client.logout()
    signed_in(client, member)
    assert client.get(reverse("proposals:support", args=[published.pk])).status_code == 405
    for private in (submitted(proposal_author, topic), in_status("hidden", proposal_author, topic)):
        assert support(client, private).status_code == 404
    no_member = UserFactory()
    no_member.groups.clear()
    client.logout()
    signed_in(client, no_member)
    assert support(client, published).status_code == 403


# --- Reporting ------------------------------------------------------------------------------


def report(client, proposal, reason="spam"):
    return client.post(reverse("proposals:report", args=[proposal.pk]), {"reason": reason})


def test_enough_reports_hide_a_proposal_from_the_public(
    client, settings, published, member, moderator
):
    settings.JISR_REPORTS_TO_HIDE = 2
    signed_in(client, member)
    assert report(client, published)["Location"] == detail(published)
    assert report(client, published)["Location"] == detail(published)  # counted once
    published.refresh_from_db()
    assert published.report_count == 1 and not published.hidden
    client.logout()
    signed_in(client, UserFactory(roles=[Role.VOLUNTEER]))
    response = report(client, published, "offensive")
    assert response["Location"] == reverse("proposals:list")
    published.refresh_from_db()
    assert published.hidden
    client.logout()
    assert client.get(detail(published)).status_code == 404
    assert published.pk not in listed(client.get(reverse("proposals:list")))
    signed_in(client, moderator)
    response = client.get(detail(published))
    assert response.status_code == 200 and response.context["public"] is False


def test_a_report_needs_a_reason_and_a_signed_in_reporter(client, published, member):
    response = report(client, published)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    signed_in(client, member)
    response = client.post(
        reverse("proposals:report", args=[published.pk]), {"reason": "boring"}, follow=True
    )
    assert messages_of(response)
    assert not AbuseReport.objects.exists()


# --- Rate limits ----------------------------------------------------------------------------


def limits(settings, **rates):
    settings.JISR_PROPOSAL_RATE_LIMITS = {**settings.JISR_PROPOSAL_RATE_LIMITS, **rates}


def test_supporting_too_often_is_refused_with_a_clear_message(
    client, settings, member, published, proposal_author, topic
):
    limits(settings, support="2/h/user")
    other = publish(proposal_author, topic, title="مقترح آخر تمامًا", body="نص مختلف جدًا.")
    signed_in(client, member)
    support(client, published)
    support(client, published, "withdraw")
    response = support(client, other)
    assert response.status_code == 429
    # Not the generic page: it says which limit was reached.
    assert response.context["explanation"] != ERRORS["too_many_requests"][2]
    other.refresh_from_db()
    assert other.support_count == 0


def test_the_limit_per_address_holds_across_accounts(client, settings, published, member):
    limits(settings, support="1/h/ip")
    signed_in(client, member)
    assert support(client, published).status_code == 302
    client.logout()
    signed_in(client, UserFactory())
    assert support(client, published).status_code == 429
    published.refresh_from_db()
    assert published.support_count == 1


def test_reporting_too_often_is_refused(client, settings, published, member, proposal_author):
    limits(settings, report="1/h/user")
    other = publish(proposal_author, published.topic, title="مقترح ثالث", body="نص ثالث.")
    signed_in(client, member)
    assert report(client, published).status_code == 302
    assert report(client, other).status_code == 429
    assert AbuseReport.objects.count() == 1


def test_submitting_too_often_keeps_the_text_and_says_why(client, settings, member, topic):
    limits(settings, submit="1/h/user")
    signed_in(client, member)
    url = reverse("proposals:new")
    # A submission the service refuses does not use up the allowance.
    refused = client.post(url, form_data(topic, body="ن" * 10_001))
    assert refused.status_code == 200 and refused.context["form"].errors
    assert client.post(url, form_data(topic)).status_code == 302
    second = client.post(url, form_data(topic, title="مقترح ثان عن الكهرباء", body="نص آخر."))
    assert second.status_code == 429
    assert second.context["form"].non_field_errors()
    assert "مقترح ثان عن الكهرباء" in html(second)
    assert Proposal.objects.filter(author=member).count() == 1


# --- Writing and submitting -----------------------------------------------------------------


def test_writing_is_for_signed_in_members(client, topic):
    response = client.get(reverse("proposals:new"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    no_member = UserFactory()
    no_member.groups.clear()
    signed_in(client, no_member)
    assert client.get(reverse("proposals:new")).status_code == 403
    assert client.post(reverse("proposals:new"), form_data(topic)).status_code == 403


def test_a_draft_is_saved_kept_private_and_edited(client, member, topic, representative):
    signed_in(client, member)
    new = client.get(reverse("proposals:new"))
    assert new.status_code == 200 and "novalidate" in html(new)
    assert 'value="draft"' in html(new) and 'value="submit"' in html(new)
    assert representative.name in html(new)  # current members can be addressed
    response = client.post(
        reverse("proposals:new"),
        form_data(topic, action="draft", targets=[representative.pk]),
    )
    proposal = Proposal.objects.get(author=member)
    assert response["Location"] == reverse("proposals:edit", args=[proposal.pk])
    assert proposal.status == Status.DRAFT
    assert list(proposal.targets.all()) == [representative]
    client.logout()
    assert client.get(detail(proposal)).status_code == 404
    signed_in(client, UserFactory())
    assert client.get(reverse("proposals:edit", args=[proposal.pk])).status_code == 404
    client.logout()
    signed_in(client, member)
    edit_url = reverse("proposals:edit", args=[proposal.pk])
    assert "إنارة الطرق الخارجية" in html(client.get(edit_url))
    client.post(edit_url, form_data(topic, title="إنارة الطرق بالطاقة الشمسية", action="draft"))
    proposal.refresh_from_db()
    assert proposal.title == "إنارة الطرق بالطاقة الشمسية" and proposal.targets.count() == 0


def test_submitting_without_similar_proposals_goes_straight_through(client, member, topic):
    signed_in(client, member)
    response = client.post(reverse("proposals:new"), form_data(topic))
    proposal = Proposal.objects.get(author=member)
    assert response["Location"] == detail(proposal)
    assert proposal.status == Status.SUBMITTED
    page = client.get(detail(proposal))
    assert page.status_code == 200 and page.context["public"] is False
    edit = client.get(reverse("proposals:edit", args=[proposal.pk]))
    assert edit.status_code == 302 and edit["Location"] == detail(proposal)


def test_with_post_moderation_a_submission_is_published(client, settings, member, topic):
    settings.JISR_PROPOSALS_PREMODERATION = False
    signed_in(client, member)
    client.post(reverse("proposals:new"), form_data(topic))
    proposal = Proposal.objects.get(author=member)
    assert proposal.status == Status.PUBLISHED
    client.logout()
    assert proposal.pk in listed(client.get(reverse("proposals:list")))


def test_a_representative_id_too_large_for_the_database_is_a_form_error(
    client, member, topic, representative
):
    # The ids went into an IN (…) query: OverflowError on SQLite, out of range on PostgreSQL.
    signed_in(client, member)
    response = client.post(
        reverse("proposals:new"),
        form_data(topic, action="draft", targets=[representative.pk, 2**64]),
    )
    assert response.status_code == 200 and "targets" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_errors_come_back_on_the_form(client, member, topic):
    signed_in(client, member)
    url = reverse("proposals:new")
    empty = client.post(url, form_data(topic, title="   ", action="draft"))
    assert empty.status_code == 200 and "title" in empty.context["form"].errors
    long = client.post(url, form_data(topic, title="ع" * 201))
    assert "title" in long.context["form"].errors
    retired = services.topic_save(actor="system:test", name="قديم", is_active=False)
    stale = client.post(url, {**form_data(topic), "topic": retired.pk})
    assert "topic" in stale.context["form"].errors
    assert not Proposal.objects.exists()


def test_similar_published_proposals_are_shown_before_submitting(client, member, topic, published):
    signed_in(client, member)
    url = reverse("proposals:new")
    data = form_data(topic, title=SIMILAR_TITLE, body=SIMILAR_BODY)
    step = client.post(url, data)
    assert step.status_code == 200
    assert step.templates[0].name == "proposals/confirm_similar.html"
    assert step.context["similar"] == [published]
    page = html(step)
    assert detail(published) in page
    assert reverse("proposals:support", args=[published.pk]) in page
    assert 'value="confirm"' in page and 'value="edit"' in page
    assert re.search(r'<input type="hidden" name="title" value="[^"]*القنصليات العراقية"', page)
    assert not Proposal.objects.filter(author=member).exists()  # nothing saved yet

    back = client.post(url, {**data, "action": "edit"})
    assert back.templates[0].name == "proposals/form.html"
    assert SIMILAR_TITLE in html(back)
    assert not Proposal.objects.filter(author=member).exists()

    support(client, published)
    published.refresh_from_db()
    assert published.support_count == 1

    done = client.post(url, {**data, "action": "confirm"})
    mine = Proposal.objects.get(author=member)
    assert done["Location"] == detail(mine) and mine.status == Status.SUBMITTED


def test_hidden_and_rejected_proposals_are_never_suggested(
    client, member, proposal_author, topic, settings
):
    text = {"title": SIMILAR_TITLE, "body": SIMILAR_BODY}
    in_status(Status.REJECTED, proposal_author, topic, **text)
    hidden = publish(proposal_author, topic, **text)
    services.proposal_review_reports(actor="system:test", proposal=hidden, restore=False)
    assert selectors.similar_proposals(SIMILAR_TITLE, SIMILAR_BODY) == []
    signed_in(client, member)
    response = client.post(reverse("proposals:new"), form_data(topic, **text))
    assert response.status_code == 302  # no confirmation step: nothing public is similar
    assert Proposal.objects.get(author=member).status == Status.SUBMITTED


# --- My proposals, withdrawing ----------------------------------------------------------------


def test_my_proposals_show_every_status_with_the_moderators_message(
    client, proposal_author, topic, member, draft
):
    sent_back = submitted(proposal_author, topic, title="مقترح يحتاج تعديلًا")
    services.proposal_moderate(
        actor="system:test",
        proposal=sent_back,
        target=Status.DRAFT,
        message="احذفوا اسم الشخص المذكور",
    )
    rejected = in_status(Status.REJECTED, proposal_author, topic)
    waiting = submitted(proposal_author, topic, title="مقترح ينتظر")
    withdrawn = in_status(Status.WITHDRAWN, proposal_author, topic)
    signed_in(client, proposal_author)
    response = client.get(reverse("proposals:mine"))
    page = html(response)
    assert listed(response) == {draft.pk, sent_back.pk, rejected.pk, waiting.pk, withdrawn.pk}
    assert "احذفوا اسم الشخص المذكور" in page and "مكرر ومخالف" in page
    assert reverse("proposals:edit", args=[draft.pk]) in page
    assert reverse("proposals:edit", args=[sent_back.pk]) in page
    rows = {p.pk: p for p in response.context["page_obj"].object_list}
    assert rows[waiting.pk].can_withdraw and not rows[waiting.pk].can_edit
    assert rows[withdrawn.pk].can_resubmit and not rows[withdrawn.pk].can_withdraw
    assert not rows[draft.pk].can_withdraw and not rows[rejected.pk].can_resubmit
    client.logout()
    signed_in(client, member)
    assert listed(client.get(reverse("proposals:mine"))) == set()
    client.logout()
    assert client.get(reverse("proposals:mine")).status_code == 302


def test_withdrawing_and_submitting_again(client, published, proposal_author, member, draft):
    url = reverse("proposals:withdraw", args=[published.pk])
    signed_in(client, member)
    assert client.post(url).status_code == 404
    client.logout()
    signed_in(client, proposal_author)
    assert client.get(url).status_code == 405
    assert client.post(url)["Location"] == reverse("proposals:mine")
    published.refresh_from_db()
    assert published.status == Status.WITHDRAWN
    client.logout()
    assert client.get(detail(published)).status_code == 404
    signed_in(client, proposal_author)
    client.post(url, {"action": "resubmit"})
    published.refresh_from_db()
    assert published.status == Status.SUBMITTED
    response = client.post(reverse("proposals:withdraw", args=[draft.pk]), follow=True)
    assert messages_of(response)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


# --- Notifications --------------------------------------------------------------------------


def test_notifications_are_listed_newest_first_and_marked_read_when_the_member_says_so(
    client, published, proposal_author, member
):
    services.support_add(actor=member, proposal=published)
    services.milestone_add(
        actor=an_organizer(),
        proposal=published,
        date=timezone.localdate(),
        note="خطوة أولى",
        progress=25,
    )
    signed_in(client, proposal_author)
    home = client.get(reverse("proposals:list"))
    unread = home.context["unread_notifications"]()
    assert unread == Notification.objects.filter(user=proposal_author).count() >= 3
    response = client.get(reverse("proposals:notifications"))
    notices = list(response.context["page_obj"].object_list)
    assert notices[0].kind == "milestone"
    assert [n.created_at for n in notices] == sorted((n.created_at for n in notices), reverse=True)
    assert published.title in html(response) and "25%" in html(response)
    # Showing them marks nothing read; the member does, all up to the newest shown.
    unread_ones = Notification.objects.filter(user=proposal_author, read_at__isnull=True)
    assert unread_ones.count() == unread
    newest = response.context["newest"]
    assert newest == notices[0].pk
    late = Notification.objects.create(user=proposal_author, proposal=published, kind="answer")
    answer = client.post(reverse("proposals:notifications_read"), {"upto": newest, "page": "1"})
    assert answer["Location"] == reverse("proposals:notifications") + "?page=1"
    assert list(unread_ones) == [late]  # what arrived meanwhile stays unread
    assert client.get(reverse("proposals:list")).context["unread_notifications"]() == 1
    client.logout()
    signed_in(client, member)
    mine = client.get(reverse("proposals:notifications")).context["page_obj"].object_list
    assert [n.kind for n in mine] == ["milestone"]
    client.logout()
    assert client.get(reverse("proposals:notifications")).status_code == 302


def test_the_unread_count_costs_nothing_until_a_page_shows_it(rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from jisr.proposals.context_processors import notifications

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        context = notifications(request)
        assert context["unread_notifications"]() == 0


# --- The representative's profile -----------------------------------------------------------


def test_the_profile_shows_responsiveness_and_delivered_proposals(
    client,
    representative,
    published,
    proposal_author,
    topic,
    organizer,
    django_assert_num_queries,
):
    answered = deliver(published, representative, days_ago=20)
    services.answer_record(
        actor=organizer,
        delivery=answered,
        text="تمت المتابعة.",
        source="office",
        answered_on=timezone.localdate() - timedelta(days=14),
    )
    waiting = publish(proposal_author, topic, title="مقترح ينتظر جوابًا", body="نص ينتظر.")
    deliver(waiting, representative)
    hidden = publish(proposal_author, topic, title="مقترح مخفي بعد التسليم", body="نص مخفي.")
    deliver(hidden, representative)
    services.proposal_review_reports(actor="system:test", proposal=hidden, restore=False)
    url = reverse("parliament:representative", args=[representative.pk])
    # 17, the representative's pledges (1), their committee attendance (1), the positions
    # they announced after votes and their explanations of votes (2).
    with django_assert_num_queries(21):
        response = client.get(url)
    page = html(response)
    assert 'id="proposals"' in page
    assert detail(published) in page and detail(waiting) in page
    assert detail(hidden) not in page
    figures = selectors.responsiveness(representative)
    assert figures["delivered"] == 3 and figures["answered"] == 1 and figures["median_days"] == 6
    assert f"{reverse('proposals:list')}?representative={representative.pk}" in page


def test_a_profile_without_deliveries_says_so(client, representative):
    response = client.get(reverse("parliament:representative", args=[representative.pk]))
    assert response.status_code == 200 and 'id="proposals"' in html(response)
