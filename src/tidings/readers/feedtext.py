"""Text out of a feed entry's HTML: paragraphs, subheadings, captions and credits.

Feed content (``content:encoded``, Atom ``content``, a summary) is HTML, often escaped
once more than it should be; :func:`html_parts` reads its paragraphs, subheadings and
figure captions, :func:`plain_text` its text, and :func:`split_caption` parts a caption
from the photo credit at its end ("... Vísir/Vilhelm").  Used by :mod:`.feed`.
"""

from __future__ import annotations

import html
import re
from functools import cache

from ..extract.blocks import is_credit_token, words
from ..extract.markers import markers
from .text import repair_text

__all__ = ["html_parts", "plain_text", "split_caption", "unlabelled"]

_BLOCK = frozenset({"p", "div", "li", "blockquote", "pre", "dd", "dt", "tr", "section", "article",
                    "header", "footer", "main", "ul", "ol", "dl", "table", "tbody", "thead",
                    "address", "center", "details", "summary", "hr"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIP = frozenset({"script", "style", "noscript", "iframe", "object", "embed", "form", "button",
                   "svg", "select", "textarea", "template", "head", "title", "audio", "video"})
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
_ESCAPED_TAG = re.compile(r"&lt;\s*/?\s*(?:p|br|div|a|b|i|em|strong|span|img|ul|li|h\d)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WS = re.compile(r"\s+")


# --------------------------------------------------------------------------- text out of entry HTML

class _Text:
    """The parts of an entry's HTML: paragraphs, headings, captions and links, in order."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str]] = []  # (kind, text): kind "p", "h" or "caption"
        self.links: list[str] = []
        self._buf: list[str] = []

    def flush(self, kind: str = "p") -> None:
        text = _WS.sub(" ", "".join(self._buf)).strip()
        self._buf.clear()
        if text:
            self.blocks.append((kind, text))

    def walk(self, el: Any) -> None:
        tag = el.tag.lower().rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP:  # comments, processing instructions, scripts
            self._buf.append(el.tail or "")
            return
        if tag == "a" and el.get("href"):
            self.links.append(el.get("href").strip())
        if tag in _HEADINGS or tag == "figcaption":
            self.flush()
            self._buf.append(el.text_content())
            self.flush("h" if tag in _HEADINGS else "caption")
            for a in el.iter("a"):
                if a.get("href"):
                    self.links.append(a.get("href").strip())
            self._buf.append(el.tail or "")
            return
        block = tag in _BLOCK or tag == "br" or tag == "figure"
        if block:
            self.flush()
        self._buf.append(el.text or "")
        for child in el:
            self.walk(child)
        if block:
            self.flush()
        self._buf.append(el.tail or "")


def _unescape_twice(value: str) -> str:
    """HTML that a feed escaped twice ("&lt;p&gt;" inside the already-escaped element) is unescaped once more."""
    if _ESCAPED_TAG.search(value) and "<" not in value.replace("<![CDATA[", ""):
        return html.unescape(value)
    return value


def html_parts(value: str) -> _Text:
    """Paragraphs, headings, captions and links of an HTML fragment (or plain text)."""
    import lxml.html

    parts = _Text()
    value = _unescape_twice(value)
    if "<" not in value:
        # Plain text: paragraphs are separated by blank lines (or by line breaks).
        sep = "\n\n" if "\n\n" in value.strip() else "\n"
        for para in html.unescape(value).split(sep):
            parts._buf.append(para)
            parts.flush()
        return _repaired(parts)
    try:
        root = lxml.html.fragment_fromstring(value, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises its own tree of errors on odd markup
        parts._buf.append(re.sub(r"<[^>]*>", " ", value))
        parts.flush()
        return parts
    parts.walk(root)
    parts.flush()
    # Text escaped twice leaves entities in the text ("&amp;" after parsing): decode them once more.
    parts.blocks = [(k, html.unescape(t) if _ENTITY.search(t) else t) for k, t in parts.blocks]
    return _repaired(parts)


def _repaired(parts: _Text) -> _Text:
    """UTF-8 that a feed's producer had read as cp1252 ("Ã¤" for "ä") is repaired, as in text dumps."""
    fixed, repaired = repair_text("\n".join(t for _, t in parts.blocks))
    lines = fixed.split("\n")
    if repaired and len(lines) == len(parts.blocks):
        parts.blocks = [(k, line) for (k, _), line in zip(parts.blocks, lines)]
    return parts


def plain_text(value: str | None, kind: str | None = None) -> str:
    """One line of text from a title or caption that may be HTML (type text/html) or escaped."""
    if not value:
        return ""
    if kind and "html" not in kind:
        # Plain text, already decoded by feedparser: an entity left in it was escaped twice.
        value = html.unescape(value) if _ENTITY.search(value) else value
    elif "<" in value or _ENTITY.search(value):
        value = " ".join(t for _, t in html_parts(value).blocks)
    return _WS.sub(" ", repair_text(value)[0]).strip()



# --------------------------------------------------------------------------- credits and captions

@cache
def _photo_tail() -> re.Pattern[str]:
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in markers().longest_first("photo"))
    return re.compile(rf"(?:^|(?<=[\s.!?(|–—-]))(?:{alt})\s*:\s*(?P<credit>[^:]{{2,80}}?)[\s)]*$",
                      re.IGNORECASE)


def split_caption(caption: str) -> tuple[str, str | None]:
    """(caption, credit): "Fiskebåtar i hamnen. Foto: Anna Berg/TT" -> the two apart."""
    m = _photo_tail().search(caption)
    if m:
        return caption[: m.start()].strip(" |–—-(/"), m.group("credit").strip()
    pieces = _SENTENCE_END.split(caption)
    last = pieces[-1].strip(" ()")
    if len(pieces) > 1 and len(words(last)) <= 4 and is_credit_token(last + " X") == last:
        return " ".join(pieces[:-1]).strip(), last  # an unlabelled credit: "... Vísir/Vilhelm"
    return caption, None


def unlabelled(text: str) -> str:
    """"Foto: TT" -> "TT"; text without a label is returned as it is."""
    m = markers().labelled.match(text)
    return (m.group("rest") or "").strip() if m else text.strip()
