"""Staff pages of the elections: set up, import, allocate, enter official seats, certify.

Every view is wrapped in ``staff_required(Role.ORGANIZER)`` (role plus two-factor). An
uploaded file waits in the site's storage (imports/) with a random name kept in the session, and
is deleted once the import is confirmed, cancelled or refused.
"""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from jisr.accounts.models import User
from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role
from jisr.core.importing import ImportFlow, ImportSummary, UploadForm, UploadStore

from . import certification, selectors, services
from .forms import AllocateForm, CertifyForm, ElectionForm, OfficialSeatsForm
from .importers import IMPORTERS, KIND_LABELS, election_import
from .models import Candidate, Constituency, Election, PollingStation

MAX_UPLOAD_SIZE = 100 * 1024 * 1024
SESSION_KEY = "elections_csv_import"
UPLOADS = UploadStore(prefix="election-", session_key=SESSION_KEY)
ORGANIZER = Role.ORGANIZER


def _election(pk: int) -> Election:
    return get_object_or_404(Election.objects.select_related("current_run"), pk=pk)


# --- Elections ----------------------------------------------------------------------------------


@require_safe
@staff_required(ORGANIZER)
def index(request):
    return render(request, "elections/staff/index.html", {"elections": selectors.elections()})


@require_http_methods(["GET", "POST"])
@staff_required(ORGANIZER)
def election_new(request):
    form = ElectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.election_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The election is recorded. Import its constituencies."))
            return redirect("elections_staff:manage", election.pk)
    return render(request, "elections/staff/form.html", {"form": form, "title": _("New election")})


