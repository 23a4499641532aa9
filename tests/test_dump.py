"""Extraction from text dumps in shapes and languages other than the seeds."""

from __future__ import annotations

from datetime import date, datetime

from dump_helpers import ARTICLE, FETCHED, RECENT, extract, one_line_page, text_of

NB = """Forsiden
Nyheter
Sport
Strømprisen stiger igjen i Sør-Norge
Av Kari Nordmann og Ola Berg
Publisert 15.03.2026 10:48
Oppdatert 15.03.2026 12:02
Strømprisen i Sør-Norge er igjen på vei opp etter en kald helg.
– Vi ser at magasinene tømmes raskere enn normalt, sier analytiker Per Hansen til NTB.
Tørr vinter
Nedbøren har vært under normalen hele vinteren, ifølge Statkraft.
Les også: Regjeringen vurderer ny strømstøtte
Del artikkelen
Foto: NTB
Mest lest
Ti ting du ikke visste om laks
Ny rekord på Holmenkollen
Slik blir været i påsken
"""

DA = """Byrådet i Aarhus vedtager nyt budget
16. marts 2026 kl. 08.15
Af Mette Frederiksen Jensen
Byrådet i Aarhus har vedtaget et budget med flere penge til skolerne.
Budgettet blev vedtaget med stemmer fra et bredt flertal.
Borgmesteren kalder det et historisk løft for folkeskolen.
Budgettet blev vedtaget med stemmer fra et bredt flertal.
Læs også: Lærerne glæder sig over flere timer
Mest læste
Storm lukker Storebæltsbroen
Ny metro åbner til sommer
"""

EN = """Storm closes ports along the coast
By Jane Doe and John Roe
March 15, 2026
A winter storm closed ports along the coast on Sunday.
"We have never seen waves like this," said harbour master Tom Reed.
Ferries will stay in port until Monday, the operator said.
Read more: Flights cancelled as storm moves inland
Photo: Reuters

2 March 2026

Markets rally after rate decision
March 16, 2026
Stocks rose on Monday after the central bank held rates steady.
Analysts had expected the decision for weeks.
"""


def test_norwegian_page_with_navigation():
    [a] = extract(NB)
    assert a.title == "Strømprisen stiger igjen i Sør-Norge"
    assert a.authors == ["Kari Nordmann", "Ola Berg"]
    assert a.published == datetime(2026, 3, 15, 10, 48) and a.date_reliable
    assert a.updated == datetime(2026, 3, 15, 12, 2)
    assert a.lead == "Strømprisen i Sør-Norge er igjen på vei opp etter en kald helg."
    assert a.subheadings == ["Tørr vinter"]
    assert a.related_titles == ["Regjeringen vurderer ny strømstøtte"]
    assert a.photo_credits == ["NTB"]
    body = a.body_text
    for leaked in ("Forsiden", "Sport", "Del artikkelen", "Mest lest", "Ti ting", "Holmenkollen"):
        assert leaked not in body and leaked not in (a.lead or "")


def test_danish_repeated_paragraph_kept_once():
    [a] = extract(DA)
    assert a.authors == ["Mette Frederiksen Jensen"]
    assert a.published == datetime(2026, 3, 16, 8, 15)
    assert a.body_text.count("Budgettet blev vedtaget") == 1
    assert a.related_titles == ["Lærerne glæder sig over flere timer"]
    assert "Storm lukker" not in a.body_text


def test_two_english_articles_and_a_stray_date():
    first, second = extract(EN)
    assert first.title == "Storm closes ports along the coast"
    assert first.authors == ["Jane Doe", "John Roe"]
    assert first.published == date(2026, 3, 15)
    assert first.photo_credits == ["Reuters"]
    assert first.related_titles == ["Flights cancelled as storm moves inland"]
    assert second.title == "Markets rally after rate decision"
    assert second.published == date(2026, 3, 16)
    assert second.lead.startswith("Stocks rose")
    for a in (first, second):
        assert "2 March 2026" not in a.body_text
    assert first.position == 0 and second.position == 1


