"""Seat allocation exactly as the electoral law says, with no Django import.

Quotients are exact fractions, so two quotients are equal only when they really are. A tie
that decides a seat is never settled silently: the organizer's recorded lot result settles
it, or a seeded draw whose seed is returned with the result so anyone can repeat it. Every
result carries the quotient table, the cutoff, the margin, each decision a rule made and an
explanation in Arabic and English. The laws behind each rule set: docs/elections-allocation.md.
"""

from .figures import (  # noqa: F401
    LISTS_AR,
    SEATS_AR,
    VOTES_AR,
    WOMEN_AR,
    AllocationError,
    Text,
    _ar_count,
    _ar_join,
    _dec,
    _en_count,
    _en_join,
    _fraction,
    _is_arabic_script,
    _key,
    _num,
    _text,
    exact_text,
)
from .list_texts import (  # noqa: F401
    _explain_cutoff,
    _explain_lists,
    _explain_seats_per_list,
    _margin_ar,
    _margin_en,
    _row_formula,
    _seat_groups,
)
from .lists import (  # noqa: F401
    _allocate_lists,
    _as_entries,
    _capacity,
    _check_count,
    _check_lists,
    _exhausted_lists,
    _first_losing_quotient,
    _highest_averages,
    _highest_averages_margins,
    _largest_remainder,
    _largest_remainder_margins,
    _quota,
    _quotient_table,
    _remainder_seats,
    _search_margin,
    allocate,
)
from .lots import (  # noqa: F401
    Chooser,
    _against,
    _Lots,
)
from .methods import (  # noqa: F401
    HIGHEST_AVERAGES,
    LARGEST_REMAINDER,
    DivisorSequence,
    Method,
    divisors_for,
    method_name,
)
from .national import (  # noqa: F401
    allocate_community_nationally,
)
from .records import (  # noqa: F401
    RULE_NAMES,
    RULES,
    Allocation,
    CandidateVotes,
    Constituency,
    Decision,
    ListVotes,
    Lot,
    Margin,
    Quotient,
    Remainder,
)
from .rules import (  # noqa: F401
    COMMUNITIES,
    IRAQ_COMMUNITY_SEATS,
    LAW_12_2018_AS_AMENDED,
    LAW_45_2013,
    RULE_SETS,
    CommunityVote,
    RuleSet,
    WomenRule,
    _community_name,
    rule_set,
)
from .seating import (  # noqa: F401
    ConstituencyResult,
    Seat,
    SeatBasis,
    WomenTally,
    _apply_women_rule,
    _by_votes,
    _check_constituency,
    _complete,
    _complete_by_list_votes,
    _district_margin,
    _extreme,
    _no_woman_left,
    _note_lists_spared,
    _one_more,
    _order_by_votes,
    _seat_communities,
    _seat_general,
    _Seating,
    _tally,
    _top,
    _women_after_three_men,
    _women_in_district,
    _women_quarter_then_third,
    _women_target,
    allocate_constituency,
)
from .texts import (  # noqa: F401
    _explain_constituency,
)
from .vacancies import (  # noqa: F401
    _next_in,
    _successor,
    fill_vacancy,
)
