"""The joint part's demo: an adopted proposal with what became of it, one written jointly,
two endorsements (one by a members-only organization), loaded once."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from jisr.coalition.models import Endorsement, JointProposal, JointStatus
from jisr.proposals.states import Status

pytestmark = pytest.mark.django_db


def test_the_demo_shows_joint_proposals_and_what_became_of_them(client):
    call_command("demo_load", stdout=io.StringIO())
    call_command("demo_load", stdout=io.StringIO())
    joints = list(JointProposal.objects.select_related("proposal").order_by("pk"))
    assert len(joints) == 2 and all(j.status == JointStatus.ADOPTED for j in joints)
    adopted, written = joints
    assert adopted.proposal.status == Status.ANSWERED and adopted.proposal.deliveries.exists()
    assert written.written_jointly and written.proposal.status == Status.PUBLISHED
    assert adopted.cosignatures.count() == 3
    assert Endorsement.objects.count() == 2
    client.cookies["jisr_language"] = "en"
    page = client.get(reverse("coalition:joint_list")).content.decode()
    assert adopted.proposal.title in page and written.proposal.title in page
    assert "Community Women" not in page  # members-only: counted, not named
    assert "one organization listed for members only" in page.lower()
