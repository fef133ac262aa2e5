"""allauth texts that Jisr words its own way, so its pages match Jisr's header.

Marking allauth's msgids here puts them in Jisr's catalog, which takes precedence over
allauth's (whose Arabic calls signing up "الاشتراك", a subscription).
"""

from django.utils.translation import gettext_noop

WORDING = [
    gettext_noop("Sign Up"),
    gettext_noop("Sign In"),
    gettext_noop("Sign Out"),
    gettext_noop("Remember Me"),
]
