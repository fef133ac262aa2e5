"""What an app hands to the search index: one ``Document`` per public record."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """A record as it is searched and shown in the results.

    ``title`` and ``text`` are the original text (shown, with the matches marked);
    ``names`` are other names of the same thing (aliases, the Latin-script name), found
    exactly and, in Arabic script, by sound; ``title_is_name`` says the title is a
    person's name, which is never stemmed beyond its prefixes. ``context`` is shown with
    the title and not searched (who spoke, who asked: data, never a translated label, since
    the document is written in one language and read in both). ``governorate`` is the key
    of a governorate that the app lists in its ``search_governorates`` hook.
    """

    doc_type: str
    object_id: int
    url: str
    title: str
    text: str = ""
    names: tuple[str, ...] = field(default=())
    title_is_name: bool = False
    context: str = ""
    date: datetime.date | None = None
    governorate: str = ""
    language: str = ""
