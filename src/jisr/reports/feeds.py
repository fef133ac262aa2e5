"""RSS and Atom feeds (Django's syndication framework) and the iCalendar of sittings.

Every feed holds public records only, newest first, at most ``LIMIT`` items, read in a
fixed number of queries."""

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jisr.core.lists import join_list
from jisr.parliament import selectors as parliament_selectors
from jisr.parliament.models import Activity, Organization, Person, Sitting, Vote, VoteEvent
from jisr.proposals import states
from jisr.proposals.models import STATUS_LABELS, Answer, Milestone, Proposal, StatusChange, Topic
from jisr.proposals.states import Status

from . import ical
from .presenters import report_title
from .selectors import published_reports

LIMIT = 30


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _path(name: str, *args, query: str = "") -> str:
    try:
        return reverse(name, args=args) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return reverse("reports:list")


def _item(title, link, when, guid, description="") -> dict:
    return {"title": title, "link": link, "date": when, "guid": guid, "description": description}


class ItemsFeed(Feed):
    """Items are plain dicts: title, link, date, guid, description."""

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=600"
        return response

    def feed_extra_kwargs(self, obj):
        return {}

    def item_title(self, item):
        return item["title"]

    def item_link(self, item):
        return item["link"]

    def item_description(self, item):
        # RSS descriptions are read as HTML; what members and offices wrote is text, so it
        # is escaped and shown as written, never as markup (Atom declares it text).
        return escape(item["description"])

    def item_pubdate(self, item):
        return item["date"]

    def item_guid(self, item):
        return item["guid"]

    item_guid_is_permalink = False
    # `language` stays unset: Django then takes the active language (it reads an attribute,
    # so a method here was published as its repr).


def _site() -> str:
    return settings.JISR_SITE_NAME or _("Jisr")


class PersonFeed(ItemsFeed):
    def get_object(self, request, pk):
        try:
            return Person.objects.get(pk=pk)
        except Person.DoesNotExist as error:
            raise Http404 from error

    def title(self, obj):
        return _("%(name)s in parliament — %(site)s") % {"name": obj.name, "site": _site()}

    def link(self, obj):
        return _path("parliament:representative", obj.pk)

    def description(self, obj):
        return _("Activities and votes of %(name)s, newest first.") % {"name": obj.name}

    def items(self, obj):
        kinds = dict(Activity.Kind.choices)
        options = dict(Vote.Option.choices)
        rows = [
            _item(
                f"{kinds[a.kind]}: {a.title}",
                _path("parliament:representative", obj.pk),
                _at(a.date),
                f"activity-{a.pk}",
                a.summary,
            )
            for a in parliament_selectors.timeline(obj)[:LIMIT]
        ]
        rows += [
            _item(
                _("Voted “%(option)s” on: %(motion)s")
                % {"option": options[v.option], "motion": v.vote_event.motion},
                _path("parliament:vote_event", v.vote_event_id),
                _at(v.vote_event.date),
                f"vote-{v.vote_event_id}-{obj.pk}",
            )
            for v in parliament_selectors.person_votes(obj)[:LIMIT]
        ]
        return sorted(rows, key=lambda r: r["date"], reverse=True)[:LIMIT]


class GroupFeed(ItemsFeed):
    def get_object(self, request, pk):
        try:
            return Organization.objects.get(
                pk=pk,
                classification__in=[
                    Organization.Classification.PARTY,
                    Organization.Classification.ALLIANCE,
                ],
            )
        except Organization.DoesNotExist as error:
            raise Http404 from error

    def title(self, obj):
        return _("%(name)s in parliament — %(site)s") % {"name": obj.name, "site": _site()}

    def link(self, obj):
        return _path("parliament:organization", obj.pk)

    def description(self, obj):
        return _("How the members of %(name)s voted, newest first.") % {"name": obj.name}

    def items(self, obj):
        options = dict(Vote.Option.choices)
        rows = []
        for event in parliament_selectors.organization_vote_events(obj)[:LIMIT]:
            counts = join_list(
                f"{options[o]}: {getattr(event, f'group_{o}')}"
                for o in options
                if getattr(event, f"group_{o}")
            )
            rows.append(
                _item(
                    event.motion,
                    _path("parliament:vote_event", event.pk),
                    _at(event.date),
                    f"group-{obj.pk}-vote-{event.pk}",
                    counts,
                )
            )
        return rows


class ProposalFeed(ItemsFeed):
    def get_object(self, request, pk):
        proposal = Proposal.objects.filter(pk=pk, status__in=states.PUBLIC, hidden=False).first()
        if proposal is None:
            raise Http404
        return proposal

    def title(self, obj):
        return _("Proposal: %(title)s — %(site)s") % {"title": obj.title, "site": _site()}

    def link(self, obj):
        return _path("proposals:detail", obj.pk)

    def description(self, obj):
        return _("What became of the proposal, step by step.")

    def items(self, obj):
        link = _path("proposals:detail", obj.pk)
        rows = [
            _item(
                _("New status: %(status)s") % {"status": STATUS_LABELS[Status(c.to_status)]},
                link,
                c.created_at,
                f"proposal-{obj.pk}-change-{c.pk}",
                states.public_note(c.to_status, c.note),
            )
            for c in StatusChange.objects.filter(
                proposal=obj, to_status__in=states.PUBLIC_TIMELINE
            ).order_by("-created_at")[:LIMIT]
        ]
        rows += [
            _item(
                _("%(progress)d%% done") % {"progress": m.progress},
                link,
                m.created_at,
                f"proposal-{obj.pk}-milestone-{m.pk}",
                m.note,
            )
            for m in Milestone.objects.filter(proposal=obj).order_by("-created_at")[:LIMIT]
        ]
        rows += [
            _item(
                _("Answer from %(name)s") % {"name": a.delivery.representative.name},
                link,
                a.created_at,
                f"proposal-{obj.pk}-answer-{a.pk}",
                a.text,
            )
            for a in Answer.objects.filter(delivery__proposal=obj)
            .select_related("delivery__representative")
            .order_by("-created_at")[:LIMIT]
        ]
        return sorted(rows, key=lambda r: r["date"], reverse=True)[:LIMIT]


