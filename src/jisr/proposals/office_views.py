"""The page a representative's office reaches from the signed, expiring link Jisr e-mails
it: the proposal, and a form to write the representative's answer without an account."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jisr.core import ratelimit
from jisr.core.views import too_many_requests

from . import services
from .models import Answer
from .staff_forms import OfficeAnswerForm

# Per address: opening links (a forged token is cheap to try, so guessing is slowed too),
# and sending answers; per link: sending answers.
RATES = {"office_link": "60/10m/ip", "office_answer": "10/h/ip,5/h/key"}
APP = "jisr.proposals"


def _allowed(request, token: str) -> bool:
    if ratelimit.consume(request, app=APP, action="office_link", rates=RATES) is None:
        return False
    if request.method == "POST":
        key = hashlib.sha256(token.encode()).hexdigest()
        answer = ratelimit.consume(request, app=APP, action="office_answer", rates=RATES, key=key)
        if answer is None:
            return False
    return True


@never_cache
@require_http_methods(["GET", "POST"])
def office_answer(request, token: str):
    if not _allowed(request, token):
        return too_many_requests(request)
    try:
        delivery = services.delivery_from_office_token(token)
    except ValidationError as error:
        context: dict[str, object] = {
            "title": _("This link cannot be used"),
            "reason": " ".join(error.messages),
        }
        return render(request, "proposals/office/link_problem.html", context, status=410)
    proposal = delivery.proposal
    answer = Answer.objects.filter(delivery=delivery).first()
    if answer is not None:
        if request.method == "GET" and request.GET.get("done") == "1":
            context = {"delivery": delivery, "answer": answer}
            return render(request, "proposals/office/answer_done.html", context)
        return _already_answered(request, answer)
    form = OfficeAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_record(
                actor=f"office-link:delivery-{delivery.pk}",
                delivery=delivery,
                text=data["text"],
                answered_on=data["answered_on"],
                source=Answer.Source.OFFICE,
            )
        except IntegrityError:  # answered through another window at the same moment
            return _already_answered(request, Answer.objects.get(delivery=delivery))
        except ValidationError as error:
            by_field = (
                error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
            )
            for field, errors in by_field.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect(f"{request.path}?done=1")
    context = {"delivery": delivery, "proposal": proposal, "form": form}
    return render(request, "proposals/office/answer.html", context)


def _already_answered(request, answer: Answer):
    context = {
        "title": _("This link was already used"),
        "reason": _(
            "The answer to this proposal was recorded on %(date)s. Thank you. To change it, "
            "contact the organizers."
        )
        % {"date": answer.answered_on.isoformat()},
    }
    return render(request, "proposals/office/link_problem.html", context, status=410)
