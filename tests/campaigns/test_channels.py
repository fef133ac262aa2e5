"""The organization's Telegram channel, against a local server that speaks the Bot API
(tests/campaigns/telegram_fake.py): a published report is posted once, with its title and
link in Arabic and nothing personal; rate limits are waited out as Telegram asks; permanent
refusals are shown to organizers in plain words with a button to try again; a post whose
answer never came waits for an organizer instead of going out twice.

The kills of a real worker process are in test_channels_worker_kill.py."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from jisr.accounts.staff_navigation import staff_links, waiting_for
from jisr.campaigns import tasks
from jisr.campaigns.models import ChannelPost, PostKind, PostReason, PostState
from jisr.campaigns.services import channels
from jisr.core.models import AuditEntry
from jisr.reports import services as reports
from jisr.reports.models import MonthlyReport
from jisr.reports.presenters import report_title

from ..conftest import signed_in
from .telegram_fake import CHANNEL, HOLD, TOKEN, FakeTelegram, rate_limit, refuse

pytestmark = pytest.mark.django_db

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def server(settings):
    with FakeTelegram() as fake:
        settings.JISR_TELEGRAM_BOT_TOKEN = TOKEN
        settings.JISR_TELEGRAM_CHANNEL = CHANNEL
        settings.JISR_TELEGRAM_API_URL = fake.url
        settings.JISR_TELEGRAM_TIMEOUT = 2
        yield fake


@pytest.fixture
def not_configured(settings):
    settings.JISR_TELEGRAM_BOT_TOKEN = ""
    settings.JISR_TELEGRAM_CHANNEL = ""


def publish(actor) -> MonthlyReport:
    report = reports.report_create(actor=actor, person=None, start=MARCH[0], end=MARCH[1])
    return reports.report_publish(actor=actor, report=report)


def queue(actor, object_id=7, **extra) -> ChannelPost | None:
    return channels.channel_post_queue(
        actor=actor,
        kind=PostKind.EVENT,
        object_id=object_id,
        text="لقاء الجالية في برلين\nhttps://jisr.example.org/campaigns/7/",
        url="https://jisr.example.org/campaigns/7/",
        **extra,
    )


def english(client):
    """The pages in English: a signed-in member's own choice wins over the cookie."""
    from jisr.accounts.models import User

    client.cookies["jisr_language"] = "en"
    user_id = client.session.get("_auth_user_id")
    if user_id:
        User.objects.filter(pk=user_id).update(preferred_language="en")
    return client


def later(seconds: float):
    return timezone.now() + timedelta(seconds=seconds)


# --- Exactly once -----------------------------------------------------------------------------


def test_a_published_report_goes_to_the_channel_once_with_its_title_and_link(server, organizer):
    organizer.preferred_language = "en"
    organizer.save()
    report = publish(organizer)
    post = ChannelPost.objects.get()
    assert (post.kind, post.object_id, post.state) == (PostKind.REPORT, report.pk, PostState.SENT)
    assert post.message_id == 100 and post.sent_at is not None
    assert len(server.received) == 1
    method, params = server.received[0]
    # The report's share card as the picture, the title and link as its caption.
    assert method == "sendPhoto" and params["chat_id"] == CHANNEL
    assert params["photo"].startswith(
        f"http://127.0.0.1:8000/campaigns/cards/report/{report.pk}/ar-"
    )
    url = f"http://127.0.0.1:8000/reports/{report.pk}/"
    # In the organization's language (Arabic), whatever the organizer's own.
    with translation.override("ar"):
        title = report_title(report)
    assert params["caption"] == f"{title}\n{url}"
    assert "2026" in title and any("\u0600" <= c <= "\u06ff" for c in title)

    # Queued again (a second publication hook, a retried request): no second message.
    again = channels.channel_post_queue(
        actor=organizer, kind="report", object_id=report.pk, text="x", url=url
    )
    assert again == post
    assert channels.channel_posts_run(now=later(3600)) == {}
    tasks.channel_post_send.call(post.pk)
    assert len(server.received) == 1
    assert ChannelPost.objects.count() == 1


def test_the_text_holds_no_personal_data(server, organizer):
    organizer.display_name = "أبو سلوى"
    organizer.save()
    report = publish(organizer)
    text = server.texts()[0]
    for personal in (organizer.email, organizer.display_name, organizer.email.split("@")[0]):
        assert personal not in text
    entries = AuditEntry.objects.filter(action__startswith="channel_post.")
    assert list(entries.values_list("action", flat=True).order_by("pk")) == [
        "channel_post.queued",
        "channel_post.sent",
    ]
    for entry in entries:
        assert organizer.email not in str(entry.data)
        assert entry.object_type == "campaigns.channelpost"
    assert ChannelPost.objects.get().text == text
    assert str(report.pk) in text


