from tidings.extract.blocks import is_credit_token, sentences, split_byline, split_tags
from tidings.extract.runin import explode


def test_sentences_keep_quotes_and_abbreviations():
    text = ("Hann sagði „þetta er gott.“ Síðan fór hann. Dr. Berg kom kl. 10. "
            "”Vi är klara”, sa hon. – Ja, sa han.")
    assert sentences(text) == ["Hann sagði „þetta er gott.“", "Síðan fór hann.", "Dr. Berg kom kl. 10.",
                               "”Vi är klara”, sa hon.", "– Ja, sa han."]


def test_byline_verb_and_prefix():
    # A title ending in a capitalised word is ambiguous ("... i Umeå Anna Lind skriver"):
    # the name run takes every capitalised word before the verb (at most seven).
    assert split_byline("Ny bro öppnar efter lång väntan Anna Lind skriver") == (
        "Ny bro öppnar efter lång väntan", ["Anna Lind"])
    assert split_byline("Storm hits coast By Jane Doe and John Roe") == ("Storm hits coast",
                                                                         ["Jane Doe", "John Roe"])
    assert split_byline("Bara en rubrik här") == ("Bara en rubrik här", [])


def test_credit_tokens():
    assert is_credit_token("EPA Þingmenn komu saman í dag.") == "EPA"
    assert is_credit_token("Vísir/Vilhelm Ráðherra segir") == "Vísir/Vilhelm"
    assert is_credit_token("NTB Scanpix Statsministeren sa") == "NTB Scanpix"
    assert is_credit_token("Regeringen meddelade i dag") is None


def test_split_run_in_tags_on_place_names():
    assert split_tags("Efnahagsmál Noregur Danmörk") == ["Efnahagsmál", "Noregur", "Danmörk"]
    assert split_tags("Kosningar til Alþingis Ísland") == ["Kosningar til Alþingis", "Ísland"]
    assert split_tags("Val 2026, Sverige, Ekonomi") == ["Val 2026", "Sverige", "Ekonomi"]


def test_explode_run_in_page():
    line = ("Ný brú loksins opnuð Jón Jónsson skrifar 3. mars 2025 10:15 "
            "Brúin er 300 metra löng. Vísir/Arnar Brúin var opnuð í dag eftir þriggja ára framkvæmdir. "
            "Ráðherra klippti á borða. Um þúsund manns mættu. Samgöngur Ísland Mest lesið "
            "Fyrsta frétt Innlent Önnur frétt Erlent")
    blocks = [(b.hint, b.text) for b in explode(line)]
    assert blocks[:5] == [("title", "Ný brú loksins opnuð"), ("author", "Jón Jónsson"),
                          ("date", "3. mars 2025 10:15"), ("caption", "Brúin er 300 metra löng."),
                          ("credit", "Vísir/Arnar")]
    assert blocks[5] == ("run-in", "Brúin var opnuð í dag eftir þriggja ára framkvæmdir.")
    assert blocks[-1][0] == "nav" and blocks[-1][1].startswith("Mest lesið")
    assert ("run-in", "Samgöngur Ísland") in blocks


def test_title_ending_in_a_name_keeps_it():
    # One author's name has at most three parts; a fourth capitalised word is the title's.
    assert split_byline("Gos hafið undir Heiðarjökli Katrín Lind Gunnarsdóttir skrifar") == (
        "Gos hafið undir Heiðarjökli", ["Katrín Lind Gunnarsdóttir"])


def test_tags_split_on_sentence_case():
    assert split_tags("Eldgos og jarðhræringar Flugsamgöngur") == ["Eldgos og jarðhræringar",
                                                                   "Flugsamgöngur"]
    assert split_tags("Fréttir af flugi") == ["Fréttir af flugi"]


def test_menu_words_cut_from_a_glued_sentence():
    from tidings.extract.runin import glued_tail

    seg = ("Home World Politics Business Tech Science Health Sports Travel Opinion Video "
           "Storm Closes Ports Along Coast The storm closed every port along the coast on Sunday "
           "and ferries stayed in harbour.")
    prefix, tail = glued_tail(seg)
    assert tail.startswith("The storm closed every port")
    assert prefix.startswith("Home World") and "Coast" in prefix
    plain = "Regeringen meddelade i dag att skatten sänks för alla pensionärer från och med nästa " \
            "år, vilket kostar staten flera miljarder kronor enligt finansdepartementets beräkningar."
    assert glued_tail(plain) == ("", plain)