def test_no_date_falls_back_to_file_time_unreliably():
    [a] = extract("Ett kort meddelande\n\nKommunen stänger badhuset under sommaren för renovering.\n")
    assert a.title == "Ett kort meddelande"
    assert a.published == FETCHED.date() and not a.date_reliable


def test_nothing_but_navigation_gives_no_article():
    assert extract("Mest läst\nEtt\nTvå\nTre\n") == []


def test_bare_name_byline_and_closing_agency():
    text = ("Uusi silta avattiin Oulussa\n16.3.2026 12:05\nLaura Mäkelä\n"
            "Oulun uusi silta avattiin liikenteelle maanantaina.\n"
            "Sillan rakentaminen kesti kolme vuotta.\n(STT)\n")
    [a] = extract(text)
    assert a.authors == ["Laura Mäkelä", "STT"]
    assert a.lead == "Oulun uusi silta avattiin liikenteelle maanantaina."
    assert "(STT)" not in a.body_text and "Laura" not in a.body_text


MENU_PAGE = "\n".join(
    ["Home", "World", "Politics", "Business", "Sports", "Subscribe", "Sign in",
     "Science", "Ocean heat breaks another record",
     "By Ann Lee",
     "Sea surface temperatures reached a new high in March, researchers said on Monday.",
     "The readings come from a network of buoys that has measured the oceans since 2004.",
     "Share", "Advertisement",
     "Scientists expect the warm water to weaken sea ice in the Arctic later this year.",
     "Most Popular", "Ten cheap flights", "A new phone", "Best pizza in town", "Weather",
     "Contact us", "Privacy policy", "Terms of use"])


def test_menus_and_lists_stay_out_of_the_body():
    [a] = extract(MENU_PAGE)
    assert a.title == "Ocean heat breaks another record"
    assert a.authors == ["Ann Lee"]
    assert a.lead.startswith("Sea surface temperatures")
    assert len(a.body) == 2 and a.body[1].startswith("Scientists expect")
    text = a.body_text + (a.lead or "")
    for junk in ("Home", "Subscribe", "Share", "Advertisement", "Ten cheap", "Privacy"):
        assert junk not in text


COMMENTS = [line for k in range(8) for line in (
    f"reader{k} says:", f"November {k + 1}, 2026 at 10:0{k} am",
    f"I have lived in this city for {k + 10} years and the buses have never been this expensive, "
    "so any cut in the price of tickets is welcome news for everyone who takes them to work.")]


def test_comment_thread_below_the_article_is_not_the_article():
    page = "\n".join(["Home", "News", "Council approves budget", *ARTICLE, "Share this:", "Facebook",
                      "Twitter", "8 Comments", *COMMENTS, "Leave a Reply", "Privacy policy"])
    [a] = extract(page)
    text = "\n".join([a.lead or "", *a.body])
    assert a.lead == ARTICLE[0] and a.body == ARTICLE[1:]
    assert "says" not in text and "lived in this city" not in text


def test_teasers_with_their_own_dateline_are_not_articles():
    teasers = [line for k in range(3) for line in (
        f"Second headline about something else number {k}", f"March {k + 2}, 2026",
        "A single sentence that tells what the other article is about.")]
    page = "\n".join(["Council approves budget", "March 16, 2026", *ARTICLE, "More news", *teasers])
    [a] = extract(page)
    assert a.title == "Council approves budget" and a.body == ARTICLE[1:]


def test_one_line_page_keeps_the_text_and_drops_the_menus():
    page = " ".join(["Home World Politics Business Sports Subscribe Sign In", "Council approves budget",
                     "By Ann Lee", *ARTICLE, "Most Popular Ten Cheap Flights A New Phone Best Pizza In Town",
                     "Contact Us Privacy Policy Terms Of Use"])
    [a] = extract(page)
    text = " ".join([a.lead or "", *a.body])
    for sentence in ARTICLE:
        assert sentence in text
    for junk in ("Subscribe", "Most Popular", "Pizza", "Privacy"):
        assert junk not in text
    # The sentences ran on in the page: they stay one paragraph, none is made up.
    assert a.body == [" ".join(ARTICLE[1:])]


