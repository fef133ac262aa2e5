"""Members: accounts with a verified address on example.net and the member role.

Their passwords are unusable (nobody signs in as them); the load-test accounts, made on
request, share one known password instead. Every address is on a domain reserved for
examples (RFC 2606), so no message can reach a real person.
"""

import datetime as dt
import uuid

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from jisr.accounts.models import User
from jisr.accounts.roles import Role, role_groups

from . import loader
from .names import FAMILIES, MEMBERS_FROM, MEN, WOMEN
from .plan import Context

MEMBER_DOMAIN = "example.net"
LOAD_PREFIX = "load-"
LOAD_PASSWORD = "jisr-load-test-2026"
UNUSABLE_PASSWORD = "!"  # never matches: the account cannot sign in with a password


def load_email(number: int) -> str:
    return f"{LOAD_PREFIX}{number:04d}@{MEMBER_DOMAIN}"


def _display_name(rng, i: int, english: bool) -> str:
    if english:
        return f"{rng.choice(MEN + WOMEN)[1]} {i}"
    kind = rng.random()
    if kind < 0.3:
        return f"{rng.choice(MEN + WOMEN)[0]} {i}"
    if kind < 0.5:
        return f"أبو {rng.choice(MEN)[0]} {i}"
    if kind < 0.65:
        return f"أم {rng.choice(MEN)[0]} {i}"
    return f"{rng.choice(MEN + WOMEN)[0]} {rng.choice(FAMILIES)[0]} {i}"


def generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("accounts")
    total = ctx.n["members"]
    span = int((dt.datetime(2025, 12, 1, tzinfo=dt.UTC) - MEMBERS_FROM).total_seconds())
    joins = sorted(rng.randrange(span) for _ in range(total))  # ids in the order people join
    users = []
    for i in range(1, total + 1):
        english = rng.random() < 0.25
        name = _display_name(rng, i, english)
        language = "en" if english else "ar"
        joined = MEMBERS_FROM + dt.timedelta(seconds=joins[i - 1])
        ref = uuid.UUID(int=rng.getrandbits(128), version=4)
        users.append(
            (
                i,
                UNUSABLE_PASSWORD,
                False,
                f"member{i}@{MEMBER_DOMAIN}",
                name,
                language,
                ref,
                True,
                False,
                joined,
            )
        )
        ctx.member_ids.append(i)
        ctx.member_names.append(name)
        ctx.member_languages.append(language)
        ctx.member_joined.append(joined)
    fields = [
        "id",
        "password",
        "is_superuser",
        "email",
        "display_name",
        "preferred_language",
        "audit_ref",
        "is_active",
        "is_staff",
        "date_joined",
    ]
    written = loader.insert(User, fields, users, ctx.progress.bar("members", total))
    written += _load_accounts(ctx, first_id=total + 1, fields=fields)
    ids = [row[0] for row in users] + ctx.load_account_ids
    emails = {row[0]: row[3] for row in users}
    emails.update({pk: load_email(k) for k, pk in enumerate(ctx.load_account_ids, start=1)})
    loader.insert(
        EmailAddress,
        ["user", "email", "verified", "primary"],
        ((pk, emails[pk], True, True) for pk in ids),
        ctx.progress.bar("e-mail addresses", len(ids)),
    )
    member = role_groups(Role.MEMBER)[0]
    loader.insert(
        User.groups.through,
        ["user", "group"],
        ((pk, member.pk) for pk in ids),
        ctx.progress.bar("member role", len(ids)),
    )
    loader.reset_sequences(User)
    return {"members": total, "load-test accounts": len(ctx.load_account_ids), "accounts": written}


def _load_accounts(ctx: Context, *, first_id: int, fields: list[str]) -> int:
    if not ctx.load_accounts:
        return 0
    # One hash for all: hashing is slow on purpose, and these accounts share a password.
    # A fixed salt keeps the rows the same from run to run; the password is public anyway.
    password = make_password(ctx.load_password or LOAD_PASSWORD, salt="jisrscaledata")
    joined = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
    rows = []
    for k in range(1, ctx.load_accounts + 1):
        pk = first_id + k - 1
        ref = uuid.UUID(int=ctx.rng(f"load-account-{k}").getrandbits(128), version=4)
        rows.append(
            (pk, password, False, load_email(k), f"Load test {k}", "ar", ref, True, False, joined)
        )
        ctx.load_account_ids.append(pk)
    return loader.insert(User, fields, rows)


def add_load_accounts(*, count: int, password: str) -> list[str]:
    """Create the first ``count`` load-test accounts that are missing in a generated
    database, or reset the password of those that exist; return their addresses."""
    hashed = make_password(password)
    member = role_groups(Role.MEMBER)[0]
    addresses = []
    for k in range(1, count + 1):
        email = load_email(k)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email,
                password=hashed,
                display_name=f"Load test {k}",
                preferred_language="ar",
            )
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
            user.groups.add(member)
        else:
            user.password = hashed
            user.save(update_fields=["password"])
            EmailAddress.objects.filter(user=user, email=email).update(verified=True)
        addresses.append(email)
    return addresses
