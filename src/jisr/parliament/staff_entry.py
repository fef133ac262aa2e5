"""Staff pages that record parliamentary activity. Every view needs an organizer with
two-factor authentication; every write goes through the services, which apply the same
rules as the imports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role
from jisr.core.forms import model_choice_field

from . import selectors, services
from .models import Bill, BillPhase, Organization, Person, Term, Vote, VoteEvent
from .staff_forms import (
    ActivityForm,
    AttendanceForm,
    BillExplainForm,
    BillForm,
    BillPhaseForm,
    CommitteeMeetingForm,
    MergeForm,
    PersonForm,
    QuestionForm,
    VoteEventForm,
    split_attendance,
)

organizer_only = staff_required(Role.ORGANIZER)


def _term(request) -> Term | None:
    chosen = request.GET.get("term") or request.POST.get("term") or ""
    # isdecimal, not isdigit: "²" is a digit that int() cannot read.
    term = Term.objects.filter(pk=chosen).first() if chosen.isdecimal() else None
    return term or selectors.current_term()


def _entry_page(request, form_class, save, success, template="parliament/staff/form.html"):
    """Show the form; on a valid post run ``save(form, term)`` (a service call returning the
    address to go to). A rule the service refuses becomes an error on the form."""
    term = _term(request)
    if term is None:
        messages.error(request, _("Create a term first: import a Popolo file of the roster."))
        return redirect("parliament_entry:index")
    form = form_class(request.POST or None, term=term)
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form, term)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(target)
    context = {"form": form, "term": term, "terms": Term.objects.all()}
    return render(request, template, context)


@require_safe
@organizer_only
def index(request):
    terms = Term.objects.annotate(
        n_votes=Count("vote_events", distinct=True),
        n_sittings=Count("sittings", distinct=True),
        n_activities=Count("activities", distinct=True),
    )
    return render(request, "parliament/staff/index.html", {"terms": terms})


@require_http_methods(["GET", "POST"])
@organizer_only
def vote_event_new(request):
    def save(form, term):
        data = form.cleaned_data
        event = services.vote_event_record(
            actor=request.user,
            term=term,
            date=data["date"],
            motion=data["motion"],
            result=data["result"],
            votes=form.votes(),
            method=data["method"],
            is_key=data["is_key"],
            bill=data["bill"],
            source_url=data["source_url"],
            document_ref=data["document_ref"],
        )
        return reverse("parliament:vote_event", args=[event.pk])

    return _entry_page(
        request,
        VoteEventForm,
        save,
        _("The vote was recorded."),
        template="parliament/staff/per_member_form.html",
    )


@require_http_methods(["GET", "POST"])
@organizer_only
def attendance_new(request):
    def save(form, term):
        data = form.cleaned_data
        statuses, reasons = split_attendance(form.per_member())
        sitting = services.sitting_attendance_record(
            actor=request.user,
            term=term,
            date=data["date"],
            number=data["number"],
            statuses=statuses,
            reasons=reasons,
            source=data["source"],
            source_url=data["source_url"],
            scheduled_start=data["scheduled_start"],
            actual_start=data["actual_start"],
            quorum_reached=data["quorum_reached"],
        )
        return reverse("parliament:sitting", args=[sitting.pk])

    return _entry_page(
        request,
        AttendanceForm,
        save,
        _("The attendance was recorded."),
        template="parliament/staff/per_member_form.html",
    )


@require_http_methods(["GET", "POST"])
@organizer_only
def activity_new(request):
    def save(form, term):
        activity = services.activity_record(actor=request.user, term=term, **form.cleaned_data)
        return reverse("parliament:representative", args=[activity.person_id])

    return _entry_page(request, ActivityForm, save, _("The activity was recorded."))


@require_http_methods(["GET", "POST"])
@organizer_only
def question_new(request):
    def save(form, term):
        question = services.question_record(actor=request.user, term=term, **form.cleaned_data)
        return reverse("parliament:question", args=[question.pk])

    return _entry_page(request, QuestionForm, save, _("The question was recorded."))


@require_http_methods(["GET", "POST"])
@organizer_only
def bill_new(request):
    def save(form, term):
        bill = services.bill_record(actor=request.user, term=term, **form.cleaned_data)
        return reverse("parliament:bill", args=[bill.pk])

    return _entry_page(request, BillForm, save, _("The bill was recorded."))


PERSON_FIELDS = ("name", "name_latin", "gender", "birth_year", "summary")


def _add_errors(form, error: ValidationError) -> None:
    by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, errors in by_field.items():
        form.add_error(field if field in form.fields else None, errors)


@require_http_methods(["GET", "POST"])
@organizer_only
def person_new(request):
    """Create a person; a name that folds to an existing person's is shown with a link to
    that record, and needs a confirmation that it is someone else."""
    form = PersonForm(request.POST or None, request.FILES or None)
    matches = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_create(
                actor=request.user,
                allow_same_name=data["confirm_different"],
                photo=data["photo"],
                **{k: data[k] for k in PERSON_FIELDS},
            )
        except services.PossibleDuplicate as duplicate:
            matches = duplicate.matches
            form.add_error(None, duplicate)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The representative was added."))
            return redirect("parliament:representative", pk=person.pk)
    return render(request, "parliament/staff/person_form.html", {"form": form, "matches": matches})


@require_http_methods(["GET", "POST"])
@organizer_only
def person_edit(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    initial = {k: getattr(person, k) for k in PERSON_FIELDS}
    form = PersonForm(request.POST or None, request.FILES or None, initial=initial)
    form.fields.pop("confirm_different")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_update(
                actor=request.user,
                person=person,
                photo=data["photo"],
                **{k: data[k] for k in PERSON_FIELDS},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The correction was saved and recorded in the audit log."))
            return redirect("parliament:representative", pk=person.pk)
    context = {"form": form, "person": person}
    return render(request, "parliament/staff/person_form.html", context)


@require_http_methods(["GET", "POST"])
@organizer_only
def person_merge(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    form = MergeForm(request.POST or None)
    model_choice_field(form, "duplicate").queryset = Person.objects.exclude(pk=pk)
    suggestions = Person.objects.filter(name_key=person.name_key).exclude(pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_merge(
                actor=request.user, keep=person, duplicate=form.cleaned_data["duplicate"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The two records were merged."))
            return redirect("parliament:representative", pk=person.pk)
    context = {"form": form, "person": person, "suggestions": suggestions}
    return render(request, "parliament/staff/person_merge.html", context)


@require_http_methods(["GET", "POST"])
@organizer_only
def vote_event_correct(request, pk: int):
    """Correct individual votes of a recorded vote event; each change is audited."""
    try:
        event, votes = selectors.vote_event_detail(pk)
    except VoteEvent.DoesNotExist as error:
        raise Http404 from error
    votes = list(votes)
    if request.method == "POST":
        changes = {
            vote: request.POST.get(f"vote_{vote.pk}", vote.option)
            for vote in votes
            if request.POST.get(f"vote_{vote.pk}", vote.option) != vote.option
        }
        try:
            services.votes_correct(actor=request.user, changes=changes)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            count = len(changes)
            message = ngettext("%(count)d vote corrected.", "%(count)d votes corrected.", count)
            messages.success(request, message % {"count": count})
            return redirect("parliament:vote_event", pk=event.pk)
    context = {"event": event, "votes": votes, "options": Vote.Option.choices}
    return render(request, "parliament/staff/vote_event_correct.html", context)


@require_http_methods(["GET", "POST"])
@organizer_only
def committee_meeting_new(request):
    """Record a committee meeting and its members' attendance: first choose the committee
    (its members make the form's rows)."""
    term = _term(request)
    if term is None:
        messages.error(request, _("Create a term first: import a Popolo file of the roster."))
        return redirect("parliament_entry:index")
    committees = Organization.objects.filter(classification=Organization.Classification.COMMITTEE)
    chosen = request.GET.get("committee") or request.POST.get("committee") or ""
    committee = committees.filter(pk=chosen).first() if chosen.isdecimal() else None
    context: dict[str, object] = {
        "term": term,
        "terms": Term.objects.all(),
        "committees": committees,
    }
    if committee is None:
        return render(request, "parliament/staff/committee_meeting_form.html", context)
    form = CommitteeMeetingForm(request.POST or None, term=term, committee=committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        statuses, reasons = split_attendance(form.per_member())
        try:
            services.committee_meeting_record(
                actor=request.user,
                committee=committee,
                term=term,
                date=data["date"],
                title=data["title"],
                statuses=statuses,
                reasons=reasons,
                source=data["source"],
                source_url=data["source_url"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The committee meeting was recorded."))
            return redirect("parliament_entry:index")
    context |= {"form": form, "committee": committee}
    return render(request, "parliament/staff/committee_meeting_form.html", context)


@require_http_methods(["GET", "POST"])
@organizer_only
def bill_phases(request):
    """The term's bill procedure: its phases in order, to rename, reorder or add to."""
    term = _term(request)
    if term is None:
        messages.error(request, _("Create a term first: import a Popolo file of the roster."))
        return redirect("parliament_entry:index")
    form = BillPhaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.bill_phase_save(
                actor=request.user,
                term=term,
                phase=None,
                code=data["code"],
                **{k: data[k] for k in services.PHASE_FIELDS},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The phase was added."))
            return redirect(f"{reverse('parliament_entry:bill_phases')}?term={term.pk}")
    context = {
        "term": term,
        "terms": Term.objects.all(),
        "phases": BillPhase.objects.filter(term=term),
        "form": form,
    }
    return render(request, "parliament/staff/bill_phases.html", context)


@require_http_methods(["GET", "POST"])
@organizer_only
def bill_phase_edit(request, pk: int):
    phase = get_object_or_404(BillPhase.objects.select_related("term"), pk=pk)
    # The form fills a copy: the service compares the phase as it is with what changes.
    form = BillPhaseForm(request.POST or None, initial=model_to_dict(phase))
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.bill_phase_save(
                actor=request.user,
                term=phase.term,
                phase=phase,
                **{k: data[k] for k in services.PHASE_FIELDS},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The phase was saved."))
            return redirect(f"{reverse('parliament_entry:bill_phases')}?term={phase.term_id}")
    context = {"form": form, "phase": phase}
    return render(request, "parliament/staff/bill_phase_form.html", context)


@require_http_methods(["POST"])
@organizer_only
def bill_phase_move(request, pk: int):
    phase = get_object_or_404(BillPhase, pk=pk)
    step = -1 if request.POST.get("direction") == "up" else 1
    services.bill_phase_move(actor=request.user, phase=phase, step=step)
    return redirect(f"{reverse('parliament_entry:bill_phases')}?term={phase.term_id}")


@require_http_methods(["GET", "POST"])
@organizer_only
def bill_explain(request, pk: int):
    bill = get_object_or_404(Bill, pk=pk)
    initial = {"explainer": bill.explainer, "explainer_en": bill.explainer_en}
    form = BillExplainForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.bill_explain(actor=request.user, bill=bill, **form.cleaned_data)
        messages.success(request, _("The explanation was saved."))
        return redirect("parliament:bill", pk=bill.pk)
    return render(request, "parliament/staff/bill_explain.html", {"form": form, "bill": bill})
