"""Pledges from a CSV file, one a row, into platforms already recorded: all or nothing,
every error named by its line and column, a dry run that writes through the same service
and rolls back (``core.importing``). A row whose platform already holds the same words is
left as it is."""

import io
from collections import Counter
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.importing import (
    Choices,
    CsvImporter,
    ImportFailed,
    ImportSummary,
    Row,
    RowError,
    fold,
    parse_date,
    read_text,
    too_big,
    too_many_rows,
    writing,
)
from jisr.core.text.digits import to_ascii_digits
from jisr.parliament.models import Area

from . import services
from .models import Category, Platform, Pledge, Scope

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024

SCOPES = Choices(
    gettext_lazy("“%(value)s” is not a scope. Write one of: %(choices)s."),
    {
        Scope.NATIONAL: ("وطني", "وطنية", "national"),
        Scope.GOVERNORATE: ("محافظة", "governorate"),
    },
)


class PledgesCsvImporter(CsvImporter[Row]):
    kind = "pledges"
    label = gettext_lazy("Pledges")
    row_class = Row
    columns = {
        "platform": True,
        "quote": True,
        "source_url": True,
        "page": False,
        "archive_url": True,
        "summary": True,
        "summary_en": True,
        "categories": False,
        "scope": True,
        "governorate": False,
        "deadline": False,
    }
    aliases = {
        "platform": ("البرنامج",),
        "quote": ("النص", "نص التعهد"),
        "source_url": ("المصدر", "رابط المصدر"),
        "page": ("الصفحة",),
        "archive_url": ("النسخة المؤرشفة", "رابط الأرشيف"),
        "summary": ("الملخص",),
        "summary_en": ("الملخص بالإنكليزية", "الملخص بالإنجليزية"),
        "categories": ("الفئات",),
        "scope": ("النطاق",),
        "governorate": ("المحافظة",),
        "deadline": ("الموعد النهائي",),
    }
    counts = {
        "pledges": gettext_lazy("New pledges"),
        "unchanged": gettext_lazy("Rows already recorded (left unchanged)"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._platforms: dict[str, Platform | None] = {}
        self._categories = {}
        for category in Category.objects.all():
            for name in (category.name, category.name_en):
                if name:
                    self._categories[fold(name)] = category
        self._areas = {}
        for area in Area.objects.all():
            for name in (area.name, area.name_en, area.identifier):
                if name:
                    self._areas[fold(name)] = area
        self._seen: dict[tuple[int, str], int] = {}
        self._unchanged: set[int] = set()
        self._body = ""
        self._rows = 0
        self._done = 0

    # Reading.

    def run(self, data: bytes, *, dry_run: bool = False) -> ImportSummary:
        """Import the file's bytes; raise ImportFailed (nothing written) on any error."""
        if len(data) > MAX_BYTES:
            raise too_big(len(data), MAX_BYTES)
        text, encoding = read_text(data)
        header, _newline, self._body = text.partition("\n")
        self.read_header(header)
        self.fail_if_errors()
        self._rows = sum(1 for _row in self.rows(quiet=True))
        if self._rows > MAX_ROWS:
            raise too_many_rows(MAX_ROWS)
        if not self._rows:
            raise ImportFailed([RowError(None, "", _("The file has no rows to import."))])
        for row in self.rows():
            self.check_row(row)
            self.advance()
        self.check_end()
        self.fail_if_errors()
        counts = self.empty_counts()
        with writing(dry_run=dry_run):
            self.write(counts)
        return self.summary(counts, encoding=encoding, rows=self._rows, dry_run=dry_run)

    def rows(self, *, quiet: bool = False) -> Iterator[Row]:
        return self.iter_rows(io.StringIO(self._body, newline=""), quiet=quiet)

    def advance(self) -> None:
        self._done += 1
        if self.progress:
            self.progress(self._done, 2 * self._rows)

    def platform(self, row: Row) -> Platform | None:
        value = row.text("platform", required=True)
        if not value:
            return None
        if value not in self._platforms:
            number = to_ascii_digits(value).lstrip("#")
            found = Platform.objects.filter(title=value).order_by("pk").first()
            if found is None and number.isdigit():
                found = Platform.objects.filter(pk=int(number)).first()
            self._platforms[value] = found
        platform = self._platforms[value]
        if platform is None:
            row.error(
                "platform",
                _("No platform has the title or number “%(value)s”. Record it first.")
                % {"value": value},
            )
        return platform

    def parse(self, row: Row) -> dict | None:
        platform = self.platform(row)
        quote = row.text("quote", required=True, one_line=False)
        source_url = row.url("source_url")
        if not source_url:
            row.text("source_url", required=True)
        archive_url = row.url("archive_url")
        if not archive_url:
            row.text("archive_url", required=True)
        summary = row.text("summary", required=True, max_length=300)
        summary_en = row.text("summary_en", required=True, max_length=300)
        page = row.text("page", max_length=50)
        scope = row.choice("scope", SCOPES)
        area = None
        governorate = row.text("governorate")
        if scope == Scope.GOVERNORATE:
            if not governorate:
                row.error("governorate", _("A pledge for a governorate names the governorate."))
            else:
                area = self._areas.get(fold(governorate))
                if area is None:
                    row.error(
                        "governorate",
                        _("No governorate is called “%(value)s”.") % {"value": governorate},
                    )
        elif scope and governorate:
            row.error("governorate", _("Only a pledge for a governorate names one."))
        categories = []
        for name in to_ascii_digits(row.text("categories")).replace("؛", ";").split(";"):
            name = name.strip()
            if not name:
                continue
            category = self._categories.get(fold(name))
            if category is None:
                row.error("categories", _("No category is called “%(value)s”.") % {"value": name})
            else:
                categories.append(category)
        deadline = None
        if value := row.text("deadline"):
            deadline = parse_date(value)
            if deadline is None:
                row.error(
                    "deadline",
                    _(
                        "“%(value)s” is not a date. Write it as YYYY-MM-DD or DD/MM/YYYY, "
                        "for example 2024-03-15 or 15/03/2024."
                    )
                    % {"value": value},
                )
        if row.failed or platform is None or scope is None:
            return None
        return {
            "platform": platform,
            "quote": quote,
            "source_url": source_url,
            "archive_url": archive_url,
            "summary": summary,
            "summary_en": summary_en,
            "page": page,
            "scope": scope,
            "area": area,
            "deadline": deadline,
            "categories": categories,
        }

    def check_row(self, row: Row) -> None:
        entry = self.parse(row)
        if entry is None:
            return
        key = (entry["platform"].pk, entry["quote"])
        if key in self._seen:
            row.error(
                "quote", _("Line %(first)d holds the same pledge.") % {"first": self._seen[key]}
            )
            return
        self._seen[key] = row.line
        if Pledge.objects.filter(platform=entry["platform"], quote=entry["quote"]).exists():
            self._unchanged.add(row.line)

    def write(self, counts: Counter) -> None:
        for row in self.rows(quiet=True):
            self.advance()
            if row.line in self._unchanged:
                counts["unchanged"] += 1
                continue
            entry = self.parse(row)
            if entry is None:  # the records changed since the check: refused
                self.fail_if_errors()
                continue
            self.call(row.line, services.pledge_save, **entry)
            counts["pledges"] += 1


def pledges_import(
    data: bytes, *, actor, dry_run: bool = False, file_name: str = "", progress=None
):
    """Import a CSV file of pledges and record the run."""
    importer = PledgesCsvImporter(actor=actor, progress=progress)
    return importer.recorded_run(data, dry_run=dry_run, file_name=file_name)
