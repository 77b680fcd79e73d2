"""What a user reads on a page, and the English that must never be part of it.

``visible_text`` keeps the text nodes of the page and the attributes a reader sees or hears
(placeholders, tooltips, image descriptions, labels read aloud, the caption of an ``<input
type=submit>``); ids, classes, names, values and URLs are not read and do not count.
"""

import re
from html.parser import HTMLParser

#: English a Chinese user must never meet: Django's and django-filter's blank choices, workflow
#: state codes, audit action codes, Python literals and the words of Django's own messages.
ENGLISH = [
    re.compile(pattern)
    for pattern in (
        r"Select an option",
        r"-{4,}",
        r"\bauth\.",
        r"\b(?:filing|member|volunteer|account|org|access|pii)\.[a-z_]+",
        r"\b(?:draft|submitted|returned|filed|withdrawn|pending|approved|rejected|lapsed|transferred)\b",
        r"\b(?:None|True|False|null|undefined|NaN)\b",
        r"\bPage \d|\bPage\b",
        r"\b(?:Next|Previous|First|Last|Submit|Save|Delete|Cancel|Search|Filter|Unknown|Yes|No)\b",
        r"(?i)\b(?:required|this field|enter a valid|select a valid|ensure this|invalid|is not|please|must be)\b",
        r"(?i)\b(?:the|this|that|these|those|and|or|of|to|with|from|for|an)\b",
    )
]

SILENT = {"script", "style", "template", "noscript"}
READ_ATTRIBUTES = {"placeholder", "title", "alt", "aria-label"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag, attrs):
        if tag in SILENT:
            self._silent += 1
        attrs = dict(attrs)
        self.parts += [v for k, v in attrs.items() if k in READ_ATTRIBUTES and v]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in SILENT and self._silent:
            self._silent -= 1

    def handle_data(self, data):
        if not self._silent and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return "\n".join(reader.parts)


def english_in(html: str) -> list[str]:
    """Each line of visible text that holds English, with the English found in it."""
    found = []
    for line in visible_text(html).splitlines():
        hits = sorted({m.group(0) for pattern in ENGLISH for m in pattern.finditer(line)})
        if hits:
            found.append(f"{hits} in {line[:120]!r}")
    return found
