"""A moderator's note is written to the author: no public output of a proposal shows it.

The note asking for changes typically names the personal data that had to come out, so the
page, the API and the RSS and Atom feeds all read the one public timeline
(`states.PUBLIC_TIMELINE`, `states.public_note`).
"""

import json

import pytest
from django.urls import reverse

from jisr.proposals import services
from jisr.proposals.states import Status

pytestmark = pytest.mark.django_db

PRIVATE = ("ملاحظة المراجعة الداخلية", "احذف رقم هاتف أخيك 07701234567")
PUBLIC = "تحقق الهدف بفضل متابعة الجالية"


@pytest.fixture
def proposal(draft, settings):
    settings.JISR_PROPOSALS_PREMODERATION = True
    author = draft.author
    services.proposal_submit(author=author, proposal=draft)
    services.proposal_moderate(
        moderator="system:test", proposal=draft, target=Status.IN_REVIEW, message=PRIVATE[0]
    )
    services.proposal_moderate(
        moderator="system:test", proposal=draft, target=Status.DRAFT, message=PRIVATE[1]
    )
    services.proposal_resubmit(author=author, proposal=draft)
    services.proposal_moderate(moderator="system:test", proposal=draft, target=Status.PUBLISHED)
    services.proposal_set_outcome(
        organizer="system:test", proposal=draft, target=Status.CLOSED, note=PUBLIC
    )
    draft.refresh_from_db()
    return draft


def public_outputs(client, proposal) -> dict[str, str]:
    urls = {
        "page": reverse("proposals:detail", args=[proposal.pk]),
        "api": f"/api/v1/proposals/{proposal.pk}",
        "rss": reverse("reports:feed_proposal_rss", args=[proposal.pk]),
        "atom": reverse("reports:feed_proposal_atom", args=[proposal.pk]),
    }
    outputs = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        body = response.content.decode()
        outputs[name] = json.dumps(response.json(), ensure_ascii=False) if name == "api" else body
    return outputs


def test_no_public_output_shows_a_moderators_note(client, proposal):
    for name, body in public_outputs(client, proposal).items():
        for note in PRIVATE:
            assert note not in body, f"the {name} shows a moderator's note to the author"
        assert PUBLIC in body, f"the {name} lost the organizers' public note on the outcome"
