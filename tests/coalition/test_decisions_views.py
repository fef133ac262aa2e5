"""Decisions' pages and API: results hidden from everyone until close, the vote form for a
delegate's organizations, named votes naming organizations (delegates to organizers only),
and exact query counts."""

import pytest
from django.urls import reverse

from jisr.coalition.models import DecisionKind, DecisionVote, OrganizationVisibility

from ..conftest import signed_in
from .decision_factories import close, coalition_with_members, open_decision, option_ids, vote

pytestmark = pytest.mark.django_db

RESULT_MARKERS = ('class="decision-number"', "decision-winner", "decision-stood")


def _page(client, decision, **kwargs):
    return client.get(reverse("coalition:decision_detail", args=[decision.pk]), **kwargs)


def _staff_page(client, decision):
    return client.get(reverse("coalition_staff:decision_staff_detail", args=[decision.pk]))


def _api(client, decision):
    return client.get(f"/api/v1/coalition/decisions/{decision.pk}")


def test_hidden_results_are_read_by_nobody_until_close(client, organizer):
    coalition, (first, second, _third) = coalition_with_members()
    decision = open_decision(organizer, coalition, DecisionKind.CHOICE)
    a, _b, _c = option_ids(decision)
    vote(first, decision, [a], reason="سبب خاص")
    readers = {
        "visitor": lambda: _page(client, decision),
        "delegate who voted": lambda: _page(signed_in(client, first.user), decision),
        "delegate": lambda: _page(signed_in(client, second.user), decision),
        "organizer": lambda: _page(signed_in(client, organizer), decision),
        "organizer's page": lambda: _staff_page(signed_in(client, organizer), decision),
    }
    for who, read in readers.items():
        response = read()
        html = response.content.decode()
        assert response.status_code == 200, who
        for marker in RESULT_MARKERS:
            assert marker not in html, (who, marker)
        assert "سبب خاص" not in html, who
        client.logout()
    answer = _api(client, decision).json()
    assert answer["results"] is None and answer["votes"] == []
    assert answer["voted"] == 1  # turnout is not a result
    close(decision)
    html = _page(client, decision).content.decode()
    assert 'class="decision-number"' in html and "سبب خاص" in html
    answer = _api(client, decision).json()
    assert answer["results"]["ballots"] == 1
    assert {s["option_id"]: s["score"] for s in answer["results"]["scores"]}[a] == 1


def test_results_shown_during_the_vote_when_the_decision_does_not_hide_them(client, organizer):
    coalition, (first, *_rest) = coalition_with_members()
    decision = open_decision(
        organizer, coalition, DecisionKind.TIME, results_hidden_until_close=False
    )
    vote(first, decision, option_ids(decision)[:2])
    assert 'class="decision-number"' in _page(client, decision).content.decode()
    assert _api(client, decision).json()["results"]["ballots"] == 1


def test_a_decision_without_quorum_did_not_stand(client, organizer):
    coalition, (first, *_rest) = coalition_with_members(3)
    decision = open_decision(organizer, coalition, quorum=2, quorum_unit="organizations")
    vote(first, decision, option_ids(decision)[:1])
    close(decision)
    html = _page(client, decision, HTTP_COOKIE="jisr_language=en").content.decode()
    assert "did not stand" in html
    assert _api(client, decision).json()["results"]["stood"] is False


def test_named_votes_name_organizations_to_the_public_and_delegates_to_organizers(
    client, organizer
):
    coalition, (first, hidden, _third) = coalition_with_members()
    hidden.organization.visibility = OrganizationVisibility.MEMBERS
    hidden.organization.save()
    decision = open_decision(organizer, coalition)
    agree = option_ids(decision)[0]
    vote(first, decision, [agree])
    vote(hidden, decision, [agree])
    close(decision)
    public = _page(client, decision).content.decode()
    assert first.organization.name in public
    assert hidden.organization.name not in public
    assert first.user.display_name not in public
    api = _api(client, decision).json()
    assert [v["organization_id"] for v in api["votes"]] == [first.organization_id]
    assert "delegate" not in str(api["votes"])
    staff = _staff_page(signed_in(client, organizer), decision).content.decode()
    assert first.user.display_name in staff and hidden.organization.name in staff