class TopicFeed(ItemsFeed):
    def get_object(self, request, pk):
        try:
            return Topic.objects.get(pk=pk)
        except Topic.DoesNotExist as error:
            raise Http404 from error

    def title(self, obj):
        name = obj.name_en if get_language() == "en" and obj.name_en else obj.name
        return _("Proposals on %(topic)s — %(site)s") % {"topic": name, "site": _site()}

    def link(self, obj):
        return _path("proposals:list", query=f"topic={obj.pk}")

    def description(self, obj):
        return _("New proposals on this topic, newest first.")

    def items(self, obj):
        return [
            _item(
                p.title,
                _path("proposals:detail", p.pk),
                p.published_at,
                f"proposal-{p.pk}",
                STATUS_LABELS[Status(p.status)],
            )
            for p in Proposal.objects.filter(
                topic=obj, status__in=states.PUBLIC, hidden=False, published_at__isnull=False
            ).order_by("-published_at", "-id")[:LIMIT]
        ]


class SiteFeed(ItemsFeed):
    def get_object(self, request):
        return None

    def title(self, obj):
        return _("Everything new — %(site)s") % {"site": _site()}

    def link(self, obj):
        return reverse("home")

    def description(self, obj):
        return _("Parliamentary records, proposals and reports, newest first.")

    def items(self, obj):
        kinds = dict(Activity.Kind.choices)
        rows = [
            _item(
                f"{a.person.name} — {kinds[a.kind]}: {a.title}",
                _path("parliament:representative", a.person_id),
                a.recorded_at,
                f"activity-{a.pk}",
            )
            for a in Activity.objects.select_related("person").order_by("-recorded_at")[:LIMIT]
        ]
        rows += [
            _item(
                _("Vote: %(motion)s") % {"motion": e.motion},
                _path("parliament:vote_event", e.pk),
                e.recorded_at,
                f"vote-event-{e.pk}",
            )
            for e in VoteEvent.objects.order_by("-recorded_at")[:LIMIT]
        ]
        rows += [
            _item(
                _("New proposal: %(title)s") % {"title": p.title},
                _path("proposals:detail", p.pk),
                p.published_at,
                f"proposal-{p.pk}",
            )
            for p in Proposal.objects.filter(
                status__in=states.PUBLIC, hidden=False, published_at__isnull=False
            ).order_by("-published_at")[:LIMIT]
        ]
        rows += [
            _item(report_title(r), _path("reports:detail", r.pk), r.published_at, f"report-{r.pk}")
            for r in published_reports().order_by("-published_at")[:LIMIT]
        ]
        return sorted(rows, key=lambda r: r["date"], reverse=True)[:LIMIT]


class TextAtom1Feed(Atom1Feed):
    """Atom whose summaries are declared text (Django declares them HTML): what members
    and offices wrote is shown as written, and a reader never renders it as markup."""

    def add_item_elements(self, handler, item):
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


if TYPE_CHECKING:
    _FeedBase = ItemsFeed
else:
    _FeedBase = object


class _Atom(_FeedBase):
    """The Atom form of an RSS feed class (put first among the bases)."""

    feed_type: type[SyndicationFeed] = TextAtom1Feed

    def subtitle(self, obj):
        return self.description(obj)

    def item_description(self, item):
        return item["description"]  # text: the XML writer escapes it


class PersonAtomFeed(_Atom, PersonFeed):
    pass


class GroupAtomFeed(_Atom, GroupFeed):
    pass


class ProposalAtomFeed(_Atom, ProposalFeed):
    pass


class TopicAtomFeed(_Atom, TopicFeed):
    pass


class SiteAtomFeed(_Atom, SiteFeed):
    pass


# --- iCalendar --------------------------------------------------------------------------------

PAST_DAYS = 60


def calendar_events(since) -> list[dict]:
    """Sittings from ``since`` on, and the events other apps know of: any app config with
    ``calendar_events(since)`` returning dicts (uid, start, summary …) adds its own."""
    host = settings.JISR_SITE_URL.rstrip("/")
    events = []
    for sitting in (
        Sitting.objects.filter(date__gte=since)
        .select_related("term__legislature")
        .order_by("date", "id")[:500]
    ):
        summary = sitting.title or (
            _("Sitting no. %(number)s of %(parliament)s")
            % {"number": sitting.number, "parliament": sitting.term.legislature.name}
            if sitting.number
            else _("Sitting of %(parliament)s") % {"parliament": sitting.term.legislature.name}
        )
        events.append(
            {
                "uid": f"sitting-{sitting.pk}@{host.split('://')[-1]}",
                "start": sitting.date,
                "summary": summary,
            }
        )
    for config in apps.get_app_configs():
        provider = getattr(config, "calendar_events", None)
        if provider is not None:
            events.extend(provider(since))
    return events


@require_safe
def calendar(request):
    since = timezone.localdate() - timedelta(days=PAST_DAYS)
    body = ical.calendar(
        _("Parliament sittings — %(site)s") % {"site": _site()},
        calendar_events(since),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jisr.ics"'
    response["Cache-Control"] = "public, max-age=600"
    return response