def test_a_photo_goes_with_send_photo_and_the_text_as_its_caption(server, organizer):
    queue(organizer, photo_url="https://jisr.example.org/media/cards/abc.png")
    method, params = server.received[0]
    assert method == "sendPhoto"
    assert params["photo"] == "https://jisr.example.org/media/cards/abc.png"
    assert params["caption"].startswith("لقاء الجالية في برلين")
    assert "text" not in params


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_the_post_is_queued_with_the_publication_and_rolled_back_with_it(server, organizer):
    def sends():
        return DBTaskResult.objects.filter(task_path=tasks.channel_post_send.module_path)

    report = reports.report_create(actor=organizer, person=None, start=MARCH[0], end=MARCH[1])
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        reports.report_publish.within(actor=organizer, report=report)
        assert sends().count() == 1 and ChannelPost.objects.count() == 1
        raise ZeroDivisionError
    assert sends().count() == 0 and ChannelPost.objects.count() == 0

    reports.report_publish(actor=organizer, report=report)
    assert sends().count() == 1 and server.received == []  # the worker has not run yet
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert sends().get().status == "SUCCESSFUL"
    assert ChannelPost.objects.get().state == PostState.SENT
    assert len(server.received) == 1


# --- Not configured ---------------------------------------------------------------------------


def test_not_configured_nothing_is_queued_and_the_page_says_how(client, not_configured, organizer):
    publish(organizer)
    assert ChannelPost.objects.count() == 0
    assert queue(organizer) is None
    assert ChannelPost.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="channel_post.").exists()
    signed_in(client, organizer)
    page = english(client).get(reverse("campaigns_staff:channel")).content.decode()
    assert "Posting to Telegram is off" in page
    assert "JISR_TELEGRAM_BOT_TOKEN" in page and "JISR_TELEGRAM_CHANNEL" in page


# --- Retries ----------------------------------------------------------------------------------


def test_a_rate_limit_is_waited_out_as_long_as_telegram_asks(server, organizer):
    server.script(rate_limit(7))
    before = timezone.now()
    post = queue(organizer)
    post.refresh_from_db()
    assert post.state == PostState.WAITING and post.reason == PostReason.RATE_LIMITED
    assert post.error_code == 429
    assert timedelta(seconds=7) <= post.next_attempt_at - before < timedelta(seconds=9)
    assert channels.channel_posts_run(now=post.next_attempt_at - timedelta(seconds=1)) == {}
    assert len(server.received) == 1
    assert channels.channel_posts_run(now=post.next_attempt_at) == {"sent": 1}
    post.refresh_from_db()
    assert post.state == PostState.SENT and post.attempts == 2 and post.reason == ""
    assert len(server.received) == 2 and server.texts()[0] == server.texts()[1]


def test_passing_faults_are_retried_with_a_growing_wait_then_given_up(server, organizer, settings):
    settings.JISR_TELEGRAM_MAX_ATTEMPTS = 3
    server.script(refuse(502, "Bad Gateway"), refuse(500, "Internal Server Error"), refuse(502, ""))
    post = queue(organizer)
    post.refresh_from_db()
    first_wait = post.next_attempt_at - timezone.now()
    assert post.reason == PostReason.TELEGRAM_ERROR
    assert timedelta(seconds=28) < first_wait <= timedelta(seconds=30)
    channels.channel_posts_run(now=post.next_attempt_at)
    post.refresh_from_db()
    assert post.state == PostState.WAITING and post.attempts == 2
    assert post.next_attempt_at - timezone.now() > timedelta(seconds=58)
    channels.channel_posts_run(now=post.next_attempt_at)
    post.refresh_from_db()
    assert (post.state, post.reason, post.attempts) == (PostState.FAILED, PostReason.GAVE_UP, 3)
    assert len(server.received) == 3


def test_an_unreachable_telegram_is_retried_and_nothing_was_sent(settings, organizer):
    with FakeTelegram() as fake:
        closed = fake.url
    settings.JISR_TELEGRAM_BOT_TOKEN, settings.JISR_TELEGRAM_CHANNEL = TOKEN, CHANNEL
    settings.JISR_TELEGRAM_API_URL = closed  # nothing listens there any more
    post = queue(organizer)
    post.refresh_from_db()
    assert (post.state, post.reason) == (PostState.WAITING, PostReason.UNREACHABLE)
    assert post.dispatched_at is None


# --- Permanent refusals, shown to organizers --------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "reason", "words"),
    [
        (
            refuse(403, "Forbidden: bot is not a member of the channel chat"),
            PostReason.NOT_ADMIN,
            "add it to the channel as an administrator",
        ),
        (
            refuse(400, "Bad Request: chat not found"),
            PostReason.CHAT_NOT_FOUND,
            "Telegram does not know the channel",
        ),
    ],
)
def test_a_permanent_refusal_is_shown_with_its_reason_and_can_be_retried(
    client, server, organizer, answer, reason, words
):
    server.script(answer)
    post = queue(organizer)
    post.refresh_from_db()
    assert (post.state, post.reason, post.error_code) == (PostState.FAILED, reason, answer[0])
    assert channels.channel_posts_run(now=later(86400)) == {}  # not retried by itself
    assert len(server.received) == 1

    signed_in(client, organizer)
    page = english(client).get(reverse("campaigns_staff:channel")).content.decode()
    assert words in page
    assert answer[1]["description"] in page  # Telegram's own words, for the record
    retry = reverse("campaigns_staff:channel_retry", args=[post.pk])
    assert f'action="{retry}"' in page and "Send it again" in page

    response = client.post(retry)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == PostState.SENT and len(server.received) == 2
    assert AuditEntry.objects.filter(action="channel_post.retried").count() == 1
    # Only failed or doubtful posts are sent again.
    client.post(retry)
    assert len(server.received) == 2


