"""Text copied from a page as one line: the furniture, credits, bylines, dates and headline
that run into its text."""

from __future__ import annotations

from datetime import date

from dump_helpers import ARTICLE, FETCHED, RECENT, extract, one_line_page, text_of


def test_furniture_run_into_a_one_line_page_is_cut_out():
    from tidings.extract.glued import cut_furniture

    # A share bar's label and a post navigation glued to the text stand apart from it.
    assert cut_furniture("Write a comment Share this article: A new strain of malware spreads.") == [
        ("Write a comment", "furniture"), ("Share this article:", "furniture"),
        ("A new strain of malware spreads.", "")]
    assert cut_furniture("tmux linux Filed under: Linux")[:2] == [("tmux linux", ""), ("Filed under:", "furniture")]
    # A read-on link parts what stands around it; as a label ("More:") it is furniture.
    assert ("Read more", "stamp") in cut_furniture("The talks go on. Read more Contact us at 555 0100")
    assert ("More:", "furniture") in cut_furniture("The talks go on. More: The new race to the Moon")
    # In a sentence the words are text: "Share prices fell", "Follow us on" before lower case.
    for text in ("Share prices fell on Monday.", "Tell them to Share this with everyone."):
        assert cut_furniture(text) == [(text, "")]
    [a] = extract(one_line_page(*ARTICLE[:2], "Share this article:", *ARTICLE[2:],
                                "Filed Under: Budget, City Council, Schools Previous post Next post"))
    text = text_of(a)
    assert ARTICLE[0] in text and ARTICLE[-1] in text
    assert "Share this" not in text and "Filed Under" not in text and "Previous post" not in text


def test_a_short_page_copied_as_one_line_is_read_as_one():
    page = " ".join(["Home News Sports Contact", "Council approves budget", "By Ann Lee", "March 16, 2026",
                     *ARTICLE, "Comments Write a comment"])
    assert len(page) < 1000
    [a] = extract(page)
    assert a.lead == ARTICLE[0] and ARTICLE[-1] in text_of(a) and "Home News" not in text_of(a)


def test_the_text_may_end_with_a_short_sentence():
    [a] = extract("\n".join(["Council approves budget", "March 16, 2026", *ARTICLE, "The mayor is right.",
                             "The budget was needed.", "Share this:", "Facebook", "Twitter"]))
    assert text_of(a).endswith("The mayor is right. The budget was needed.")


def test_photo_credit_in_brackets_parts_caption_from_text():
    from tidings.extract.glued import cut_credit

    assert cut_credit("Zur Einweihung wurde ein Wald gepflanzt (Foto: Stadt Nordhausen) Gemeinsam mit Kindern "
                      "eröffnete der Bürgermeister die Anlage.") == [
        ("Zur Einweihung wurde ein Wald gepflanzt", "caption"), ("Stadt Nordhausen", "credit"),
        ("Gemeinsam mit Kindern eröffnete der Bürgermeister die Anlage.", "")]
    assert cut_credit("The council met (on Monday) and agreed.") == [("The council met (on Monday) and agreed.", "")]
    [a] = extract(one_line_page(*ARTICLE[:2], "Children plant trees in the park (Photo: City of Oslo)",
                                *ARTICLE[2:]))
    assert "City of Oslo" in a.photo_credits and "plant trees" not in text_of(a) and ARTICLE[-1] in text_of(a)


def test_an_article_end_cue_counts_only_below_text():
    # A menu that reads like an author box ("Über Martin ... Martin bei Facebook") above the
    # article, below a menu line with a full stop, does not end the article before it starts.
    page = " ".join(["Menü Start Kontakt Über uns.", "Über Martin Webinar Seminare 2022 Podcast Martin bei "
                     "Facebook Martin bei Instagram Presse Shop", "27.01.2022", *ARTICLE, RECENT])
    [a] = extract(page)
    assert a.lead == ARTICLE[0] and ARTICLE[-1] in text_of(a)


def test_a_date_that_stood_on_its_own_line_parts_menu_from_text():
    # The date between a byline glued to menus and the first sentence cuts them apart before
    # the menu is told from the text.
    menu = "Home News Sports Weather Business Opinion Culture Travel Contact Newsletter Podcasts Archive"
    lead = "City Council Chair Jo Bell said on Monday that the new budget would be approved by the end of the week."
    page = " ".join(["This site uses cookies.", menu, "By Ann Lee", "November 19, 2019", lead, *ARTICLE[1:],
                     RECENT])
    [a] = extract(page)
    assert a.lead == lead and a.published == date(2019, 11, 19)