def test_an_anonymous_decision_names_nobody_after_close(client, organizer):
    coalition, (first, *_rest) = coalition_with_members()
    decision = open_decision(organizer, coalition, DecisionKind.RANKED, anonymous=True)
    vote(first, decision, option_ids(decision))
    close(decision)
    for html in (
        _page(client, decision).content.decode(),
        _staff_page(signed_in(client, organizer), decision).content.decode(),
    ):
        assert 'class="decision-number"' in html
        assert first.organization.name not in html and first.user.display_name not in html


def test_a_delegate_votes_through_the_page_once(client, organizer):
    coalition, (first, *_rest) = coalition_with_members()
    decision = open_decision(organizer, coalition, DecisionKind.RANKED, anonymous=True)
    a, b, c = option_ids(decision)
    signed_in(client, first.user)
    page = _page(client, decision).content.decode()
    assert f'name="rank_{a}"' in page
    url = reverse("coalition:decision_vote", args=[decision.pk])
    data = {"organization": first.organization_id, f"rank_{a}": 2, f"rank_{b}": 1, f"rank_{c}": 3}
    bad = client.post(url, {**data, f"rank_{c}": 1})
    assert bad.status_code == 400
    response = client.post(url, data)
    assert response.status_code == 302
    from jisr.coalition.models import AnonymousBallot

    assert list(AnonymousBallot.objects.values_list("choices", flat=True)) == [[b, a, c]]
    # Voted, anonymous: no form any more, and a second post changes nothing.
    assert f'name="rank_{a}"' not in _page(client, decision).content.decode()
    client.post(url, data)
    assert AnonymousBallot.objects.count() == 1


def test_a_session_without_its_second_factor_cannot_vote(client, organizer):
    coalition, (first, *_rest) = coalition_with_members()
    decision = open_decision(organizer, coalition)
    signed_in(client, first.user, second_factor=False)
    url = reverse("coalition:decision_vote", args=[decision.pk])
    response = client.post(url, {"organization": first.organization_id, "choice": 1})
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not DecisionVote.objects.exists()


def test_a_draft_is_not_public(client, organizer):
    from jisr.coalition.services import decisions as services

    coalition, _delegates = coalition_with_members(1)
    import datetime

    from django.utils import timezone

    draft = services.decision_create(
        actor=organizer,
        coalition=coalition,
        title="مسودة",
        kind=DecisionKind.PROPOSAL,
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert _page(client, draft).status_code == 404
    assert _api(client, draft).status_code == 404
    assert "مسودة" not in client.get(reverse("coalition:decision_list")).content.decode()


def test_the_public_pages_query_counts(client, organizer, django_assert_num_queries):
    coalition, delegates = coalition_with_members(3)
    decision = open_decision(organizer, coalition, DecisionKind.CHOICE)
    for delegate in delegates:
        vote(delegate, decision, option_ids(decision)[:1])
    open_decision(organizer, coalition, title="ثاني")
    close(decision)
    with django_assert_num_queries(2):
        assert client.get(reverse("coalition:decision_list")).status_code == 200
    with django_assert_num_queries(7):
        assert _page(client, decision).status_code == 200


def test_a_delegate_puts_a_decision_forward_for_a_member_organization(client, organizer):
    from jisr.coalition.models import Decision

    coalition, (first, *_rest) = coalition_with_members()
    signed_in(client, first.user)
    url = reverse("coalition:decision_propose")
    assert client.get(url).status_code == 200
    data = {
        "organization": first.organization_id,
        "coalition": coalition.pk,
        "title": "مقترح من منظمة",
        "kind": "choice",
        "options": "أ | A\nب | B",
        "closes_at": "2099-01-01T18:00",
        "quorum": 50,
        "quorum_unit": "percent",
        "results_hidden_until_close": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.is_draft and decision.options.count() == 2
    assert (decision.proposed_by_organization, decision.proposed_by_delegate) == (
        first.organization,
        first,
    )
    staff = _staff_page(signed_in(client, organizer), decision).content.decode()
    assert first.organization.name in staff


def test_a_member_without_a_mandate_cannot_put_a_decision_forward(client, member):
    signed_in(client, member)
    assert client.get(reverse("coalition:decision_propose")).status_code == 403