# --- No answer: in doubt, decided by an organizer ---------------------------------------------


def test_a_post_without_an_answer_waits_for_an_organizer_and_is_never_resent_alone(
    client, server, organizer
):
    server.script(HOLD)
    post = queue(organizer)
    server.release()
    post.refresh_from_db()
    assert (post.state, post.reason) == (PostState.UNCERTAIN, PostReason.NO_ANSWER)
    assert channels.channel_posts_run(now=later(86400)) == {}
    tasks.channel_post_send.call(post.pk)
    assert len(server.received) == 1

    signed_in(client, organizer)
    page = english(client).get(reverse("campaigns_staff:channel")).content.decode()
    assert "It is on the channel" in page and "It is not there: send it" in page
    assert 'href="https://t.me/jisr_demo_channel"' in page
    client.post(reverse("campaigns_staff:channel_confirm", args=[post.pk]))
    post.refresh_from_db()
    assert post.state == PostState.SENT and post.message_id is None
    assert len(server.received) == 1
    assert AuditEntry.objects.filter(action="channel_post.confirmed").count() == 1


def test_an_organizer_who_finds_it_missing_sends_it_again(client, server, organizer):
    server.script(HOLD)
    post = queue(organizer)
    server.release()
    signed_in(client, organizer)
    client.post(reverse("campaigns_staff:channel_retry", args=[post.pk]))
    post.refresh_from_db()
    assert post.state == PostState.SENT and post.message_id == 101
    assert len(server.received) == 2


# --- The staff page ---------------------------------------------------------------------------


def test_the_staff_link_counts_the_posts_that_need_an_organizer(server, organizer):
    server.script(refuse(403, "Forbidden: bot is not a member of the channel chat"), HOLD)
    queue(organizer, object_id=1)
    queue(organizer, object_id=2)
    server.release()
    queue(organizer, object_id=3)
    link = next(x for x in staff_links() if x.url_name == "campaigns_staff:channel" and x.count)
    assert link.count(organizer) == 2
    with translation.override("en"):
        texts = [entry["text"] for entry in waiting_for(organizer)]
    assert "2 posts to the Telegram channel need checking" in texts


def test_the_channel_page_is_for_organizers(client, member, moderator):
    url = reverse("campaigns_staff:channel")
    signed_in(client, member)
    assert client.get(url).status_code in (302, 403)
    signed_in(client, moderator)
    assert client.get(url).status_code == 403


def test_the_channel_page_costs_the_same_with_more_posts(
    client, organizer, not_configured, assert_flat_queries
):
    signed_in(client, organizer)
    url = reverse("campaigns_staff:channel")

    def more():
        for n in range(30):
            ChannelPost.objects.create(
                kind=PostKind.KIT,
                object_id=n,
                text=f"عدة المشاركة {n}\nhttps://jisr.example.org/k/{n}/",
                state=[PostState.SENT, PostState.FAILED, PostState.UNCERTAIN][n % 3],
                sent_at=timezone.now(),
                message_id=n,
                reason=PostReason.NOT_ADMIN if n % 3 == 1 else "",
            )

    ChannelPost.objects.create(kind=PostKind.KIT, object_id=999, text="أول\nhttps://x.example/")
    assert_flat_queries(7, lambda: client.get(url), more, info="channel")


def test_a_sent_post_links_to_its_message_on_the_channel(client, server, organizer):
    queue(organizer)
    signed_in(client, organizer)
    page = english(client).get(reverse("campaigns_staff:channel")).content.decode()
    assert 'href="https://t.me/jisr_demo_channel/100"' in page
    assert "On the channel" in page
    assert "It is on the channel" not in page and "Send it again" not in page


# --- Events -----------------------------------------------------------------------------------


def _published_event(organizer, **changes):
    from jisr.campaigns.services import event_ops

    from .event_ops_helpers import EVENT

    event = event_ops.event_create(actor=organizer, **{**EVENT, **changes})
    start = timezone.now() + timedelta(days=3)
    event_ops.timeslot_add(
        actor=organizer, event=event, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    return event_ops.event_publish(actor=organizer, event=event)


def test_a_published_public_event_goes_out_once_without_its_address(server, organizer):
    event = _published_event(organizer)
    assert len(server.received) == 1
    method, params = server.received[0]
    assert method == "sendPhoto"
    assert params["photo"].startswith(f"http://127.0.0.1:8000/campaigns/cards/event/{event.pk}/")
    assert params["caption"] == f"{event.title}\nhttp://127.0.0.1:8000/campaigns/events/{event.pk}/"
    assert event.address not in params["caption"] and event.city not in params["caption"]


def test_a_members_only_event_is_never_announced(server, organizer):
    _published_event(organizer, audience="members", title="لقاء خاص بالأعضاء")
    assert server.received == [] and not ChannelPost.objects.exists()
