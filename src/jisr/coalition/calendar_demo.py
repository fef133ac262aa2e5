"""The shared calendar's and the exchange's fictional demo: a co-hosted event, a promoted
one, an invitation waiting for a delegate, and offers and needs in Arabic with English.

The demo's delegates have no second factor yet (they set it up at their first action), so
``check_may_act`` would refuse them: the demo writes these rows as fixtures, each with its
organization and the delegate recorded, as the services do."""

from django.utils import timezone

from jisr.accounts.demo import DEMO_DOMAIN
from jisr.accounts.models import User
from jisr.campaigns import event_selectors

from .models import Delegate, DelegateRole, EventPromotion, Organization, ResourceListing
from .services import calendar

# (organization's English name, kind, category, title, title in English, details, city)
LISTINGS = [
    (
        "Rafidain Sports Club (fictional)",
        "offer",
        "venue",
        "قاعة لثمانين شخصًا مساء الجمعة",
        "A hall for eighty people on Friday evenings",
        "قاعة النادي متاحة للقاءات الجالية مجانًا، مع كراسٍ وطاولات.\n\n"
        "The club's hall is free for community meetings, with chairs and tables.",
        "مالمو",
    ),
    (
        "Bait Baghdad Cultural Association (fictional)",
        "offer",
        "translation",
        "ترجمة بين العربية والإنجليزية",
        "Arabic–English translation",
        "متطوعون يترجمون البيانات والرسائل خلال يومين.\n\n"
        "Volunteers translate statements and letters within two days.",
        "لندن",
    ),
    (
        "Union of Iraqi Students Abroad (fictional)",
        "need",
        "sound",
        "مكبر صوت لندوة طلابية",
        "A sound system for a student forum",
        "نحتاج مكبر صوت وميكروفونين ليوم واحد.\n\n"
        "We need a speaker and two microphones for one day.",
        "برلين",
    ),
    (
        "Expatriate Engineers' Union (fictional)",
        "need",
        "legal",
        "استشارة قانونية في تسجيل الجمعيات",
        "Legal advice on registering an association",
        "",
        "ستوكهولم",
    ),
    (
        "Community Women's League (fictional)",
        "need",
        "volunteers",
        "متطوعات لدروس اللغة",
        "Volunteers for language classes",
        "",
        "غوتنبرغ",
    ),
]


def _primary(organization: Organization) -> Delegate:
    mandates = Delegate.objects.filter(organization=organization, ends_on__isnull=True)
    return mandates.filter(role=DelegateRole.PRIMARY).order_by("pk")[0]


def load(stdout) -> None:
    organizer = User.objects.filter(email=f"organizer@{DEMO_DOMAIN}").first()
    by_name = {o.name_en: o for o in Organization.objects.all()}
    if organizer is None or not by_name or ResourceListing.objects.exists():
        return
    now = timezone.now()
    events = list(event_selectors.upcoming(event_selectors.public_events())[:3])
    if events:
        rafidain = by_name["Rafidain Sports Club (fictional)"]
        cohost = calendar.cohost_invite.within(
            actor=organizer, event=events[0], organization=rafidain
        )
        cohost.delegate = _primary(rafidain)
        cohost.accepted_at = now
        cohost.save(update_fields=["delegate", "accepted_at"])
        # An invitation waiting for delegate@ (primary delegate of the engineers' union).
        calendar.cohost_invite.within(
            actor=organizer,
            event=events[0],
            organization=by_name["Expatriate Engineers' Union (fictional)"],
        )
        bait = by_name["Bait Baghdad Cultural Association (fictional)"]
        EventPromotion.objects.create(
            event=events[-1], organization=bait, delegate=_primary(bait), promoted_at=now
        )
    for name_en, kind, category, title, title_en, details, city in LISTINGS:
        organization = by_name[name_en]
        ResourceListing.objects.create(
            organization=organization,
            delegate=_primary(organization),
            kind=kind,
            category=category,
            title=title,
            title_en=title_en,
            details=details,
            city=city,
        )
