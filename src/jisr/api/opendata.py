"""The nightly open-data dump: every public record as CSV (one file per table), JSON and
Popolo, with a licence, a README, a ``SHA256SUMS`` file and a zip of it all.

The dump is byte-reproducible: the same data gives the same bytes. Rows are sorted by id,
keys are sorted, no file holds the time it was made, and the zip's entries carry a fixed
timestamp and mode. Only the folder's name carries the day.

Nothing private goes in: no user, no e-mail address, no author of a proposal, no rater of a
pledge, no donor, no members-only event; only proposals the public sees; only the
individual votes of vote events whose individual votes are known.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from jisr.elections.models import (
    Candidate,
    CandidateResult,
    Constituency,
    Election,
    ElectoralList,
    ListResult,
)
from jisr.parliament.models import (
    Activity,
    AnnouncedPosition,
    Area,
    Attendance,
    Bill,
    BillPhase,
    BillStage,
    CommitteeAttendance,
    CommitteeMeeting,
    Membership,
    Organization,
    Person,
    Question,
    Sitting,
    Term,
    Vote,
    VoteEvent,
    VoteExplanation,
)
from jisr.parliament.popolo import export_popolo
from jisr.parliament.selectors import known_vote_events
from jisr.pledges.models import AgreedVerdict, Category, Evidence, Link, Platform, Pledge
from jisr.proposals.models import PUBLIC_ROWS, Delivery, Proposal, Topic
from jisr.reports.models import MonthlyReport

LICENSE_NAME = "Open Database License (ODbL) v1.0"
LICENSE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
# Every zip entry carries this time: the zip format's earliest, so no clock leaks in.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FOLDER = "opendata"


@dataclass(frozen=True)
class Table:
    name: str
    rows: Callable[[], QuerySet]
    fields: tuple[str, ...]
    about: str


def _through(model, field: str) -> Callable[[], QuerySet]:
    through = getattr(model, field).through
    return lambda: through.objects.all()


def _public_proposals() -> QuerySet:
    return Proposal.objects.filter(PUBLIC_ROWS)


TABLES: tuple[Table, ...] = (
    Table("areas", Area.objects.all, ("id", "identifier", "name", "name_en"), "governorates"),
    Table(
        "organizations",
        Organization.objects.all,
        ("id", "name", "name_en", "classification", "parent_id", "is_fictional"),
        "the legislature, alliances, parties, committees and ministries",
    ),
    Table(
        "people",
        Person.objects.all,
        ("id", "name", "name_latin", "gender", "birth_year", "summary", "is_fictional"),
        "representatives",
    ),
    Table(
        "terms",
        Term.objects.all,
        ("id", "legislature_id", "identifier", "name", "name_en", "start_date", "end_date"),
        "legislative terms",
    ),
    Table(
        "memberships",
        Membership.objects.all,
        (
            "id",
            "person_id",
            "organization_id",
            "role",
            "term_id",
            "on_behalf_of_id",
            "area_id",
            "start_date",
            "end_date",
        ),
        "who sat for which party, list, committee and governorate, when",
    ),
    Table(
        "sittings",
        Sitting.objects.all,
        (
            "id",
            "term_id",
            "date",
            "number",
            "title",
            "scheduled_start",
            "actual_start",
            "quorum_reached",
        ),
        "sittings of the chamber: when they were called, began, and whether quorum was reached",
    ),
    Table(
        "attendance",
        Attendance.objects.all,
        ("id", "sitting_id", "person_id", "status", "reason", "source", "source_url"),
        "who was present at each sitting, and why the absent were absent (with the source)",
    ),
    Table(
        "committee_meetings",
        CommitteeMeeting.objects.all,
        ("id", "committee_id", "term_id", "date", "title"),
        "meetings of committees",
    ),
    Table(
        "committee_attendance",
        CommitteeAttendance.objects.all,
        ("id", "meeting_id", "person_id", "status", "reason", "source", "source_url"),
        "who was present at each committee meeting",
    ),
    Table(
        "bill_phases",
        BillPhase.objects.all,
        (
            "id",
            "term_id",
            "code",
            "order",
            "name",
            "name_en",
            "explanation",
            "explanation_en",
            "is_terminal",
            "outcome",
        ),
        "the procedure's phases a bill goes through, per term",
    ),
    Table(
        "bills",
        Bill.objects.all,
        (
            "id",
            "term_id",
            "number",
            "title",
            "summary",
            "introduced_on",
            "stage",
            "explainer",
            "explainer_en",
            "source_url",
            "document_ref",
        ),
        "bills, with what each does in plain words",
    ),
    Table(
        "bill_stages",
        BillStage.objects.all,
        ("id", "bill_id", "stage", "date", "note"),
        "the stages each bill went through",
    ),
    Table(
        "bill_sponsors",
        _through(Bill, "sponsors"),
        ("id", "bill_id", "person_id"),
        "who sponsored each bill",
    ),
    Table(
        "vote_events",
        VoteEvent.objects.all,
        (
            "id",
            "term_id",
            "sitting_id",
            "bill_id",
            "date",
            "motion",
            "result",
            "method",
            "individual_votes_known",
            "is_key",
            "yes_count",
            "no_count",
            "abstain_count",
            "absent_count",
            "not_voting_count",
            "source_url",
            "document_ref",
        ),
        "votes of the chamber and their totals",
    ),
    Table(
        "votes",
        lambda: Vote.objects.filter(vote_event__in=known_vote_events()),
        ("id", "vote_event_id", "person_id", "option", "party_id"),
        "individual votes, only of vote events whose individual votes are known",
    ),
    Table(
        "announced_positions",
        AnnouncedPosition.objects.all,
        ("id", "vote_event_id", "person_id", "position", "source_kind", "url", "quote", "date"),
        "what representatives said afterwards about their vote: announced, never a recorded vote",
    ),
    Table(
        "vote_explanations",
        VoteExplanation.objects.all,
        ("id", "person_id", "vote_event_id", "bill_id", "text", "source", "url", "date"),
        "representatives' explanations of their vote or stance on a vote or a bill",
    ),
    Table(
        "questions",
        Question.objects.all,
        (
            "id",
            "term_id",
            "asked_by_id",
            "ministry_id",
            "kind",
            "asked_on",
            "title",
            "body",
            "answered_on",
            "answer",
            "source_url",
            "document_ref",
        ),
        "parliamentary questions to ministries and their answers",
    ),
    Table(
        "activities",
        Activity.objects.all,
        (
            "id",
            "person_id",
            "term_id",
            "kind",
            "date",
            "title",
            "summary",
            "sitting_id",
            "committee_id",
            "bill_id",
            "question_id",
            "source_url",
            "document_ref",
        ),
        "the representatives' timelines: speeches, committee work, bills, questions",
    ),
    Table(
        "pledge_categories",
        Category.objects.all,
        ("id", "name", "name_en", "order"),
        "categories of pledges",
    ),
    Table(
        "platforms",
        Platform.objects.all,
        ("id", "owner_id", "election_id", "title", "source_url", "archive_url", "published_on"),
        "electoral platforms",
    ),
    Table(
        "pledges",
        Pledge.objects.all,
        (
            "id",
            "platform_id",
            "quote",
            "source_url",
            "page",
            "archive_url",
            "summary",
            "summary_en",
            "scope",
            "area_id",
            "deadline",
            "verdict",
            "verdict_on",
        ),
        "pledges, quoted word for word, and the verdict in force",
    ),
    Table(
        "pledge_category_links",
        _through(Pledge, "categories"),
        ("id", "pledge_id", "category_id"),
        "each pledge's categories",
    ),
    Table(
        "pledge_people",
        _through(Pledge, "people"),
        ("id", "pledge_id", "person_id"),
        "the representatives who made each pledge",
    ),
    Table(
        "pledge_evidence",
        Evidence.objects.all,
        ("id", "pledge_id", "kind", "title", "url", "archive_url", "quote", "date"),
        "evidence behind the verdicts",
    ),
    Table(
        "pledge_verdicts",
        AgreedVerdict.objects.all,
        ("id", "pledge_id", "round", "verdict", "previous", "reason", "explanation", "decided_on"),
        "the history of agreed verdicts",
    ),
    Table(
        "pledge_verdict_evidence",
        _through(AgreedVerdict, "evidence"),
        ("id", "agreedverdict_id", "evidence_id"),
        "the evidence each verdict rests on",
    ),
    Table(
        "pledge_links",
        lambda: Link.objects.filter(
            # A link to a proposal the public does not see is left out.
            ~_hidden_proposal_link()
        ),
        (
            "id",
            "pledge_id",
            "bill_id",
            "vote_event_id",
            "question_id",
            "activity_id",
            "proposal_id",
        ),
        "the records each pledge is linked to",
    ),
    Table("proposal_topics", Topic.objects.all, ("id", "name", "name_en"), "proposal topics"),
    Table(
        "proposals",
        _public_proposals,
        ("id", "title", "body", "topic_id", "area_id", "status", "published_at", "support_count"),
        "published proposals (without their authors)",
    ),
    Table(
        "proposal_targets",
        lambda: Proposal.targets.through.objects.filter(proposal__in=_public_proposals()),
        ("id", "proposal_id", "person_id"),
        "the representatives each proposal is addressed to",
    ),
    Table(
        "proposal_deliveries",
        lambda: Delivery.objects.filter(proposal__in=_public_proposals()),
        ("id", "proposal_id", "representative_id", "method", "delivered_on"),
        "when each proposal was delivered to each representative",
    ),
    Table(
        "reports",
        lambda: MonthlyReport.objects.filter(status=MonthlyReport.Status.PUBLISHED),
        (
            "id",
            "person_id",
            "period_start",
            "period_end",
            "introduction",
            "introduction_en",
            "published_at",
        ),
        "published monthly reports (the full text is on each report's page)",
    ),
    Table(
        "elections",
        Election.objects.all,
        (
            "id",
            "name",
            "name_en",
            "date",
            "kind",
            "rule_set",
            "source_url",
            "term_id",
            "is_fictional",
        ),
        "elections",
    ),
    Table(
        "constituencies",
        Constituency.objects.all,
        ("id", "election_id", "code", "name", "name_en", "area_id", "seats", "women_seats"),
        "constituencies",
    ),
    Table(
        "electoral_lists",
        ElectoralList.objects.all,
        ("id", "election_id", "number", "name", "name_en", "kind", "organization_id"),
        "electoral lists",
    ),
    Table(
        "candidates",
        Candidate.objects.all,
        (
            "id",
            "election_id",
            "constituency_id",
            "electoral_list_id",
            "party_id",
            "number",
            "name",
            "name_latin",
            "gender",
            "community",
            "person_id",
        ),
        "candidates",
    ),
    Table(
        "list_results",
        ListResult.objects.all,
        ("id", "constituency_id", "electoral_list_id", "votes"),
        "each list's valid votes per constituency",
    ),
    Table(
        "candidate_results",
        CandidateResult.objects.all,
        ("candidate_id", "votes"),
        "each candidate's personal votes",
    ),
)


def _hidden_proposal_link():
    from django.db.models import Q

    return Q(proposal__isnull=False) & ~Q(proposal__in=_public_proposals())


def _value(value):
    """A cell's value in JSON: dates and times as ISO text (times in UTC), decimals as text."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date | dt.time):  # a sitting's start: the chamber's local time
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _cell(value) -> str:
    value = _value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table_rows(table: Table) -> list[dict]:
    """The table's rows, sorted by their first field (the id), as dicts of JSON values."""
    rows = table.rows().order_by(table.fields[0]).values_list(*table.fields)
    return [dict(zip(table.fields, map(_value, row), strict=True)) for row in rows]


