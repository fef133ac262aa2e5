"""The pure hash-chain engine: any change, removal or reordering is caught."""

from hypothesis import given
from hypothesis import strategies as st

from jisr.core.auditchain import GENESIS_HASH, entry_hash, verify_chain

actions = st.sampled_from(["account.created", "role.granted", "proposal.published"])
records = st.lists(
    st.fixed_dictionaries(
        {
            "actor_ref": st.text(max_size=10),
            "action": actions,
            "object_type": st.text(max_size=10),
            "object_id": st.text(max_size=5),
            "data": st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
        }
    ),
    min_size=1,
    max_size=12,
)


def build_chain(items):
    chain, prev = [], GENESIS_HASH
    for seq, item in enumerate(items, start=1):
        entry = {**item, "seq": seq, "created_at": f"2026-01-01T00:00:{seq:02d}+00:00"}
        entry["prev_hash"] = prev
        entry["hash"] = prev = entry_hash(prev, entry)
        chain.append(entry)
    return chain


@given(records)
def test_an_untouched_chain_verifies(items):
    chain = build_chain(items)
    report = verify_chain(chain, expected_head=(len(chain), chain[-1]["hash"]))
    assert report.broken is None
    assert report.entries == len(chain)


@given(records, st.data())
def test_changing_any_field_of_any_entry_is_caught_at_that_entry(items, data):
    chain = build_chain(items)
    index = data.draw(st.integers(0, len(chain) - 1))
    field = data.draw(st.sampled_from(["actor_ref", "action", "object_id", "created_at"]))
    chain[index][field] = chain[index][field] + "x"
    report = verify_chain(chain)
    assert report.broken is not None
    assert report.broken.seq == index + 1
    assert report.broken.reason == "hash"


@given(records, st.data())
def test_removing_an_entry_is_caught(items, data):
    chain = build_chain(items)
    head = (len(chain), chain[-1]["hash"])
    index = data.draw(st.integers(0, len(chain) - 1))
    del chain[index]
    report = verify_chain(chain, expected_head=head)
    assert report.broken is not None
    assert report.broken.seq == index + 1


def test_rewriting_the_hash_too_is_caught_by_the_next_link():
    chain = build_chain(
        [{"actor_ref": "a", "action": "x", "object_type": "t", "object_id": "1", "data": {}}] * 3
    )
    chain[0]["action"] = "forged"
    chain[0]["hash"] = entry_hash(chain[0]["prev_hash"], chain[0])
    report = verify_chain(chain)
    assert report.broken.seq == 2
    assert report.broken.reason == "previous_hash"