def test_many_credits_and_furniture_markers_in_one_line_do_not_break_the_reader():
    # A hostile page: thousands of bracketed credits and share labels on one line.
    [a] = extract("The council met (Photo: Ann Lee) and agreed on the budget for next year. " * 3000)
    assert "agreed on the budget" in text_of(a) and "Ann Lee" in a.photo_credits
    assert extract("Share this article: Read more Filed under: " * 3000) == []


def test_a_list_of_links_on_a_japanese_page_copied_as_one_line_is_not_text():
    from tidings.extract.region import _cjk_list, _para_value

    links = ("カテゴリ 日記と雑記(8) サーバー管理(64) クラウドサービス(29) 周辺機器の話(92) モバイル端末(108) "
             "ウェブ制作の記録(33) 人気の記事：")
    assert _cjk_list(links) and not _cjk_list("今回はそのKindleデスクトップアプリ Kindle for PC に関する話。")
    # On a page copied as one line the list costs the region; a line of a page with its lines
    # is read as before.
    assert _para_value("p", links, run_in=True) < 0 < _para_value("p", links, run_in=False)


def test_a_dateline_ends_a_list_of_links():
    # Below a navigation list the next dateline starts what follows: its date is read.
    page = "\n".join(["Most read", "Storm closes schools (12)", "Rail strike enters third day, unions say.",
                      "Published March 16, 2026", *ARTICLE])
    [a] = extract(page)
    assert a.published == date(2026, 3, 16) and a.date_reliable and a.lead == ARTICLE[0]


def test_the_headline_of_a_one_line_page_is_the_run_of_words_it_gives_twice():
    from tidings.extract.blocks import Block
    from tidings.extract.glued import repeated_title

    menu = "Home News Sports Weather Business Opinion Culture Travel"
    blocks = [Block(f"{menu} News > Council approves budget Share Council approves budget", "nav"),
              Block(ARTICLE[0], "run-in"), Block(ARTICLE[1], "run-in"), Block("Contact Archive", "nav")]
    assert repeated_title(blocks, 1) == "Council approves budget"
    assert repeated_title([Block("No headline here at all", "nav"), *blocks[1:]], 1) is None
    page = " ".join(["This site uses cookies.", menu, "News > Council approves budget",
                     "Council approves budget Ann Lee", *ARTICLE, RECENT])
    [a] = extract(page)
    assert a.title == "Council approves budget"


def test_a_byline_run_into_a_one_line_page_is_read_as_the_authors():
    from tidings.extract.glued import byline_piece

    assert byline_piece("von Simon Dückert Auch auf dem Camp haben wir live gesendet.") == (
        "", "Simon Dückert", "Auch auf dem Camp haben wir live gesendet.")
    assert byline_piece("wife suffered miscarriage By Andy Sahadeo | Fox News Facebook") == (
        "wife suffered miscarriage", "Andy Sahadeo", "Fox News Facebook")
    assert byline_piece("Von Eurosport Publiziert 02/02/2022") is None  # a label ends the name
    # In a sentence the words are text: "Von den 200 Teilnehmern", "Von Angela Merkel kam ...",
    # "written by John Smith".
    for text in ("Von den 200 Teilnehmern kamen viele.", "Von Angela Merkel kam keine Antwort.",
                 "The book was written by John Smith in 1990."):
        assert byline_piece(text) is None, text
    [a] = extract(" ".join(["Home News Sports Weather Business Opinion Culture Travel Contact Newsletter",
                            "Council approves budget By Ann Lee", *ARTICLE, RECENT]))
    assert a.authors == ["Ann Lee"] and a.lead == ARTICLE[0]


def test_a_date_with_a_day_ordinal_is_read_on_a_one_line_page():
    # "26." before a month's name ends no sentence where a date stands on its own ("Suche 26.
    # Januar 2022 ABO"): the whole line is searched for such dates before it is cut into
    # sentences.
    menu = " ".join(["Startseite Politik Wirtschaft Kultur Sport Regionales Wetter Service Kontakt"] * 6)
    text = ["Die Stadt hat am Freitag den neuen Park im Norden eröffnet, für die Kinder und die Familien.",
            "Die Kosten für Planung und Bau liegen bei rund 560.000 Euro, die das Land bezahlt.",
            "Die Kinder der Schule haben im Park einen kleinen Wald gepflanzt, den die Stadt pflegt.",
            "Die Anlage ist ab sofort für alle Besucher geöffnet und wird von der Stadt gepflegt."]
    [a] = extract(" ".join(["Diese Seite verwendet Cookies.", menu, "Suche 26. Januar 2022 ABO SHOP", *text,
                            "Weitere Artikel " + "Die Bibliothek öffnet sonntags. " * 30]))
    assert a.published == date(2022, 1, 26) and a.date_reliable and text[-1] in text_of(a)


