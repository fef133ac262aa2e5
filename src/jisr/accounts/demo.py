"""Fictional demo accounts, one per role. Every name here is invented."""

from allauth.account.models import EmailAddress

from . import services
from .models import User
from .roles import Role

DEMO_PASSWORD = "jisr-demo-2026"
DEMO_DOMAIN = "demo.jisr.invalid"

DEMO_ACCOUNTS = [
    # (role, e-mail local part, display name, language)
    (Role.MEMBER, "member", "سلمى (حساب تجريبي)", "ar"),
    (Role.VOLUNTEER, "volunteer", "Karim (demo)", "en"),
    (Role.MODERATOR, "moderator", "نور (مشرفة تجريبية)", "ar"),
    (Role.ORGANIZER, "organizer", "يوسف (منظم تجريبي)", "ar"),
    (Role.REPRESENTATIVE_OFFICE, "office", "مكتب نائب خيالي", "ar"),
    (Role.TREASURER, "treasurer", "هدى (أمينة صندوق تجريبية)", "ar"),
    (Role.AUDITOR, "auditor", "Samir (demo auditor)", "en"),
]


def load(stdout) -> list[tuple[str, str]]:
    logins = []
    for role, local, display_name, language in DEMO_ACCOUNTS:
        email = f"{local}@{DEMO_DOMAIN}"
        if not User.objects.filter(email=email).exists():
            roles = (Role.MEMBER,) if role == Role.MEMBER else (Role.MEMBER, role)
            services.user_create.within(
                email=email,
                password=DEMO_PASSWORD,
                display_name=display_name,
                preferred_language=language,
                roles=roles,
                email_verified=True,
            )
        EmailAddress.objects.filter(email=email).update(verified=True)
        logins.append((role.value, email))
    stdout.write("\nDemo accounts (fictional people; the password is the same for all):")
    for code, email in logins:
        stdout.write(f"  {code:<24} {email}")
    stdout.write(f"  password: {DEMO_PASSWORD}")
    stdout.write(
        "  Moderators, organizers, treasurers and auditors are asked to set up two-factor "
        "authentication "
        "(an authenticator app) before they can open the staff pages."
    )
    return logins
