from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jisr.core.forms import DigitsCharField

from .models import DISPLAY_NAME_MAX_LENGTH, User
from .roles import Role
from .selectors import display_name_taken
from .validators import clean_display_name


class DisplayNameField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Display name"),
            max_length=DISPLAY_NAME_MAX_LENGTH,
            help_text=_(
                "Shown publicly next to what you write. Do not use your real name: "
                "choose a name that does not identify you."
            ),
            widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "nickname"}),
            **kwargs,
        )

    def clean(self, value):
        return clean_display_name(super().clean(value))


class SignupExtraForm(forms.Form):
    """The fields Jisr adds to allauth's sign-up form."""

    display_name = DisplayNameField()

    def clean_display_name(self):
        name = self.cleaned_data["display_name"]
        if display_name_taken(name):
            raise ValidationError(_("This display name is already taken. Please choose another."))
        return name

    def signup(self, request, user):
        """Required by allauth; the adapter has already saved the extra fields."""


class ProfileForm(forms.Form):
    display_name = DisplayNameField()
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class EraseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my data will be erased and cannot be restored.")
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."))
        return password


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


def _code_field():
    return DigitsCharField(
        label=_("Code"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}
        ),
    )


# Authenticator apps show ASCII digits, but phones set to Arabic type ٠-٩ or ۰-۹.
class MFAAuthenticateForm(AuthenticateForm):
    code = _code_field()


class MFAReauthenticateForm(ReauthenticateForm):
    code = _code_field()


class ActivateTOTPForm(AllauthActivateTOTPForm):
    code = _code_field()
