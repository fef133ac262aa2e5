"""The share kits' staff forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import KitLanguage, KitPlatform


class KitForm(forms.Form):
    subject = forms.ChoiceField(
        label=_("What the kit is for"),
        help_text=_("Subjects that already have a kit are not listed."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", _("Choose…")), *subjects]  # type: ignore[attr-defined]


class SubjectPickerForm(forms.Form):
    """The kits list's picker: it opens the new kit's form with the subject chosen."""

    subject = forms.ChoiceField(
        label=_("Make a kit for"), help_text=_("Subjects that already have a kit are not listed.")
    )

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", _("Choose…")), *subjects]  # type: ignore[attr-defined]


class KitTitleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)


SAFETY_HELP = _(
    "Do not name anyone who could be put at risk, nor a place where someone lives at home. "
    "After any change, another organizer reviews the post again before it is public."
)


class KitItemForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=KitPlatform.choices)
    language = forms.ChoiceField(label=_("Language"), choices=KitLanguage.choices)
    subject = forms.CharField(
        label=_("E-mail subject"),
        max_length=200,
        required=False,
        help_text=_("Only for e-mail."),
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=SAFETY_HELP,
    )


class KitItemEditForm(forms.Form):
    subject = forms.CharField(
        label=_("E-mail subject"), max_length=200, required=False, help_text=_("Only for e-mail.")
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=SAFETY_HELP,
    )


class KitReviewForm(forms.Form):
    """The safety checklist: every point must be confirmed."""

    no_one_at_risk = forms.BooleanField(
        label=_("It names no one who could be put at risk (relatives at home included).")
    )
    no_place_at_home = forms.BooleanField(
        label=_("It names no place at home where someone could be found (a house, a street).")
    )
    no_face_without_consent = forms.BooleanField(
        label=_("It shows or links no photo of a face without that person's consent.")
    )