def test_glued_sentence_starts_at_a_word_the_page_writes_in_lower_case():
    from tidings.extract.runin import _lower_counts, glued_tail

    menu = "Startseite Politik Wirtschaft Kultur Sport Meinung Videos Newsletter Archiv Podcasts"
    sentence = ("Wenn Helmut Kohl emotional wurde, dann sprach er über Europa, und wenn er über Europa "
                "sprach, dann meinte er die Grenze am Rhein, über die er als Kind gegangen war.")
    counts = _lower_counts(f"{menu} {sentence} Die Leser fragen, wenn sie wollen.")
    # Without the page's cases the run "Wenn Helmut Kohl" read as menu words and the
    # sentence started at the name; with them it starts at "Wenn" ("wenn" stands in lower case).
    assert glued_tail(f"{menu} {sentence}")[1].startswith("Kohl emotional")
    assert glued_tail(f"{menu} {sentence}", counts) == (menu, sentence)
    # Web and e-mail addresses are no evidence: "helmut-kohl.de" does not make "Kohl" a
    # word the page writes in lower case.
    assert _lower_counts("Mail an info@kohl.de oder www.helmut-kohl.de/kontakt, kohl.de").get("kohl") is None
    # A name with an initial inside a sentence is not a menu ("Christopher L. Tays").
    text = ("Officers also arrested Christopher L. Tays, 32, of Franklin, on several charges including "
            "two local warrants after stopping his vehicle near the station, the spokesman said.")
    assert glued_tail(text, _lower_counts(text)) == ("", text)


def test_a_long_sentence_is_not_cut_after_a_function_word():
    from tidings.extract.runin import MAX_SENTENCE_WORDS, _lower_counts, glued_tail

    # Longer than any sentence, so its start is sought among its last words; a capitalised
    # word after "the" or "on" ("of the Ministry said on Monday") is inside it, not a start.
    sentence = ("Officials of the Ministry said on Monday that the plan, which the council of the city had "
                "debated for the whole of the year, would cost more than the budget of the region allowed, "
                "and that the members of the board would meet again in the spring of the next year to look "
                "at the figures of the plan once more.")
    assert len(sentence.split()) > MAX_SENTENCE_WORDS
    page = f"{sentence} " + "The board met on the first day of the month. " * 8
    assert glued_tail(sentence, _lower_counts(page)) == ("", sentence)


def test_hard_wrapped_paragraphs_are_joined():
    from tidings.extract.blocks import unwrap

    lines = ["Mercurial 5.2 was released on November 5, 2019. It is the first version",
             "of Mercurial that supports Python 3. This milestone comes nearly 11 years",
             "after Python 3.0 was first released on December 3, 2008.",
             "Porting Mercurial to Python 3",
             "Let's start with a brief history lesson of Mercurial's support for",
             "Python 3 as told by its own commit history, which goes back a long",
             "way and shows how the work began."]
    assert unwrap(lines) == [" ".join(lines[:3]), lines[3], " ".join(lines[4:])]
    # A page without the wrapping keeps its lines, a lower-case line after a title included.
    plain = ["Storm closes ports", "by the harbour master", "Ferries stay in port."]
    assert unwrap(plain) == plain


def test_hidden_line_starts_in_run_in_text():
    from tidings.extract.runin import _lower_counts, hidden_starts

    page = ("Weitere Nachrichten Die Bahn hat die Preise erhöht, sagte die Sprecherin. "
            "Sie nannte die Gründe und die Folgen für die Kunden der Bahn.")
    counts = _lower_counts(page)
    assert hidden_starts("Weitere Nachrichten Die Bahn hat die Preise erhöht, sagte die Sprecherin.",
                         counts) == ["Weitere Nachrichten", "Die Bahn hat die Preise erhöht, sagte die Sprecherin."]
    # A noun the page never writes in lower case is no line start.
    assert hidden_starts("Die Bahn hat die Preise erhöht.", counts) == ["Die Bahn hat die Preise erhöht."]


def test_overlong_run_in_sentence_loses_its_glued_prefix():
    from tidings.extract.runin import MAX_SENTENCE_WORDS, glued_tail

    headlines = " ".join(f"ministry plans new rules for farmers number {k}" for k in range(12))
    sentence = "The minister said on Tuesday that the rules would take effect next year."
    prefix, tail = glued_tail(f"Latest {headlines} {sentence}")
    assert tail.endswith(sentence) and len(tail.split()) <= MAX_SENTENCE_WORDS
    assert prefix.startswith("Latest ministry")


