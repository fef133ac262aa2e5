from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import is_verified
from jisr.accounts.roles import Role, has_role
from jisr.core import ratelimit
from jisr.core.panels import panels
from jisr.core.redirects import next_path

from . import pdf, presenters, selectors, services
from .forms import SubscribeForm
from .models import REPORT_KEY, ConsentRecord, Frequency, MonthlyReport, Subscriber
from .promises import promises as measure_promises

Method = ConsentRecord.Method


# --- Following --------------------------------------------------------------------------------


@login_required
@require_POST
def follow(request):
    """Follow or stop following something (a form on its page)."""
    try:
        target = services.followable(request.POST.get("target", ""), request.POST.get("id"))
    except ValidationError as error:
        raise Http404 from error
    if request.POST.get("action") == "unfollow":
        services.subscription_unfollow(actor=request.user, target=target)
        messages.success(request, _("You no longer follow this."))
    else:
        services.subscription_follow(actor=request.user, target=target)
        messages.success(
            request,
            _(
                "You follow this now. Reports will bring you what is new on it, weekly; "
                "change how often on your subscriptions page."
            ),
        )
    return redirect(next_path(request))


def _preset(request):
    """The thing named by ?target=app.model&id=N (or ?target=report), if followable."""
    label = request.GET.get("target") or request.POST.get("target", "")
    if not label:
        return None, ""
    try:
        target = services.followable(label, request.GET.get("id") or request.POST.get("id"))
    except ValidationError:
        return None, ""
    key = services.target_key(target)
    return target, key


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Subscribe by e-mail: visitors confirm through a link (double opt-in); members
    follow at once with their verified address."""
    member = request.user.is_authenticated
    target, key = _preset(request)
    extra = None
    if target is not None:
        extra = (key, selectors.target_label(key, target))
    initial = {"what": key or request.GET.get("what", ""), "language": get_language()}
    form = SubscribeForm(request.POST or None, initial=initial, extra_choice=extra, member=member)
    if request.method == "POST" and form.is_valid():
        what = form.cleaned_data["what"]
        try:
            label, _sep, pk = what.partition(":")
            chosen = services.followable(label, pk or None)
            if member:
                subscription = services.subscription_follow(
                    actor=request.user, target=chosen, frequency=form.cleaned_data["frequency"]
                )
                if subscription.frequency != form.cleaned_data["frequency"]:
                    services.subscription_set_frequency(
                        subscriber=subscription.subscriber,
                        subscription_id=subscription.pk,
                        frequency=form.cleaned_data["frequency"],
                    )
                messages.success(request, _("You follow this now."))
                return redirect("reports:subscriptions")
            usage = ratelimit.consume(
                request,
                app="jisr.reports",
                action="subscribe",
                rates=settings.JISR_SUBSCRIBE_RATE_LIMITS,
                key=form.cleaned_data["email"].strip().lower(),
            )
            if usage is None:
                context = {
                    "status": 429,
                    "title": _("Too many attempts"),
                    "explanation": _(
                        "Too many confirmation e-mails were asked for from here "
                        "or for this address. Try again in an hour."
                    ),
                }
                return render(request, "errors/error.html", context, status=429)
            services.subscription_request(
                email=form.cleaned_data["email"],
                target=chosen,
                frequency=form.cleaned_data["frequency"],
                language=form.cleaned_data["language"],
                consent=form.cleaned_data["consent"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("what", error)
        else:
            return render(request, "reports/check_email.html", status=200)
    return render(request, "reports/subscribe.html", {"form": form, "member": member})


def _link_error(request, error: services.LinkError, status=400):
    return render(
        request,
        "reports/link_error.html",
        {"message": error.messages[0], "reason": error.reason},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows one button; only the POST confirms, so a mail scanner that opens every
    link cannot subscribe anyone."""
    if request.method == "GET":
        try:
            subscription = services.subscription_from_token(
                token,
                salt=services.CONFIRM_SALT,
                max_age=services.timedelta(days=services.CONFIRM_DAYS),
            )
        except services.LinkError as error:
            return _link_error(request, error)
        if subscription.is_confirmed:
            return _link_error(
                request,
                services.LinkError(
                    _("This subscription is already confirmed. Nothing more to do."), "used"
                ),
            )
        return render(
            request,
            "reports/confirm.html",
            {"subscription": subscription, "what": _what(subscription)},
        )
    try:
        subscription = services.subscription_confirm(token=token)
    except services.LinkError as error:
        return _link_error(request, error)
    return render(
        request,
        "reports/confirmed.html",
        {
            "subscription": subscription,
            "what": _what(subscription),
            "manage": services.manage_token(subscription.subscriber),
        },
    )


