"""User-facing strings of sign-in, roles and the library page (merged into ``foundation.messages.MESSAGES``)."""

from __future__ import annotations

AUTH_MESSAGES: dict[str, dict[str, str]] = {
    "auth_explain": {
        "da": "Aftale søger og svarer i sundhedsaftalerne med kilder. Log ind med din arbejdskonto for at stille spørgsmål.",
        "en": "Aftale searches and answers from the health agreements with sources. Sign in with your work account to ask.",
    },
    "auth_login": {"da": "Log ind", "en": "Sign in"},
    "auth_logout": {"da": "Log ud", "en": "Sign out"},
    "auth_signed_in_as": {"da": "Logget ind som {user} ({role})", "en": "Signed in as {user} ({role})"},
    "auth_role_editor": {"da": "redaktør", "en": "editor"},
    "auth_role_reader": {"da": "læser", "en": "reader"},
    "auth_not_configured": {
        "da": "Login er slået til (AFTALE_AUTH__PROVIDER_URL), men Streamlit har ikke fået login-opsætningen. "
        "Start appen med: aftale app",
        "en": "Sign-in is switched on (AFTALE_AUTH__PROVIDER_URL), but Streamlit was not given the sign-in "
        "configuration. Start the app with: aftale app",
    },
    "lib_nav": {"da": "Bibliotek", "en": "Library"},
    "lib_title": {"da": "Bibliotek", "en": "Library"},
    "lib_intro": {
        "da": "Her retter og fjerner redaktører dokumenter. Hver ændring bygger et nyt indeks og skrives i loggen nedenfor.",
        "en": "Here editors correct and remove documents. Every change builds a new index and is written to the log below.",
    },
    "lib_document": {"da": "Dokument", "en": "Document"},
    "lib_correct": {"da": "Ret oplysninger", "en": "Correct facts"},
    "lib_fact_title": {"da": "Titel", "en": "Title"},
    "lib_fact_region": {"da": "Region", "en": "Region"},
    "lib_fact_kind": {"da": "Type", "en": "Kind"},
    "lib_fact_period": {"da": "Periode", "en": "Period"},
    "lib_fact_status": {"da": "Status", "en": "Status"},
    "lib_save": {"da": "Gem rettelser", "en": "Save corrections"},
    "lib_saved": {"da": "Oplysningerne om {file} er rettet.", "en": "The facts of {file} were corrected."},
    "lib_remove": {"da": "Fjern dokumentet", "en": "Remove the document"},
    "lib_remove_confirm": {"da": "Ja, fjern {file} fra indekset", "en": "Yes, remove {file} from the index"},
    "lib_removed": {"da": "{file} er fjernet fra indekset.", "en": "{file} was removed from the index."},
    "lib_audit": {"da": "Ændringslog", "en": "Audit log"},
    "lib_audit_empty": {"da": "Ingen ændringer endnu.", "en": "No changes yet."},
    "lib_col_time": {"da": "Tidspunkt", "en": "Time"},
    "lib_col_user": {"da": "Bruger", "en": "User"},
    "lib_col_action": {"da": "Handling", "en": "Action"},
    "lib_col_document": {"da": "Dokument", "en": "Document"},
    "lib_action_added": {"da": "tilføjet", "en": "added"},
    "lib_action_replaced": {"da": "erstattet", "en": "replaced"},
    "lib_action_removed": {"da": "fjernet", "en": "removed"},
    "lib_action_corrected": {"da": "rettet", "en": "corrected"},
}
