import base64
import hashlib
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import services
from .roles import is_staff_member


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return getattr(settings, "JISR_SIGNUP_OPEN", True)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data["display_name"]
        # The language the visitor was reading in when they signed up.
        user.preferred_language = get_language() or settings.LANGUAGE_CODE
        if commit:
            user.save()
            services.user_signed_up(user=user)
        return user

    def render_mail(self, template_prefix, email, context, headers=None):
        # allauth builds the links and names the site from the request's Host header, which
        # the client chooses: Jisr's e-mails carry its name, and links to its configured
        # address (JISR_SITE_URL), whatever host the request named.
        site_url = urlsplit(settings.JISR_SITE_URL)
        for key, value in context.items():
            if isinstance(value, str) and value.startswith(("http://", "https://")):
                link = urlsplit(value)
                context[key] = urlunsplit((site_url.scheme, site_url.netloc, *link[2:]))
        site = context.get("current_site")
        if site is not None:
            site.name = str(settings.JISR_SITE_NAME or _("Jisr"))
            site.domain = site_url.netloc
        return super().render_mail(template_prefix, email, context, headers)


def _fernet() -> Fernet:
    key = hashlib.sha256(f"jisr-mfa-secrets|{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


class MFAAdapter(DefaultMFAAdapter):
    # Two-factor secrets are stored encrypted with a key derived from SECRET_KEY, so a
    # leaked database backup does not let anyone pass as a staff member. Changing
    # SECRET_KEY therefore means staff set up their authenticator app again.
    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()

    def can_delete_authenticator(self, authenticator):
        # Staff must keep two-factor authentication; a role change comes first.
        return not is_staff_member(authenticator.user)
