"""The statements' fictional demo: one published statement (listed and unlisted signers of
both kinds) and one open for signing with two versions. Runs after ``base_demo``.

The demo's delegates have not set up two-factor authentication yet (they do before their
first action), so their organizations' signatures are seeded as rows, not through the
action service that requires it; everything else goes through the services."""

import datetime

from django.utils import timezone

from jisr.accounts.demo import DEMO_DOMAIN
from jisr.accounts.models import User

from . import base_demo
from .models import (
    Coalition,
    Delegate,
    OrganizationSignature,
    Statement,
)
from .services import statements as services

PUBLISHED = (
    "بيان مشترك: حق المغتربين في التصويت (خيالي)",
    "Joint statement: the right of citizens abroad to vote (fictional)",
    "نحن المنظمات الموقِّعة أدناه نطالب بتمكين المواطنين المقيمين في الخارج من التصويت في "
    "جميع الانتخابات، بمراكز اقتراع قريبة منهم وتسجيل إلكتروني آمن.\n\n"
    "وندعو ممثلينا المنتخبين إلى تبنّي هذا المطلب في الدورة البرلمانية الحالية.",
    "We, the undersigned organizations, call for citizens living abroad to be able to vote in "
    "every election, with polling stations near them and safe online registration.\n\n"
    "We call on our elected representatives to adopt this demand in the current session.",
)
OPEN = (
    "بيان مشترك: دعم الطلبة العراقيين في الخارج (خيالي)",
    "Joint statement: supporting Iraqi students abroad (fictional)",
    "نطالب بتسهيل معادلة الشهادات وتجديد الوثائق في السفارات دون تأخير.",
    "We call for easier recognition of degrees and for documents to be renewed at the "
    "embassies without delay.",
    "نطالب بتسهيل معادلة الشهادات وتجديد الوثائق في السفارات دون تأخير، وبمنح دراسية "
    "للطلبة المتفوقين.",
    "We call for easier recognition of degrees, for documents to be renewed at the embassies "
    "without delay, and for scholarships for outstanding students.",
)


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()


def _seed_signature(statement: Statement, delegate: Delegate, listed: bool) -> None:
    version = services.latest_version(statement)
    assert version is not None
    OrganizationSignature.objects.create(
        statement=statement,
        version=version,
        organization=delegate.organization,
        delegate=delegate,
        listed=listed,
    )


def _delegate(local: str, organization_name_en: str) -> Delegate:
    return Delegate.objects.select_related("organization").get(
        user=base_demo.delegate_user(local), organization__name_en=organization_name_en
    )


def load(stdout) -> None:
    organizer = _user("organizer")
    coalition = Coalition.objects.filter(name=base_demo.COALITION[0]).first()
    if organizer is None or coalition is None or Statement.objects.exists():
        return
    now = timezone.now()
    names = [row[1] for row in base_demo.ORGANIZATIONS]
    rafidain, baghdad, students, engineers, women = names[:5]

    published = services.statement_create.within(
        actor=organizer,
        title=PUBLISHED[0],
        title_en=PUBLISHED[1],
        text=PUBLISHED[2],
        text_en=PUBLISHED[3],
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now + datetime.timedelta(days=10),
        threshold=2,
        coalition=coalition,
    )
    services.statement_open.within(actor=organizer, statement=published)
    _seed_signature(published, _delegate("delegate", rafidain), listed=True)
    _seed_signature(published, _delegate("delegate2", baghdad), listed=True)
    # Signed, not listed: counted, never named.
    _seed_signature(published, _delegate("delegate3", students), listed=False)
    # Listed, but the organization is listed for members only: counted, not named in public.
    _seed_signature(published, _delegate("delegate3", women), listed=True)
    for local, listed in (("delegate", True), ("delegate2", False), ("member", True)):
        if (user := _user(local)) is not None:
            services.statement_sign_person.within(actor=user, statement=published, listed=listed)
    services.statement_publish.within(actor=organizer, statement=published)

    open_ = services.statement_create.within(
        actor=organizer,
        title=OPEN[0],
        title_en=OPEN[1],
        text=OPEN[2],
        text_en=OPEN[3],
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=14),
        threshold=3,
    )
    services.statement_open.within(actor=organizer, statement=open_)
    _seed_signature(open_, _delegate("delegate3", students), listed=True)
    services.statement_add_version.within(
        actor=organizer,
        statement=open_,
        text=OPEN[4],
        text_en=OPEN[5],
        note="إضافة المنح الدراسية",
    )
    _seed_signature(open_, _delegate("delegate", engineers), listed=True)
    if (member := _user("member")) is not None:
        services.statement_sign_person.within(actor=member, statement=open_, listed=True)
    stdout.write("  joint statements: one published, one open for signing")
