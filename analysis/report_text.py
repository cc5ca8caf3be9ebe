"""The words of the HTML report in Finnish, Swedish and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "report": {"fi": "Raportti", "sv": "Rapport", "en": "Report"},
    "contents": {"fi": "Sisältö", "sv": "Innehåll", "en": "Contents"},
    "generated": {"fi": "Tehty", "sv": "Skapad", "en": "Generated"},
    "respondents": {"fi": "Vastaajat", "sv": "Respondenter", "en": "Respondents"},
    "respondents_by_group": {
        "fi": "Vastaajat kohderyhmittäin",
        "sv": "Respondenter per målgrupp",
        "en": "Respondents by target group",
    },
    "group": {"fi": "Kohderyhmä", "sv": "Målgrupp", "en": "Target group"},
    "share": {"fi": "Osuus", "sv": "Andel", "en": "Share"},
    "hidden_groups": {
        "fi": "Alle {k} vastaajan ryhmät on jätetty pois kaikista luvuista: {groups}.",
        "sv": "Grupper med färre än {k} respondenter har lämnats bort ur alla siffror: {groups}.",
        "en": "Groups with fewer than {k} respondents are left out of every figure: {groups}.",
    },
    "weights_used": {
        "fi": "Osuudet, keskiarvot ja sanamäärät on painotettu sarakkeella “{column}” "
        "(efektiivinen otoskoko {neff:.0f} / {n}).",
        "sv": "Andelar, medelvärden och ordfrekvenser är viktade med kolumnen “{column}” "
        "(effektiv urvalsstorlek {neff:.0f} / {n}).",
        "en": "Shares, means and word frequencies are weighted by the column “{column}” "
        "(effective sample size {neff:.0f} of {n}).",
    },
    "weights_not_used": {
        "fi": "Painoja ei käytetty: luvut kuvaavat vastaajia, eivät koko väestöä.",
        "sv": "Inga vikter användes: siffrorna beskriver respondenterna, inte hela befolkningen.",
        "en": "No weights were used: figures describe the respondents, not the whole population.",
    },
    "synthetic": {
        "fi": "Aineistossa on {n} keinotekoista esittelyvastausta.",
        "sv": "Materialet innehåller {n} syntetiska demosvar.",
        "en": "The data include {n} synthetic demo responses.",
    },
    "image_story": {
        "fi": "Alueen mielikuva",
        "sv": "Bilden av regionen",
        "en": "The image of the region",
    },
    "closed_questions": {
        "fi": "Vastaukset kysymyksittäin",
        "sv": "Svar per fråga",
        "en": "Answers by question",
    },
    "open_questions": {"fi": "Avoimet vastaukset", "sv": "Öppna svar", "en": "Open answers"},
    "themes": {"fi": "Teemat", "sv": "Teman", "en": "Themes"},
    "theme": {"fi": "Teema", "sv": "Tema", "en": "Theme"},
    "answers": {"fi": "Vastauksia", "sv": "Svar", "en": "Answers"},
    "top_terms": {"fi": "Keskeiset sanat", "sv": "Centrala ord", "en": "Key words"},
    "quotes": {"fi": "Esimerkkivastauksia", "sv": "Exempelsvar", "en": "Example answers"},
    "no_content": {
        "fi": "{n} vastausta oli vailla sisältöä (esim. ”en tiedä”); ne on erotettu omaksi "
        "joukokseen.",
        "sv": "{n} svar saknade innehåll (t.ex. ”vet inte”) och hålls isär som en egen grupp.",
        "en": "{n} answers had no content (e.g. “don't know”) and are kept apart as their own "
        "group.",
    },
    "stability": {
        "fi": "Teemojen pysyvyys eri satunnaissiemenillä {seeds}: korjattu Rand-indeksi {ari:.2f} "
        "(1 = samat teemat, 0 = sattumaa). {verdict}",
        "sv": "Temanas stabilitet med olika slumpfrön {seeds}: justerat Rand-index {ari:.2f} "
        "(1 = samma teman, 0 = slump). {verdict}",
        "en": "Stability of the themes across seeds {seeds}: adjusted Rand index {ari:.2f} "
        "(1 = the same themes, 0 = chance). {verdict}",
    },
    "stable": {
        "fi": "Teemat ovat vakaita.",
        "sv": "Temana är stabila.",
        "en": "The themes are stable.",
    },
    "fairly_stable": {
        "fi": "Teemojen pääpiirteet pysyvät, rajat vaihtelevat.",
        "sv": "Temanas huvuddrag består, gränserna varierar.",
        "en": "The main themes hold; their borders vary.",
    },
    "unstable": {
        "fi": "Teemat vaihtelevat: lue ne suuntaa antavina.",
        "sv": "Temana varierar: läs dem som riktgivande.",
        "en": "The themes vary: read them as indicative.",
    },
    "too_few_for_themes": {
        "fi": "Liian vähän vastauksia teemoitteluun ({n}).",
        "sv": "För få svar för teman ({n}).",
        "en": "Too few answers for themes ({n}).",
    },
    "theme_shares": {
        "fi": "Teemojen osuudet kohderyhmittäin (▲ yli- / ▼ aliedustettu, |z| > 1,96)",
        "sv": "Temanas andelar per målgrupp (▲ över- / ▼ underrepresenterat, |z| > 1,96)",
        "en": "Theme shares by target group (▲ over- / ▼ under-represented, |z| > 1.96)",
    },
    "frequent_words": {
        "fi": "Yleisimmät sanat",
        "sv": "Vanligaste orden",
        "en": "Most frequent words",
    },
    "frequent_phrases": {
        "fi": "Yleisimmät sanaparit",
        "sv": "Vanligaste ordparen",
        "en": "Most frequent word pairs",
    },
    "distinctive": {
        "fi": "Mikä erottaa ryhmän muista (log-odds, z)",
        "sv": "Vad skiljer gruppen från de andra (log-odds, z)",
        "en": "What sets each group apart (log-odds, z)",
    },
    "no_content_theme": {
        "fi": "(ei sisältöä, esim. ”en tiedä”)",
        "sv": "(inget innehåll, t.ex. ”vet inte”)",
        "en": "(no content, e.g. “don't know”)",
    },
    "word_clouds": {"fi": "Sanapilvet", "sv": "Ordmoln", "en": "Word clouds"},
    "term": {"fi": "Sana", "sv": "Ord", "en": "Term"},
    "count": {"fi": "Määrä", "sv": "Antal", "en": "Count"},
    "mean": {"fi": "Keskiarvo", "sv": "Medelvärde", "en": "Mean"},
    "ci": {"fi": "95 %:n luottamusväli", "sv": "95 % konfidensintervall", "en": "95 % interval"},
    "data_table": {"fi": "Taulukko", "sv": "Tabell", "en": "Data table"},
    "option": {"fi": "Vaihtoehto", "sv": "Alternativ", "en": "Option"},
    "item": {"fi": "Väittämä", "sv": "Påstående", "en": "Item"},
    "method": {"fi": "Menetelmä", "sv": "Metod", "en": "Method"},
    "method_text": {
        "fi": "Avoimet vastaukset on perusmuotoistettu ja ryhmitelty teemoiksi TF-IDF-piirteillä "
        "ja klusteroinnilla; teemojen nimet ja esimerkit tulevat vastauksista itsestään. "
        "Ryhmien erot on merkitty korjatuilla standardoiduilla jäännöksillä ja sanojen erot "
        "log-odds-suhteilla informatiivisella priorilla (Monroe ym. 2008).",
        "sv": "De öppna svaren har lemmatiserats och grupperats i teman med TF-IDF och "
        "klustring; temanas namn och exempel kommer från svaren själva. Skillnader mellan "
        "grupper är markerade med justerade standardiserade residualer och ordens skillnader "
        "med log-odds-kvoter med informativ prior (Monroe m.fl. 2008).",
        "en": "Open answers were lemmatised and grouped into themes with TF-IDF features and "
        "clustering; theme names and examples come from the answers themselves. Differences "
        "between groups are marked with adjusted standardised residuals, and differences in "
        "words with log-odds ratios with an informative prior (Monroe et al. 2008).",
    },
    "no_answers": {"fi": "Ei vastauksia.", "sv": "Inga svar.", "en": "No answers."},
    "wave": {"fi": "Aalto", "sv": "Omgång", "en": "Wave"},
    "comparison": {"fi": "Vertailu", "sv": "Jämförelse", "en": "Comparison"},
    "change": {"fi": "Muutos", "sv": "Förändring", "en": "Change"},
}


def text(key: str, lang: str, **values: object) -> str:
    """The report's text for ``key`` in ``lang`` (English when missing), formatted."""
    entry = TEXTS[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template