def test_text_without_spaces_is_prose_too():
    page = "\n".join(["ホーム", "ニュース", "市議会が新しい予算を承認",
                      "市議会は月曜日、六時間に及ぶ議論の末に新しい予算を承認した。",
                      "予算は学校への支出を四パーセント増やし、バスの運賃を引き下げる。",
                      "野党は、来年の税収見通しが楽観的すぎると批判した。",
                      "関連記事", "カテゴリ"])
    [a] = extract(page)
    assert a.lead.startswith("市議会は月曜日") and len(a.body) == 2
    assert "関連記事" not in " ".join(a.body)


def test_subheading_stays_in_the_text_where_it_stood():
    # Body text as the page shows it: a heading between paragraphs is part of it (as in
    # an HTML page's text) and is also listed among the subheadings.
    [a] = extract(NB)
    assert a.subheadings == ["Tørr vinter"]
    assert a.body[a.body.index("Tørr vinter") + 1].startswith("Nedbøren har vært")
    assert a.body.count("Tørr vinter") == 1


def test_list_introduced_by_a_colon_is_body():
    page = "\n".join(["Council approves budget", "March 16, 2026", ARTICLE[0],
                      "The budget funds three projects in the coming year:",
                      "A new school in the harbour district", "Cheaper bus tickets",
                      "Longer opening hours at libraries", *ARTICLE[1:], "Home", "Contact"])
    [a] = extract(page)
    items = ["A new school in the harbour district", "Cheaper bus tickets", "Longer opening hours at libraries"]
    assert a.body[1:4] == items and a.subheadings == []
    assert "Home" not in a.body and "Contact" not in a.body


def test_comment_stamps_on_a_one_line_page_end_the_article():
    comments = [f"reader{k} says: November {k + 1}, 2025 at 10:0{k} am {c}" for k, c in enumerate(
        ["I have lived in this city for years and the buses have never been this expensive.",
         "Any cut in the price of tickets is welcome news for everyone who takes them to work.",
         "The schools needed the money more than anything else in this budget, to be honest."] * 3)]
    page = " ".join(["Home News Sports", "Council approves budget", "By Ann Lee", "March 16, 2026",
                     *ARTICLE, "Share this: Facebook Twitter", *comments])
    [a] = extract(page)
    text = " ".join([a.lead or "", *a.body])
    for sentence in ARTICLE:
        assert sentence in text
    assert "says" not in text and "lived in this city" not in text


def test_share_bar_is_counted_but_a_sentence_naming_networks_is_text():
    from tidings.extract.region import _networks

    assert _networks("Share this: Facebook Twitter WhatsApp Email Copy link") == 3
    assert _networks("Teilen mit: Facebook Twitter Drucken E-Mail Mehr Ähnliche Beiträge") == 2
    assert _networks("Facebook and Twitter said on Monday that they would remove the posts.") == 0
    assert _networks("I read it on facebook.") == 0


def test_teaser_list_with_relative_stamps_and_cut_off_excerpts_is_not_the_text():
    teasers = [f"{k + 1}H ago {h} {s}" for k, (h, s) in enumerate([
        ("Storm closes schools across the region", "Officials said the closures would last until the weekend"),
        ("Rail strike enters its third day", "Unions and the operator have not met since the talks broke down"),
        ("Museum reopens after two years", "The collection was moved to a new building near the harbour"),
        ("New bridge opens to traffic", "Drivers can cross the river in five minutes instead of twenty"),
    ] * 3)]
    page = " ".join(["Home News Sports", "Council approves budget", "By Ann Lee", "March 16, 2026",
                     *ARTICLE, "More in Local", *teasers,
                     "Deal Alert: Save on laptops The store is offering its newest models at a discount fo..."])
    [a] = extract(page)
    text = " ".join([a.lead or "", *a.body])
    for sentence in ARTICLE:
        assert sentence in text
    assert "ago" not in text and "Storm closes" not in text and "Deal Alert" not in text


