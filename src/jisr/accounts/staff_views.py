"""Staff pages: every view here is wrapped in ``staff_required`` (role plus two-factor)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_tasks_db.models import DBTaskResult

from jisr.core.audit_labels import describe
from jisr.core.importing.runs import describe as describe_run
from jisr.core.selectors import audit_recent, audit_verify, import_runs

from . import services
from .forms import RoleForm
from .models import User
from .permissions import staff_required
from .roles import Role, has_role
from .selectors import people_search, role_counts
from .staff_navigation import waiting_for

PAGE_SIZE = 50


@require_safe
@staff_required()
def dashboard(request):
    """What needs the signed-in person now, by their roles; organizers also see who
    holds which role, the background work and the latest recorded actions."""
    organizer = has_role(request.user, Role.ORGANIZER)
    context = {"waiting": waiting_for(request.user), "organizer": organizer}
    if organizer:
        tasks = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")))
        context |= {
            "role_counts": [(Role(code).label, n) for code, n in role_counts().items()],
            "tasks": tasks,
            "recent": [describe(entry) for entry in audit_recent()[:10]],
        }
    return render(request, "staff/dashboard.html", context)


@require_safe
@staff_required(Role.ORGANIZER)
def audit_log(request):
    page = Paginator(audit_recent(action=request.GET.get("action", "")), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [describe(entry) for entry in page.object_list]
    return render(request, "staff/audit_log.html", {"page_obj": page, "rows": rows})


@require_safe
@staff_required(Role.ORGANIZER)
def import_run_list(request):
    """Every import run on the site or from the command line, latest first."""
    page = Paginator(import_runs(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [describe_run(run) for run in page.object_list]
    return render(request, "staff/import_runs.html", {"page_obj": page, "rows": rows})


@require_POST
@staff_required(Role.ORGANIZER)
def audit_log_verify(request):
    report = audit_verify()
    if report.broken is None:
        messages.success(
            request,
            _("The audit log is intact: all %(count)d entries check out.")
            % {"count": report.entries},
        )
    else:
        messages.error(
            request,
            _("The audit log is broken at entry %(seq)d. Tell the site's technical administrator.")
            % {"seq": report.broken.seq},
        )
    return redirect("staff:audit_log")


@require_safe
@staff_required(Role.ORGANIZER)
def people(request):
    query = request.GET.get("q", "")[:200]
    page = Paginator(people_search(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "q": query, "query": urlencode({"q": query}) if query else ""}
    return render(request, "staff/people.html", context)


@require_http_methods(["GET", "POST"])
@staff_required(Role.ORGANIZER)
def person_roles(request, pk: int):
    person = get_object_or_404(User, pk=pk)
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        try:
            if request.POST.get("action") == "revoke":
                services.role_revoke(actor=request.user, user=person, role=role)
                messages.success(request, _("The role was removed."))
            else:
                services.role_grant(actor=request.user, user=person, role=role)
                messages.success(request, _("The role was given."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("staff:person_roles", pk=person.pk)
    roles = [
        Role(name) for name in person.groups.values_list("name", flat=True) if name in Role.values
    ]
    return render(
        request, "staff/person_roles.html", {"person": person, "roles": roles, "form": form}
    )
