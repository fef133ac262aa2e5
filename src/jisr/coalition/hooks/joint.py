"""The joint part's hooks (see ``apps.PARTS``): its section on a proposal's page and on
the coalition's landing page, its part of the monthly report, a delegate's data, the demo."""

from jisr.core.panels import Panel

#: The slot the proposals app's detail page offers for what higher apps add to it.
PROPOSAL_SECTIONS = "proposals.proposal.sections"


def panels(slot, request, obj):
    if slot != PROPOSAL_SECTIONS:
        return []
    from .. import joint_selectors
    from ..acting import current_delegations

    data = joint_selectors.proposal_panel(request.user, obj)
    delegations = current_delegations(request.user, acting=True)
    if data is None and not delegations:
        return []
    context = {
        "proposal": obj,
        **(data or {"joint": None, "endorsing": set(), "cosigning": set()}),
        "delegations": delegations,
        "organizations": [d.organization for d in delegations],
    }
    return [Panel(30, "coalition/joint/_proposal_panel.html", context)]


def landing_section(request):
    from .. import joint_selectors
    from ..landing import Section

    stories = joint_selectors.joint_stories(request.user, limit=joint_selectors.LANDING_SHOWN)
    if not stories:
        return None
    return Section(40, "coalition/joint/_landing.html", {"stories": stories})


def report_section(start, end):
    from .. import joint_selectors

    return joint_selectors.report(start, end)


def export_personal_data(user) -> dict:
    """What the person did for an organization in this part (their own actions only)."""
    from ..models import CoSignature, Endorsement, JointProposal

    mine = {"delegate__user": user}
    return {
        "coalition_joint_proposals": [
            {
                "proposal": j.proposal_id,
                "organization": j.organization_id,
                "at": j.created_at.isoformat(),
            }
            for j in JointProposal.objects.filter(**mine)
        ],
        "coalition_cosignatures": [
            {"joint": s.joint_id, "organization": s.organization_id, "at": s.signed_at.isoformat()}
            for s in CoSignature.objects.filter(**mine)
        ],
        "coalition_endorsements": [
            {
                "proposal": e.proposal_id,
                "organization": e.organization_id,
                "at": e.endorsed_at.isoformat(),
            }
            for e in Endorsement.objects.filter(**mine)
        ],
    }


def load_demo(stdout):
    from ..joint_demo import load

    load(stdout)