def test_caseless_navigation_heading_ends_the_text():
    # Japanese has no capitals: a heading such as 関連記事 ("related articles") counts as
    # one where it stands apart, and the list and the blog's box below it are not the text.
    text = ("パソコンで本を読むためのアプリには不便な点があります。 起動のショートカットキーが他のソフトと同じなのです。"
            " 設定画面からは変更できないので、別の方法を試しました。 まずプログラムのフォルダを開き、アイコンを右クリックします。"
            " 次にプロパティを開き、ショートカットの欄を空にして適用をクリックします。 最後にパソコンを再起動すれば完了です。")
    tail = ("関連記事 新しいイヤホンを試してみた ブログの記事更新に別のソフトを試してみる 古いパソコンの設定を移す手順"
            " このブログの管理人 山田といいます。 大阪在住です。 仕事は行政書士です。")
    [a] = extract(" ".join(["ホーム ソフトウェア", text, tail, "サイトマップ お問い合わせ " * 40]))
    body = text_of(a)
    assert "最後にパソコンを再起動すれば完了です。" in body and "再起動" in body
    assert "新しいイヤホン" not in body and "山田" not in body


def test_author_box_and_like_bar_end_a_one_line_page():
    # WordPress's bars ("Like this:") and an author box's heading stand where the text ends;
    # the box's sentences are the author's biography, not the article.
    bio = "Ann Lee covers city politics and has written for the paper since 2010 after years in radio."
    [a] = extract(one_line_page(*ARTICLE, "Share this: Twitter Facebook Like this: Like Loading...",
                                "About the author", bio))
    text = text_of(a)
    assert ARTICLE[0] in text and ARTICLE[-1] in text
    assert "Like this" not in text and "covers city politics" not in text


def test_related_link_glued_to_the_next_sentence_is_cut_off():
    # A short page: "Las" stands in lower case only twice, too little for hidden_starts, but
    # after a related-link label the headline ends where such a word starts the next sentence.
    page = ("Inicio Economía Política La economía creció un tres por ciento en el primer trimestre del año. "
            "El banco central publicó las cifras el lunes por la mañana en la capital. "
            "Lea más: Ministro propone nuevo plan de transporte para la capital "
            "Las exportaciones de café y azúcar subieron más que las importaciones durante el mismo periodo. "
            "El gobierno espera que la tendencia continúe durante el resto del año según el informe.")
    [a] = extract(page)
    assert "Ministro propone" not in text_of(a)
    assert "Las exportaciones de café" in text_of(a)
    assert "Ministro propone nuevo plan de transporte para la capital" in a.related_titles


def test_teaser_headlines_run_into_their_excerpts_part_from_them():
    from tidings.extract.glued import glued_words, unglue
    from tidings.extract.runin import _lower_counts

    # A copied teaser list has no space where a headline's line ended: "Top 3 Cheese
    # ShopsWondering where ...", "Strike PossibleThe union ...".  There the pieces part, as
    # the lines did; a name written so ("MacBook", twice on the page) stays whole.
    line = ("Strike PossibleThe union said the talks would go on. Top 3 Cheese ShopsWondering where "
            "to find the best cheese? The new MacBook is fast. The MacBook is thin. I keep wondering why.")
    glued = glued_words(line, _lower_counts(line))
    assert glued == {"PossibleThe", "ShopsWondering"}
    assert unglue("Strike PossibleThe union said the talks would go on.", glued) == [
        "Strike Possible", "The union said the talks would go on."]
    # On a page the glued teasers below the article come apart into headline and text.
    heads = ["Park Reopens", "River Paths Mended", "Benches Return", "Gates Painted"]
    teasers = " ".join(f"{h}The park near the river would reopen {w} after a long repair of "
                       f"its paths and benches, officials said." for h, w in
                       zip(heads, ["in May", "in June", "soon", "next week"]))
    [a] = extract(one_line_page("March 16, 2026 at 9:45 am", *ARTICLE, teasers))
    text = text_of(a)
    assert all(s in text for s in ARTICLE)
    assert "ReturnThe" not in text and "PaintedThe" not in text


