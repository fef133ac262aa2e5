"""The share kits' staff pages, under /staff/campaigns/share/ (organizers): the kits with a
subject picker, a kit's posts, writing and changing a post, its safety review, publishing
and withdrawing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role

from . import kit_selectors as selectors
from .kit_forms import (
    KitForm,
    KitItemEditForm,
    KitItemForm,
    KitReviewForm,
    KitTitleForm,
    SubjectPickerForm,
)
from .models import Kit, KitItem, KitPlatform
from .services import kits as services

ORGANIZER = Role.ORGANIZER


def _subject_label(kit: Kit) -> str:
    return {
        "treasury_campaign": _("Fundraising campaign"),
        "event": _("Event"),
        "proposal": _("Proposal"),
        "report": _("Monthly report"),
    }[kit.subject_kind]


@staff_required(ORGANIZER)
@require_safe
def kits(request):
    subjects = selectors.subject_choices()
    form = SubjectPickerForm(subjects=subjects)
    rows = list(selectors.staff_kits().order_by("-pk")[:200])
    for kit in rows:
        kit.subject_label = _subject_label(kit)
    context = {"kits": rows, "subjects": subjects, "form": form}
    return render(request, "campaigns/kits/staff/kits.html", context)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def kit_new(request):
    subjects = selectors.subject_choices()
    form = KitForm(
        request.POST or None, subjects=subjects, initial={"subject": request.GET.get("subject")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = selectors.subject_from_choice(data["subject"])
        if found is None:
            form.add_error("subject", _("Choose what the kit is for."))
        else:
            kind, subject = found
            try:
                kit = services.kit_create(
                    actor=request.user,
                    title=data["title"],
                    title_en=data["title_en"],
                    **{kind: subject},
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Share kit created. Now add its posts."))
                return redirect("campaigns_staff:kit", kit.pk)
    return render(request, "campaigns/kits/staff/kit_new.html", {"form": form})


def _kit(pk: int) -> Kit:
    return get_object_or_404(Kit.objects.select_related(*selectors.SUBJECT_RELATED), pk=pk)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def kit_detail(request, pk: int):
    kit = _kit(pk)
    form = KitTitleForm(
        request.POST or None, initial={"title": kit.title, "title_en": kit.title_en}
    )
    if request.method == "POST" and form.is_valid():
        services.kit_update(actor=request.user, kit=kit, **form.cleaned_data)
        messages.success(request, _("Share kit saved."))
        return redirect("campaigns_staff:kit", kit.pk)
    items = list(kit.items.select_related("author", "reviewed_by"))
    context = {
        "kit": kit,
        "form": form,
        "items": items,
        "subject_label": _subject_label(kit),
        "subject_path": selectors.subject_path(kit),
        "publishable": any(i.is_reviewed and not i.is_published for i in items),
        "any_published": any(i.is_published for i in items),
    }
    return render(request, "campaigns/kits/staff/kit.html", context)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def kit_item_new(request, pk: int):
    kit = _kit(pk)
    form = KitItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.kit_item_add(actor=request.user, kit=kit, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Post added. Another organizer reviews it next."))
            return redirect("campaigns_staff:kit", kit.pk)
    return render(request, "campaigns/kits/staff/item_form.html", {"kit": kit, "form": form})


def _item(pk: int) -> KitItem:
    return get_object_or_404(KitItem.objects.select_related("kit", "author", "reviewed_by"), pk=pk)


@staff_required(ORGANIZER)
@require_http_methods(["GET", "POST"])
def kit_item(request, pk: int):
    """A post: its text (changing it sends it back to review) and its safety review."""
    item = _item(pk)
    posted = request.POST if request.method == "POST" else None
    reviewing = posted is not None and "review" in posted
    form = KitItemEditForm(
        None if reviewing else posted, initial={"text": item.text, "subject": item.subject}
    )
    review = KitReviewForm(posted if reviewing else None, auto_id="review_%s")
    if item.platform != KitPlatform.EMAIL:
        del form.fields["subject"]
    if posted is not None and not reviewing and form.is_valid():
        try:
            services.kit_item_update(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Post saved. It waits for its safety review."))
            return redirect("campaigns_staff:kit", item.kit_id)
    if reviewing and review.is_valid():
        data = review.cleaned_data
        try:
            services.kit_item_review(
                actor=request.user,
                item=item,
                no_one_at_risk=data["no_one_at_risk"],
                no_place_at_home=data["no_place_at_home"],
                no_face_without_consent=data["no_face_without_consent"],
            )
        except ValidationError as error:
            review.add_error(None, error)
        else:
            messages.success(request, _("Review recorded. The post can be published."))
            return redirect("campaigns_staff:kit", item.kit_id)
    context = {
        "item": item,
        "kit": item.kit,
        "form": form,
        "review": review,
        "is_email": item.platform == KitPlatform.EMAIL,
        "own": item.author_id == request.user.pk,
    }
    return render(request, "campaigns/kits/staff/item.html", context)


def _done(request, kit_pk: int, call, success: str):
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("campaigns_staff:kit", kit_pk)


@staff_required(ORGANIZER)
@require_POST
def kit_item_publish(request, pk: int):
    item = _item(pk)
    return _done(
        request,
        item.kit_id,
        lambda: services.kit_item_publish(actor=request.user, item=item),
        _("Post published."),
    )


@staff_required(ORGANIZER)
@require_POST
def kit_item_unpublish(request, pk: int):
    item = _item(pk)
    return _done(
        request,
        item.kit_id,
        lambda: services.kit_item_unpublish(actor=request.user, item=item),
        _("Post withdrawn from the public page."),
    )


@staff_required(ORGANIZER)
@require_POST
def kit_publish(request, pk: int):
    kit = _kit(pk)
    return _done(
        request,
        kit.pk,
        lambda: services.kit_publish(actor=request.user, kit=kit),
        _("Share kit published."),
    )


@staff_required(ORGANIZER)
@require_POST
def kit_unpublish(request, pk: int):
    kit = _kit(pk)
    return _done(
        request,
        kit.pk,
        lambda: services.kit_unpublish(actor=request.user, kit=kit),
        _("Share kit withdrawn from the public page."),
    )
