"""Why each list won its seats, in Arabic and English."""

from __future__ import annotations

from collections.abc import Mapping

from .figures import (
    LISTS_AR,
    SEATS_AR,
    VOTES_AR,
    Text,
    _ar_count,
    _ar_join,
    _dec,
    _en_count,
    _en_join,
    _num,
    _text,
    exact_text,
)
from .methods import (
    Method,
    method_name,
)
from .records import (
    Allocation,
    Margin,
    Quotient,
    Remainder,
)

# --- Explanations of seats per list -------------------------------------------------------------


def _seat_groups(allocation: Allocation) -> list[tuple[int, list[str]]]:
    groups: dict[int, list[str]] = {}
    for name, count in allocation.seats.items():
        groups.setdefault(count, []).append(name)
    return sorted(groups.items(), reverse=True)


def _explain_seats_per_list(allocation: Allocation) -> Text:
    english, arabic = [], []
    for count, names in _seat_groups(allocation):
        each = len(names) > 1
        if count == 0:
            english.append(f"{_en_join(names)} won none")
            arabic.append(f"ولم تحصل {_ar_join(names)} على أي مقعد")
            continue
        seats_en = _en_count(count, "seat") + (" each" if each else "")
        english.append(f"{_en_join(names)} won {seats_en}")
        who = f"كلٌّ من {_ar_join(names)}" if each else _ar_join(names)
        arabic.append(f"وحصلت {who} على {_ar_count(count, SEATS_AR, genitive=True)}")
    arabic[0] = arabic[0].removeprefix("و")
    return _text("; ".join(english) + ".", "؛ ".join(arabic) + ".")


def _row_formula(row: Quotient | Remainder) -> str:
    if isinstance(row, Quotient):
        return f"{_num(row.votes)} ÷ {exact_text(row.divisor)}"
    return f"{_num(row.votes)} − {row.whole_seats} × {_dec(row.quota)}"


def _explain_lists(allocation: Allocation, margins: Mapping[str, Margin | None]) -> Text:
    seats, lists = allocation.seats_total, len(allocation.seats)
    name = method_name(allocation.method, allocation.divisors)
    seats_en = f"{seats} seats were" if seats != 1 else "1 seat was"
    if allocation.divisors:
        english = [
            f"{seats_en} divided among {_en_count(lists, 'list')} by {name['en']}: each list's"
            " votes were divided by each divisor in turn, and the largest quotients won a seat"
            " each until every seat was filled."
        ]
        arabic = [
            f"وُزِّع {_ar_count(seats, SEATS_AR)} على {_ar_count(lists, LISTS_AR, genitive=True)}"
            f" بطريقة {name['ar']}: قُسمت أصوات كل قائمة على القواسم بالتتابع، ورُتّبت نواتج"
            " القسمة تنازليًا، فنال كل ناتج من الأعلى مقعدًا حتى اكتملت المقاعد."
        ]
    else:
        assert allocation.quota is not None
        whole = sum(row.whole_seats for row in allocation.remainder_rows)
        total = sum(allocation.votes.values())
        if allocation.method is Method.HARE:
            formula = _text(f"{_num(total)} votes ÷ {seats} seats", f"{_num(total)} صوتًا ÷ {seats}")
        else:
            formula = _text(
                f"{_num(total)} votes ÷ ({seats} + 1), rounded down, plus 1",
                f"{_num(total)} ÷ ({seats} + 1) مع إهمال الكسر ثم إضافة 1",
            )
        english = [
            f"{seats_en} divided among {_en_count(lists, 'list')} by {name['en']}, a quota of"
            f" {_dec(allocation.quota)} votes ({formula['en']}). Each list first won a seat for"
            f" every full quota in its votes ({whole} in all); the {seats - whole} seats left"
            " went to the largest remainders, one each."
        ]
        arabic = [
            f"وُزِّع {_ar_count(seats, SEATS_AR)} على {_ar_count(lists, LISTS_AR, genitive=True)}"
            f" بطريقة {name['ar']}، والحصة {_dec(allocation.quota)} ({formula['ar']}). نالت كل"
            f" قائمة أولًا مقعدًا عن كل حصة كاملة في أصواتها ({whole} في المجموع)، ثم ذهبت"
            f" المقاعد الباقية ({seats - whole}) إلى أكبر البواقي، مقعدًا لكل قائمة."
        ]
    per_list = _explain_seats_per_list(allocation)
    english.append(per_list["en"])
    arabic.append(per_list["ar"])
    for decision in allocation.decisions:
        english.append(decision.text["en"])
        arabic.append(decision.text["ar"])
    cutoff = _explain_cutoff(allocation, margins)
    english.append(cutoff["en"])
    arabic.append(cutoff["ar"])
    return _text(" ".join(p for p in english if p), " ".join(p for p in arabic if p))


def _explain_cutoff(allocation: Allocation, margins: Mapping[str, Margin | None]) -> Text:
    last, runner_up, margin = allocation.last_winning, allocation.first_losing, allocation.margin
    english, arabic = [], []
    kind = _text("quotient", "ناتج قسمة")
    if isinstance(last, Remainder) or isinstance(runner_up, Remainder):
        kind = _text("remainder", "باقٍ")
    if last is not None:
        english.append(
            f"The last seat went to {last.list} with a {kind['en']} of {_dec(last.value)}"
            f" ({_row_formula(last)})."
        )
        arabic.append(
            f"ذهب المقعد الأخير إلى قائمة {last.list} ب{kind['ar']} قدره {_dec(last.value)}"
            f" ({_row_formula(last)})."
        )
    if runner_up is not None:
        english.append(
            f"The highest {kind['en']} left without a seat was {runner_up.list}'s"
            f" {_dec(runner_up.value)} ({_row_formula(runner_up)})."
        )
        arabic.append(
            f"وأعلى {kind['ar']} لم يفز بمقعد كان لقائمة {runner_up.list}، وقدره"
            f" {_dec(runner_up.value)} ({_row_formula(runner_up)})."
        )
    if margin is not None:
        english.append(_margin_en(margin, allocation.seats[margin.list]))
        arabic.append(_margin_ar(margin, allocation.seats[margin.list]))
        closest = min(
            (m for m in margins.values() if m is not None),
            key=lambda m: m.votes_needed,
        )
        if closest.votes_needed < margin.votes_needed:
            seats = allocation.seats[closest.list]
            english.append(
                f"Closest in votes was {closest.list}: {_num(closest.votes_needed)} more would"
                f" have won it {'one more seat' if seats else 'a seat'}."
            )
            arabic.append(
                f"وكانت قائمة {closest.list} الأقرب بعدد الأصوات: كان ينقصها"
                f" {_ar_count(closest.votes_needed, VOTES_AR)} لتفوز بمقعد"
                f"{' آخر' if seats else ''}."
            )
    return _text(" ".join(english), " ".join(arabic))


def _margin_en(margin: Margin, seats_held: int) -> str:
    seat = "one more seat" if seats_held else "a seat"
    taken = f", taking it from {margin.seat_from}" if margin.seat_from else ""
    votes = "vote" if margin.votes_needed == 1 else "votes"
    return f"{margin.list} needed {_num(margin.votes_needed)} more {votes} to win {seat}{taken}."


def _margin_ar(margin: Margin, seats_held: int) -> str:
    seat = "بمقعد آخر" if seats_held else "بمقعد"
    taken = f" على حساب {margin.seat_from}" if margin.seat_from else ""
    return (
        f"وكان ينقص قائمة {margin.list} {_ar_count(margin.votes_needed, VOTES_AR)} لتفوز"
        f" {seat}{taken}."
    )