def test_a_comment_thread_heading_inside_a_list_of_links_ends_the_text():
    # "Related Posts" starts a list of links; the thread's heading runs into it, and the
    # comments below, long as they are, are not the article.
    comment = ("I have lived in this city for forty years and I have never seen a council spend so much "
               "time on a budget that changes so little for the people who live in the older districts, "
               "where the buses are still late and the schools are still waiting for new roofs. ")
    page = one_line_page("March 16, 2026", *ARTICLE,
                         "Related Posts 3 Comments on “Council approves budget” Maria says: "
                         "March 17, 2026 at 9:16 am", comment * 3)
    [a] = extract(page)
    text = text_of(a)
    assert all(s in text for s in ARTICLE)
    assert "forty years" not in text


def test_headlines_glued_into_one_long_sentence_do_not_count_as_the_pages_prose():
    from tidings.extract.blocks import Block
    from tidings.extract.region import CAP_ZERO, _para_value, page_cap_zero

    # A one-line page's header: section names and headlines in sentence case, run together
    # into one "sentence" with far more capitals than the page's own sentences.
    header = ("Noticias Política Seguridad y justicia Comunidad Ambiente Mundo Fiscalía reporta un "
              "cuerpo cerca de Monterrey Comisión de Postulación se va al descanso Deportes Fútbol "
              "nacional Fama Gente Cine Música Streaming Vida y estilo ¿Quién ganó la Copa del Rey?")
    prose = ["La policía detuvo a tres hombres durante un operativo en la zona norte de la ciudad.",
             "Los agentes dijeron que los hombres llevaban motores sin justificar su procedencia.",
             "Una mujer se acercó a los agentes y quiso impedir la detención de uno de ellos.",
             "Después se supo que tenía una orden de captura vigente desde hace varios años.",
             "Los detenidos fueron trasladados a un juzgado para que se les resuelva su situación."]
    texts = [header, *prose]
    blocks = [Block(t, "run-in") for t in texts]
    paras = [("p", t, i) for i, t in enumerate(texts)]
    zero = page_cap_zero(paras, blocks)
    assert zero < CAP_ZERO
    assert _para_value("p", header, True) > 0  # by the fixed threshold: prose
    assert _para_value("p", header, True, zero) <= 0  # against the page's own sentences: not
    assert all(_para_value("p", t, True, zero) > 0 for t in prose)


def test_a_short_first_sentence_after_a_menu_is_text():
    # The menu runs into the article's first sentence, which is short; it is kept.
    first = "The council approved the new budget on Monday."
    menu = ("Home News Sports Politics Business Culture Opinion Video Podcasts Newsletters Weather Travel "
            "Food Science Health Technology Books Music Film Television Theatre Art Style Games Share Tweet")
    page = " ".join([menu, first, *ARTICLE[1:], RECENT])
    [a] = extract(page)
    assert text_of(a).startswith(first)


def test_a_navigation_heading_glued_to_its_first_item_starts_the_list():
    from tidings.extract.markers import markers

    # The heading's line ended without a space: "Mehr aus der SendungListe mit 24 Einträgen".
    assert markers().navigation_run_in.search("bis 14:00 Uhr Mehr aus der SendungListe mit 24 Einträgen")
    assert not markers().navigation.search("Mehr aus der SendungListe")
    assert not markers().navigation_run_in.search("Ein Mehr aus der Sendungsliste")
    heads = "City Zoo Opens New Wing Harbour Festival Returns In June Old Mill Becomes A Museum"
    [a] = extract(one_line_page("March 16, 2026", *ARTICLE, f"More storiesThe {heads}"))
    text = text_of(a)
    assert all(s in text for s in ARTICLE)
    assert "Harbour Festival" not in text and "storiesThe" not in text


def test_a_blog_posts_footer_ends_the_text():
    # Blogger's footer under a post: who posted it and when; below it the blog's own texts.
    about = "I write about the city, its council and its buses, and I have done so for many years now. "
    for footer in ("Posted by Ann Lee at 9:45 PM", "Eingestellt von Ann Lee um 21:45"):
        [a] = extract(one_line_page("March 16, 2026", *ARTICLE, footer, "Labels: council", about * 3))
        text = text_of(a)
        assert all(s in text for s in ARTICLE)
        assert "I write about the city" not in text


