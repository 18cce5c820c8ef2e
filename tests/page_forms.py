"""What a browser would send back from a page's form, read from its HTML: the values it was
drawn with (hidden fields included), so a test can change only what a person would change."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self._form.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self._form[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._form[name] = ""
        elif tag == "select" and name:
            self._select = name
            self._form[name] = []
        elif tag == "option" and self._select and "selected" in attrs:
            self._form[self._select].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            if self._textarea and self._form[self._textarea].startswith("\n"):
                self._form[self._textarea] = self._form[self._textarea][1:]  # as a browser does
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_on(page) -> dict:
    """The data of the page's POST form with the most fields (not the header's sign-out button),
    as a browser would send it unchanged."""
    reader = _FormReader()
    reader.feed(page.content.decode() if hasattr(page, "content") else page)
    data = max(reader.forms, key=len)
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in data.items() if v != []}