def test_comment_form_notice_ends_the_article():
    page = "\n".join(["Council approves budget", "March 16, 2026", *ARTICLE,
                      "Your email address will not be published. Required fields are marked *",
                      "Comment * Name * Email * Website",
                      "Save my name, email, and website in this browser for the next time I comment and "
                      "the next time after that when I write a longer note."])
    [a] = extract(page)
    assert a.body[-1] == ARTICLE[-1]


def test_table_of_figures_inside_the_text_is_kept():
    rows = ["Stockholm 12 °C", "Oslo 9 °C", "Helsinki 7 °C", "Reykjavik 4 °C", "Copenhagen 11 °C"]
    page = "\n".join(["Home", "News", "Council approves budget", "March 16, 2026", *ARTICLE[:2], *rows,
                      *ARTICLE[2:], "Most read", "Storm closes schools", "Rail strike enters third day"])
    [a] = extract(page)
    assert all(r in a.body for r in rows)
    assert "Storm closes schools" not in a.body


def test_read_more_links_part_teasers_below_the_article():
    teasers = [line for k in range(4) for line in (
        f"Storm closes schools in district {k}",
        f"Officials said the closures in district {k} would last until the weekend, when the roads "
        f"should be clear again and buses run as they did before the storm.", "Read more")]
    page = "\n".join(["Council approves budget", "March 16, 2026", *ARTICLE, *teasers])
    [a] = extract(page)
    # Without the links all four teasers ran on as text; the first, right below the
    # article, still does (nothing parts it from the text).
    assert sum("closures" in p for p in a.body) == 1
    assert all(s in a.body for s in ARTICLE[1:])


def test_comment_form_fields_end_a_one_line_article():
    from tidings.extract.endings import _FORM_FIELDS

    for fields in ("Name * E-Mail * Website", "Имя * E-mail * Комментарий", "Nome * E-mail *",
                   "Name: * E-Mail: *"):
        assert _FORM_FIELDS.search(fields), fields
    assert not _FORM_FIELDS.search("Write to the editor by e-mail * or by post.")
    [a] = extract(one_line_page(*ARTICLE, "Add a note Name * Email * Save my name and email in this browser "
                                "for the next time I write a note, and the next time after that one when I "
                                "come back here again."))
    text = text_of(a)
    assert ARTICLE[-1] in text and "Save my name" not in text and "library" not in text


def test_newsletter_box_parts_the_text():
    box = ["City Newsletter", "Sign up to get the best stories of the week in your inbox, with offers "
           "from our partners and a daily digest of the news from the council and the schools."]
    page = "\n".join(["Council approves budget", "March 16, 2026", *ARTICLE, *box])
    [a] = extract(page)
    assert a.body[-1] == ARTICLE[-1]


def test_navigation_and_comment_headings_of_more_languages_end_the_article():
    fr = ["Le conseil adopte le budget", "16 mars 2026",
          "Le conseil municipal a adopté mardi soir un budget qui donne plus d'argent aux écoles de la ville.",
          "La majorité et une partie de l'opposition ont voté pour, après trois heures de débat.",
          "Le maire parle d'un effort historique pour l'école publique et pour les enseignants."]
    ru = ["Совет утвердил бюджет", "16 марта 2026",
          "Городской совет во вторник вечером утвердил бюджет, в котором больше денег для школ города.",
          "За него проголосовали большинство и часть оппозиции после трёх часов обсуждения в зале.",
          "Мэр назвал это историческим шагом для государственной школы и для учителей города."]
    tails = {0: ["Laisser un commentaire", "Votre adresse e-mail ne sera pas publiée et les champs "
                 "sont indiqués, comme toujours, par une étoile rouge devant chaque case du formulaire."],
             1: ["Вам также может быть интересно", "Шторм закрыл школы в трёх районах",
                 "Новый мост через реку откроют летом", "Цены на жильё снова растут"]}
    # Below: a long footer, so that the page copied as one line is read as a run-in page.
    footer = ["Paris Oslo Moskva " * 150]
    for k, lines in enumerate((fr, ru)):
        for joiner in ("\n", " "):
            [a] = extract(joiner.join([*lines, *tails[k], *footer]))
            text = " ".join([a.lead or "", *a.body])
            assert lines[-1] in text and tails[k][1][:20] not in text, (k, joiner)