def test_sentences_end_at_full_width_stops():
    assert sentences("市議会は予算を承認した。野党は批判した！「本当か？」と記者。Dr. Smith said so. Yes.") == [
        "市議会は予算を承認した。", "野党は批判した！", "「本当か？」と記者。", "Dr. Smith said so.", "Yes."]


def test_time_stamps_are_cut_out_of_run_in_text():
    from tidings.extract.stamps import cut_stamps

    assert cut_stamps("Great game. jbaxt says: November 19, 2019 at 7:06 am Feckless Chargers.", None) == [
        ("Great game. jbaxt says:", ""), ("November 19, 2019 at 7:06 am", "date"), ("Feckless Chargers.", "")]
    assert cut_stamps("Ann Lee 3. März 2020 um 19:49 Uhr Die Polizei", None)[1] == ("3. März 2020 um 19:49 Uhr", "date")
    # A time inside a sentence is the sentence's own.
    for text in ("Am 3. März 2020 um 19:49 Uhr kam es zu einem Unfall.",
                 "The crash happened on March 3, 2020 at 19:49. Police said little.",
                 "Die Sitzung vom 3. März 2020 ohne Uhrzeit."):
        assert cut_stamps(text, None) == [(text, "")]
    page = ("Council approves budget March 16, 2026 The council approved a new budget on Monday after a "
            "long debate in the hall. " * 3 + "Great work. reader says: March 17, 2026 at 8:15 pm I agree "
            "with every word of this and the buses were far too dear for years. ") * 4
    blocks = explode(page)
    assert sum(b.hint == "date" and b.text == "March 17, 2026 at 8:15 pm" for b in blocks) == 4


def test_long_sentence_is_not_cut_into_menu_and_text():
    from tidings.extract.runin import MAX_SENTENCE_WORDS, _navigation_split

    quote = ("“With new clients coming on board and a growing list of partners in every market we serve, it is "
             "an exciting time for me to be joining the team as they scale their offering to support the "
             "supply and demand side partners that use a range of units and solutions across the web,” said "
             "the new officer of the company in a statement on Monday.")
    assert len(quote.split()) > MAX_SENTENCE_WORDS
    assert [(b.text, b.hint) for b in _navigation_split([quote])] == [(quote, "run-in")]


def test_relative_stamps_and_dates_part_teasers_in_run_in_text():
    from tidings.extract.stamps import cut_stamps

    # A relative stamp before a capitalised word dated a teaser on its own line, in any
    # language of the marker tables; inside a sentence it stays.
    assert cut_stamps("crash is being investigated 2H ago Woman risks her life", None) == [
        ("crash is being investigated", ""), ("2H ago", "stamp"), ("Woman risks her life", "")]
    assert cut_stamps("Neue Tarife vor 3 Stunden Die Bahn erhöht die Preise", None)[1] == ("vor 3 Stunden", "stamp")
    assert cut_stamps("Nya regler för 2 timmar sedan Regeringen vill", None)[1] == ("för 2 timmar sedan", "stamp")
    for text in ("The council met 2 days ago, and nothing changed.", "He left 3 years ago."):
        assert cut_stamps(text, None) == [(text, "")]
    # A date with a year between a byline's name and a capitalised start dates a teaser.
    assert cut_stamps("Budget approved Ann Lee Tuesday November 19, 2019 The council voted", None)[1] == (
        "November 19, 2019", "date")
    assert cut_stamps("The law took effect on November 19, 2019 and", None) == [
        ("The law took effect on November 19, 2019 and", "")]


def test_a_short_month_name_before_a_day_ends_no_sentence():
    assert sentences("NASA announced Nov. 18 that it was adding five companies. They will bid.") == [
        "NASA announced Nov. 18 that it was adding five companies.", "They will bid."]
    assert sentences("Mødet er 18. okt. 2025 i Aarhus. Alle er velkomne.") == [
        "Mødet er 18. okt. 2025 i Aarhus.", "Alle er velkomne."]


