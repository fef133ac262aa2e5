"""The audit log's hash chain, with no Django import so it can be checked anywhere.

Each entry's hash covers the previous entry's hash and the entry's own fields, so changing,
removing or reordering any entry breaks every link after it.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS_HASH = "0" * 64
CHAINED_FIELDS = ("seq", "created_at", "actor_ref", "action", "object_type", "object_id", "data")


def entry_hash(prev_hash: str, fields: Mapping) -> str:
    """Return the hash of an entry whose predecessor's hash is prev_hash.

    ``created_at`` must already be a string (ISO 8601, UTC) so the hash does not depend on
    how a database returns dates.
    """
    payload = json.dumps(
        [fields[name] for name in CHAINED_FIELDS],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    reason: str  # "sequence", "previous_hash" or "hash"


@dataclass(frozen=True)
class ChainReport:
    entries: int
    last_hash: str
    broken: BrokenLink | None


def verify_chain(entries: Iterable[Mapping], expected_head: tuple[int, str] | None = None):
    """Recompute the chain in order of ``seq`` and return a ChainReport naming the first
    broken link, if any.

    expected_head, the (seq, hash) the log recorded as its last entry, detects entries cut
    off the end of the log, which no link inside the chain can show.
    """
    prev_hash, expected_seq, count = GENESIS_HASH, 1, 0
    for entry in entries:
        count += 1
        if entry["seq"] != expected_seq:
            return ChainReport(count, prev_hash, BrokenLink(expected_seq, "sequence"))
        if entry["prev_hash"] != prev_hash:
            return ChainReport(count, prev_hash, BrokenLink(entry["seq"], "previous_hash"))
        if entry["hash"] != entry_hash(prev_hash, entry):
            return ChainReport(count, prev_hash, BrokenLink(entry["seq"], "hash"))
        prev_hash, expected_seq = entry["hash"], expected_seq + 1
    if expected_head is not None and expected_head != (expected_seq - 1, prev_hash):
        return ChainReport(count, prev_hash, BrokenLink(expected_seq, "sequence"))
    return ChainReport(count, prev_hash, None)
