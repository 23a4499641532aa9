"""Benchmark: feed entries with full content, read by the feed reader vs. the HTML-page path.

There is no public feed set with gold text here, so the feed is generated
(deterministic, seed 7): N entries in RSS 2.0 with ``content:encoded`` holding
P paragraphs of made-up sentences, one subheading and, in every other entry, a
figure whose caption ends in a photo credit.  Both systems get the same entries:

* ``feed-reader``: :func:`tidings.readers.feed.read_feed` on the whole feed
  (the content read block by block, then the shared paragraph cleaning);
* ``extract_html``: each entry's content wrapped in a page (``<title>``,
  ``<h1>``, the content in ``<article>``) and given to
  :func:`tidings.extract.html.extract_html` (trafilatura's main-text search), the
  path a page takes.

Scored per entry: all paragraphs recovered, each as its own paragraph
(lead + body, less the subheading, equal to the generated paragraphs); the
subheading kept out of the body; caption and credit told apart.  Speed is CPU time of this process.

    python benchmarks/bench_feed.py --entries 300
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import datetime
from html import escape

_WORDS = ("regeringen fiskare kvoterna hamnen ministern kommunen budgeten vården skolan byarna "
          "kusten båtarna förslaget oppositionen domstolen polisen forskarna vädret stormen "
          "meddelade sade protesterade beslutade kritiserade föreslog rapporterade varnade "
          "under efter inför mellan trots enligt sedan också ännu redan").split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def make_feed(n: int, paragraphs: int, seed: int = 7) -> tuple[bytes, list[dict]]:
    rng = random.Random(seed)
    items, gold = [], []
    for i in range(n):
        paras = [" ".join(_sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(paragraphs)]
        heading = " ".join(rng.choice(_WORDS) for _ in range(3)).capitalize()
        caption = _sentence(rng) if i % 2 == 0 else None
        parts = [f"<p>{escape(p)}</p>" for p in paras]
        parts.insert(paragraphs // 2, f"<h2>{escape(heading)}</h2>")
        if caption:
            parts.insert(1, f'<figure><img src="/i/{i}.jpg"/><figcaption>{escape(caption)} '
                            f"Foto: Anna Berg/TT</figcaption></figure>")
        title = f"Nyhet nummer {i}: " + " ".join(rng.choice(_WORDS) for _ in range(5))
        items.append(f"<item><title>{escape(title)}</title><link>https://news.example/a/{i}</link>"
                     f"<pubDate>Fri, 22 Nov 2024 08:00:00 +0100</pubDate>"
                     f"<content:encoded><![CDATA[{''.join(parts)}]]></content:encoded></item>")
        gold.append({"title": title, "paras": paras, "heading": heading, "caption": caption,
                     "content": "".join(parts)})
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>'
            '<link>https://news.example/</link>' + "".join(items) + "</channel></rss>")
    return feed.encode("utf-8"), gold


def _score(articles: list, gold: list[dict]) -> dict[str, float]:
    exact = heading_out = captions = 0
    for a, g in zip(articles, gold):
        got = [p for p in [a.lead, *a.body] if p] if a is not None else []
        exact += [p for p in got if p != g["heading"]] == g["paras"]  # the heading is scored apart
        heading_out += a is not None and g["heading"] not in got
        if g["caption"]:
            captions += a is not None and a.image_captions == [g["caption"]] and a.photo_credits == ["Anna Berg/TT"]
    n = len(gold)
    with_caption = sum(1 for g in gold if g["caption"])
    return {"paragraphs exact": exact / n, "subheading out of body": heading_out / n,
            "caption and credit apart": captions / max(with_caption, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--paragraphs", type=int, default=6)
    args = parser.parse_args()

    from tidings.errors import InputError
    from tidings.extract.html import extract_html
    from tidings.pipeline import RunReport
    from tidings.readers.feed import read_feed

    data, gold = make_feed(args.entries, args.paragraphs)
    fetched = datetime(2024, 11, 23)
    rows = []
    start = time.process_time()
    articles = list(read_feed(data, source="bench.rss", fetched=fetched, report=RunReport()))
    rows.append(("feed-reader", articles, time.process_time() - start))

    start = time.process_time()
    pages = []
    for i, g in enumerate(gold):
        page = (f"<html><head><title>{escape(g['title'])}</title></head><body><article>"
                f"<h1>{escape(g['title'])}</h1>{g['content']}</article></body></html>")
        try:
            pages.append(extract_html(page, source=f"bench#{i}", url=f"https://news.example/a/{i}",
                                      fetched=fetched))
        except InputError:
            pages.append(None)
    rows.append(("extract_html", pages, time.process_time() - start))

    print(f"{args.entries} generated entries, {args.paragraphs} paragraphs each\n")
    print("| system | entries/s | paragraphs exact | subheading out of body | caption and credit apart |")
    print("|---|---:|---:|---:|---:|")
    for name, arts, seconds in rows:
        s = _score(arts, gold)
        print(f"| {name} | {len(gold) / seconds:.0f} | {s['paragraphs exact']:.3f} | "
              f"{s['subheading out of body']:.3f} | {s['caption and credit apart']:.3f} |")


if __name__ == "__main__":
    main()
