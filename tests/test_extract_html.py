"""HTML extraction: main text, metadata from JSON-LD and meta tags, authors, outlet."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tidings.extract.authors import clean_authors, is_organisation, organisations
from tidings.extract.html import NoMainText, extract_html, outlet_of

PARA = ("The council voted on Tuesday to extend the harbour by two hundred metres, "
        "a plan that has divided the town for more than a decade. ")

PAGE = f"""<html lang="sv"><head><title>Hamnen byggs ut | Kustbladet</title>
<link rel="canonical" href="https://www.kustbladet.se/nyheter/hamnen">
<meta property="article:published_time" content="2024-03-01T08:15:00+01:00">
<meta property="article:modified_time" content="2024-03-02T10:00:00+01:00">
<meta property="article:tag" content="Hamnen"><meta property="article:tag" content="Kommunen">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Hamnen byggs ut",
 "author": [{{"@type": "Person", "name": "Anna Berg"}}, {{"@type": "Organization", "name": "TT"}}]}}</script>
</head><body><nav><a href="/">Start</a> <a href="/sport">Sport</a></nav>
<article><h1>Hamnen byggs ut</h1><p>{PARA * 3}</p><p>Dela artikeln</p><p>{PARA.replace('council', 'board') * 2}</p>
<figure><img src="x.jpg"><figcaption>Hamnen i dag.</figcaption></figure></article>
<footer>Copyright Kustbladet</footer></body></html>"""


def test_html_article_fields():
    a = extract_html(PAGE.encode(), source="page.html", fetched=datetime(2024, 6, 1))
    assert a.title == "Hamnen byggs ut"
    assert a.url == "https://www.kustbladet.se/nyheter/hamnen"
    assert a.outlet == "kustbladet.se"
    assert a.published == datetime(2024, 3, 1, 8, 15) and a.date_reliable
    assert a.updated == datetime(2024, 3, 2, 10, 0)
    assert a.authors == ["Anna Berg", "TT"] and a.author_organisations == ["TT"]
    assert a.tags == ["Hamnen", "Kommunen"]
    assert a.lead.startswith("The council voted")
    text = a.body_text
    assert "board voted" in text and "Dela artikeln" not in text and "Copyright" not in text
    assert "Sport" not in text


def test_no_date_later_than_fetch_time():
    a = extract_html(PAGE.encode(), source="page.html", fetched=datetime(2024, 1, 1))
    # The page claims March 2024 but was saved in January: the claim is refused and
    # whatever date is kept is not later than the file time.
    assert a.published is not None and a.published <= date(2024, 1, 1)
    assert a.extras.get("date_source") != "meta" and a.updated is None


def test_deeply_nested_html_gets_a_reason():
    html = "<html><body>" + "<div>" * 100_000 + "<p>text</p>" + "</div>" * 100_000 + "</body></html>"
    with pytest.raises(NoMainText, match="nested deeper"):
        extract_html(html, source="deep.html")


def test_outlet_of():
    assert outlet_of("https://www.svd.se/a/x") == "svd.se"
    assert outlet_of("http://m.mbl.is/frettir/1") == "mbl.is"
    assert outlet_of("https://yle.fi/a/1") == "yle.fi"
    assert outlet_of(None) is None and outlet_of("not a url") is None


@pytest.mark.parametrize("raw, names, orgs", [
    (["By Jane Doe and John Smith"], ["Jane Doe", "John Smith"], []),
    (["Von Benjamin Fischer und Marcus Theurer"], ["Benjamin Fischer", "Marcus Theurer"], []),
    (["Jane Doe | Email the author"], ["Jane Doe"], []),
    (["Text: Anna Svensson, TT"], ["Anna Svensson", "TT"], ["TT"]),
    (["dpa/AFP"], ["dpa", "AFP"], ["dpa", "AFP"]),
    (["Redaktionen"], ["Redaktionen"], ["Redaktionen"]),
    (["NTB", "ntb"], ["NTB"], ["NTB"]),
    (["Staff Reporter"], ["Staff Reporter"], ["Staff Reporter"]),
])
def test_authors(raw, names, orgs):
    assert clean_authors(raw) == names
    assert organisations(names) == orgs


def test_person_is_not_an_organisation():
    assert not is_organisation("Kari Nordmann") and is_organisation("Ritzau")


# --- dates of HTML pages: source precedence, published vs updated, time zones ---------------
def _page(head: str = "", body: str = "", lang: str = "de") -> bytes:
    text = " ".join([PARA] * 4)
    return (f'<html lang="{lang}"><head><title>Der Hafen wird ausgebaut | Kurier</title>{head}</head>'
            f"<body><nav><ul><li><a href='/a'>Archiv 12. Mai 2012</a></li></ul></nav>"
            f"<article>{body}<p>{text}</p></article></body></html>").encode()


def _published(head: str = "", body: str = "", url: str | None = None):
    a = extract_html(_page(head, body), source="p.html", url=url, fetched=datetime(2024, 6, 1))
    return a.published, a.extras.get("date_source"), a.updated


def test_date_line_next_to_the_headline():
    # No structured date: the date printed under the headline, not the menu's or the text's.
    body = ("<h1>Der Hafen wird ausgebaut</h1><div class='meta'><span>Von Anna Berg</span>"
            "<span>Veröffentlicht am 3. März 2024, 08:15</span></div>"
            "<p>Am 1. Februar 2024 hatte der Rat noch anders entschieden, wie alle wissen.</p>")
    assert _published(body=body)[:2] == (datetime(2024, 3, 3, 8, 15), "page")


def test_date_line_above_the_headline_and_update_labels():
    body = ("<p class='kicker'>Politik | 04.03.2024</p><h1>Der Hafen wird ausgebaut</h1>"
            "<p>Aktualisiert am 05.03.2024</p>")
    assert _published(body=body)[:2] == (date(2024, 3, 4), "page")
    # An "updated" line alone is not taken for the publication date.
    body = "<h1>Der Hafen wird ausgebaut</h1><p>Aktualisiert: 05.03.2024</p>"
    assert _published(body=body)[1] != "page"


def test_time_element_value_is_used_and_relative_text_ignored():
    body = ("<h1>Der Hafen wird ausgebaut</h1>"
            "<time datetime='2024-03-02T09:30:00+01:00'>vor 3 Tagen</time>")
    assert _published(body=body)[0] == datetime(2024, 3, 2, 9, 30)


def test_headline_date_outranks_a_generic_meta_date():
    # "date"/"dc.date" is often the record's last change; the date shown with the headline wins.
    head = '<meta name="date" content="2024-03-09">'
    body = "<h1>Der Hafen wird ausgebaut</h1><p>12.02.2024</p>"
    assert _published(head, body)[0] == date(2024, 2, 12)
    # ... but a field that names the publication outranks the page text.
    head += '<meta property="article:published_time" content="2024-02-10T07:00:00+01:00">'
    assert _published(head, body)[:2] == (datetime(2024, 2, 10, 7, 0), "meta")


def test_published_told_from_updated():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2024-02-01T10:00:00+01:00", "dateModified": "2024-03-01T10:00:00+01:00"}'
            "</script>")
    body = "<h1>Der Hafen wird ausgebaut</h1><p>Stand: 01.03.2024</p>"
    published, source, updated = _published(head, body)
    assert (published, source, updated) == (datetime(2024, 2, 1, 10, 0), "jsonld", datetime(2024, 3, 1, 10, 0))


def test_utc_time_moved_to_the_publishers_day():
    # 22:04 UTC is already the next day where the page's other stamps say it was written.
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2019-10-18T22:04:00Z"}</script>'
            '<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">')
    assert _published(head)[0] == datetime(2019, 10, 19, 0, 4)
    # Without any local offset on the page, a date in the URL one day off settles the day.
    head = '<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">'
    assert _published(head, url="https://example.com/2020/02/24/slug/")[0] == date(2020, 2, 24)
    # Far from midnight, or with the URL agreeing, nothing moves.
    assert _published(head, url="https://example.com/2020/02/25/slug/")[0] == datetime(2020, 2, 25, 2, 25)


def test_meta_dates_in_other_formats():
    for content, value in [("2022-5-5 22:17:36", datetime(2022, 5, 5, 22, 17)),
                           ("Di., 25.01.2022 - 14:45", date(2022, 1, 25)),
                           ("Tue Feb 20 2018 01:00:00 GMT+0100", date(2018, 2, 20))]:
        head = f'<meta property="article:published_time" content="{content}">'
        assert _published(head)[0] == value, content


def test_no_future_date_from_any_source():
    head = '<meta property="article:published_time" content="2030-01-01T10:00:00+01:00">'
    body = "<h1>Der Hafen wird ausgebaut</h1><p>01.01.2030</p><p>15.05.2024</p>"
    published, _, _ = _published(head, body)
    assert published == date(2024, 5, 15)


def test_menu_dates_and_yearless_dates_are_not_publication_dates():
    body = "<h1>Der Hafen wird ausgebaut</h1><p>26. Mai</p>"
    published, source, _ = _published(body=body)
    assert source != "page" and published != date(2024, 5, 26)


@pytest.mark.parametrize("line, value", [
    ("Publisert 15.03.2024 10:48 Oppdatert 16.03.2024 08:00", datetime(2024, 3, 15, 10, 48)),
    ("Oppdatert 16.03.2024 08:00 · Publisert 15.03.2024 10:48", datetime(2024, 3, 15, 10, 48)),
    ("Julkaistu 16.3.2024 klo 12.05 | Päivitetty 17.3.2024 klo 14.10", datetime(2024, 3, 16, 12, 5)),
    ("Birt: 13. júlí 2023 kl. 07:53", datetime(2023, 7, 13, 7, 53)),
    ("Uppdaterad 2024-03-02 · Publicerad 2024-03-01", date(2024, 3, 1)),
])
def test_nordic_date_lines_tell_published_from_updated(line, value):
    body = f"<h1>Der Hafen wird ausgebaut</h1><div class='byline'>{line}</div>"
    assert _published(body=body)[:2] == (value, "page")
