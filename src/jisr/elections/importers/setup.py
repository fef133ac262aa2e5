"""Setting an election up: its constituencies and seats, its lists and candidates."""

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.lists import join_list
from jisr.core.text.arabic import name_key
from jisr.parliament.models import Area

from .. import selectors, services
from ..models import Community, Constituency
from ..stations import ascii_digits
from .base import (
    COMMUNITIES,
    GENDERS,
    MAX_NUMBER,
    MAX_SEATS,
    QUOTA_COLUMNS,
    ElectionImporter,
    ElectionRow,
    fold,
)


class ConstituenciesImporter(ElectionImporter):
    kind = "constituencies"
    label = gettext_lazy("Constituencies and their seats")
    columns = {
        "constituency": True,
        "seats": True,
        "code": False,
        "name_en": False,
        "governorate": False,
        "women_seats": False,
        **dict.fromkeys(QUOTA_COLUMNS, False),
    }
    aliases = {
        "constituency": ("الدائرة", "الدائرة الانتخابية", "المحافظة", "name"),
        "seats": ("المقاعد", "عدد المقاعد", "المقاعد العامة"),
        "code": ("الرمز",),
        "name_en": ("الاسم بالانكليزية", "الاسم بالإنجليزية"),
        "governorate": ("المحافظة في البرلمان", "area"),
        "women_seats": ("مقاعد النساء", "كوتا النساء", "women"),
        "christian": ("مسيحي", "المسيحيين"),
        "yazidi": ("ايزيدي", "الايزيديين"),
        "shabak": ("شبك", "الشبك"),
        "sabean_mandaean": ("صابئة", "الصابئة المندائيين", "sabean mandaean"),
        "feyli_kurd": ("كرد فيليون", "الكرد الفيليين", "feyli kurd"),
    }
    counts = {
        "constituencies_created": gettext_lazy("New constituencies"),
        "constituencies_corrected": gettext_lazy("Corrected constituencies"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entries: list[services.ConstituencyInput] = []
        self._seen: dict[str, int] = {}
        existing = list(self.election.constituencies.all())
        self._by_code = {c.code: c for c in existing}
        self._by_key = {c.name_key: c for c in existing}
        self._areas: dict[str, Area] = {}
        for area in Area.objects.all():
            for spelling in (area.identifier, area.name, area.name_en):
                if spelling:
                    self._areas.setdefault(fold(spelling), area)

    def check_row(self, row: ElectionRow) -> None:
        name = row.text("constituency", required=True, max_length=200)
        seats = row.count("seats", minimum=1, maximum=MAX_SEATS)
        code = ascii_digits(row.text("code", max_length=100))
        women = row.count("women_seats", required=False, maximum=MAX_SEATS)
        if seats is not None and women is not None and women > seats:
            row.error("women_seats", _("More women's seats than general seats."))
        quota = {}
        for column, community in QUOTA_COLUMNS.items():
            number = row.count(column, required=False, maximum=MAX_SEATS)
            if number:
                quota[community.value] = number
        area = None
        governorate = row.text("governorate")
        if governorate:
            area = self._areas.get(fold(governorate))
            if area is None:
                row.error(
                    "governorate",
                    _("No governorate of the representatives is “%(value)s”.")
                    % {"value": governorate},
                )
        key = name_key(name)
        if name and not key:
            row.error("constituency", _("A constituency needs a name."))
        # As services.constituencies_save matches a row: by code, else by name.
        matched = self._by_code.get(code or key) or self._by_key.get(key)
        other = self._by_key.get(key)
        if key and matched is not None and other is not None and other != matched:
            row.error(
                "constituency",
                _("The code “%(code)s” is the constituency %(matched)s, but %(name)s is another.")
                % {"code": code, "matched": matched.name, "name": other.name},
            )
        for key in {fold(name), fold(code)} - {""}:
            first = self._seen.setdefault(key, row.line)
            if first != row.line:
                row.error(
                    "constituency",
                    _("This constituency appears twice (first on line %(line)d).")
                    % {"line": first},
                )
                break
        # A row that failed no check has its seats (a required count).
        if not row.failed and name and seats is not None:
            self.entries.append(
                services.ConstituencyInput(
                    name=name,
                    seats=seats,
                    code=code,
                    name_en=row.text("name_en", max_length=200),
                    area=area,
                    women_seats=women,
                    quota_seats=quota,
                )
            )

    def write(self, counts: Counter) -> None:
        counts.update(
            services.constituencies_save.within(
                actor=self.actor, election=self.election, rows=self.entries
            )
        )


class RosterImporter(ElectionImporter):
    kind = "roster"
    label = gettext_lazy("Lists and candidates")
    columns = {
        "constituency": True,
        "list": True,
        "number": True,
        "name": True,
        "gender": True,
        "name_latin": False,
        "community": False,
        "party": False,
        "list_number": False,
        "list_name_en": False,
        "party_name_en": False,
    }
    aliases = {
        "constituency": ("الدائرة", "الدائرة الانتخابية", "المحافظة"),
        "list": ("القائمة", "الكيان", "التحالف", "اسم القائمة"),
        "number": ("التسلسل", "رقم المرشح", "الرقم", "ballot number"),
        "name": ("الاسم", "اسم المرشح", "المرشح", "candidate"),
        "gender": ("الجنس", "النوع الاجتماعي"),
        "name_latin": ("الاسم بالانكليزية", "الاسم بالإنجليزية", "name en"),
        "community": ("المكون", "الكوتا", "quota"),
        "party": ("الحزب", "الحزب ضمن التحالف"),
        "list_number": ("رقم القائمة",),
        "list_name_en": ("اسم القائمة بالانكليزية",),
        "party_name_en": ("اسم الحزب بالانكليزية",),
    }
    counts = {
        "lists_created": gettext_lazy("New lists"),
        "parties_created": gettext_lazy("New parties within lists"),
        "candidates_created": gettext_lazy("New candidates"),
        "candidates_corrected": gettext_lazy("Corrected candidates"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.entries: list[services.CandidateInput] = []
        self._seen: dict[tuple, int] = {}
        self._list_numbers: dict[str, tuple[int, int]] = {}
        self._first_line: dict[int, int] = {}
        self._number_owner: dict[int, tuple[str, str, int]] = {}

    def check_row(self, row: ElectionRow) -> None:
        constituency = row.constituency(self.lookups)
        list_name = row.text("list", required=True)
        number = row.count("number", minimum=1, maximum=MAX_NUMBER)
        name = row.text("name", required=True, max_length=200)
        gender_text = row.text("gender", required=True)
        gender = GENDERS.get(gender_text) if gender_text else None
        if gender_text and gender is None:
            row.error(
                "gender",
                _("“%(value)s” is not a gender this file can use: write female or male.")
                % {"value": gender_text},
            )
        community_text = row.text("community")
        community = ""
        if community_text:
            community = COMMUNITIES.get(community_text) or ""
            if not community:
                row.error(
                    "community",
                    _("“%(value)s” is not a quota community. Use one of: %(choices)s.")
                    % {"value": community_text, "choices": join_list(Community.values)},
                )
            elif constituency is not None and community not in constituency.quota_seats:
                row.error(
                    "community",
                    _("%(name)s has no %(community)s quota seat.")
                    % {"name": constituency.name, "community": Community(community).label},
                )
        if list_name and not name_key(list_name):
            row.error("list", _("A list needs a name."))
        if name and not name_key(name):
            row.error("name", _("A candidate needs a name."))
        party = row.text("party")
        if party and not name_key(party):
            row.error("party", _("A party needs a name."))
        list_number = row.count("list_number", required=False, minimum=1, maximum=MAX_NUMBER)
        if list_name and list_number is not None:
            key = fold(list_name)
            owner = (name_key(list_name), list_name, row.line)
            owner = self._number_owner.setdefault(list_number, owner)
            if owner[0] != name_key(list_name):
                row.error(
                    "list_number",
                    _("Line %(line)d gives the number %(number)d to the list “%(list)s”.")
                    % {"line": owner[2], "number": list_number, "list": owner[1]},
                )
            known = self._list_numbers.setdefault(key, (list_number, row.line))
            if known[0] != list_number:
                row.error(
                    "list_number",
                    _("List “%(list)s” has the number %(number)d on line %(line)d.")
                    % {"list": list_name, "number": known[0], "line": known[1]},
                )
            other = self.lookups.list_numbers.get(list_number)
            if other is not None and other.name_key != name_key(list_name):
                row.error(
                    "list_number",
                    _("The number %(number)d belongs to the list “%(list)s”.")
                    % {"number": list_number, "list": other.name},
                )
        if constituency is not None and number is not None and list_name:
            seen_key = (constituency.pk, fold(list_name), number)
            first = self._seen.setdefault(seen_key, row.line)
            if first != row.line:
                row.error(
                    "number",
                    _("This list has candidate %(number)d twice here (first on line %(line)d).")
                    % {"number": number, "line": first},
                )
            self._first_line.setdefault(constituency.pk, row.line)
        # A row that failed no check has its constituency, number and gender (required).
        if (
            not row.failed
            and constituency is not None
            and number is not None
            and gender is not None
        ):
            self.entries.append(
                services.CandidateInput(
                    constituency=constituency,
                    list_name=list_name,
                    number=number,
                    name=name,
                    gender=gender,
                    name_latin=row.text("name_latin", max_length=200),
                    community=community,
                    party_name=party,
                    list_number=list_number,
                    list_name_en=row.text("list_name_en"),
                    party_name_en=row.text("party_name_en"),
                )
            )

    def write(self, counts: Counter) -> None:
        counts.update(
            services.roster_save.within(
                actor=self.actor, election=self.election, entries=self.entries
            )
        )
        touched = Constituency.objects.filter(pk__in=self._first_line)
        for constituency, message in selectors.roster_problems(touched):
            self.error(self._first_line[constituency.pk], "constituency", message)
