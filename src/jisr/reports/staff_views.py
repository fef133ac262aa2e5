from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role

from . import presenters, services
from .forms import IntroductionForm, ReportCreateForm
from .models import Bounce, DigestDelivery, DigestRun, MonthlyReport, Subscriber


@staff_required(Role.ORGANIZER)
@require_safe
def report_list(request):
    reports = MonthlyReport.objects.select_related("person").order_by(
        "status", "-period_start", "-id"
    )
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    for report in page.object_list:
        report.title = presenters.report_title(report)
    return render(request, "reports/staff/list.html", {"page_obj": page})


@staff_required(Role.ORGANIZER)
@require_http_methods(["GET", "POST"])
def report_new(request):
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                actor=request.user,
                person=form.cleaned_data["person"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft created. Add an introduction, then publish."))
            return redirect("reports_staff:edit", report.pk)
    return render(request, "reports/staff/new.html", {"form": form})


@staff_required(Role.ORGANIZER)
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    report = get_object_or_404(MonthlyReport.objects.select_related("person"), pk=pk)
    form = IntroductionForm(
        request.POST or None,
        initial={"introduction": report.introduction, "introduction_en": report.introduction_en},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.report_edit(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Saved."))
        return redirect("reports_staff:edit", report.pk)
    context = presenters.report_context(report)
    context.update({"form": form, "can_edit": True})
    return render(request, "reports/staff/edit.html", context)


@staff_required(Role.ORGANIZER)
@require_http_methods(["GET", "POST"])
def report_publish(request, pk: int):
    """Publishing cannot be undone, so it takes two steps: this page shows the report as it
    will be published, and only its own confirmation (``confirm``) publishes it."""
    report = get_object_or_404(MonthlyReport.objects.select_related("person"), pk=pk)
    if report.is_published:
        return redirect("reports:detail", report.pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.report_publish(actor=request.user, report=report)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("reports_staff:edit", report.pk)
        messages.success(
            request, _("Published. Its content is now frozen; followers get it in their digest.")
        )
        return redirect("reports:detail", report.pk)
    return render(request, "reports/staff/publish.html", presenters.report_context(report))


@staff_required(Role.ORGANIZER)
@require_POST
def report_delete(request, pk: int):
    report = get_object_or_404(MonthlyReport, pk=pk)
    try:
        services.report_delete(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("reports_staff:edit", report.pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("reports_staff:list")


@staff_required(Role.ORGANIZER)
@require_safe
def digests(request):
    """How the last digests went: counts by status, bounces, paused addresses. No
    address is shown."""
    statuses = [s.value for s in DigestDelivery.Status]
    runs = DigestRun.objects.annotate(
        **{f"n_{s}": Count("deliveries", filter=Q(deliveries__status=s)) for s in statuses}
    ).order_by("-period_start")[:30]
    context = {
        "runs": runs,
        "statuses": DigestDelivery.Status.choices,
        "bounces": Bounce.objects.values("kind").annotate(n=Count("id")).order_by("kind"),
        "paused": Subscriber.objects.filter(bounced_at__isnull=False).count(),
    }
    return render(request, "reports/staff/digests.html", context)
