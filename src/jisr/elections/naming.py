"""Names in the engine's output.

The engine names lists, candidates and constituencies by the strings it is given, and
writes those strings into its explanations. Jisr gives it tokens (``⟦ق12⟧`` for list 12,
``⟦م7⟧`` for candidate 7, ``⟦د3⟧`` for constituency 3) rather than names: two candidates
may share a name, and a name has an Arabic and an English spelling. The stored output
keeps the tokens; ``render`` puts each name in, in the language being shown. The tokens
begin with an Arabic letter, so the engine joins them to "و" as it joins Arabic names.
"""

import re
from collections.abc import Mapping

LIST_MARK, CANDIDATE_MARK, CONSTITUENCY_MARK = "ق", "م", "د"
_TOKEN = re.compile(r"⟦([قمد])(\d+)⟧")
KINDS = {LIST_MARK: "list", CANDIDATE_MARK: "candidate", CONSTITUENCY_MARK: "constituency"}


def list_token(pk: int) -> str:
    return f"⟦{LIST_MARK}{pk}⟧"


def candidate_token(pk: int) -> str:
    return f"⟦{CANDIDATE_MARK}{pk}⟧"


def constituency_token(pk: int) -> str:
    return f"⟦{CONSTITUENCY_MARK}{pk}⟧"


def parse_token(token: str) -> tuple[str, int] | None:
    """Return (kind, pk) for a token, kind being "list", "candidate" or "constituency";
    None for any other string."""
    match = _TOKEN.fullmatch(token or "")
    if not match:
        return None
    return KINDS[match[1]], int(match[2])


class Names:
    """The display names of an allocation's lists and candidates, in one language."""

    def __init__(
        self,
        lists: Mapping[int, str],
        candidates: Mapping[int, str],
        constituencies: Mapping[int, str] | None = None,
    ):
        self.names = {
            "list": lists,
            "candidate": candidates,
            "constituency": constituencies or {},
        }

    @classmethod
    def of(cls, lists, candidates, language: str, constituencies=()) -> "Names":
        """Build from ElectoralList, Candidate and Constituency rows: Arabic names, or in
        English the English name where there is one."""

        def pick(item, english):
            return (english or item.name) if language == "en" else item.name

        return cls(
            {item.pk: pick(item, item.name_en) for item in lists},
            {item.pk: pick(item, item.name_latin) for item in candidates},
            {item.pk: pick(item, item.name_en) for item in constituencies},
        )

    def name(self, token: str) -> str:
        parsed = parse_token(token)
        if parsed is None:
            return token
        kind, pk = parsed
        return self.names[kind].get(pk, "?")

    def render(self, text: str) -> str:
        return _TOKEN.sub(lambda m: self.name(m[0]), text or "")

    def render_all(self, value):
        """Return value (the JSON output or a part of it) with every token named."""
        if isinstance(value, str):
            return self.render(value)
        if isinstance(value, list):
            return [self.render_all(item) for item in value]
        if isinstance(value, dict):
            return {self.render(k): self.render_all(v) for k, v in value.items()}
        return value
