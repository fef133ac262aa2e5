"""The joint part's fictional demo: a member proposal the coalition adopted (delivered and
answered in the proposals demo, so what became of it shows), one written jointly, and two
endorsements (one by a members-only organization: counted for visitors, never named)."""

from jisr.accounts.demo import DEMO_DOMAIN
from jisr.accounts.models import User
from jisr.proposals import services as proposals
from jisr.proposals.models import Proposal, Topic
from jisr.proposals.states import Status

from . import base_demo
from .models import Coalition, Delegate, JointProposal
from .services import joint

# Proposals of the proposals demo (proposals/demo.py): one delivered and answered, adopted
# by the coalition (the page walk's fullest proposal page, tests/e2e/pages.py); one
# published, endorsed by two organizations.
ADOPTED = "تحسين تجهيز الكهرباء في الصيف"
ENDORSED = "خط ساخن للمغتربين في وزارة الخارجية"
WRITTEN = (
    "مكاتب قنصلية متنقلة لأبناء الجالية في المدن البعيدة",
    "تقترح منظمات الجالية أن تزور القنصلية المدن البعيدة عن العاصمة مرة كل شهرين، "
    "لتجديد الوثائق وتصديقها دون سفر طويل (مقترح خيالي).",
)
NOTE = "أجمعت المنظمات الأعضاء على أن هذا المقترح يعني الجالية كلها (خيالي)."


def _delegate(local: str, organization: str) -> Delegate | None:
    delegate = (
        Delegate.objects.select_related("user", "organization")
        .filter(user__email=f"{local}@{DEMO_DOMAIN}", organization__name=organization)
        .first()
    )
    if delegate is not None:
        # The demo's delegates have not set up an authenticator app (the page walk gives
        # them one); the demo acts as they will once they have.
        setattr(delegate.user, "_jisr_mfa", True)  # noqa: B010 (permissions.has_second_factor)
    return delegate


def load(stdout) -> None:
    coalition = Coalition.objects.filter(name=base_demo.COALITION[0]).first()
    organizer = User.objects.filter(email=f"organizer@{DEMO_DOMAIN}").first()
    moderator = User.objects.filter(email=f"moderator@{DEMO_DOMAIN}").first()
    if coalition is None or organizer is None or JointProposal.objects.exists():
        return
    names = [row[0] for row in base_demo.ORGANIZATIONS]
    club = _delegate("delegate", names[0])
    association = _delegate("delegate2", names[1])
    students = _delegate("delegate3", names[2])
    engineers = _delegate("delegate", names[3])
    women = _delegate("delegate3", names[4])
    if not all((club, association, students, engineers, women)):
        return
    assert club and association and students and engineers and women  # for mypy
    adopted = Proposal.objects.filter(title=ADOPTED).first()
    if adopted is not None:
        asked = joint.joint_propose_adoption.within(
            delegate=club, coalition=coalition, proposal=adopted, note=NOTE
        )
        joint.joint_decide.within(actor=organizer, joint=asked, adopt=True)
        joint.joint_cosign.within(delegate=association, joint=asked)
        joint.joint_cosign.within(delegate=students, joint=asked)
    topic = Topic.objects.filter(name_en="Diaspora affairs").first() or Topic.objects.first()
    if topic is not None:
        written = joint.joint_write.within(
            delegate=students,
            coalition=coalition,
            title=WRITTEN[0],
            body=WRITTEN[1],
            topic=topic,
            language="ar",
            note=NOTE,
        )
        if written.proposal.status == Status.SUBMITTED and moderator is not None:
            proposals.proposal_moderate.within(
                actor=moderator, proposal=written.proposal, target=Status.PUBLISHED
            )
        joint.joint_cosign.within(delegate=club, joint=written)
    endorsed = Proposal.objects.filter(title=ENDORSED).first()
    if endorsed is not None:
        joint.endorsement_give.within(delegate=engineers, proposal=endorsed)
        joint.endorsement_give.within(delegate=women, proposal=endorsed)
    stdout.write(
        f"\nDemo joint proposals: {JointProposal.objects.count()}, carried by a coalition "
        "of fictional organizations."
    )
