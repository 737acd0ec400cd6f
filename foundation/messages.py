"""Every user-facing string, Danish first with an English twin."""

from __future__ import annotations

from foundation.messages_auth import AUTH_MESSAGES

MESSAGES: dict[str, dict[str, str]] = {
    "refusal": {
        "da": "Det fremgår ikke af aftalerne.",
        "en": "The agreements do not say.",
    },
    "region_missing": {
        "da": "Bemærk: ingen af dokumenterne i indekset er fra {regions}.",
        "en": "Note: none of the indexed documents is from {regions}.",
    },
    "region_absent": {
        "da": "Det fremgår ikke af aftalerne: indekset har ingen dokumenter fra {regions}.",
        "en": "The agreements do not say: the index holds no documents from {regions}.",
    },
    "unstated_when": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner intet tidspunkt for det.",
        "en": "The agreements do not say: the closest passages give no time for it.",
    },
    "unstated_date": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner ingen dato for det.",
        "en": "The agreements do not say: the closest passages give no date for it.",
    },
    "unstated_frequency": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner ikke, hvor ofte.",
        "en": "The agreements do not say: the closest passages do not say how often.",
    },
    "unstated_duration": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner ikke, hvor lang tid.",
        "en": "The agreements do not say: the closest passages do not say how long.",
    },
    "unstated_number": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner intet tal for det.",
        "en": "The agreements do not say: the closest passages give no figure for it.",
    },
    "unstated_names": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner ingen af dem ved navn.",
        "en": "The agreements do not say: the closest passages name none of them.",
    },
    "unstated_contact_phone": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner intet telefonnummer.",
        "en": "The agreements do not say: the closest passages give no phone number.",
    },
    "unstated_contact_email": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner ingen e-mailadresse.",
        "en": "The agreements do not say: the closest passages give no e-mail address.",
    },
    "unstated_contact_web": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner ingen webadresse.",
        "en": "The agreements do not say: the closest passages give no web address.",
    },
    "unstated_contact_address": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner ingen adresse.",
        "en": "The agreements do not say: the closest passages give no address.",
    },
    "unstated_payer": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner ikke, hvem der betaler.",
        "en": "The agreements do not say: the closest passages do not say who pays.",
    },
    "unstated_payment": {
        "da": "Det fremgår ikke af aftalerne: de nærmeste passager nævner ingen betaling eller udgift.",
        "en": "The agreements do not say: the closest passages speak of no payment or cost.",
    },
    "actor_lead": {
        "da": "Ansvarlig ifølge aftalerne: {actor}.",
        "en": "Responsible according to the agreements: {actor}.",
    },
    "deadline_lead": {
        "da": "Frist ifølge aftalerne: {value}.",
        "en": "Time limit according to the agreements: {value}.",
    },
    "time_lead": {
        "da": "Tidspunkt ifølge aftalerne: {value}.",
        "en": "When, according to the agreements: {value}.",
    },
    "goal_lead": {
        "da": "Mål ifølge aftalerne: {value}.",
        "en": "Goal according to the agreements: {value}.",
    },
    "length_lead": {
        "da": "Varighed ifølge aftalerne: {value}.",
        "en": "How long, according to the agreements: {value}.",
    },
    "number_lead": {
        "da": "Antal ifølge aftalerne: {value}.",
        "en": "Number according to the agreements: {value}.",
    },
    "period_rows_lead": {
        "da": "I {period} ifølge aftalerne: {value}.",
        "en": "In {period}, according to the agreements: {value}.",
    },
    "amount_lead": {
        "da": "Beløb ifølge aftalerne: {value}.",
        "en": "Amount according to the agreements: {value}.",
    },
    "age_lead": {
        "da": "Alder ifølge aftalerne: {value}.",
        "en": "Age according to the agreements: {value}.",
    },
    "distance_lead": {
        "da": "Afstand ifølge aftalerne: {value}.",
        "en": "Distance according to the agreements: {value}.",
    },
    "share_lead": {
        "da": "Andel ifølge aftalerne: {value}.",
        "en": "Share according to the agreements: {value}.",
    },
    "refusal_closest": {
        "da": "De nærmeste passager, som måske er relevante:",
        "en": "The closest passages, which may be relevant:",
    },
    "yes_lead": {
        "da": "Ja, ifølge aftalerne:",
        "en": "Yes, according to the agreements (quoted in Danish):",
    },
    "no_lead": {
        "da": "Nej, ifølge aftalerne:",
        "en": "No, according to the agreements (quoted in Danish):",
    },
    "compare_lead": {
        "da": "Sammenligning af {a} og {b}:",
        "en": "Comparison of {a} and {b} (quoted in Danish):",
    },
    "side_silent": {
        "da": "{side}: Det fremgår ikke herfra.",
        "en": "{side}: It does not say.",
    },
    "lead_in": {
        "da": "",
        "en": "The agreements say (quoted in Danish):",
    },
    "empty_question": {
        "da": "Skriv et spørgsmål.",
        "en": "Please write a question.",
    },
    "long_question": {
        "da": "Spørgsmålet er for langt ({n} tegn; højst {max}). Skriv det kortere.",
        "en": "The question is too long ({n} characters; at most {max}). Please shorten it.",
    },
    "no_words": {
        "da": "Spørgsmålet indeholder ingen ord at søge på.",
        "en": "The question contains no words to search for.",
    },
    "unknown_filter": {
        "da": "Ukendt værdi {value!r} for {field}. Gyldige værdier: {valid}.",
        "en": "Unknown value {value!r} for {field}. Valid values: {valid}.",
    },
    "sources": {"da": "Kilder", "en": "Sources"},
    "page": {"da": "side", "en": "page"},
    "lines": {"da": "linje", "en": "lines"},
    # ---- which agreement applies (assistant/periods.py): a quoted source not in force or not binding
    "notice": {"da": "Bemærk: {parts}.", "en": "Note: {parts}."},
    "notice_all_one": {"da": "citatet er fra {source}", "en": "the quote is from {source}"},
    "notice_all_many": {"da": "citaterne er fra {source}", "en": "the quotes are from {source}"},
    "notice_some": {"da": "{refs} er fra {source}", "en": "{refs} is from {source}"},
    "notice_which": {"da": ", som ", "en": ", which "},
    "notice_and": {"da": ", og som ", "en": ", and which "},
    "notice_expired": {"da": "udløb med udgangen af {end}", "en": "expired at the end of {end}"},
    "notice_future": {"da": "først gælder fra {start}", "en": "applies only from {start}"},
    "notice_unknown": {"da": "ikke angiver, hvornår den gælder", "en": "does not state when it applies"},
    "notice_not_binding": {"da": "er {what} og ikke bindende", "en": "is {what}, not binding"},
    "notice_udspil": {"da": "et udspil", "en": "a proposal (udspil)"},
    "notice_oplaeg": {"da": "et oplæg", "en": "a proposal (oplæg)"},
    "notice_forslag": {"da": "et forslag", "en": "a proposal (forslag)"},
    "notice_draft": {"da": "et udkast", "en": "a draft"},
    # ---- a question about a document's own period (assistant/doc_period.py)
    "period_lead_end": {"da": "Udløber ifølge aftalerne: {value}.", "en": "Ends, according to the agreements: {value}."},
    "period_lead_start": {"da": "Start ifølge aftalerne: {value}.", "en": "Starts, according to the agreements: {value}."},
    "period_lead_span": {"da": "Periode ifølge aftalerne: {value}.", "en": "Period, according to the agreements: {value}."},
    "period_end_value": {"da": "med udgangen af {end}", "en": "at the end of {end}"},
    "period_lead_approved": {"da": "Godkendt ifølge aftalerne: {value}.", "en": "Approved, according to the agreements: {value}."},
    "period_lead_parties": {"da": "Parter ifølge aftalerne: {value}.", "en": "Parties, according to the agreements: {value}."},
    "period_lead_count": {"da": "Antal ifølge aftalerne: {value}.", "en": "Number according to the agreements: {value}."},
    "period_lead_status": {"da": "Status ifølge aftalerne: {value}.", "en": "Status, according to the agreements: {value}."},
    "period_yes": {"da": "Ja: {value}.", "en": "Yes: {value}."},
    "period_no": {"da": "Nej: {value}.", "en": "No: {value}."},
    "period_state_gældende": {"da": "{title} gælder til og med {end}", "en": "{title} applies until the end of {end}"},
    "period_state_udløbet": {"da": "{title} udløb med udgangen af {end}", "en": "{title} expired at the end of {end}"},
    "period_state_fremtidig": {"da": "{title} gælder først fra {start}", "en": "{title} applies only from {start}"},
    "period_state_gældende_day": {"da": "{title} gælder til og med {end}", "en": "{title} applies until {end}"},
    "period_state_udløbet_day": {"da": "{title} udløb den {end}", "en": "{title} expired on {end}"},
    "status_gældende": {"da": "gældende", "en": "in force"},
    "status_udløbet": {"da": "udløbet", "en": "expired"},
    "status_fremtidig": {"da": "fremtidig", "en": "future"},
    "status_ukendt": {"da": "periode ukendt", "en": "period unknown"},
    "not_binding_badge": {"da": "ikke bindende", "en": "not binding"},
    "unknown_as_of": {
        "da": "Ugyldig dato {value!r} for as-of. Skriv den som ÅÅÅÅ-MM-DD.",
        "en": "Invalid date {value!r} for as-of. Write it as YYYY-MM-DD.",
    },
    # ---- the Streamlit app (app.py)
    "app_tagline": {
        "da": "Spørg om sundhedsaftalerne. Hvert svar viser, hvor det står.",
        "en": "Ask about the health agreements. Every answer shows where it says so.",
    },
    "app_welcome": {
        "da": "Hej! Stil et spørgsmål om sundhedsaftalerne, fx hvem der har ansvaret for en opgave, eller hvilke frister der gælder. Jeg svarer kort med citater fra aftalerne og viser kilderne.",
        "en": "Hello! Ask a question about the health agreements, e.g. who is responsible for a task or which deadlines apply. I answer briefly with quotes from the agreements and show the sources.",
    },
    "app_input_placeholder": {"da": "Stil et spørgsmål om sundhedsaftalerne …", "en": "Ask a question about the health agreements …"},
    "app_nav_chat": {"da": "Spørg aftalerne", "en": "Ask the agreements"},
    "app_language": {"da": "Sprog", "en": "Language"},
    "app_new_chat": {"da": "Ny samtale", "en": "New conversation"},
    "app_filters": {"da": "Afgræns søgningen", "en": "Narrow the search"},
    "app_filters_active": {"da": "{n} valgt", "en": "{n} chosen"},
    "app_filter_doc": {"da": "Dokument", "en": "Document"},
    "app_filter_region": {"da": "Region", "en": "Region"},
    "app_filter_period": {"da": "Periode", "en": "Period"},
    "app_filter_kind": {"da": "Type", "en": "Type"},
    "app_filter_status": {"da": "Status", "en": "Status"},
    "app_filter_as_of": {"da": "Som det så ud den", "en": "As of"},
    "app_filter_all": {"da": "Alle", "en": "All"},
    "app_filtered_by": {"da": "Søgt i:", "en": "Searched in:"},
    "app_examples": {"da": "Eksempler på spørgsmål", "en": "Example questions"},
    "app_upload": {"da": "Tilføj et dokument", "en": "Add a document"},
    "app_upload_label": {"da": "PDF, txt eller md (højst {mb} MB)", "en": "PDF, txt or md (at most {mb} MB)"},
    "app_upload_too_large": {
        "da": "{file} er for stor ({mb} MB; højst {max} MB). Den er ikke indlæst.",
        "en": "{file} is too large ({mb} MB; at most {max} MB). It was not added.",
    },
    "app_upload_bad_type": {
        "da": "{file} kan ikke indlæses: kun {types} understøttes.",
        "en": "{file} cannot be added: only {types} are supported.",
    },
    "app_upload_store_failed": {
        "da": "{file} kunne ikke gemmes ({reason}). Indekset er uændret.",
        "en": "{file} could not be stored ({reason}). The index is unchanged.",
    },
    "app_upload_failed": {
        "da": "{file} kunne ikke indlæses ({reason}). Indekset er uændret.",
        "en": "{file} could not be added ({reason}). The index is unchanged.",
    },
    "app_upload_duplicate": {
        "da": "{file} er allerede indlæst ({reason}).",
        "en": "{file} is already in the index ({reason}).",
    },
    "app_upload_done": {
        "da": "{file} er indlæst ({chunks} passager) og kan nu søges i.",
        "en": "{file} was added ({chunks} passages) and can now be searched.",
    },
    "app_upload_done_one": {
        "da": "{file} er indlæst (1 passage) og kan nu søges i.",
        "en": "{file} was added (1 passage) and can now be searched.",
    },
    "app_index": {"da": "Indekset", "en": "The index"},
    "app_index_facts": {"da": "{documents} dokumenter · {chunks} passager", "en": "{documents} documents · {chunks} passages"},
    "app_index_updated": {"da": "Senest opdateret {when}", "en": "Last updated {when}"},
    "app_index_empty": {"da": "Indekset er tomt.", "en": "The index is empty."},
    "app_first_start": {
        "da": "Første start: de medfølgende aftaler indlæses. Det tager et par minutter; bagefter åbner chatten.",
        "en": "First start: the bundled agreements are being ingested. This takes a few minutes; then the chat opens.",
    },
    "app_read_again": {
        "da": "Aftale er opdateret: dokumenterne læses igen, som den nye version læser dem. Det tager et par minutter; bagefter åbner chatten.",
        "en": "Aftale has been updated: the documents are read again, as the new version reads them. This takes a few minutes; then the chat opens.",
    },
    "app_first_start_failed": {
        "da": "Ingen dokumenter kunne indlæses fra {corpus}. Ret fejlene nedenfor, eller kør: aftale ingest",
        "en": "No documents could be ingested from {corpus}. Fix the problems below, or run: aftale ingest",
    },
    "app_ready": {"da": "Klar.", "en": "Ready."},
    "app_stage_files": {"da": "Læser dokumenter ({done}/{total})", "en": "Reading documents ({done}/{total})"},
    "app_stage_embed": {"da": "Beregner søgevektorer ({done}/{total})", "en": "Computing search vectors ({done}/{total})"},
    "app_stage_index": {"da": "Bygger indekset", "en": "Building the index"},
    "app_show_source": {"da": "Vis i dokumentet", "en": "Show in the document"},
    "app_hide_source": {"da": "Skjul dokumentet", "en": "Hide the document"},
    "app_doc_caption": {"da": "{title}, {location}", "en": "{title}, {location}"},
    "app_doc_missing": {
        "da": "Dokumentet {file} findes ikke længere i indekset.",
        "en": "The document {file} is no longer in the index.",
    },
    "app_pdf_text_fallback": {
        "da": "Teksten fra side {page} (siden kan ikke vises som billede her).",
        "en": "The text of page {page} (the page cannot be shown as an image here).",
    },
    "app_download": {"da": "Hent som markdown", "en": "Download as markdown"},
    "app_copy": {"da": "Kopiér svaret med kilder", "en": "Copy the answer with sources"},
    "app_feedback_comment": {"da": "Kommentar (valgfri)", "en": "Comment (optional)"},
    "app_feedback_placeholder": {"da": "Hvad var godt eller forkert? Tryk Enter for at gemme.", "en": "What was good or wrong? Press Enter to save."},
    "app_feedback_thanks": {"da": "Tak for din feedback.", "en": "Thank you for your feedback."},
    "app_settings_error": {"da": "Fejl i indstillingerne: {reason}", "en": "Error in the settings: {reason}"},
}

MESSAGES.update(AUTH_MESSAGES)


def msg(key: str, lang: str = "da", **kwargs: object) -> str:
    text = MESSAGES[key].get(lang) or MESSAGES[key]["da"]
    return text.format(**kwargs) if kwargs else text


def listed(items: list[str], lang: str = "da") -> str:
    """"A, B og C" ("A, B and C"), as a list of names is written."""
    last = " og " if lang == "da" else " and "
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1]
