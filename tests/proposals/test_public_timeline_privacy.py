"""A moderator's note is written to the author: no public output of a proposal shows it.

The note asking for changes typically names the personal data that had to come out, so
every output the public can reach reads the one public timeline (`states.PUBLIC_TIMELINE`,
`states.public_note`): the page, the JSON API (one proposal and the list), the RSS and
Atom feeds (the proposal's, the site's, its topic's and its representative's), search,
the calendar, the monthly report's page and PDF, the organizers' CSV export, and the
digest e-mails of everyone who follows the proposal, its topic or its representative.
"""

import json
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from jisr.accounts.roles import Role
from jisr.proposals import services
from jisr.proposals.models import STATUS_LABELS
from jisr.proposals.states import Status
from jisr.reports import digests
from jisr.reports import services as reports
from jisr.reports.models import DigestRun, Frequency

from ..accounts.factories import UserFactory
from ..conftest import signed_in, with_mfa
from ..parliament.conftest import Parliament
from ..reports.factories import VisitorFactory, subscribe

pytestmark = pytest.mark.django_db

PRIVATE = ("ملاحظة المراجعة الداخلية", "احذف رقم هاتف أخيك 07701234567")
PUBLIC = "تحقق الهدف بفضل متابعة الجالية"


@pytest.fixture
def proposal(draft, settings):
    settings.JISR_PROPOSALS_PREMODERATION = True
    settings.JISR_SITE_URL = "https://jisr.example.org"
    author = draft.author
    services.proposal_submit(actor=author, proposal=draft)
    services.proposal_moderate(
        actor="system:test", proposal=draft, target=Status.IN_REVIEW, message=PRIVATE[0]
    )
    services.proposal_moderate(
        actor="system:test", proposal=draft, target=Status.DRAFT, message=PRIVATE[1]
    )
    services.proposal_resubmit(actor=author, proposal=draft)
    services.proposal_moderate(actor="system:test", proposal=draft, target=Status.PUBLISHED)
    draft.representative = Parliament().members[0]
    organizer = with_mfa(UserFactory(roles=[Role.ORGANIZER]))
    services.delivery_record(
        actor=organizer,
        proposal=draft,
        representatives=[draft.representative],
        method="email",
        delivered_on=timezone.localdate(),
    )
    services.proposal_set_outcome(
        actor=organizer, proposal=draft, target=Status.CLOSED, note=PUBLIC
    )
    draft.refresh_from_db()
    return draft


def _text(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def public_outputs(client, proposal, tmp_path) -> dict[str, str]:
    person = proposal.representative
    urls = {
        "page": reverse("proposals:detail", args=[proposal.pk]),
        "API": f"/api/v1/proposals/{proposal.pk}",
        "API list": "/api/v1/proposals",
        "search": reverse("search:results") + "?q=مكتبة",
        "calendar": reverse("reports:calendar"),
    }
    for feed in ("rss", "atom"):
        urls[f"proposal {feed}"] = reverse(f"reports:feed_proposal_{feed}", args=[proposal.pk])
        urls[f"site {feed}"] = reverse(f"reports:feed_site_{feed}")
        urls[f"topic {feed}"] = reverse(f"reports:feed_topic_{feed}", args=[proposal.topic_id])
        urls[f"person {feed}"] = reverse(f"reports:feed_person_{feed}", args=[person.pk])
    today = timezone.localdate()
    report = reports.report_create(
        actor="system:test", person=person, start=today.replace(day=1), end=today
    )
    reports.report_publish(actor="system:test", report=report)
    urls["report"] = reverse("reports:detail", args=[report.pk])
    outputs = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        outputs[name] = _text(response)
    assert proposal.title in outputs["report"]  # the report does list it
    # The CSV export is the organizers', but it travels (spreadsheets are shared): it
    # carries the public timeline too.
    organizer = signed_in(Client(), with_mfa(UserFactory(roles=[Role.ORGANIZER])))
    export = organizer.get(reverse("proposals_staff:export_csv"))
    outputs["CSV export"] = b"".join(export.streaming_content).decode()
    assert proposal.title in outputs["CSV export"]
    if shutil.which("pdftotext"):
        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(client.get(reverse("reports:pdf", args=[report.pk])).content)
        outputs["report PDF"] = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return outputs


def digest_emails(proposal) -> dict[str, str]:
    """What followers of the proposal, its topic and its representative receive."""
    followers = {
        "proposal": subscribe(VisitorFactory(), proposal),
        "topic": subscribe(VisitorFactory(), proposal.topic),
        "representative": subscribe(VisitorFactory(), proposal.representative),
    }
    for subscription in followers.values():
        subscription.frequency = Frequency.DAILY
        subscription.save()
    now = timezone.now()
    run = DigestRun.objects.create(
        frequency=Frequency.DAILY,
        period_start=now - timedelta(days=1),
        period_end=now + timedelta(minutes=1),
    )
    mail.outbox.clear()
    digests.build(run.pk)
    by_address = {m.to[0]: m for m in mail.outbox}
    emails = {}
    for what, subscription in followers.items():
        message = by_address[subscription.subscriber.email]
        emails[f"e-mail to a follower of the {what}"] = (
            message.subject + message.body + message.alternatives[0][0]
        )
    return emails


def test_no_public_output_shows_a_moderators_note(client, proposal, tmp_path):
    outputs = public_outputs(client, proposal, tmp_path) | digest_emails(proposal)
    shown = [name for name, body in outputs.items() if any(note in body for note in PRIVATE)]
    assert not shown, f"a moderator's note to the author is shown in: {shown}"
    # Nor the back-and-forth of moderation (in review, back to the author).
    with translation.override("ar"):
        moderation = [str(STATUS_LABELS[s]) for s in (Status.IN_REVIEW, Status.DRAFT)]
    digest = outputs["e-mail to a follower of the proposal"]
    assert not [label for label in moderation if label in digest], digest
    for name in ("page", "API", "proposal rss", "proposal atom"):
        assert PUBLIC in outputs[name], f"the {name} lost the organizers' public note"
    print(f"\npublic-output scan: {len(outputs)} outputs: {', '.join(outputs)}")
