import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import DISPLAY_NAME_MAX_LENGTH

# Bidirectional overrides and isolates let a name display as something else entirely.
_SPOOFING_CHARACTERS = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\ufeff]")


def clean_display_name(value: str) -> str:
    """Return the display name with spacing tidied, or raise a translated ValidationError."""
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if len(name) < 2:
        raise ValidationError(_("Choose a display name of at least 2 characters."))
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        raise ValidationError(
            _("Choose a display name of at most %(limit)d characters.")
            % {"limit": DISPLAY_NAME_MAX_LENGTH}
        )
    if "@" in name:
        raise ValidationError(
            _("A display name cannot contain “@”: it must not reveal an e-mail address.")
        )
    if _SPOOFING_CHARACTERS.search(name) or any(unicodedata.category(ch) == "Cc" for ch in name):
        raise ValidationError(_("The display name contains invisible control characters."))
    return name