@require_http_methods(["GET", "POST"])
@staff_required(ORGANIZER)
def election_edit(request, pk: int):
    election = _election(pk)
    form = ElectionForm(request.POST or None, instance=Election.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.election_update(actor=request.user, election=election, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("elections_staff:manage", election.pk)
    context = {"form": form, "title": _("Correct the election"), "election": election}
    return render(request, "elections/staff/form.html", context)


@require_safe
@staff_required(ORGANIZER)
def manage(request, pk: int):
    election = _election(pk)
    constituencies = list(election.constituencies.order_by("name"))
    official = set(
        election.constituencies.filter(official_seats__isnull=False).values_list("pk", flat=True)
    )
    context = {
        "election": election,
        "constituencies": constituencies,
        "official": official,
        "lists": election.lists.count(),
        "candidates": Candidate.objects.filter(election=election).count(),
        "with_votes": Candidate.objects.filter(election=election, result__isnull=False).count(),
        "stations": PollingStation.objects.filter(election=election).count(),
        "problems": [m for _c, m in selectors.roster_problems(constituencies)],
        "runs": election.runs.all()[:5],
    }
    return render(request, "elections/staff/manage.html", context)


# --- Import -------------------------------------------------------------------------------------


class ImportUploadForm(UploadForm):
    kinds = KIND_LABELS
    max_size = MAX_UPLOAD_SIZE
    file_help = gettext_lazy(
        "UTF-8, UTF-16 or Windows-1256; columns separated by commas, semicolons or tabs; "
        "at most 100 MB here (larger station files: jisr import election-stations)."
    )


class ElectionImport(ImportFlow):
    importers = IMPORTERS
    form_class = ImportUploadForm
    uploads = UPLOADS
    base_template = "elections/staff/base.html"
    title = gettext_lazy("Import election data")
    intro = gettext_lazy(
        "Upload a CSV file. It is checked first: you will see what it would change, and "
        "nothing is written until you confirm. A results file replaces the results of the "
        "constituencies it covers."
    )
    columns_note = gettext_lazy(
        "The first line names the columns, in English or in Arabic. Numbers may be written "
        "in any digits. Lists are named by their number or name, candidates by their ballot "
        "number or name."
    )
    upload_url = "elections_staff:import_upload"
    confirm_url = "elections_staff:import_confirm"

    def run(
        self,
        scope: dict[str, Any],
        kind: str,
        path: Path,
        actor: User,
        *,
        dry_run: bool,
        file_name: str,
    ) -> ImportSummary:
        with path.open("rb") as stream:
            return election_import(
                kind,
                stream,
                election=scope["election"],
                actor=actor,
                size=path.stat().st_size,
                dry_run=dry_run,
                file_name=file_name,
            )

    def url_args(self, scope):
        return [scope["election"].pk]

    def kept(self, scope):
        return {"election": scope["election"].pk}

    def done_links(self, scope):
        pk = scope["election"].pk
        return [
            (reverse("elections_staff:manage", args=[pk]), gettext_lazy("Back to the election")),
            (reverse(self.upload_url, args=[pk]), gettext_lazy("Import another file")),
        ]


IMPORT = ElectionImport()


@require_http_methods(["GET", "POST"])
@staff_required(ORGANIZER)
def import_upload(request, pk: int):
    """Check the uploaded file with a dry run; keep it for the confirmation if it is valid."""
    return IMPORT.upload(request, election=_election(pk))


@require_http_methods(["GET", "POST"])
@staff_required(ORGANIZER)
def import_confirm(request, pk: int):
    """Show what the import will change; on confirmation, import the same file for real."""
    return IMPORT.confirm(request, election=_election(pk))


# --- Allocation and official seats ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_required(ORGANIZER)
def allocate(request, pk: int):
    election = _election(pk)
    constituencies = list(election.constituencies.order_by("name"))
    form = AllocateForm(request.POST or None, constituencies=constituencies)
    if request.method == "POST" and form.is_valid():
        try:
            lots = {
                cid: services.lot_tokens(next(c for c in constituencies if c.pk == cid), lines)
                for cid, lines in form.lots().items()
            }
            run = services.allocation_run(
                actor=request.user,
                election=election,
                seed=form.cleaned_data.get("seed"),
                lots=lots,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _(
                    "The seats are allocated (seed %(seed)d). Check them against the official "
                    "figures."
                )
                % {"seed": run.seed},
            )
            return redirect("elections:election", election.pk)
    context = {"election": election, "form": form, "runs": election.runs.all()[:5]}
    return render(request, "elections/staff/allocate.html", context)


@require_http_methods(["GET", "POST"])
@staff_required(ORGANIZER)
def official(request, pk: int, constituency_pk: int):
    election = _election(pk)
    place = get_object_or_404(Constituency, pk=constituency_pk, election=election)
    lists = selectors.constituency_lists(place)
    entered = dict(place.official_seats.values_list("electoral_list_id", "seats"))
    form = OfficialSeatsForm(request.POST or None, lists=lists, initial_seats=entered)
    if request.method == "POST" and form.is_valid():
        try:
            services.official_seats_set(actor=request.user, constituency=place, seats=form.seats())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("The official seats of %(name)s are recorded.") % {"name": place.name}
            )
            return redirect("elections:check", election.pk)
    context = {"election": election, "place": place, "form": form}
    return render(request, "elections/staff/official.html", context)


# --- Certification ------------------------------------------------------------------------------


def _decisions(request, plan) -> dict[int, str]:
    return {
        winner.candidate.pk: request.POST.get(f"person_{winner.candidate.pk}", "")
        for winner in plan.winners
        if winner.matches
    }


@require_http_methods(["GET", "POST"])
@staff_required(ORGANIZER)
def certify(request, pk: int):
    """Certify in two steps: the form, then its preview (nothing written yet), then confirm."""
    election = _election(pk)
    if election.is_certified:
        messages.info(request, _("This election's result is already certified."))
        return redirect("elections:election", election.pk)
    form = CertifyForm(request.POST or None)
    context = {"election": election, "form": form}
    if request.method == "GET" or not form.is_valid():
        return render(request, "elections/staff/certify.html", context)
    try:
        plan = certification.certify_plan(election=election, **form.plan_arguments())
        decisions = _decisions(request, plan)
        plan = certification.certify_plan(
            election=election, decisions=decisions, **form.plan_arguments()
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return render(request, "elections/staff/certify.html", context)
    context["plan"] = plan
    if request.POST.get("action") != "confirm":
        return render(request, "elections/staff/certify_preview.html", context)
    problems = []
    if plan.warnings and not form.cleaned_data.get("acknowledge"):
        problems.append(_("Tick the box to say you have checked the warnings."))
    if plan.undecided:
        problems.append(_("Decide for each winner whose name matches a person on record."))
    if form.cleaned_data.get("digest") != plan.digest:
        problems.append(_("The result changed since the preview. Check the preview again."))
    if problems:
        context["problems"] = problems
        return render(request, "elections/staff/certify_preview.html", context)
    try:
        term = services.election_certify(
            actor=request.user,
            election=election,
            expected_digest=form.cleaned_data["digest"],
            decisions=decisions,
            **form.plan_arguments(),
        )
    except ValidationError as error:
        context["problems"] = error.messages
        return render(request, "elections/staff/certify_preview.html", context)
    messages.success(
        request,
        _("The result is certified: %(count)d representatives joined the term %(term)s.")
        % {"count": len(plan.winners), "term": term.name},
    )
    return redirect("elections:election", election.pk)
