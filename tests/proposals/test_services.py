"""The whole loop through the services: submit, moderate, support, report, deliver, answer,
follow to an outcome — and the rules that keep it honest (nothing lost, nothing counted
twice, nothing shown that should not be)."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from jisr.accounts.services import user_erase
from jisr.core.models import AuditEntry
from jisr.parliament.models import Activity
from jisr.proposals import notifications, selectors, services, tasks
from jisr.proposals.models import (
    AbuseReport,
    Answer,
    Notification,
    OfficeAccount,
    Proposal,
    StatusChange,
    Support,
)
from jisr.proposals.states import Status

from ..accounts.factories import UserFactory
from .staff_fixtures import *  # noqa: F403
from .staff_fixtures import World, deliver, draft, give_email, proposal_in

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def kinds(user):
    return list(
        Notification.objects.filter(user=user).order_by("id").values_list("kind", flat=True)
    )


def actions():
    return set(AuditEntry.objects.values_list("action", flat=True))


def test_the_whole_loop_with_pre_moderation(pp_world):
    people, reps = pp_world.people, pp_world.parliament.members
    author, moderator, organizer = people.author, people.moderator, people.organizer
    supporters = [people.member, people.volunteer]

    proposal = draft(author, pp_world.topic, targets=[reps[0]], area=pp_world.area)
    assert proposal.status == Status.DRAFT
    assert proposal.author_display_name == author.display_name
    services.proposal_submit(actor=author, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED and proposal.submitted_at
    assert not selectors.public_proposals().filter(pk=proposal.pk).exists()

    services.proposal_moderate(actor=moderator, proposal=proposal, target=Status.IN_REVIEW)
    services.proposal_moderate(actor=moderator, proposal=proposal, target=Status.PUBLISHED)
    proposal.refresh_from_db()
    assert proposal.published_at and selectors.public_proposals().filter(pk=proposal.pk).exists()

    for supporter in supporters:
        assert services.support_add(actor=supporter, proposal=proposal) is True
    assert services.support_add(actor=supporters[0], proposal=proposal) is False  # only once
    proposal.refresh_from_db()
    assert proposal.support_count == 2 == Support.objects.filter(proposal=proposal).count()
    assert services.support_withdraw(actor=supporters[1], proposal=proposal) is True
    assert services.support_withdraw(actor=supporters[1], proposal=proposal) is False
    proposal.refresh_from_db()
    assert proposal.support_count == 1

    deliveries = deliver(proposal, organizer, reps[:2], note="لقاء في المكتب")
    proposal.refresh_from_db()
    assert proposal.status == Status.DELIVERED and len(deliveries) == 2
    assert deliveries[0].delivered_by == organizer

    today = timezone.localdate()
    services.answer_record(
        actor=people.office,
        delivery=deliveries[0],
        text="سنطرحه على اللجنة.",
        answered_on=today,
        source=Answer.Source.OFFICE,
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.ANSWERED
    services.answer_record(
        actor=organizer,
        delivery=deliveries[1],
        text="وعد في اللقاء.",
        answered_on=today,
        source=Answer.Source.TRANSCRIBED,
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.ANSWERED  # a second answer changes no status
    assert sorted(Answer.objects.values_list("source", flat=True)) == ["office", "transcribed"]

    services.milestone_add(
        actor=organizer, proposal=proposal, date=today, note="طرح في اللجنة", progress=40
    )
    activity = Activity.objects.create(
        person=reps[0], term=pp_world.parliament.term, kind="speech", date=today, title="كلمة"
    )
    link = services.activity_link(actor=organizer, proposal=proposal, activity=activity)
    assert services.activity_link(actor=organizer, proposal=proposal, activity=activity) == link

    for target in (Status.IN_PROGRESS, Status.ACHIEVED, Status.IN_PROGRESS):  # … and reopen
        services.proposal_set_outcome(
            actor=organizer, proposal=proposal, target=target, note="متابعة"
        )
    proposal.refresh_from_db()
    assert proposal.status == Status.IN_PROGRESS
    timeline = list(proposal.changes.values_list("to_status", flat=True))
    assert timeline == [
        "submitted",
        "in_review",
        "published",
        "delivered",
        "answered",
        "in_progress",
        "achieved",
        "in_progress",
    ]

    # The author and the remaining supporter heard of every step after they joined.
    assert kinds(author).count("status") == 8
    assert "answer" in kinds(author) and "milestone" in kinds(author)
    assert kinds(supporters[0]).count("milestone") == 1
    assert "milestone" not in kinds(supporters[1])  # withdrew before
    assert {
        "proposal.drafted",
        "proposal.status_changed",
        "proposal.supported",
        "proposal.support_withdrawn",
        "delivery.recorded",
        "answer.recorded",
        "milestone.added",
        "proposal.linked",
    } <= actions()


def test_post_moderation_publishes_on_submission(pp_world, settings):
    settings.JISR_PROPOSALS_PREMODERATION = False
    proposal = draft(pp_world.people.author, pp_world.topic)
    services.proposal_submit(actor=pp_world.people.author, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED
    assert list(proposal.changes.values_list("to_status", flat=True)) == ["submitted", "published"]
    assert selectors.public_proposals().filter(pk=proposal.pk).exists()


def test_only_the_author_submits_and_only_drafts_change(pp_world):
    proposal = draft(pp_world.people.author, pp_world.topic)
    with pytest.raises(ValidationError):
        services.proposal_submit(actor=pp_world.people.member, proposal=proposal)
    services.proposal_submit(actor=pp_world.people.author, proposal=proposal)
    proposal.refresh_from_db()
    with pytest.raises(ValidationError):
        draft(pp_world.people.author, pp_world.topic, proposal=proposal)


@pytest.mark.parametrize("target", [Status.DRAFT, Status.REJECTED])
def test_changes_and_rejections_carry_a_message_the_author_receives(pp_world, target):
    proposal = pp_world.proposal(Status.SUBMITTED)
    moderator = pp_world.people.moderator
    with pytest.raises(ValidationError):
        services.proposal_moderate(actor=moderator, proposal=proposal, target=target)
    services.proposal_moderate(
        actor=moderator, proposal=proposal, target=target, message="أضف مصدرًا"
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.moderator_message) == (target, "أضف مصدرًا")
    assert "moderation" in kinds(pp_world.people.author)
    assert not selectors.public_proposals().filter(pk=proposal.pk).exists()


def test_moderators_cannot_jump_the_machine(pp_world):
    proposal = pp_world.proposal(Status.PUBLISHED)
    with pytest.raises(ValidationError) as refused:
        services.proposal_moderate(
            actor=pp_world.people.moderator, proposal=proposal, target=Status.ACHIEVED
        )
    assert refused.value.code == "transition_not_allowed"
    with pytest.raises(ValidationError) as refused:
        services.proposal_set_outcome(
            actor=pp_world.people.organizer, proposal=proposal, target=Status.ANSWERED
        )
    assert refused.value.code == "transition_not_allowed"


def test_withdraw_and_resubmit(pp_world):
    author = pp_world.people.author
    proposal = pp_world.proposal(Status.PUBLISHED)
    services.proposal_withdraw(actor=author, proposal=proposal)
    assert not selectors.public_proposals().filter(pk=proposal.pk).exists()
    services.proposal_resubmit(actor=author, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED


def test_support_rules(pp_world):
    people = pp_world.people
    submitted = pp_world.proposal(Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.support_add(actor=people.member, proposal=submitted)
    published = pp_world.proposal(Status.PUBLISHED)
    with pytest.raises(ValidationError):
        services.support_add(actor=people.author, proposal=published)  # one's own
    Proposal.objects.filter(pk=published.pk).update(hidden=True)
    published.refresh_from_db()
    with pytest.raises(ValidationError):
        services.support_add(actor=people.member, proposal=published)


def test_enough_reports_hide_a_proposal_until_a_moderator_reviews_it(pp_world, settings):
    settings.JISR_REPORTS_TO_HIDE = 2
    people = pp_world.people
    proposal = pp_world.proposal(Status.PUBLISHED)
    services.proposal_report(actor=people.member, proposal=proposal, reason="spam")
    services.proposal_report(actor=people.member, proposal=proposal, reason="offensive")
    proposal.refresh_from_db()
    assert (proposal.report_count, proposal.hidden) == (1, False)  # one report per member
    with pytest.raises(ValidationError):
        services.proposal_report(actor=people.volunteer, proposal=proposal, reason="nonsense")
    services.proposal_report(actor=people.volunteer, proposal=proposal, reason="off_topic")
    proposal.refresh_from_db()
    assert proposal.hidden
    assert not selectors.public_proposals().filter(pk=proposal.pk).exists()
    assert proposal in selectors.moderation_queue()

    services.proposal_review_reports(actor=people.moderator, proposal=proposal, restore=True)
    proposal.refresh_from_db()
    assert not proposal.hidden
    assert not AbuseReport.objects.filter(proposal=proposal, resolved=False).exists()
    services.proposal_review_reports(actor=people.moderator, proposal=proposal, restore=False)
    proposal.refresh_from_db()
    assert proposal.hidden
    assert {"proposal.reported", "proposal.hidden", "proposal.restored"} <= actions()


def test_unpublished_proposals_cannot_be_reported(pp_world):
    proposal = pp_world.proposal(Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.proposal_report(actor=pp_world.people.member, proposal=proposal, reason="spam")


def test_merge_moves_supports_without_counting_anyone_twice(pp_world):
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    duplicate = pp_world.proposal(Status.PUBLISHED, title="مكرر")
    into = pp_world.proposal(Status.PUBLISHED, title="الأصل")
    for user in (a, b):
        services.support_add(actor=user, proposal=duplicate)
    for user in (b, c):
        services.support_add(actor=user, proposal=into)

    services.proposal_merge(actor=pp_world.people.moderator, duplicate=duplicate, into=into)
    duplicate.refresh_from_db()
    into.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into, duplicate.support_count) == (
        Status.MERGED,
        into,
        0,
    )
    assert into.support_count == 3
    assert set(Support.objects.filter(proposal=into).values_list("user", flat=True)) == {
        a.pk,
        b.pk,
        c.pk,
    }
    assert not Support.objects.filter(proposal=duplicate).exists()
    assert "proposal.merged" in actions()


def test_merge_needs_another_published_proposal(pp_world):
    moderator = pp_world.people.moderator
    duplicate = pp_world.proposal(Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.proposal_merge(actor=moderator, duplicate=duplicate, into=duplicate)
    unpublished = pp_world.proposal(Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.proposal_merge(actor=moderator, duplicate=duplicate, into=unpublished)


def test_delivery_rules(pp_world):
    organizer, reps = pp_world.people.organizer, pp_world.parliament.members
    proposal = pp_world.proposal(Status.PUBLISHED)
    with pytest.raises(ValidationError):
        deliver(proposal, organizer, reps[:1], delivered_on=timezone.localdate() + timedelta(1))
    with pytest.raises(ValidationError):
        deliver(proposal, organizer, [])
    with pytest.raises(ValidationError):
        services.delivery_record(
            actor=organizer,
            proposal=proposal,
            representatives=reps[:1],
            method="pigeon",
            delivered_on=timezone.localdate(),
        )
    deliver(proposal, organizer, reps[:1])
    assert deliver(proposal, organizer, reps[:2])[0].representative == reps[1]  # once each
    assert proposal.deliveries.count() == 2
    with pytest.raises(ValidationError):
        deliver(pp_world.proposal(Status.SUBMITTED), organizer, reps[:1])


def test_answer_rules(pp_world):
    organizer = pp_world.people.organizer
    proposal = pp_world.proposal(Status.DELIVERED)
    delivery = proposal.deliveries.get()

    def answer(**kw):
        values = {"text": "جواب", "answered_on": timezone.localdate(), "source": "transcribed"}
        return services.answer_record(actor=organizer, delivery=delivery, **(values | kw))

    with pytest.raises(ValidationError):
        answer(text="  ")
    with pytest.raises(ValidationError):
        answer(answered_on=delivery.delivered_on - timedelta(days=1))
    with pytest.raises(ValidationError):
        answer(answered_on=timezone.localdate() + timedelta(days=1))
    answer()
    delivery.refresh_from_db()
    with pytest.raises(ValidationError):
        answer()


def test_milestones_check_their_progress_and_belong_to_public_proposals(pp_world):
    organizer = pp_world.people.organizer
    proposal = pp_world.proposal(Status.DELIVERED)
    with pytest.raises(ValidationError):
        services.milestone_add(
            actor=organizer,
            proposal=proposal,
            date=timezone.localdate(),
            note="x",
            progress=101,
        )
    with pytest.raises(ValidationError):
        services.milestone_add(
            actor=organizer,
            proposal=pp_world.proposal(Status.SUBMITTED),
            date=timezone.localdate(),
            note="x",
            progress=10,
        )


def test_an_office_link_is_emailed_signed_and_expires(pp_world, settings):
    settings.JISR_SITE_URL = "https://jisr.example.org"
    rep = pp_world.parliament.members[0]
    give_email(rep, "office-ali@example.org")
    proposal = pp_world.proposal(Status.PUBLISHED)
    [delivery] = deliver(proposal, pp_world.people.organizer, [rep], email_office=True)
    [message] = mail.outbox
    assert message.to == ["office-ali@example.org"]
    # The token carries its signing second, so read it from the message rather than re-sign.
    token = re.search(r"https://jisr\.example\.org/proposals/answer/([^/\s]+)/", message.body)[1]
    assert proposal.title in message.subject
    # Also as HTML, right to left like its Arabic text, the link tappable and unchanged.
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="ar" dir="rtl">' in html
    assert f'<a href="https://jisr.example.org/proposals/answer/{token}/" dir="ltr"' in html
    assert services.delivery_from_office_token(token) == delivery
    with pytest.raises(ValidationError):
        services.delivery_from_office_token(token[:-2] + "xx")
    settings.JISR_OFFICE_LINK_DAYS = 0
    with mock.patch("django.core.signing.time.time", return_value=1e9):
        old = services.office_link_token(delivery)
    with translation.override("en"), pytest.raises(ValidationError, match="expired"):
        services.delivery_from_office_token(old)


def test_no_office_email_means_no_message(pp_world):
    proposal = pp_world.proposal(Status.PUBLISHED)
    deliver(proposal, pp_world.people.organizer, pp_world.parliament.members[:1], email_office=True)
    assert mail.outbox == []


# --- The task queue: committed together, rolled back together, retried --------------------


@pytest.fixture
def pp_db_world(transactional_db, settings):
    settings.JISR_PROPOSALS_PREMODERATION = True
    return World()


def notify_tasks():
    return DBTaskResult.objects.filter(task_path=tasks.notify_followers.module_path)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_submitted_proposal_commits_together_with_its_notification(pp_db_world):
    author = pp_db_world.people.author
    proposal = draft(author, pp_db_world.topic)
    with transaction.atomic():
        services.proposal_submit.within(actor=author, proposal=proposal)
        # Inside the same transaction: the queue row is written with the status change.
        assert notify_tasks().filter(status="READY").count() == 1
        assert Proposal.objects.get(pk=proposal.pk).status == Status.SUBMITTED
    assert notify_tasks().count() == 1
    assert Notification.objects.count() == 0  # the worker has not run yet
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert notify_tasks().get().status == "SUCCESSFUL"
    assert kinds(author) == ["status"]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_failed_submission_leaves_neither_proposal_change_nor_task(pp_db_world):
    author = pp_db_world.people.author
    proposal = draft(author, pp_db_world.topic)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.proposal_submit.within(actor=author, proposal=proposal)
        raise RuntimeError("the job failed after the service")
    proposal.refresh_from_db()
    assert proposal.status == Status.DRAFT
    assert not notify_tasks().exists()
    assert not StatusChange.objects.exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_failed_notification_is_queued_again_for_later(pp_db_world, monkeypatch):
    author = pp_db_world.people.author
    proposal = draft(author, pp_db_world.topic)
    services.proposal_submit(actor=author, proposal=proposal)
    real = notifications.notify_proposal_followers
    calls = []

    def flaky(*args):
        calls.append(args)
        if len(calls) == 1:
            raise ConnectionError("the notice store is down")
        return real(*args)

    monkeypatch.setattr(notifications, "notify_proposal_followers", flaky)
    before = timezone.now()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    failed = notify_tasks().get(status="FAILED")
    retry = notify_tasks().get(status="READY")
    assert retry.run_after >= before + timedelta(minutes=1)
    assert retry.args_kwargs["kwargs"] == {"attempt": 1}
    assert retry.args_kwargs["args"] == failed.args_kwargs["args"]
    assert Notification.objects.count() == 0

    # When its time comes, the worker runs it, and the notice arrives.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert notify_tasks().get(pk=retry.pk).status == "SUCCESSFUL"
    assert kinds(author) == ["status"]


# --- Erasure, reminders, office accounts ----------------------------------------------------


def test_erasure_detaches_published_proposals_and_deletes_the_rest(pp_world):
    leaving = UserFactory()
    people = pp_world.people
    kept = pp_world.proposal(Status.PUBLISHED, author=leaving)
    gone_draft = pp_world.proposal(Status.DRAFT, author=leaving)
    gone_submitted = pp_world.proposal(Status.SUBMITTED, author=leaving)
    others = pp_world.proposal(Status.PUBLISHED)
    services.support_add(actor=leaving, proposal=others)
    services.support_add(actor=people.member, proposal=kept)
    user_erase(user=leaving)

    kept.refresh_from_db()
    others.refresh_from_db()
    assert (kept.author, kept.author_display_name, kept.support_count) == (None, "", 1)
    assert not Proposal.objects.filter(pk__in=[gone_draft.pk, gone_submitted.pk]).exists()
    assert others.support_count == 0 and not Support.objects.filter(proposal=others).exists()
    # Nobody is notified of anything on behalf of the erased account any more.
    services.milestone_add(
        actor=people.organizer, proposal=kept, date=timezone.localdate(), note="x", progress=5
    )
    assert kinds(people.member)[-1] == "milestone"


def test_organizers_are_reminded_of_proposals_without_news(pp_world, settings):
    settings.JISR_FOLLOW_UP_DAYS = 30
    people = pp_world.people
    stale = pp_world.proposal(Status.DELIVERED)
    fresh = pp_world.proposal(Status.DELIVERED)
    finished = pp_world.proposal(Status.ACHIEVED)
    Proposal.objects.filter(pk__in=[stale.pk, finished.pk]).update(
        last_update_at=timezone.now() - timedelta(days=40)
    )
    assert list(notifications.overdue_proposals(30)) == [stale]
    call_command("proposals_remind")  # the test profile runs queued tasks at once
    reminders = Notification.objects.filter(kind="follow_up")
    assert list(reminders.values_list("user", "proposal")) == [(people.organizer.pk, stale.pk)]
    assert fresh.pk not in reminders.values_list("proposal", flat=True)
    call_command("proposals_remind", "--now")
    assert reminders.count() == 1  # an unread reminder is not repeated
    reminders.update(read_at=timezone.now())
    call_command("proposals_remind", "--now")
    assert reminders.count() == 2


def test_an_office_account_is_linked_by_command_and_audited(pp_world):
    user = UserFactory(email="office@example.org")
    rep = pp_world.parliament.members[2]
    call_command("proposals_link_office", "Office@Example.org", str(rep.pk))
    assert OfficeAccount.objects.get(user=user).representative == rep
    assert user.groups.filter(name="representative_office").exists()
    assert {"office.linked", "role.granted"} <= actions()
    call_command("proposals_link_office", "office@example.org", str(rep.pk), "--unlink")
    assert not OfficeAccount.objects.filter(user=user).exists()
    assert not user.groups.filter(name="representative_office").exists()
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("proposals_link_office", "nobody@example.org", str(rep.pk))
    with pytest.raises(CommandError):
        call_command("proposals_link_office", "office@example.org", "999999")


def test_the_log_never_says_which_account_supported_or_reported_a_proposal(pp_world):
    """An account's audit reference would tie the erased author of a proposal to every
    proposal they supported or reported."""
    from jisr.core.services import actor_ref_for

    member = pp_world.people.member
    proposal = proposal_in(Status.PUBLISHED, pp_world)
    services.support_add(actor=member, proposal=proposal)
    services.support_withdraw(actor=member, proposal=proposal)
    services.proposal_report(actor=member, proposal=proposal, reason="spam")
    entries = AuditEntry.objects.filter(
        action__in=["proposal.supported", "proposal.support_withdrawn", "proposal.reported"]
    )
    assert entries.count() == 3
    assert set(entries.values_list("actor_ref", flat=True)) == {"member"}
    assert not AuditEntry.objects.filter(actor_ref=actor_ref_for(member)).exists()