def _csv(fields: tuple[str, ...], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row[f]) for f in fields])
    return out.getvalue().encode("utf-8")


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


README = """Jisr open data
==============

Every public record of Jisr, in three forms:

- csv/<table>.csv   one file per table, UTF-8, a header row, rows sorted by id;
                    empty cells are empty values; ids link the tables (person_id -> people.id)
- jisr.json         the same tables in one JSON object: {{"<table>": [rows]}}
- popolo.json       the representatives, parties, memberships and terms as Popolo
                    (https://www.popoloproject.com/)
- SHA256SUMS        the SHA-256 of every file above (check with: sha256sum -c SHA256SUMS)

Only what the site shows the public is here: no account, e-mail address or author of a
proposal; only published proposals and reports. Individual votes are given only for vote
events whose individual votes are known: Iraq's parliament mostly votes by show of hands,
and Jisr never invents a per-person vote nobody recorded. Records marked is_fictional are
invented demonstration data.

Tables:
{tables}

Licence: {license} ({license_url}); see LICENSE.
Attribution: "Jisr open data".
"""

LICENSE = """This database is made available under the {license}: {license_url}

You are free to share, create and adapt it, as long as you attribute it ("Jisr open
data"), share what you make of it under the same licence, and keep it open.
"""


def build_files() -> dict[str, bytes]:
    """Every file of the dump (path inside the folder → bytes), SHA256SUMS included."""
    files: dict[str, bytes] = {}
    everything: dict[str, list[dict]] = {}
    for table in TABLES:
        rows = table_rows(table)
        everything[table.name] = rows
        files[f"csv/{table.name}.csv"] = _csv(table.fields, rows)
    files["jisr.json"] = _json(everything)
    files["popolo.json"] = _json(export_popolo())
    listing = "\n".join(f"- {t.name}: {t.about}" for t in TABLES)
    files["README.txt"] = README.format(
        tables=listing, license=LICENSE_NAME, license_url=LICENSE_URL
    ).encode("utf-8")
    files["LICENSE.txt"] = LICENSE.format(license=LICENSE_NAME, license_url=LICENSE_URL).encode(
        "utf-8"
    )
    files["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(files[name]).hexdigest()}  {name}\n" for name in sorted(files)
    ).encode("ascii")
    return files


