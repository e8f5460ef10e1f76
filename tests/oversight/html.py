"""Checks every managers' page should pass, read from the HTML itself."""

from html.parser import HTMLParser

from django.db import connection

# Queries to append one audit entry: take the chain's advisory lock (PostgreSQL
# only; SQLite's IMMEDIATE transaction already serialises writers), read its head, insert.
AUDIT_APPEND = 3 if connection.vendor == "postgresql" else 2


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.title = ""
        self._in_title = False
        self._in_svg = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self._in_svg += 1
        self.tags.append((tag, attrs))
        if tag == "title" and not self._in_svg:
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "svg":
            self._in_svg -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


def assert_good_page(response, *, title: str | None = None, error: bool = False) -> _Page:
    """One h1, the title (with "Error: " first when the form has errors), captioned tables
    with scoped headers, no inline styles or scripts, SVG charts named for assistive technology."""
    page = parse(response)
    html = response.content.decode()
    assert [t for t, _ in page.tags].count("h1") == 1
    page_title = " ".join(page.title.split())
    assert page_title.startswith("Error: ") is error, page_title
    if title is not None:
        assert page_title.removeprefix("Error: ").startswith(title), page_title
    assert [t for t, _ in page.tags].count("table") == [t for t, _ in page.tags].count("caption")
    for tag, attrs in page.tags:
        assert "style" not in attrs, (tag, attrs)
        if tag == "th":
            assert attrs.get("scope") in ("col", "row"), attrs
        if tag == "svg":
            assert attrs.get("role") == "img" and attrs.get("aria-labelledby"), attrs
            for ref in attrs["aria-labelledby"].split():
                assert f'id="{ref}"' in html
    main = html[html.index('id="main-content"') :]
    assert "<script" not in main[: main.index("</main>")]
    if error:
        assert "There is a problem" in html
    return page