def test_blog_comment_thread_heading_ends_the_article():
    thread = ["5 thoughts on “Council approves budget”",
              "Finally some money for the schools, I have waited for this decision for a very long time "
              "and so have all the other parents at our school in the north of the city, who wrote to "
              "the council every month and went to every meeting of the school board since last spring."]
    for joiner, heading in (("\n", thread[0]), (" ", thread[0]), ("\n", "3 Kommentare zu „Der Rat“")):
        page = joiner.join(["Council approves budget", "March 16, 2026", *ARTICLE, heading, *thread[1:],
                            *(["Paris Oslo Moskva " * 120] if joiner == " " else [])])
        [a] = extract(page)
        text = " ".join([a.lead or "", *a.body])
        assert ARTICLE[-1] in text and "parents" not in text, (joiner, heading)


def test_related_link_label_inside_a_one_line_page_is_a_related_link():
    [a] = extract(one_line_page(*ARTICLE[:2], "Read also: Storm closes schools in the north", *ARTICLE[2:]))
    text = text_of(a)
    assert "Storm closes schools" not in text and ARTICLE[-1] in text and "library" not in text
    assert any("Storm closes schools" in r for r in a.related_titles)


def test_newsletter_box_run_into_a_one_line_page_is_left_out():
    box = ("City Newsletter Sign up to get the best stories of the week in your inbox, with offers from "
           "our partners and a daily digest of the news from the council.")
    page = one_line_page(*ARTICLE[:2], box, *ARTICLE[2:])
    [a] = extract(page)
    text = text_of(a)
    assert "Sign up" not in text and ARTICLE[-1] in text and ARTICLE[0] in text
    # The word inside a sentence is text: "The newsletter of the club ..." stays.
    page = page.replace(box, "The newsletter of the residents' association called the budget fair to "
                             "families and asked for more money for the parks.")
    [a] = extract(page)
    assert "residents' association" in text_of(a)


def test_author_box_ends_a_one_line_article():
    [a] = extract(one_line_page(*ARTICLE, "About Ann Lee Ann Lee is a reporter who covers the city council, the "
                                "schools and the transport authority for the paper, and before that covered sports."))
    text = text_of(a)
    assert ARTICLE[-1] in text and "reporter who covers" not in text
    # With its lines, or cut apart on one line, the label and the name stand apart from the text.
    for joiner, label in (("\n", "About the author Ann Lee"), (" ", "Über Ann Lee")):
        box = [label, "As a reporter, Ann Lee covers the city council, the schools and the transport "
                      "authority for the paper, and before that she covered sports."]
        [a] = extract(joiner.join(["Council approves budget", "March 16, 2026", *ARTICLE, *box, RECENT]))
        text = text_of(a)
        assert ARTICLE[-1] in text and "covers the city council" not in text, joiner
    from tidings.extract.endings import _AUTHOR_BOX

    assert _AUTHOR_BOX.match("Über Steffi 1009 Artikel Ich bin Steffi, bekennende Tiernärrin")
    assert not _AUTHOR_BOX.match("About 300 people came to the meeting, about a third of them parents.")


def test_teaser_card_with_its_headline_twice_is_not_text():
    from tidings.extract.glued import teaser_card

    card = ("Storm closes schools in the north Storm closes schools in the north Officials said the "
            "closures would last until the weekend, when the roads should be clear again.")
    assert teaser_card(card)
    assert not teaser_card("The council met. " + card[:40] + " and the council met again on Monday evening.")
    [a] = extract(one_line_page(*ARTICLE, card, card.replace("Storm closes schools in the north",
                                                             "Rail strike enters third day")))
    text = text_of(a)
    assert ARTICLE[-1] in text and "Officials said the closures" not in text
