"""The coalition's fictional base: organizations, their delegates and one coalition. Every
name is invented. The other parts' demos build on it (they run after it, ``apps.PARTS``)."""

from jisr.accounts import services as accounts
from jisr.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from jisr.accounts.models import User
from jisr.accounts.roles import Role

from .models import Coalition, DelegateRole, EvidenceKind, OrganizationStatus
from .services import coalitions, organizations

#: Demo delegates: members with their own accounts (never an organization's shared login).
DELEGATES = [
    ("delegate", "رنا (مندوبة تجريبية)", "ar"),
    ("delegate2", "Omar (demo delegate)", "en"),
    ("delegate3", "ليلى (مندوبة تجريبية)", "ar"),
]

# (name, English name, kind, city, country, status, visibility, the delegate who registered it)
ORGANIZATIONS = [
    (
        "نادي الرافدين الرياضي (خيالي)",
        "Rafidain Sports Club (fictional)",
        "club",
        "مالمو",
        "السويد",
        "verified",
        "public",
        "delegate",
    ),
    (
        "جمعية بيت بغداد الثقافية (خيالية)",
        "Bait Baghdad Cultural Association (fictional)",
        "cultural",
        "لندن",
        "المملكة المتحدة",
        "verified",
        "public",
        "delegate2",
    ),
    (
        "اتحاد الطلبة العراقيين في المهجر (خيالي)",
        "Union of Iraqi Students Abroad (fictional)",
        "student",
        "برلين",
        "ألمانيا",
        "verified",
        "public",
        "delegate3",
    ),
    (
        "نقابة المهندسين المغتربين (خيالية)",
        "Expatriate Engineers' Union (fictional)",
        "union",
        "ستوكهولم",
        "السويد",
        "verified",
        "public",
        "delegate",
    ),
    (
        "رابطة نساء الجالية (خيالية)",
        "Community Women's League (fictional)",
        "association",
        "غوتنبرغ",
        "السويد",
        "verified",
        "members",
        "delegate3",
    ),
    (
        "إذاعة صوت الجسر (خيالية)",
        "Voice of the Bridge Radio (fictional)",
        "media",
        "لندن",
        "المملكة المتحدة",
        "pending",
        "public",
        "delegate2",
    ),
]

# (index among the verified organizations, delegate, role)
OTHER_DELEGATES = [
    (0, "delegate3", DelegateRole.ALTERNATE),
    (1, "delegate", DelegateRole.OBSERVER),
]

COALITION = (
    "تنسيقية منظمات الجالية (خيالية)",
    "Community Organizations' Coordination (fictional)",
    "نعمل معًا من أجل دولة مدنية ديمقراطية، وحق المغتربين في التصويت، وإيصال صوت الجالية "
    "إلى ممثليها المنتخبين.",
    "We work together for a democratic civil state, the right of citizens abroad to vote, "
    "and carrying the community's voice to the representatives it elected.",
)


def delegate_user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


def load(stdout) -> None:
    organizer = User.objects.filter(email=f"organizer@{DEMO_DOMAIN}").first()
    if organizer is None or Coalition.objects.filter(name=COALITION[0]).exists():
        return
    for local, display_name, language in DELEGATES:
        if not User.objects.filter(email=f"{local}@{DEMO_DOMAIN}").exists():
            accounts.user_create.within(
                email=f"{local}@{DEMO_DOMAIN}",
                password=DEMO_PASSWORD,
                display_name=display_name,
                preferred_language=language,
                roles=(Role.MEMBER,),
                email_verified=True,
            )
    members = []
    for name, name_en, kind, city, country, status, visibility, local in ORGANIZATIONS:
        organization = organizations.organization_register.within(
            actor=_user(local),
            name=name,
            name_en=name_en,
            kind=kind,
            city=city,
            country=country,
            visibility=visibility,
        )
        if status == OrganizationStatus.VERIFIED:
            # An organizer verifies only with evidence recorded (docs/coalition.md).
            organizations.evidence_add.within(
                actor=organizer,
                organization=organization,
                kind=EvidenceKind.MET if kind == "club" else EvidenceKind.KNOWN,
                note="التقى المنظِّم بالهيئة الإدارية في فعالية للجالية (مثال خيالي).",
            )
            organization = organizations.organization_verify.within(
                actor=organizer, organization=organization
            )
            members.append(organization)
    for index, local, role in OTHER_DELEGATES:
        organizations.delegate_appoint.within(
            actor=organizer, organization=members[index], user=_user(local), role=role
        )
    coalition = coalitions.coalition_create.within(
        actor=organizer,
        name=COALITION[0],
        name_en=COALITION[1],
        charter=COALITION[2],
        charter_en=COALITION[3],
    )
    for organization in members[:4]:
        coalitions.coalition_join.within(
            actor=organizer, coalition=coalition, organization=organization
        )
    stdout.write("\nDemo delegates of fictional organizations (the same password):")
    for local, _name, _language in DELEGATES:
        stdout.write(f"  delegate                 {local}@{DEMO_DOMAIN}")
    stdout.write(
        "  Delegates set up two-factor authentication before they act for an organization."
    )
