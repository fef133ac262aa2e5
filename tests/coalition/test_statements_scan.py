"""The issue's number: an organization that signs "not listed" and a person who signs
without their name are counted, and never named — on any page, feed, API answer, export,
the PDF's text, the search index or the audit log (a scan of every output for their
distinctive names). A listed organization that is listed for members only is not named in
public either."""

import datetime
import json
import shutil
import subprocess

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from jisr.coalition import statement_staff_urls, statement_urls
from jisr.coalition.hooks import statements as hooks
from jisr.coalition.models import OrganizationVisibility
from jisr.coalition.organization_search import ORGANIZATION
from jisr.coalition.services import statements as services
from jisr.core.models import AuditEntry
from jisr.search.models import SearchDocument

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from .factories import CoalitionFactory, DelegateFactory, MembershipFactory
from .statement_factories import open_statement

pytestmark = pytest.mark.django_db

HIDDEN = [
    "نادي العنقاء المستترة",
    "Hiddenphoenix Club",
    "رابطة الفانوس الخاصة",
    "Membersonly Lantern",
    "Quietzebulon",
]
SHOWN = ["نادي الباب المفتوح", "Opendoor Club", "Visiblevera"]


@pytest.fixture
def world(organizer, client):
    coalition = CoalitionFactory()
    listed = DelegateFactory(organization__name=SHOWN[0], organization__name_en=SHOWN[1])
    unlisted = DelegateFactory(organization__name=HIDDEN[0], organization__name_en=HIDDEN[1])
    members_only = DelegateFactory(
        organization__name=HIDDEN[2],
        organization__name_en=HIDDEN[3],
        organization__visibility=OrganizationVisibility.MEMBERS,
    )
    for delegate in (listed, unlisted, members_only):
        MembershipFactory(coalition=coalition, organization=delegate.organization)
    statement = open_statement(organizer, threshold=3, coalition=coalition)
    services.statement_sign_organization(delegate=listed, statement=statement, listed=True)
    services.statement_sign_organization(delegate=unlisted, statement=statement, listed=False)
    services.statement_sign_organization(delegate=members_only, statement=statement, listed=True)
    visible, quiet = UserFactory(display_name=SHOWN[2]), UserFactory(display_name=HIDDEN[4])
    services.statement_sign_person(actor=visible, statement=statement, listed=True)
    services.statement_sign_person(actor=quiet, statement=statement, listed=False)
    statement = services.statement_publish(actor=organizer, statement=statement)
    return {
        "statement": statement,
        "organizer": organizer,
        "users": [visible, quiet, listed.user, unlisted.user, members_only.user, organizer],
    }


def _paths(pk: int) -> list[str]:
    paths = []
    for module, namespace in (
        (statement_urls, "coalition"),
        (statement_staff_urls, "coalition_staff"),
    ):
        for pattern in module.urlpatterns:
            assert isinstance(pattern, URLPattern)
            if pattern.name == "statement_new":
                # The organizers' form picks a proposer among every organization's
                # delegates: the directory, about no statement and no signature.
                continue
            kwargs = {"pk": pk} if "<int:pk>" in str(pattern.pattern) else {}
            paths.append(reverse(f"{namespace}:{pattern.name}", kwargs=kwargs))
    # (Not the coalition's landing page: its directory lists each organization as its own
    # visibility says — members only for a group that fears being listed at all — and says
    # nothing of what it signed. The landing's statements section shows open statements.)
    return [*paths, "/api/v1/coalition/statements"]


def _hits(text: str) -> list[str]:
    folded = text.casefold()
    return [name for name in HIDDEN if name.casefold() in folded]


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "statement.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_unlisted_signers_are_counted_and_never_named(world, client, tmp_path):
    statement = world["statement"]
    outputs: dict[str, str] = {}
    viewers = {
        "visitor": None,
        "member": world["users"][0],
        "unlisted delegate": world["users"][3],
        "organizer": world["organizer"],
    }
    for language in ("ar", "en"):
        for who, user in viewers.items():
            client.logout()
            if user is not None:
                signed_in(client, user)
            client.cookies["jisr_language"] = language
            for path in [*_paths(statement.pk), f"/api/v1/coalition/statements/{statement.pk}"]:
                response = client.get(path)
                if response.status_code != 200:
                    continue
                if response["Content-Type"].startswith("application/pdf"):
                    if not shutil.which("pdftotext"):
                        continue
                    body = _pdf_text(response.content, tmp_path)
                else:
                    body = response.content.decode()
                outputs[f"{path} as {who} ({language})"] = body
    # Every kind of output was read.
    kinds = {key.split(" as ")[0] for key in outputs}
    assert reverse("coalition:statement_detail", args=[statement.pk]) in kinds
    assert reverse("coalition:statement_feed") in kinds
    assert "/api/v1/coalition/statements" in kinds
    assert reverse("coalition_staff:statement_manage", args=[statement.pk]) in kinds
    # Exports, the search index, the monthly report's data and the audit log.
    for user in world["users"]:
        outputs[f"export of {user.pk}"] = json.dumps(
            hooks.export_personal_data(user), ensure_ascii=False
        )
    outputs["search index"] = "\n".join(
        " ".join(str(v) for v in row)
        # Every document but the directory's own entries for the organizations.
        for row in SearchDocument.objects.exclude(doc_type=ORGANIZATION).values_list(
            "title", "text", "names", "context", "exact_terms", "stem_terms", "body_terms"
        )
    )
    today = timezone.localdate()
    report = hooks.report_section(today - datetime.timedelta(days=1), today)
    outputs["report"] = json.dumps(report, ensure_ascii=False)
    outputs["audit"] = json.dumps(list(AuditEntry.objects.values("data")), ensure_ascii=False)

    found = {where: hits for where, text in outputs.items() if (hits := _hits(text))}
    assert found == {}

    # The scan could see names: the listed ones are there …
    detail = outputs[
        f"{reverse('coalition:statement_detail', args=[statement.pk])} as visitor (en)"
    ]
    assert SHOWN[1] in detail and SHOWN[2] in detail
    assert SHOWN[0] in outputs["search index"]
    # … and the counts include the unnamed: 3 organizations (2 unnamed), 2 people (1).
    assert "3 organizations" in detail
    assert "and 2 organizations that signed without being named" in detail
    assert "and 1 person who signed without being named" in detail
    answer = json.loads(outputs["/api/v1/coalition/statements as visitor (en)"])
    assert answer[0]["organizations_count"] == 3
    assert answer[0]["organizations_unnamed"] == 2
    assert answer[0]["people_count"] == 2
    assert [o["name_en"] for o in answer[0]["organizations"]] == [SHOWN[1]]
    assert report is not None and report["statements"][0]["organizations"] == 3
    if shutil.which("pdftotext"):
        pdf = outputs[f"{reverse('coalition:statement_pdf', args=[statement.pk])} as visitor (en)"]
        assert SHOWN[1] in pdf
        assert "2 organizations that signed without being named" in " ".join(pdf.split())