def test_a_photo_credit_between_sentences_is_not_text():
    # "... aufzuklären. Foto: ÖTZ Seit dem ...": the credit of a photo between two paragraphs.
    body = ["City officials approved the new budget on Monday after the debate in the hall of the city.",
            "Teachers welcomed the rise in spending on the schools of the city and the cut in the fares.",
            "Photo: Jane Roe",
            "The mayor said the figures of the budget would be reviewed in the autumn of the year.",
            "Critics said the plan relied on the forecasts of the tax office for the rest of the year."]
    [a] = extract(" ".join(["Home News Sports", "Council approves budget", "By Ann Lee", "March 16, 2026", *body]))
    text = text_of(a)
    assert all(s in text for s in body if not s.startswith("Photo"))
    assert "Jane Roe" not in text and "Jane Roe" in a.photo_credits


def test_the_first_sentence_glued_to_a_list_and_a_headline_ends_the_list():
    from tidings.extract.runin import _lower_counts, _navigation_split

    # "TOP STORIES / Germany Advertisement Germany Berlin confronts Germany's colonial past
    # with new initiative The German capital has launched ...": the list runs to the
    # headline; the text starts where a word the page writes in lower case stands capitalised.
    lead = "The German capital has launched a project to mark its part in the history of the colonies."
    glued = ("Podcasts & Newsletter Service Lessons German Lessons German im Unterricht Teachers Germany "
             "Brexit World Business Science Environment Culture Sports Germany Advertisement Germany Berlin "
             f"confronts Germany's colonial past with new initiative {lead}")
    page = " ".join([glued, *["Streets that still honour the leaders of the empire will be renamed by the city."] * 3])
    blocks = _navigation_split(["Top stories", glued], _lower_counts(page), 0.35)
    assert blocks[-1].hint == "run-in" and blocks[-1].text == lead


def test_a_short_run_in_piece_of_many_words_costs_as_several_lines():
    from tidings.extract.region import SHORT_RUN_IN, _para_value

    # Tags and a share bar glued into one piece stood on a dozen lines of the page.
    glued = "jagd Jäger Öffentlichkeitsarbeit wald förster rheinland-pfalz Whatsapp Teilen Twittern Pinnen Leserbrief"
    assert _para_value("h?", glued, run_in=True) < _para_value("h?", "Leserbrief", run_in=True) == -SHORT_RUN_IN


def test_a_labelled_date_run_into_the_text_is_cut_out_and_read():
    from tidings.extract.stamps import cut_stamps

    # "... Mehr Informationen finden Sie unter: www.example.de Erschienen am 26. Jan 2022 im
    # Format Aktuelles Pressemitteilung ...": the label says the date is the page's own stamp,
    # though a lower-case word follows it.
    pieces = cut_stamps("Mehr finden Sie unter: www.example.de Erschienen am 26. Jan 2022 im Format Aktuelles", FETCHED)
    assert ("26. Jan 2022", "date") in pieces
    assert cut_stamps("Der Vertrag wurde am 26. Jan 2022 im Rathaus unterschrieben.", FETCHED) == [
        ("Der Vertrag wurde am 26. Jan 2022 im Rathaus unterschrieben.", "")]


def test_a_bylines_name_ends_before_a_sentence_that_opens_with_a_date():
    from tidings.extract.glued import byline_piece

    assert byline_piece("von Guido Beyss Am 14. Juni 2005 hielt er eine Rede.") == (
        "", "Guido Beyss", "Am 14. Juni 2005 hielt er eine Rede.")


def test_a_credit_label_glued_to_a_caption_parts_from_it():
    from tidings.extract.glued import glued_words
    from tidings.extract.runin import _lower_counts

    # "Zverev steht im Viertelfinale des TurniersBild: AFP/SID Zverev zieht ...": the caption's
    # line ended without a space before the credit's label.
    line = "Zverev steht im Viertelfinale des TurniersBild: AFP/SID Zverev zieht ins Viertelfinale ein."
    assert glued_words(line, _lower_counts(line)) == {"TurniersBild"}
    assert not glued_words("Das neue TurnierBild war schön.", _lower_counts("Das neue TurnierBild war schön."))


def test_an_author_box_that_counts_the_posts_ends_the_text():
    from tidings.extract.endings import ends_article
    from tidings.extract.markers import markers

    comments = markers().comments
    for box in ("Über Luis Holuch 257 Artikel Seit 2010 als Journalist tätig",
                "Jule Radeck 300 posts Jule Radeck studierte Sportwissenschaften"):
        assert ends_article(f"Teilen {box}", comments, run_in=True)
        assert ends_article(box, comments, run_in=False)
    assert not ends_article("Die Stadt Hamburg 300 Meter weiter", comments, run_in=True)
