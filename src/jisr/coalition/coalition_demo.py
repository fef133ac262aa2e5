"""The coalitions part's fictional demo: what the base coalition's members commit to and
offer, two working groups and a former member (the members-only organization: visitors
never see it). Every name is invented."""

import datetime

from django.utils import timezone

from jisr.accounts.demo import DEMO_DOMAIN
from jisr.accounts.models import User

from . import base_demo
from .models import Coalition, Organization
from .services import coalitions

COMMITMENTS = [
    (
        "Rafidain Sports Club (fictional)",
        "نلتزم بحشد أعضائنا لفعاليات التنسيقية وبحضور اجتماعها الشهري.",
        "قاعة النادي مساء الجمعة، وفريق من المتطوعين للتنظيم.",
    ),
    (
        "Bait Baghdad Cultural Association (fictional)",
        "نلتزم بترجمة بيانات التنسيقية إلى الإنجليزية خلال يومين.",
        "مترجمون متطوعون، ومعدات صوت صغيرة للقاءات.",
    ),
]

GROUPS = [
    (
        "فريق عمل التصويت في الخارج",
        "Voting abroad working group",
        "متابعة حق المغتربين في التصويت ومراسلة المفوضية.",
        ["Rafidain Sports Club (fictional)", "Union of Iraqi Students Abroad (fictional)"],
    ),
    (
        "فريق عمل الإعلام والترجمة",
        "Media and translation working group",
        "",
        ["Bait Baghdad Cultural Association (fictional)"],
    ),
]


def load(stdout) -> None:
    organizer = User.objects.filter(email=f"organizer@{DEMO_DOMAIN}").first()
    coalition = Coalition.objects.filter(name=base_demo.COALITION[0]).first()
    if organizer is None or coalition is None or coalition.working_groups.exists():
        return
    by_name = {o.name_en: o for o in Organization.objects.all()}
    for name_en, commitments, offers in COMMITMENTS:
        membership = coalition.memberships.get(organization=by_name[name_en], left_on=None)
        coalitions.membership_update.within(
            actor=organizer, membership=membership, commitments=commitments, offers=offers
        )
    for name, name_en, purpose, members in GROUPS:
        group = coalitions.working_group_create.within(
            actor=organizer, coalition=coalition, name=name, name_en=name_en, purpose=purpose
        )
        for member in members:
            coalitions.working_group_add.within(
                actor=organizer, group=group, organization=by_name[member]
            )
    # A former member: the members-only league, which joined and left (only signed-in
    # members see it on the coalition's page).
    league = by_name["Community Women's League (fictional)"]
    membership = coalitions.coalition_join.within(
        actor=organizer, coalition=coalition, organization=league
    )
    membership.joined_on = timezone.localdate() - datetime.timedelta(days=120)
    membership.save(update_fields=["joined_on"])
    coalitions.coalition_leave.within(
        actor=organizer,
        membership=membership,
        on=timezone.localdate() - datetime.timedelta(days=30),
    )
