"""A large fictional election built through the services, for tests about size (bounded
queries, pagination) rather than about the rules."""

import random
from datetime import date

from jisr.elections import services
from jisr.elections.models import Candidate

ACTOR = "system:test"


def big_election(*, constituencies=18, lists=20, per_list=6, seed=1, rule_set="iq-2025"):
    """An election of ``constituencies`` governorates of 8 general seats (one with a
    Christian quota seat), ``lists`` lists of ``per_list`` candidates each (every third a
    woman; the first five lists are alliances of two parties), counted and allocated."""
    rng = random.Random(seed)
    election = services.election_create(
        actor=ACTOR,
        name="انتخابات كبيرة (خيالية)",
        date=date(2032, 5, 1),
        kind="parliamentary",
        rule_set=rule_set,
        is_fictional=True,
    )
    services.constituencies_save(
        actor=ACTOR,
        election=election,
        rows=[
            services.ConstituencyInput(
                name=f"محافظة {i}",
                name_en=f"Governorate {i}",
                code=f"g{i}",
                seats=8,
                quota_seats={"christian": 1} if i == 0 else {},
            )
            for i in range(constituencies)
        ],
    )
    places = list(election.constituencies.order_by("code"))
    entries = []
    for place in places:
        for j in range(lists):
            for k in range(1, per_list + 1):
                entries.append(
                    services.CandidateInput(
                        constituency=place,
                        list_name=f"قائمة {j}",
                        list_number=100 + j,
                        number=k,
                        name=f"مرشح {place.code} {j} {k}",
                        gender="female" if k % 3 == 2 else "male",
                        party_name=f"حزب {j}-{k % 2}" if j < 5 else "",
                        name_latin=f"Candidate {place.code} {j} {k}",
                    )
                )
    entries.append(
        services.CandidateInput(
            constituency=places[0],
            list_name="قائمة المكون",
            list_number=900,
            number=1,
            name="مرشح المكون",
            gender="male",
            community="christian",
        )
    )
    services.roster_save(actor=ACTOR, election=election, entries=entries)
    list_votes, candidate_votes = {}, {}
    for candidate in Candidate.objects.filter(election=election):
        votes = rng.randint(100, 5000)
        candidate_votes.setdefault(candidate.constituency_id, {})[candidate.pk] = votes
        per_list = list_votes.setdefault(candidate.constituency_id, {})
        per_list[candidate.electoral_list_id] = per_list.get(candidate.electoral_list_id, 0) + votes
    services.list_results_replace(actor=ACTOR, election=election, votes=list_votes)
    services.candidate_results_replace(actor=ACTOR, election=election, votes=candidate_votes)
    services.allocation_run(actor=ACTOR, election=election, seed=seed)
    election.refresh_from_db()
    return election
