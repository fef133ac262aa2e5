from django.utils.translation import get_language


def localized_name(obj) -> str:
    """A record's name in the page language: its English name on English pages, when it
    has one (a topic, a governorate, a party); its Arabic name otherwise."""
    name_en: str = getattr(obj, "name_en", "")
    if get_language() == "en" and name_en:
        return name_en
    return obj.name
