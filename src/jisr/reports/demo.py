"""Demo reports and subscriptions, on the fictional parliament and demo accounts only."""

from datetime import timedelta

from django.utils import timezone

from jisr.accounts.models import User
from jisr.parliament.models import Person
from jisr.proposals.models import Topic

from . import selectors, services
from .models import Frequency, MonthlyReport, Subscriber, Subscription

INTRODUCTION = (
    "هذا تقرير تجريبي عن برلمان خيالي: كل الأسماء والأرقام فيه مختلقة لأغراض العرض فقط. "
    "نعرض فيه ما فعله النواب خلال الشهر، وما آلت إليه مقترحات أبناء الجالية."
)
INTRODUCTION_EN = (
    "A demo report on a fictional parliament: every name and figure in it is invented. "
    "It shows what the representatives did during the month and what became of the "
    "community's proposals."
)
VISITOR = "reader@demo.jisr.invalid"


def load(stdout) -> None:
    people = list(Person.objects.filter(is_fictional=True).order_by("pk")[:2])
    if not people or MonthlyReport.objects.exists():
        return
    organizer = User.objects.filter(email="organizer@demo.jisr.invalid").first()
    actor = organizer or "system:demo"
    first = timezone.localdate().replace(day=1)
    before = first - timedelta(days=1)
    start, end = selectors.month_range(before.year, before.month)
    for person in (None, people[0]):
        report = services.report_create.within(actor=actor, person=person, start=start, end=end)
        services.report_edit.within(
            actor=actor, report=report, introduction=INTRODUCTION, introduction_en=INTRODUCTION_EN
        )
        services.report_publish.within(actor=actor, report=report)
    # A draft of the current month, for organizers to try the introduction and publishing.
    services.report_create.within(
        actor=actor, person=None, start=first, end=selectors.month_range(first.year, first.month)[1]
    )
    member = User.objects.filter(email="member@demo.jisr.invalid").first()
    if member is not None:
        services.subscription_follow.within(
            actor=member, target=people[0], frequency=Frequency.WEEKLY
        )
        services.subscription_follow.within(actor=member, target=None, frequency=Frequency.MONTHLY)
        topic = Topic.objects.order_by("pk").first()
        if topic is not None:
            services.subscription_follow.within(
                actor=member, target=topic, frequency=Frequency.DAILY
            )
    if not Subscriber.objects.filter(email=VISITOR).exists():
        visitor = Subscriber.objects.create(email=VISITOR, language="en")
        subscription = Subscription.objects.create(
            subscriber=visitor,
            target_type=None,
            target_id=None,
            frequency=Frequency.MONTHLY,
            confirmed_at=timezone.now(),
        )
        services._consent(
            visitor, "given", subscription, Frequency.MONTHLY, "double_opt_in", services.WORDING
        )
    stdout.write(
        f"\nDemo reports (fictional): {MonthlyReport.objects.count()} monthly reports, "
        f"{Subscription.objects.count()} subscriptions."
    )