def test_dateline_stays_with_the_first_sentence():
    from tidings.extract.runin import _lower_counts, hidden_starts, with_dateline

    text = "By Troy Smith, Cleveland.com CLEVELAND, Ohio – The band will tour in 2020 and the band will play."
    assert hidden_starts(text, _lower_counts(text + " the the the")) == [
        "By Troy Smith, Cleveland.com", "CLEVELAND, Ohio – The band will tour in 2020 and the band will play."]
    toks = "Updated 2019 SANTA FE, N.M. (AP) — A cat".split()
    assert with_dateline(toks, toks.index("A")) == toks.index("SANTA")
    toks = "Associated Press Dekalb, Ill. — Mike Glass threw".split()
    assert with_dateline(toks, toks.index("Mike")) == toks.index("Dekalb,")
    assert sentences("SANTA FE, N.M. (AP) — A cat was found. It is home.") == [
        "SANTA FE, N.M. (AP) — A cat was found.", "It is home."]


def test_a_web_address_after_a_full_stop_starts_a_new_piece():
    # A link that stood on a line of its own, glued on when the page was copied as one line.
    assert sentences("They talked about the camp. https://example.org/a.mp3 Download: mp3") == [
        "They talked about the camp.", "https://example.org/a.mp3 Download: mp3"]
    assert sentences("See example.org. www.example.org has more.") == [
        "See example.org.", "www.example.org has more."]


def test_text_glued_before_a_sentence_reads_as_prose_by_the_pages_own_capitals():
    # German capitalises its nouns: a piece glued before a sentence is prose when it is no more
    # capitalised than the page's sentences are, not only when a fifth of its words are.
    from tidings.extract.runin import prose_caps

    page = ["Die Stadt hat am Freitag den neuen Park im Norden eröffnet, für die Kinder und für die Familien.",
            "Die Kosten für Planung und Bau liegen bei rund 560.000 Euro, die das Land bezahlt.",
            "Die Kinder der Schule haben im Park einen kleinen Wald gepflanzt, den die Stadt pflegt.",
            "Die Anlage ist ab sofort für alle Besucher geöffnet und wird von der Stadt gepflegt."]
    assert prose_caps(page) > 0.4 and prose_caps(["Menu Item Here"]) == 0.3
    # A sentence too long to be one (no full stop where two sentences met), mostly lower case.
    glued = ("Zur Einweihung kamen am Freitag viele Familien aus dem Viertel, die mit den Kindern der Schule "
             "und mit den Nachbarn aus der Straße einen kleinen Wald gepflanzt haben, der in den nächsten "
             "Jahren wachsen und den Park an heißen Tagen kühlen soll, wie die Stadt in einer Mitteilung an "
             "die Presse schrieb Die Bäume im Park wurden von der Stadt und den Kindern gemeinsam ausgesucht "
             "und sollen bald blühen.")
    menu = ("Startseite Politik Wirtschaft Kultur Sport Regionales Wetter Service Kontakt Impressum "
            "Newsletter Podcasts Archiv Abo Leserbriefe Termine")
    blocks = explode(" ".join([menu, page[0], page[1], glued, *page[2:]]))
    assert [b.text for b in blocks if b.hint == "nav"] == [menu]
    assert any(b.text.startswith("Zur Einweihung kamen") and b.text.endswith("Presse schrieb Die Bäume im "
               "Park wurden von der Stadt und den Kindern gemeinsam ausgesucht und sollen bald blühen.")
               for b in blocks if b.hint == "run-in")


def test_byline_lines_with_decoration_a_date_or_a_lower_case_marker():
    from datetime import datetime

    from tidings.extract.blocks import Block, byline_core
    from tidings.extract.dump import _Reader

    assert byline_core("By Giovanni Gaggero | 12/10/2020", datetime(2026, 1, 1)) == "By Giovanni Gaggero"
    assert byline_core("---- by Kenneth Surin") == "By Kenneth Surin"
    reader = _Reader(datetime(2026, 1, 1))
    for line, names in (("von Jennifer Koutni", ["Jennifer Koutni"]), ("par Didier Roy, 21 juin 2018", ["Didier Roy"]),
                        ("By Giovanni Gaggero | 12/10/2020", ["Giovanni Gaggero"]),
                        ("Por Ana María López", ["Ana María López"])):
        assert reader.author_line(Block(line)) == names, line
    # A sentence is no byline, nor is a title with a date.
    assert reader.author_line(Block("Die Stadt steht schwarz")) is None
    assert reader.author_line(Block("Council approves budget, March 16, 2026")) is None