def zip_bytes(files: dict[str, bytes], prefix: str) -> bytes:
    """The files as one zip, entries sorted, with a fixed time and mode."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name], compresslevel=9)
    return out.getvalue()


def root() -> Path:
    return Path(settings.DATA_DIR) / FOLDER


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(content)
    os.replace(temporary, path)


def write_dump(day: dt.date | None = None) -> Path:
    """Write the dump of ``day`` (today by default) into ``<data>/opendata/<day>/`` and its
    zip next to it as ``jisr-opendata-<day>.zip``; return the folder."""
    day = day or timezone.localdate()
    name = day.isoformat()
    files = build_files()
    folder = root() / name
    for relative, content in files.items():
        _write(folder / relative, content)
    _write(root() / f"jisr-opendata-{name}.zip", zip_bytes(files, f"jisr-opendata-{name}"))
    return folder


def dumps() -> list[str]:
    """The days that have a complete dump (their zip written last), newest first."""
    if not root().is_dir():
        return []
    days = []
    for entry in root().iterdir():
        if entry.is_dir() and (root() / f"jisr-opendata-{entry.name}.zip").is_file():
            try:
                dt.date.fromisoformat(entry.name)
            except ValueError:
                continue
            days.append(entry.name)
    return sorted(days, reverse=True)


def latest_files(day: str) -> Iterable[tuple[str, int]]:
    """The files of a dump (path inside its folder, size), sorted."""
    folder = root() / day
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.endswith(".part"):
            yield path.relative_to(folder).as_posix(), path.stat().st_size


def prune() -> int:
    """Remove all but the newest ``JISR_OPENDATA_KEEP`` dumps; return how many went."""
    import shutil

    removed = 0
    for day in dumps()[max(settings.JISR_OPENDATA_KEEP, 1) :]:
        (root() / f"jisr-opendata-{day}.zip").unlink(missing_ok=True)
        shutil.rmtree(root() / day, ignore_errors=True)
        removed += 1
    return removed