def _what(subscription) -> str:
    return selectors.target_label(subscription.target_key, subscription.target)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """Stop one subscription. The signed token is the authorization, so the POST of a
    mail program (RFC 8058) works without a session or a CSRF token."""
    try:
        subscription = services.subscription_from_token(token, salt=services.UNSUBSCRIBE_SALT)
    except services.LinkError as error:
        if error.reason == "gone":
            error = services.LinkError(
                _("You had already unsubscribed. Nothing more to do."), "used"
            )
        return _link_error(request, error)
    if request.method == "GET":
        return render(
            request,
            "reports/unsubscribe.html",
            {"what": _what(subscription), "all": False},
        )
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    services.unsubscribe(
        token=token, how=Method.ONE_CLICK if one_click else Method.UNSUBSCRIBE_LINK
    )
    return render(request, "reports/unsubscribed.html", {"what": _what(subscription)})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_all(request, token: str):
    """The List-Unsubscribe address of every digest: stop every e-mail at once."""
    try:
        subscriber = services.subscriber_from_token(token, salt=services.UNSUBSCRIBE_ALL_SALT)
    except services.LinkError as error:
        if error.reason == "gone":
            error = services.LinkError(
                _("You had already unsubscribed. Nothing more to do."), "used"
            )
        return _link_error(request, error)
    if request.method == "GET":
        return render(request, "reports/unsubscribe.html", {"all": True})
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    services.unsubscribe_all(
        subscriber=subscriber, how=Method.ONE_CLICK if one_click else Method.UNSUBSCRIBE_LINK
    )
    return render(request, "reports/unsubscribed.html", {"all": True})


def _manage_page(request, subscriber: Subscriber, *, how_url: str):
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "frequency":
                services.subscription_set_frequency(
                    subscriber=subscriber,
                    subscription_id=int(request.POST["subscription"]),
                    frequency=request.POST.get("frequency", ""),
                )
                messages.success(request, _("Saved."))
            elif action == "withdraw":
                services.subscription_withdraw(
                    subscriber=subscriber,
                    subscription_id=int(request.POST["subscription"]),
                    how=Method.MANAGE_PAGE,
                )
                messages.success(request, _("You no longer follow this."))
            elif action == "notices" and subscriber.user is not None:
                services.notices_set_frequency(
                    actor=subscriber.user, frequency=request.POST.get("frequency", "")
                )
                messages.success(request, _("Saved."))
            elif action == "all":
                services.unsubscribe_all(subscriber=subscriber, how=Method.MANAGE_PAGE)
                messages.success(request, _("You will receive no more e-mails from us."))
                if not subscriber.user_id:
                    return redirect("reports:list")
        except (KeyError, ValueError, ValidationError, subscriber.subscriptions.model.DoesNotExist):
            messages.error(request, _("That did not work. Reload the page and try again."))
        return redirect(how_url)
    # A member who never followed anything has no subscriber yet: showing the page is no
    # reason to create one.
    saved = subscriber.pk is not None
    subscriptions = selectors.subscriptions_of(subscriber) if saved else []
    for s in subscriptions:
        s.label = selectors.target_label(s.target_key, s.loaded_target)
    context = {
        "subscriber": subscriber,
        "subscriptions": subscriptions,
        "frequencies": Frequency.choices,
        "report_key": REPORT_KEY,
        "consents": subscriber.consents.order_by("-at", "-id")[:20] if saved else [],
    }
    return render(request, "reports/subscriptions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def subscriptions(request):
    """The member's one page for everything they follow and every e-mail they get."""
    if request.method == "POST":
        subscriber = services.member_subscriber(request.user)
    else:
        subscriber = selectors.subscriber_for(request.user) or Subscriber(
            user=request.user, language=request.user.preferred_language
        )
    return _manage_page(request, subscriber, how_url="reports:subscriptions")


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    """The same page for a visitor, opened from the signed link in every e-mail (a link
    that expires: each e-mail carries a fresh one). A member's subscriptions are managed
    only signed in: a forwarded e-mail must not hand them to someone else."""
    try:
        subscriber = services.subscriber_from_token(
            token, salt=services.MANAGE_SALT, max_age=services.timedelta(days=services.MANAGE_DAYS)
        )
    except services.LinkError as error:
        return _link_error(request, error)
    if subscriber.user_id:
        return redirect("reports:subscriptions")
    return _manage_page(request, subscriber, how_url=request.path)


# --- Monthly reports --------------------------------------------------------------------------


def access_report(request, pk: int) -> MonthlyReport:
    """A published report for everyone; a draft for verified organizers only (others get
    404)."""
    report = get_object_or_404(MonthlyReport.objects.select_related("person"), pk=pk)
    if report.is_published or is_verified(request, Role.ORGANIZER):
        return report
    raise Http404


@require_safe
def report_list(request):
    reports = selectors.published_reports().order_by("-period_start", "person__name", "-id")
    page = Paginator(reports, 30).get_page(request.GET.get("page"))
    for report in page.object_list:
        report.title = presenters.report_title(report)
    context = {"page_obj": page, "can_edit": has_role(request.user, Role.ORGANIZER)}
    return render(request, "reports/list.html", context)


@require_safe
def promises(request):
    """The organization's own promises, measured by the system from its own data."""
    return render(request, "reports/promises.html", {"promises": measure_promises()})


@require_safe
def report_detail(request, pk: int):
    report = access_report(request, pk)
    context = presenters.report_context(report)
    context["can_edit"] = has_role(request.user, Role.ORGANIZER)
    # What higher apps add: the share kit's link (core.panels).
    context["share"] = panels("reports.report.share", request, report)
    return render(request, "reports/report.html", context)


@require_safe
def report_pdf(request, pk: int):
    report = access_report(request, pk)
    try:
        content = pdf.report_pdf(report)
    except OSError:  # WeasyPrint could not load Pango: the system library is missing
        return render(request, "reports/pdf_unavailable.html", {"report": report}, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="jisr-report-{report.pk}.pdf"'
    return response