def test_soft_hyphens_are_not_text():
    from tidings.extract.blocks import normalise_line

    # Pages hyphenated for the browser carry invisible soft hyphens inside words; the text
    # (and search in it) has the words whole.
    assert normalise_line("Schon im Mit\xadtel\xadal\xadter war der  Wein\xadbau bekannt.") == \
        "Schon im Mittelalter war der Weinbau bekannt."


def test_a_tag_cloud_in_lower_case_is_not_prose():
    from tidings.extract.blocks import Block
    from tidings.extract.runin import _lower_counts, _navigation_split

    # A blog's tag cloud copied as one line reads like a long sentence in lower case, glued
    # to the first sentence after it; it has none of the words that fill prose ("der", "und").
    cloud = ("Schlagwörter anime autos barock bücher comics computer esperanto filme fotografie geschichte "
             "graffiti hardware internet kino klassik kunst lesung literatur manga motorrad musik reisen "
             "religion rollenspiele serien spiele sport sprache streetart tattoo technik tee wissenschaft "
             "zeichentrick archäologie kulinarisches plansprachen retrocomputing weltliteratur tätowierung "
             "fahrrad garten kochen wandern theater oper ballett film radio podcast")
    sentence = "Diese Folge handelt von der neuen Serie und von der alten Serie, die wir in der Woche sahen."
    page = " ".join([cloud, sentence] + ["Wir haben in der Folge über die Serie und über die Figuren gesprochen."] * 4)
    blocks = _navigation_split([f"{cloud} {sentence}"], _lower_counts(page), 0.4)
    assert [b.hint for b in blocks] == ["nav", "run-in"]
    assert blocks[1] == Block(sentence, "run-in")


def test_a_day_written_as_an_ordinal_does_not_end_a_sentence():
    from tidings.extract.blocks import sentences

    # German and Nordic dates write the day as an ordinal: "3. März", "13. júlí".
    assert sentences("Am 3. März kam es zu einem Unfall. Er kam als 3. Der Rest blieb.") == [
        "Am 3. März kam es zu einem Unfall.", "Er kam als 3.", "Der Rest blieb."]
    assert sentences("Eldgosið hófst 13. júlí 2025 við Sundhnúk. Það stóð lengi.") == [
        "Eldgosið hófst 13. júlí 2025 við Sundhnúk.", "Það stóð lengi."]
    assert sentences("Von Leonora Holling (21. November 2022) Energieverbraucher erhalten mehr.") == [
        "Von Leonora Holling (21. November 2022) Energieverbraucher erhalten mehr."]


def test_an_items_number_does_not_end_a_sentence():
    from tidings.extract.blocks import sentences

    assert sentences("Haltet euch daran! 1. Ernährung umstellen Der Aspekt ist dies. 2. Sport machen") == [
        "Haltet euch daran!", "1. Ernährung umstellen Der Aspekt ist dies.", "2. Sport machen"]


def test_an_authors_initials_after_the_last_sentence_end_it():
    from tidings.extract.blocks import sentences

    assert sentences("Der Hafen rechnet mit mehr Umschlag. (cm) Unternehmen & Märkte") == [
        "Der Hafen rechnet mit mehr Umschlag.", "(cm) Unternehmen & Märkte"]
    assert sentences("Er sagte es (siehe oben). Dann ging er.") == ["Er sagte es (siehe oben).", "Dann ging er."]


def test_a_name_that_a_function_word_opens_is_not_cut():
    from tidings.extract.runin import _lower_counts, hidden_starts

    # "co-organized by the Berlin City Museum": "city" stands in lower case on the page, but
    # here it goes on a name; "The" after a headline still starts the text.
    sentence = "The project, co-organized by the Berlin City Museum and three groups, will run for years."
    page = " ".join([sentence] + ["The plan said the city would cost the people of the region a lot."] * 3)
    counts = _lower_counts(page)
    assert hidden_starts(sentence, counts) == [sentence]
    assert hidden_starts("Museum Reopens The city said the plan was ready.", counts) == [
        "Museum Reopens", "The city said the plan was ready."]
    # ... also when the name opens the sentence, a word of it frequent on the page ("party").
    opening = "The Democratic Party has rifts along the lines of age and of the views of the members."
    page = " ".join([opening] + ["The party said the plan of the party would split the party."] * 3)
    assert hidden_starts(opening, _lower_counts(page)) == [opening]
