"""Cues that a page's article has ended: comment forms and threads, author boxes.

Below an article come the comments, the author's box and the site's lists; the dump
reader stops reading the article's text at the first of these cues (``_Reader._body``).
On a page copied as one line the cues stand anywhere inside a run-in piece; on a page
with its lines they must open a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["ends_article"]

#: The required fields of a comment form, copied as one line: "Name * E-Mail *", "Имя * E-mail *".
_FORM_FIELDS = re.compile(r"(?<!\w)[^\W\d_]+:?\s?\*\s+e-?mail(?:-\w+)?:?\s?\*", re.IGNORECASE)
#: The heading of a blog's comment thread, a count and the post's title: "5 thoughts on
#: “Title”", "34 responses to “Title”", "3 Kommentare zu „Title“", "Ein Kommentar zu ...".
#: Group 1 is the title's opening quote: on a page copied as one line only a quoted title counts
#: ("1 Comment on Title" also stands in a post's byline line, above the text).
_THREAD_HEADING = re.compile(
    r"(?<!\w)(?=[\dOoEeUuYy])(?i:\d{1,5}|One|Ein|Eine|En|Et|Un|Une|Uno|Una|Um|Uma|Yksi|Eitt)\s+"
    r"(?i:comments?|thoughts?|responses?|replies|reply|kommentare?|antworten|reaktionen|kommentarer?|"
    r"svar|commentaires?|comentarios?|commenti|comentários?|reacties|kommenttia?|athugasemdi[rn]?)\s+"
    r"(?i:on|to|zu|til|på|till|auf|sur|en|a|su|em|op|aan|við)\s+(?:([\"“”„«‘'])|[A-ZÀ-ÞА-Я0-9])")

#: An author box below the text: a label, the author's name and a sentence about them that
#: names them again ("About Jane Doe Jane Doe is a ...", "Über Steffi 1009 Artikel Ich bin Steffi").
_AUTHOR_BOX = re.compile(
    r"(?i:About the author|Über den Autor|Über die Autorin|Om forfatteren|Om skribenten|Sobre o autor|"
    r"Sobre el autor|À propos de l'auteur|Written by|About|Author|Autorin|Autor|Über|Om|Tekijä|Auteur|"
    r"Sobre)\s*:?\s+"
    r"([A-ZÀ-ÞÆØÅÄÖ][\w'’-]+)(?:\s+[A-ZÀ-ÞÆØÅÄÖ][\w'’-]+){0,2}\s.{0,60}?(?<!\w)\1(?!\w)", re.DOTALL)


#: A blog post's footer: who posted it and at what time ("Posted by K A at 12:11 PM",
#: "Eingestellt von der Michel um 21:11", Blogger's and WordPress's phrases in each language).
_POSTED_BY = re.compile(
    r"(?<!\w)(?:Posted by|Eingestellt von|Veröffentlicht von|Publicado por|Publié par|Pubblicato da|"
    r"Geplaatst door|Upplagd av|Publicerad av|Lagt inn av|Publisert av|Indsendt af|Lähettänyt|"
    r"Postado por|Opublikowane przez|Birt af)\s+\S+(?:\s+\S+){0,3}?\s+"
    r"(?:at|um|à|a las|alle|om|às|kl\.?|klo|o|kell)\s+\d{1,2}[:.]\d\d(?!\d)")

#: An author box that counts the author's posts: "Über Luis Holuch 257 Artikel Seit 2010 ...",
#: "Jule Radeck 300 posts Jule Radeck studierte ...".
_AUTHOR_COUNT = re.compile(
    r"(?:(?<!\w)(?i:About|Über|Om|Sobre|À propos de)\s+)?(?<!\w)[A-ZÀ-ÞÆØÅÄÖ][\w'’-]+(?:\s+[A-ZÀ-ÞÆØÅÄÖ][\w'’-]+){1,2}"
    r"\s+\d{1,5}\s+(?:Artikel|Beiträge|Posts|posts|Articles|articles|artikler|artiklar|inlägg|innlegg|artículos|articoli)(?!\w)")

#: Cheap tests that a piece may hold a post's footer (a time) or an author box's count.
_CLOCK = re.compile(r"\d[:.]\d\d")
_COUNT = re.compile(r"\d\s+[A-Za-zäåö]")

def _footer(text: str, find: Callable[[re.Pattern[str], str], re.Match[str] | None]) -> bool:
    """A post's footer or an author box that counts posts, found by ``find`` (a line must
    open with it, a run-in piece may hold it anywhere); the cheap tests come first."""
    return bool(_CLOCK.search(text) and find(_POSTED_BY, text) or _COUNT.search(text) and find(_AUTHOR_COUNT, text))


#: A line or piece this short may be an author box's label and name ("Über Moritz Bachmann").
AUTHOR_LABEL_CHARS = 60


def ends_article(text: str, comments: re.Pattern[str], run_in: bool, following: str = "") -> bool:
    """Whether ``text`` (a line, or a piece of a page copied as one line when ``run_in``)
    starts what comes after the article; ``comments`` matches the comment headings of
    ``markers.toml`` ("Leave a Reply", "Schreibe einen Kommentar"); ``following`` is the
    line or piece after it (an author box's label and name may stand apart from its text)."""
    if _AUTHOR_BOX.match(f"{text} {following}" if following and len(text) < AUTHOR_LABEL_CHARS else text):
        return True
    if not run_in:
        return bool(comments.match(text) or _THREAD_HEADING.match(text) or _footer(text, re.Pattern.match))
    if _footer(text, re.Pattern.search):
        return True
    if comments.search(text):
        return True
    thread = _THREAD_HEADING.search(text)
    return bool(thread and thread.group(1)) or ("*" in text and bool(_FORM_FIELDS.search(text)))
