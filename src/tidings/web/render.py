"""HTML fragments built in Python: the timeline chart (inline SVG) and marked-up text.

Both take scraped text, so both escape every piece of it with markupsafe before
adding any markup of their own; nothing here trusts its input.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

from ..model import Article

__all__ = ["PALETTE", "language_colour", "marked_paragraphs", "snippet_html", "timeline_svg"]

# Colour-blind-safe (Okabe-Ito); a language keeps its colour on every chart of a page.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]


def language_colour(languages: list[str], lang: str) -> str:
    return PALETTE[languages.index(lang) % len(PALETTE)] if lang in languages else "#777"


def timeline_svg(points: list[dict[str, Any]], title: str = "Articles per day by language",
                 max_days: int = 120) -> Markup:
    """A stacked bar chart of articles per day, one colour per language, with a legend.

    Rendered on the server so it needs no JavaScript; a visually hidden table
    beside it (in the template) carries the same numbers for screen readers.
    """
    if not points:
        return Markup('<p class="empty">No dated articles.</p>')
    days = sorted({date.fromisoformat(p["day"]) for p in points})
    first, last = days[0], days[-1]
    if (last - first).days >= max_days:
        first = last - timedelta(days=max_days - 1)
    span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    langs = sorted({p["language"] for p in points})
    per_day: dict[str, dict[str, int]] = defaultdict(dict)
    for p in points:
        per_day[p["day"]][p["language"]] = p["count"]
    top = max(sum(v.values()) for v in per_day.values()) or 1
    width, height, left, bottom = 640, 180, 30, 30
    bar = max(2.0, (width - left - 10) / len(span))
    parts = [f'<svg class="timeline" viewBox="0 0 {width} {height + 24}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>",
             f'<text x="0" y="12" class="axis">{top}</text>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
             f'stroke="#999"/>']
    scale = (height - bottom - 16) / top
    for i, day in enumerate(span):
        x = left + i * bar
        y = height - bottom
        for lang in langs:
            n = per_day.get(day.isoformat(), {}).get(lang, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            parts.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                         f'fill="{language_colour(langs, lang)}" data-lang="{escape(lang)}">'
                         f"<title>{day.isoformat()} {escape(lang)}: {n}</title></rect>")
        if i == 0 or i == len(span) - 1 or (len(span) <= 14):
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" class="axis" '
                         f'text-anchor="middle">{day.strftime("%d %b")}</text>')
    lx = left
    for lang in langs:
        parts.append(f'<rect x="{lx}" y="{height + 4}" width="12" height="12" '
                     f'fill="{language_colour(langs, lang)}"/>'
                     f'<text x="{lx + 16}" y="{height + 14}" class="legend">{escape(lang)}</text>')
        lx += 16 + 10 * len(lang) + 14
    parts.append("</svg>")
    return Markup("".join(parts))


def _spans(article: Article, text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, label) of entity mentions and quotes, without overlaps."""
    spans: list[tuple[int, int, str, str]] = []
    for q in article.quotes:
        at = text.find(q.text) if q.text else -1
        if at >= 0:
            spans.append((at, at + len(q.text), "quote", f"quote: {q.speaker or 'unknown speaker'}"))
    for m in article.mentions:
        start, end = m.start, m.end
        if not (0 <= start < end <= len(text)) or text[start:end] != m.surface:
            start = text.find(m.surface)  # offsets lost or shifted: mark the first occurrence
            end = start + len(m.surface)
        if start >= 0 and m.surface:
            spans.append((start, end, f"ent ent-{m.type}", f"{m.type}: {m.surface}"))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
        elif span[2].startswith("ent") and kept[-1][2] == "quote":
            continue  # a name inside a quote: the quote mark wins, keep it simple and flat
    return kept


def marked_paragraphs(article: Article) -> list[Markup]:
    """The clean text (title excluded) as HTML paragraphs, mentions and quotes marked."""
    text = article.text
    spans = _spans(article, text)
    out: list[Markup] = []
    pos = 0
    for para in text.split("\n\n"):
        start, end = pos, pos + len(para)
        pos = end + 2
        if start == 0 and article.title and para == article.title:
            continue  # the title is the page heading
        html: list[str] = []
        cursor = start
        for s, e, kind, label in spans:
            if e <= start or s >= end:
                continue
            s, e = max(s, start), min(e, end)
            html.append(str(escape(text[cursor:s])) if s > cursor else "")
            tag = "q" if kind == "quote" else "mark"
            html.append(f'<{tag} class="{kind}" title="{escape(label)}">{escape(text[s:e])}</{tag}>')
            cursor = e
        html.append(str(escape(text[cursor:end])))
        out.append(Markup("".join(html)))
    return out


def snippet_html(snippet: str) -> Markup:
    """A search snippet: escaped text, the \\x02..\\x03 match markers turned into <mark>."""
    return Markup(str(escape(snippet)).replace("\x02", "<mark>").replace("\x03", "</mark>"))
