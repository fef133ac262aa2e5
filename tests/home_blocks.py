"""Reading one block of the front page, as the apps' front-page tests do."""

from jisr.core.middleware import LANGUAGE_COOKIE


def home_block(client, section_id: str, language: str = "en") -> str:
    """The HTML of the front page's section with this id, in this language."""
    client.cookies[LANGUAGE_COOKIE] = language
    html = client.get("/").content.decode()
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]
