"""Demo posts of the Telegram channel: the demo's published reports, one on the channel and
one left in doubt, so the organizers' page shows both. Nothing is sent anywhere."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from jisr.reports.models import MonthlyReport
from jisr.reports.presenters import report_title

from .models import ChannelPost, PostKind, PostReason, PostState
from .services.channels import announcement, site_url


def load(stdout) -> None:
    published = MonthlyReport.objects.filter(status=MonthlyReport.Status.PUBLISHED)
    reports = list(published.select_related("person").order_by("pk")[:2])
    if len(reports) < 2 or ChannelPost.objects.exists():
        return
    now = timezone.now()
    states = [
        {"state": PostState.SENT, "sent_at": now - timedelta(days=2), "message_id": 42},
        {
            "state": PostState.UNCERTAIN,
            "reason": PostReason.WORKER_STOPPED,
            "lease_id": uuid.uuid4(),
            "dispatched_at": now - timedelta(hours=3),
        },
    ]
    for report, fields in zip(reports, states, strict=True):
        with translation.override(settings.LANGUAGE_CODE):
            title = report_title(report)
        url = site_url(reverse("reports:detail", args=[report.pk]))
        ChannelPost.objects.create(
            kind=PostKind.REPORT,
            object_id=report.pk,
            text=announcement(title, url),
            url=url,
            attempts=1,
            **fields,
        )
    stdout.write("Demo Telegram channel posts: 2.\n")
