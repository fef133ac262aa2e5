"""The public side of the share kits: the kit's page, the short link (a total, nothing
about the person), the links from the subject's page, the JSON API, and no tracking
parameter in any link the site generates."""

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from jisr.campaigns.models import ShortLink
from jisr.campaigns.services import kits as services
from jisr.campaigns.sharing import share_url
from jisr.core.models import AuditEntry

from ..treasury.factories import CampaignFactory
from .kit_helpers import kit_with_posts, organizer

pytestmark = pytest.mark.django_db

EN = {"jisr_language": "en"}


@pytest.fixture
def kit():
    return kit_with_posts(organizer(), organizer())[0]


def english() -> Client:
    client = Client()
    client.cookies.load(EN)
    return client


def test_the_kit_page_shows_each_published_post_with_its_copy_box_and_share_link(kit):
    draft = services.kit_item_add(
        actor=organizer(), kit=kit, platform="whatsapp", language="en", text="NOT REVIEWED YET"
    )
    page = english().get(reverse("campaigns:kit", args=[kit.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Share the campaign" in body
    assert "NOT REVIEWED YET" not in body and f"kit-text-{draft.pk}" not in body
    for item in kit.items.exclude(pk=draft.pk):
        assert re.search(rf'<textarea id="kit-text-{item.pk}" readonly[^>]*>', body)
        assert f'data-copy-target="kit-text-{item.pk}"' in body
    assert "https://wa.me/?text=" in body
    assert "https://t.me/share/url?url=" in body
    assert "https://www.facebook.com/sharer/sharer.php?u=" in body
    assert "https://x.com/intent/post?text=" in body
    assert "mailto:?subject=Our%20campaign&amp;body=" in body
    short = settings.JISR_SITE_URL.rstrip("/") + f"/s/{kit.short_link.code}"
    assert f'href="{short}"' in body
    assert "<svg" in body and 'aria-label="QR code of the short link"' in body
    assert 'src="/static/campaigns/kits.js"' in body or "campaigns/kits" in body


def test_a_kit_is_not_public_before_a_post_is_published_or_while_its_subject_is_hidden():
    author, reviewer = organizer(), organizer()
    kit, _items = kit_with_posts(author, reviewer, publish=False)
    url = reverse("campaigns:kit", args=[kit.pk])
    assert Client().get(url).status_code == 404
    services.kit_publish(actor=author, kit=kit)
    assert Client().get(url).status_code == 200
    kit.treasury_campaign.is_public = False
    kit.treasury_campaign.save()
    assert Client().get(url).status_code == 404


def test_the_kit_page_queries_are_pinned(kit, django_assert_num_queries):
    # The kit with its subject and short link; its published posts; the campaign's total
    # for its share card (from the ledger).
    with django_assert_num_queries(3):
        assert Client().get(reverse("campaigns:kit", args=[kit.pk])).status_code == 200


def test_the_short_link_counts_and_redirects_on_this_site_and_keeps_nothing_else(
    kit, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 30  # the visitors' page cache must not swallow a use
    link = kit.short_link
    audit_before = AuditEntry.objects.count()
    client = Client()
    for expected in (1, 2, 3):
        with django_assert_num_queries(2):  # the counter's UPDATE, then the target
            response = client.get(
                f"/s/{link.code}",
                HTTP_REFERER="https://example.org/?utm_source=x",
                HTTP_USER_AGENT="Secret/1.0",
                REMOTE_ADDR="203.0.113.9",
            )
        assert response.status_code == 302
        assert response["Location"] == f"/treasury/{kit.treasury_campaign_id}/"
        assert not response.cookies
        assert "no-store" in response["Cache-Control"]
        link.refresh_from_db()
        assert link.clicks == expected
    # A lower-case code from a hand-typed poster works too; a HEAD is not a use.
    assert client.get(f"/s/{link.code.lower()}").status_code == 302
    assert client.head(f"/s/{link.code}").status_code == 405
    link.refresh_from_db()
    assert link.clicks == 4
    assert client.get("/s/NOPE42").status_code == 404
    # Nothing about the requests is anywhere in the database: not in the table, not in the log.
    assert AuditEntry.objects.count() == audit_before
    row = ShortLink.objects.filter(pk=link.pk).values().get()
    assert "203.0.113.9" not in str(row) and "Secret" not in str(row)


def test_the_short_link_table_holds_only_its_code_target_counter_and_date():
    columns = {f.column for f in ShortLink._meta.get_fields() if f.concrete}
    assert columns == {"id", "code", "target", "clicks", "created_at"}
    with connection.cursor() as cursor:  # the table as it is, not as the model says
        cursor.execute(f"SELECT * FROM {ShortLink._meta.db_table} WHERE 1 = 0")
        assert {column[0] for column in cursor.description} == columns


def test_a_short_link_leads_only_to_this_site():
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        with pytest.raises(ValueError):
            services.short_link_create(target=target)


# --- No tracking parameter anywhere -------------------------------------------------

TRACKING = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_eid|ref|source|src|uid|user|u_id|sharer_id|member|igshid)$",
    re.I,
)


def _links(html_text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'(?:href|src|action)="([^"]+)"', html_text)]


def _tracking(url: str, user_ids: set[str]) -> list[str]:
    found = []
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    for name, value in params:
        if TRACKING.match(name):
            found.append(f"{url}: {name}")
        # A share link carries the text and the short link: check the links inside it too.
        for inner in re.findall(r"https?://\S+", value):
            found += _tracking(inner, user_ids)
    # What the kits build (share links, short links) names no person: no segment or value
    # is the id of an account (the site's other links carry record ids, pages, never one).
    built = url.startswith(("https://wa.me", "https://t.me", "https://x.com", "https://www.fa"))
    built = built or url.startswith("mailto:") or "/s/" in parts.path
    for segment in (parts.path.split("/") + [v for _n, v in params]) if built else []:
        if segment in user_ids:
            found.append(f"{url}: a person's id {segment}")
    return found


def test_no_link_the_kits_generate_carries_a_tracking_parameter(kit):
    from jisr.accounts.models import User

    user_ids = {str(pk) for pk in User.objects.values_list("pk", flat=True)} - {
        str(kit.pk),
        str(kit.treasury_campaign_id),
    }
    links = []
    for client in (Client(), english()):
        links += _links(client.get(reverse("campaigns:kit", args=[kit.pk])).content.decode())
        links += _links(
            client.get(
                reverse("treasury:campaign", args=[kit.treasury_campaign_id])
            ).content.decode()
        )
    api = Client().get("/api/v1/campaigns/kits").json()
    for out in api["items"]:
        links += [out["short_url"], out["subject_url"]] + [p["share_url"] for p in out["posts"]]
    for platform in ("whatsapp", "telegram", "facebook", "x", "email"):
        links.append(
            share_url(platform, text="t", url="https://jisr.example/s/ACDEFH", subject="s")
        )
    links.append(Client().get(f"/s/{kit.short_link.code}")["Location"])
    share_links = [u for u in links if u.startswith(("https://wa.me", "https://t.me", "mailto:"))]
    assert len(share_links) >= 6
    found = [problem for url in links for problem in _tracking(url, user_ids)]
    assert found == []
    # The checker itself catches what it is for.
    assert _tracking("https://wa.me/?text=hi%20https://x.example/s/A?utm_source=wa", set())
    assert _tracking("/p/?fbclid=1", set()) and _tracking("/p/?ref=42", set())


def test_the_subject_page_links_to_its_kit_once_published(django_assert_num_queries):
    author, reviewer = organizer(), organizer()
    campaign = CampaignFactory(is_public=True)
    kit, _items = kit_with_posts(author, reviewer, publish=False, campaign=campaign)
    url = reverse("treasury:campaign", args=[campaign.pk])
    kit_url = reverse("campaigns:kit", args=[kit.pk])
    assert kit_url not in Client().get(url).content.decode()
    services.kit_publish(actor=author, kit=kit)
    assert f'href="{kit_url}"' in Client().get(url).content.decode()


def test_the_api_lists_published_kits_only():
    author, reviewer = organizer(), organizer()
    published, _items = kit_with_posts(author, reviewer)
    hidden, _items = kit_with_posts(author, reviewer, publish=False)
    answer = Client().get("/api/v1/campaigns/kits").json()
    assert [k["id"] for k in answer["items"]] == [published.pk]
    kit = answer["items"][0]
    assert kit["subject_kind"] == "treasury_campaign"
    assert {p["platform"] for p in kit["posts"]} == {
        "whatsapp",
        "telegram",
        "facebook",
        "x",
        "email",
    }
    assert Client().get(f"/api/v1/campaigns/kits/{hidden.pk}").status_code == 404
    assert Client().get(f"/api/v1/campaigns/kits/{published.pk}").json()["id"] == published.pk


def test_a_public_proposal_links_to_its_published_kit(settings):
    from jisr.proposals import services as proposals

    from ..accounts.factories import UserFactory
    from ..proposals.conftest import publish

    settings.JISR_PROPOSALS_PREMODERATION = True
    topic = proposals.topic_save(actor="system:test", name="التعليم", name_en="Education")
    proposal = publish(UserFactory(), topic, title="مكتبة رقمية", body="الكتب المنهجية مجانًا.")
    author, reviewer = organizer(), organizer()
    kit = services.kit_create(actor=author, title="شاركوا المقترح", proposal=proposal)
    item = services.kit_item_add(
        actor=author, kit=kit, platform="whatsapp", language="ar", text="ادعموا المقترح."
    )
    services.kit_item_review(
        actor=reviewer,
        item=item,
        no_one_at_risk=True,
        no_place_at_home=True,
        no_face_without_consent=True,
    )
    url = reverse("proposals:detail", args=[proposal.pk])
    kit_url = reverse("campaigns:kit", args=[kit.pk])
    assert kit_url not in Client().get(url).content.decode()
    services.kit_publish(actor=reviewer, kit=kit)
    assert f'href="{kit_url}"' in Client().get(url).content.decode()
    assert kit.short_link.target == url
