"""Why each candidate won, constituency by constituency, in Arabic and English."""

from __future__ import annotations

from .figures import (
    VOTES_AR,
    WOMEN_AR,
    Text,
    _ar_count,
    _en_count,
    _num,
    _text,
)
from .rules import (
    RuleSet,
    _community_name,
)
from .seating import (
    ConstituencyResult,
    SeatBasis,
)

# --- Explanations of whole constituencies -------------------------------------------------------


def _explain_constituency(result: ConstituencyResult, rules: RuleSet) -> Text:
    english = [f"{result.constituency} ({rules.title['en']}):"]
    arabic = [f"{result.constituency} ({rules.title['ar']}):"]
    general = [s for s in result.seats if s.basis is not SeatBasis.COMMUNITY_QUOTA]
    if result.lists is not None:
        english.append(result.lists.explanation["en"])
        arabic.append(result.lists.explanation["ar"])
        english.append("Inside each list, seats went to its candidates in order of personal votes.")
        arabic.append("وداخل كل قائمة ذهبت المقاعد إلى مرشحيها بترتيب أصواتهم الشخصية.")
        shown = {id(d) for d in result.lists.decisions}
    else:
        english.append(
            f"The {_en_count(len(general), 'general seat')} went to the candidates with the most"
            " personal votes (single non-transferable vote)."
        )
        arabic.append(
            f"ذهبت المقاعد العامة ({len(general)}) إلى المرشحين الأعلى أصواتًا (الصوت الواحد غير"
            " المتحوّل)."
        )
        if result.margin is not None:
            english.append(
                f"The best loser, {result.margin.list}, needed {_num(result.margin.votes_needed)}"
                " more votes to win a seat."
            )
            arabic.append(
                f"وكان ينقص أعلى الخاسرين أصواتًا، {result.margin.list}،"
                f" {_ar_count(result.margin.votes_needed, VOTES_AR)} ليفوز بمقعد."
            )
        shown = set()
    women = result.women
    if women.target:
        english.append(
            f"Women's quota: {women.target} of the general seats;"
            f" {women.elected} {'woman' if women.elected == 1 else 'women'} won"
            f" ({women.on_own_votes} on their own votes, {women.by_quota} through the quota)."
        )
        if women.elected:
            arabic.append(
                f"كوتا النساء: {women.target} من المقاعد العامة، وقد فازت بالمقاعد العامة"
                f" {_ar_count(women.elected, WOMEN_AR)}: {women.on_own_votes} بأصواتهن"
                f" و{women.by_quota} عبر الكوتا."
            )
        else:
            arabic.append(
                f"كوتا النساء: {women.target} من المقاعد العامة، ولم تفز أي امرأة بمقعد عام."
            )
    for decision in result.decisions:
        if id(decision) in shown:
            continue
        english.append(decision.text["en"])
        arabic.append(decision.text["ar"])
    for seat in result.seats:
        if seat.basis is SeatBasis.COMMUNITY_QUOTA and seat.community:
            name = _community_name(seat.community)
            english.append(
                f"The {name['en']} seat went to {seat.candidate} ({seat.list},"
                f" {_num(seat.votes)} votes), the community's candidate with the most votes."
            )
            arabic.append(
                f"وذهب مقعد المكوّن {name['ar']} إلى {seat.candidate} ({seat.list}،"
                f" {_ar_count(seat.votes, VOTES_AR)})، مرشح المكوّن الأعلى أصواتًا."
            )
    return _text(" ".join(english), " ".join(arabic))
