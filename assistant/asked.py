"""What a question asks besides its topic, and whether a quote states it: the unit a *hvor mange* /
*how many* question counts; money for *hvem betaler* / *who pays*; a frequency for *hvor ofte*; a span
for *hvor lang tid*; names for *hvilke kommuner* / *which hospital* / *hvem er formand for*.

"Hvor mange borgere …" asks for a number of citizens: "18 ud af 19 kommuner" is a number, but
not of what is asked. The unit is read from the question by grammar, not from a list of the
corpus's nouns: the first content words after the question phrase ("hvor mange", "how many",
"antallet af", "number of"), matched in the sentence through the plan's own key-term group for
that word (its inflections, compound parts and, for English, its Danish nearest terms). Money
and shares are general units of the language (kroner, %), read the same way in any agreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.measures import MEASURES, asked_measure, measure_phrase
from foundation.text.bullets import BULLET_GLYPHS
from foundation.text.language import english_stopwords
from foundation.text.regions import REGION_PATTERN
from foundation.text.sentences import ABBREVIATIONS
from foundation.text.tokens import MEANINGFUL_FUNCTION_WORDS, stem, stopwords, words
from ingest.commitments.lexicon import NUMBER_WORDS
from ingest.pdf_tables import CELL, row_cells

_COUNT_PHRASE = re.compile(r"\b(?:hvor\s+mange|how\s+many|antal(?:let)?\s+af|number\s+of)\s+(.*)", re.IGNORECASE)
# the nouns of a sum of money: one list for "hvad er lønnen …" (its type, assistant.query) and for the unit a
# count asks; "midler" (also "means") names money only beside a count
MONEY_NOUN = (
    r"(?:penge|kroner|beløb\w*|budget\w*|pris\w*|løn(?:nen|ninger|ningerne|s)?|bevilling\w*|tilskud\w*"
    r"|udgift\w*|omkostning\w*|takst\w*|gebyr\w*|egenbetaling\w*"
    r"|money|costs?|prices?|salary|salaries|wages?|budgets?|fees?|grants?|funding)"
)
_MONEY_ASKED = re.compile(rf"\b(?:{MONEY_NOUN}|midler|kr|dkk|koste\w*|cost\w*|price\w*|wage\w*|fund\w*|grant\w*)\b", re.IGNORECASE)
# "hvem betaler …", "who pays …": the actor is asked, but of a payment; the answer must speak of money
# paying and funding, in the question: one set for whether it asks who pays and for what is paid for
# a verb with its particle written on is the same verb: "udbetaler", "tilbagebetale", "medfinansiering"
_PAY = r"(?:ud|tilbage|efter)?betal\w*|pays?|paid|paying"
_FUND = r"(?:med)?finansier\w*|financ\w*|funds?"
_PAY_ASKED = re.compile(rf"\b({_PAY}|{_FUND}|funded|funding)\b", re.IGNORECASE)


COST_TERMS = ("udgift", "finansiering")
"""Key terms of costs, which a sentence naming who pays may use instead of a word of paying ("afholder udgiften")."""
FREE_TERMS = ("gratis", "vederlagsfri", "egenbetaling")
"""Key terms of what the one asked about pays or does not, which answer whether someone pays ("Indsatsen er gratis
for borgeren" for "Does the citizen pay anything for …?"), never who pays."""


def pay_word(term: str) -> bool:
    """A key term that is a word of paying or funding ("betaler", "pays", "finansierer")."""
    return bool(_PAY_ASKED.fullmatch(term))


# in a sentence: paying and funding as a question says them ("medbetaling" too), and the words of costs
_MONEY_TALK = re.compile(
    rf"\b(medbetal\w*|{_PAY}|{_FUND}|udgift\w*|omkostning\w*|kr|kroner|økonomi\w*|midler(?:ne)?|bevilling\w*|takst\w*"
    r"|godtgør\w*|refusion\w*|refunder\w*|gebyr\w*|egenbetaling\w*|vederlagsfri\w*|gratis|budget\w*|tilskud\w*"
    r"|pay\w*|cost\w*|funded|funding|fees?|reimburs\w*|free of charge)\b",
    re.IGNORECASE,
)
# "hvor meget betaler SOSU-skolerne", "how much does each municipality contribute": how much is paid is a sum
_HOW_MUCH_PAID = re.compile(
    r"\b(?:hvor\s+meget|how\s+much)\b.*\b(?:betal\w*|bidrag\w*|finansier\w*|pays?|paid|contribut\w*|financ\w*)\b",
    re.IGNORECASE,
)
_SHARE_ASKED = re.compile(r"\b(procent\w*|andel\w*|pct|percent\w*|share|proportion)\b", re.IGNORECASE)
_MONEY = re.compile(r"\d[\d.,]*\s*(?:kr\b\.?|kron(?:e|en|er|erne)\b|dkk|mio\b\.?|mia\b\.?|mill\w*|milliard\w*)", re.IGNORECASE)
# a share in the words of the language: "hver tredje borger", "halvdelen af", "en fjerdedel"
ONE = ("én", "ét")
""""One" with its stress mark: a count ("én sundhedsaftale pr. region"), never the article "en"/"et"."""
ORDINALS = r"(?:anden|tredje|fjerde|femte|sjette|syvende|ottende|niende|tiende)"
FRACTIONS = r"(?:halvdel|tredjedel|fjerdedel|femtedel|tiendedel)"
_SHARE = re.compile(rf"\d[\d.,]*\s*(?:%|procent|pct)|\bhver\s+{ORDINALS}\b|\b{FRACTIONS}\w*", re.IGNORECASE)
# a number (digits or a number word), the words after it up to a clause mark, and the marks themselves
_TOKENS = re.compile(r"\d+(?:[.,]\d+)*|[\wæøå]+(?:-[\wæøå]+)*|[%.,;:()]", re.IGNORECASE)
_YEAR = re.compile(r"(19|20)\d\d")
_FRACTION = re.compile(rf"\b{FRACTIONS}\w*\b", re.IGNORECASE)
_PREPOSITIONS = frozenset("i på ved hos in at on".split())
_WINDOW = 3  # words after a number that may name what it counts ("3 elektroniske omsorgsjournaler", not "2 års erfaring som sygeplejerske")
_SHARE_WINDOW = 8  # words after a share that may name whose share it is


@dataclass(frozen=True)
class AskedUnit:
    """What a count question counts: ``money``, ``share``, a measure (``age``, ``distance``), or ``thing`` with the
    key-term groups naming it."""

    kind: str
    groups: tuple[tuple[str, ...], ...] = ()


def asked_unit(
    question: str, key_terms: tuple[tuple[str, ...], ...], soft: frozenset[tuple[str, ...]] = frozenset()
) -> AskedUnit | None:
    """The unit a number question asks for; ``None`` when the question does not say.

    ``soft`` groups (English words with no Danish term) cannot be looked for in a Danish sentence:
    a unit named only by them is unknown, not missing.
    """
    measure = asked_measure(question)
    if measure:
        return AskedUnit(measure)
    if _MONEY_ASKED.search(question) or _HOW_MUCH_PAID.search(question):
        return AskedUnit("money")
    if _SHARE_ASKED.search(question):
        return AskedUnit("share")
    m = _COUNT_PHRASE.search(question)
    if not m:
        return None
    after = words(m.group(1))
    if not after or after[0] in _PREPOSITIONS:  # "hvor mange i region midt …": the unit is not named
        return None
    following = _noun_phrase(after[:5])
    groups = tuple(g for g in key_terms if g not in soft and any(w in g for w in following))
    return AskedUnit("thing", groups) if groups else None


# an adverb of where to after a noun ends what it names: "transporten hjem fra hospitalet" pays for transport
_DIRECTIONS = frozenset({"hjem", "hjemad", "tilbage", "videre", "home", "back"})
_PARTICLES = _DIRECTIONS | {"frem", "ud", "ind", "op", "ned", "over"}


def _noun_phrase(after: list[str]) -> list[str]:
    """The words naming what is counted: after any leading function words ("af de", "of the"), the
    content words up to the next function word, at most two ("ældre borgere" in "hvor mange af de
    ældre borgere er i …"; not "hjemmedialyse" after "er i")."""
    skip = function_words()
    rest = [w for w in after if not w.isdigit()]
    while rest and rest[0] in skip:
        rest.pop(0)
    phrase: list[str] = []
    for w in rest:
        if w in skip or w in _DIRECTIONS or len(phrase) == 2:
            break
        phrase.append(w)
    return phrase


@cache
def function_words() -> frozenset[str]:
    """Words that never name what is counted ("hvor mange af de …", "how many of the …") nor an act: the
    project's Danish and English stopword lists, the same ones retrieval and key terms skip, and the prepositions
    searched for ("hjemmepleje efter genoptræningen" pays for home care, not for "efter")."""
    return stopwords() | english_stopwords() | MEANINGFUL_FUNCTION_WORDS


# what is paid for: "betaler for kørsel", "pays for the care bed", "finansierer projektet"; an English
# possessive's "'s" is no word of it ("the patient's medicine")
_OWNER = re.compile(r"['’]s?(?=\s)")  # the end of an owner ("citizen's ", "patients' ")
_PHRASE_END = re.compile(r"\s(?:in|at|on|to|for|from|with|after|before|during|when|i|på|til|fra|med|efter|før|under|når|ved)\s",
                         re.IGNORECASE)  # what ends the words of the thing paid for
_PAID_FOR = re.compile(rf"\b(?:(?:{_PAY})\s+for|{_FUND})\s+(.*)", re.IGNORECASE)
_COST_ASKED = re.compile(r"\b(?:kost(?:er|ede|e|et)|costs?|gratis|free\s+of\s+charge)\b", re.IGNORECASE)
_PARTICIPLE = re.compile(r"[a-z]{2,}ed")  # an English past participle after the noun ("aids used", "services provided")


def asked_payer(
    question: str, key_terms: tuple[tuple[str, ...], ...] = (), soft: frozenset[tuple[str, ...]] = frozenset()
) -> AskedUnit | None:
    """A *hvem* / *who* question about paying asks for an actor that pays: its unit is money, with the
    key-term groups of what is paid for where the question names it ("hvem betaler for kørsel"), so
    that a sentence paying for something else names no payer of it. Of two words, the last is what is paid
    for, the first says whose or which ("borgerens medicin", "the care bed"): a sentence on the citizen's stay
    pays for no medicine."""
    if not _PAY_ASKED.search(question):
        # "koster det noget at …", "Does it cost anything …": whether one pays, for no thing named as paid for
        return AskedUnit("money", ()) if _COST_ASKED.search(question) else None
    m = _PAID_FOR.search(question)
    paid = m.group(1) if m else ""
    phrase = _PHRASE_END.split(paid, 1)[0]  # "the heart patients' parking", not "… bars in the citizen's home"
    owner = list(_OWNER.finditer(phrase))
    if owner:  # "the heart patients' parking", "the citizen's medicine": what is paid for follows its owner
        paid = paid[owner[-1].end() :]
    after = words(paid)
    if len(after) > 2 and after[0] == "at":  # "betale for at ligge på akutpladsen": paying to do a thing, at its place
        after = after[2:]
        while after and after[0] in _PARTICLES:  # "for at komme frem til træningen": the verb's particle, then the place
            after = after[1:]
    following = _noun_phrase(after[:5])
    if len(following) == 2 and _PARTICIPLE.fullmatch(following[1]):
        following = following[:1]  # "aids used only for …": the participle begins what is said of the thing paid for
    groups = tuple(g for g in key_terms if g not in soft and any(_names_group(w, g) for w in following))
    if not groups:  # what is paid for is named by English words with no Danish term only ("the funeral"): no
        groups = tuple(g for g in key_terms if g in soft and any(_names_group(w, g) for w in following))  # quote names it
    head = tuple(g for g in groups if _names_group(following[-1], g))
    return AskedUnit("money", head or groups)


def _names_group(word: str, group: tuple[str, ...]) -> bool:
    """The question's word is one of a key-term group's words, or an inflection of it."""
    return any(_same_word(word, w) for alt in group for w in alt.split())


def _same_word(word: str, term: str) -> bool:
    """The question's word is the key term, or an inflection of it ("akutpladsen" of "akutplads")."""
    if word == term:
        return True
    a, b = stem(word), stem(term)
    return min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a))


# a sum asked per something: "What does the team cost per visit?", "hvad koster et døgn …", "pris pr. borger"
_RATE = re.compile(r"\b(?:per|pr\.?|each)\s+(?:(?:a|an|the|en|et|én|ét)\s+)?([a-zæøå-]{3,})", re.IGNORECASE)


_PERIOD = re.compile(r"(?:år|year|måned|month|uge|week|kvartal|quarter)", re.IGNORECASE)


def asked_rate(question: str, key_terms: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    """The key-term group a sum is asked per ("per visit": besøg), or None: a sum of another thing is no answer."""
    m = _RATE.search(question)
    word = m.group(1).lower() if m and not _PERIOD.match(m.group(1)) else ""  # "per year" is also "årligt", "om året"
    return next((g for g in key_terms if word and _names_group(word, g)), None)


def number_kind(phrase: str) -> str:
    """What a number phrase states: ``money`` ("500.000 kr."), ``share`` ("20 %", "hver tredje borger")
    or ``count``, so that its lead names it as an amount, a share or a number."""
    if _MONEY.search(phrase):
        return "money"
    return "share" if _SHARE.search(phrase) else "count"


def speaks_of_money(text: str) -> bool:
    """The sentence speaks of paying, costs or funding (any agreement's words for it, not one corpus's)."""
    return bool(_MONEY_TALK.search(text))


_FREE = re.compile(r"\b(?:vederlagsfri\w*|gratis|free\s+of\s+charge)\b", re.IGNORECASE)


# a thing said to be free, as what is said of it ("Indsatsen er gratis for borgeren"), not a kind of care named by it
# ("henvise borgerne til vederlagsfri fysioterapi")
_FREE_SAID = re.compile(r"\b(?:er|bliver|være|is|are|be)\s+(?:\w+\s+)?(?:gratis|vederlagsfri\w*|free(?:\s+of\s+charge)?)\b"
                        r"|\buden\s+(?:egen)?betaling\b", re.IGNORECASE)


def free_of_charge(text: str) -> bool:
    """The text names a thing free ("gratis", "vederlagsfri", "free of charge")."""
    return bool(_FREE.search(text))


def said_free(text: str) -> bool:
    """The text says a thing is free ("Indsatsen er gratis for borgeren", "… uden egenbetaling"), not that a
    kind of care is ("vederlagsfri fysioterapi")."""
    return bool(_FREE_SAID.search(text))


def speaks_of_paying(text: str) -> bool:
    """``speaks_of_money`` by another word than one of a thing being free: "Almen praksis kan henvise borgerne til
    vederlagsfri fysioterapi" says the care is free, not that the one who refers pays for it."""
    return speaks_of_money(_FREE.sub(" ", text))


# an indirect question of who: "Aftalen beskriver, hvem der har ansvaret for at udlevere, betale og …" says what is
# described, not who pays; the clause runs to a full stop or a clause of time ("…, når en borger …")
_WHO_CLAUSE = re.compile(r"\b(?:hvem|hvilke[nt]?\s+(?:part|parter|sektor|aktør)(?:er)?)\s+der\b.*?(?=[.;]|,\s*(?:når|hvis|mens)\b|$)",
                         re.IGNORECASE)


def without_who_clause(text: str) -> str:
    """The sentence without an indirect question of who ("…, hvem der har ansvaret for at … betale …")."""
    return _WHO_CLAUSE.sub(" ", text)


# a day counted as a day and night ("medicin til de første tre døgn" answers "hvor mange dages medicin")
_SAME_SPAN = {"dag": ("døgn",), "døgn": ("dag",)}


def counts_asked(text: str, unit: AskedUnit) -> bool:
    """The sentence states a number of what is asked (a sum of money, a share, a count of that thing)."""
    if unit.kind == "money":
        return bool(_MONEY.search(text))
    if unit.kind == "share":
        return bool(_SHARE.search(text))
    if unit.kind in MEASURES:
        return bool(measure_phrase(text, unit.kind))
    stems = {stem(h) for g in unit.groups for alt in g for w in alt.split() for h in _and_head(w) if len(h) >= 2}  # "år" too
    stems |= {same for s in stems for same in _SAME_SPAN.get(s, ())}
    tokens = [t.lower() for t in _TOKENS.findall(text)]
    for i, tok in enumerate(tokens):
        if tok in ("%", "procent", "pct") or _FRACTION.fullmatch(tok):  # "18 % i regionen, som ryger dagligt"
            if _share_names(tokens[i + 1:], stems):
                return True
        elif _is_count(tok, i, tokens) and _counts(tokens, i + 1, stems):
            return True
        elif _YEAR.fullmatch(tok) and _approximated(tokens, i) and i + 1 < len(tokens) and _names(tokens[i + 1], stems):
            return True  # a year's shape, approximated, right before what is counted is a count: "ca. 1900 gravide"
    return _number_of(tokens, stems) or _row_counts(text, stems)


_NUMBER_OF = ("antallet", "antal", "number")


def _number_of(tokens: list[str], stems: set[str]) -> bool:
    """The sentence's subject is the number of what is asked, and a count follows: "Antallet af færdigbehandlede
    patienter, der venter …, er faldet fra 32 til 14 om dagen", "The number of patients … fell to 14"."""
    for i, tok in enumerate(tokens[:-2]):
        if tok in _NUMBER_OF and tokens[i + 1] in ("af", "of") and _counts(tokens, i + 2, stems):
            return any(_is_count(t, j, tokens) for j, t in enumerate(tokens) if j > i + 2)
    return False


def _row_counts(text: str, stems: set[str]) -> bool:
    """A table row whose label names what is asked, and a cell after it that holds a count: "Færdigbehandlede
    patienter, der venter på kommunen | Under 15 pr. dag | 32 pr. dag | 14 pr. dag"."""
    cells = row_cells(text) if CELL in text else []
    if len(cells) < 2 or not any(_names(t.lower(), stems) for t in _TOKENS.findall(cells[0])):
        return False
    for cell in cells[1:]:
        tokens = [t.lower() for t in _TOKENS.findall(cell)]
        if any(_is_count(t, j, tokens) for j, t in enumerate(tokens)):
            return True
    return False


_ABOUT = ("ca", "cirka", "omkring", "næsten", "knap", "godt", "mindst", "højst", "about", "around", "approximately", "nearly")
_APPROXIMATE = frozenset((*_ABOUT, "over", "under", "some"))
APPROXIMATED = re.compile(rf"\b(?:{'|'.join(sorted(_APPROXIMATE))})\.?\s*$", re.IGNORECASE)
"""Text that ends in a word of approximation: the number after it is an amount, even of a year's shape."""
_BOUND = (r"mere\s+end", r"mindre\s+end", r"op\s+til", r"more\s+than", r"less\s+than", r"up\s+to")
ABOUT = re.compile(rf"\b(?:{'|'.join((*_ABOUT, *_BOUND))})\.?\s*$", re.IGNORECASE)
"""Text that ends in words that qualify the number after it ("ca. 1900", "mindst 3", "mere end 10"): a lead keeps them."""


def _approximated(tokens: list[str], i: int) -> bool:
    """The number at ``i`` follows a word of approximation ("ca. 1900", "omkring 2000"): an amount, where a year
    follows a preposition ("i 2013 midlertidige døgnpladser")."""
    j = i - 1
    if j >= 0 and tokens[j] == ".":
        j -= 1
    return j >= 0 and tokens[j] in _APPROXIMATE


def _and_head(word: str) -> tuple[str, ...]:
    """A word, and the head of a hyphenated compound ("it-systemer": systemer, which "10 praksissystemer" count)."""
    head = word.rsplit("-", 1)[-1]
    return (word, head) if head != word and len(head) >= 4 else (word,)


def _counts(tokens: list[str], start: int, stems: set[str]) -> bool:
    """The words after a number, up to a clause mark, name the unit ("18 ud af 19 kommuner")."""
    seen = 0
    j = start
    while j < len(tokens) and seen < _WINDOW:
        tok = tokens[j]
        if tok in ".;:(),":
            return False
        if tok == "ud" and tokens[j + 1:j + 2] == ["af"] and j + 2 < len(tokens) and tokens[j + 2][0].isdigit():
            j += 3  # "18 ud af 19": still the number
            continue
        if _names(tok, stems):
            return True
        seen += 1
        j += 1
    return False


def _is_count(tok: str, i: int, tokens: list[str]) -> bool:
    if tok in NUMBER_WORDS or tok in ONE:
        return True
    if not tok[0].isdigit() or _YEAR.fullmatch(tok):
        return False
    return not (i == 0 and len(tokens) > 1 and tokens[1] == ".")  # "2. Alle kommuner …": a list item


def names_of(text_after: str, key_terms: tuple[tuple[str, ...], ...]) -> bool:
    """The words after a share or a sum name one of the key terms: whose share or what sum it is ("20 %
    af alle sygehusindlæggelser" for admissions)."""
    stems = {stem(w) for g in key_terms for alt in g for w in alt.split() if len(w) >= 3}
    return _share_names([t.lower() for t in _TOKENS.findall(text_after)], stems)


def _share_names(tokens: list[str], stems: set[str]) -> bool:
    """One of the first ``_SHARE_WINDOW`` words, within the sentence and before a clause that turns against it
    (", men ligger stadig over målet"), names the unit."""
    window: list[str] = []
    for i, tok in enumerate(tokens):
        if tok == "." and window and tokens[i - 1] in ABBREVIATIONS:
            continue  # "1 krone pr. borger", "2,5 mio. kr. til forskning": an abbreviation's point ends nothing
        if tok in ".;:" or len(window) == _SHARE_WINDOW or tok == "," and tokens[i + 1:i + 2] in (["men"], ["but"]):
            break
        window.append(tok)
    return any(_names(t, stems) for t in window)


def _names(word: str, stems: set[str]) -> bool:
    """The word is one of the unit's terms, an inflection of it, a compound that starts or ends with it, or
    the same compound with a part put in between ("sygedage": "48 sygefraværsdage")."""
    if not word.isalpha() and "-" not in word:
        return False
    s = stem(word)
    first = stem(word.split("-", 1)[0]) if "-" in word else ""  # a name by its first part: "to fra PLO-Syddanmark"
    return s in stems or first in stems or any(len(t) >= 4 and s.startswith(t) or len(t) >= 3 and s.endswith(t)
                                               or _widened(t, s) for t in stems)


def _widened(term: str, word: str) -> bool:
    """``word`` is ``term``'s first part (four letters or more), a part of three or more, and ``term``'s last
    part (three or more): "syge|dag" in "syge|fraværs|dag"."""
    if len(word) < len(term) + 3:
        return False
    return any(word.startswith(term[:i]) and word.endswith(term[i:]) for i in range(4, len(term) - 2))


# "hvilke kommuner …", "which hospital …": which institutions of a kind are asked, by name. The kinds are
# the general words for the institutions a health agreement names (municipalities, hospitals, pharmacies,
# practices, clinics), not one corpus's. Not a role that a generic actor fills ("hvilken leverandør",
# "which doctor": "kommunen", "egen læge" answer those).
_WHICH = re.compile(r"\b(?:hvilke|hvilken|hvilket|which)\s+(.*)", re.IGNORECASE)
_BODY = re.compile(
    r"(kommune|hospital|sygehus|apotek|praksis|klinik|universitet"
    r"|municipalit|pharmac|practice|clinic|universit)(?:\w*)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\wæøåÆØÅ]+(?:-[\wæøåÆØÅ]+)*")
_NAME_START = re.compile(rf"(?:^|[.:;!?{BULLET_GLYPHS}–(]\s*|\n\s*|\d[.)\d]*\s+|\b[a-z]\)\s+)$")  # also after "2.4 ": a heading
# an English kind's Danish word, for the compounds that name one by its role ("bopælskommunen")
_KIND_DA = {"municipalit": "kommune", "pharmac": "apotek", "practice": "praksis", "clinic": "klinik",
            "universit": "universitet"}


# the roles a person is asked for by ("formand", "direktøren", "chairs"): the role is not what the question is about
PERSON_ROLE = re.compile(
    r"(?:næst)?form(?:and|ænd)\w*|leder\w*|direktør\w*|chef\w*|borgmester\w*|(?:vice-)?chair\w*|head\w*|director\w*|mayor\w*",
    re.IGNORECASE,
)
# "hvem er formand for …", "who chairs …": a person in a role is asked, by name
_PERSON_ASKED = re.compile(
    r"\b(?:hvem\s+(?:er|var|bliver|blev)|hvad\s+hed(?:der|de)|navne[tn]?\s+på)\s+(?:den\s+nye\s+|ny\s+)?"
    r"(?:formand|formænd|næstformand|leder|direktør|chef|borgmester)\w*"
    r"|\b(?:what\s+is|what's)\s+the\s+names?\s+of\s+the\s+(?:chair\w*|head|leader|director|mayor)s?\b"
    r"|\bwho\s+(?:is|was|are|were)\s+(?:the\s+)?(?:new\s+)?(?:chair\w*|vice-chair\w*|head|leader|director|mayor)s?\b"
    r"|\bwho\s+(?:chairs|heads)\b",
    re.IGNORECASE,
)


def asks_names(question: str) -> str:
    """*Hvilke kommuner …*, *which hospital …*: the kind of institution asked for by name ("kommune",
    "hospital" …); "person" for *hvem er formand for …*, *who chairs …*; "" when the question asks no name.

    The kind's word follows the interrogative directly, or after at most two names or numbers ("Which
    Capital Region municipalities", "hvilke to kommuner"); "I hvilket forum taler kommunerne …" asks a forum.
    """
    if _PERSON_ASKED.search(question):
        return "person"
    m = _WHICH.search(question)
    if not m:
        return ""
    for i, tok in enumerate(_WORD.findall(m.group(1))[:3]):
        if body := _BODY.fullmatch(tok):
            kind = body.group(1).lower()
            return _KIND_DA.get(kind, kind)
        if not (tok[0].isupper() or tok.isdigit() or tok.lower() in NUMBER_WORDS) or i == 2:
            return ""
    return ""


# a first name and a surname on one line (a unit's lines are joined by a line break: "Viborg\nPræsentation …")
_PERSON = re.compile(r"\b[A-ZÆØÅ][a-zæøåé]+(?:-[A-ZÆØÅ][a-zæøåé]+)?(?:[ \t]+[A-ZÆØÅ]\.)?(?:[ \t]+[A-ZÆØÅ][a-zæøåé]+(?:-[A-ZÆØÅ][a-zæøåé]+)?)+\b")


def names_a_body(text: str, question: str, kind: str) -> bool:
    """The quote names an institution or a person the question does not: a capitalised word inside a
    sentence ("Horsens", "Regionshospitalet Randers", "Lars Møller"; not a sentence's, a list item's or a
    heading's first word, not an acronym, not a region), or an institution of the kind by its role
    ("bopælskommunen" for *hvilken kommune*)."""
    asked = {w.lower() for w in _WORD.findall(question)}
    if kind == "person":  # a person by first name and surname ("Lars Møller", "Henrik Bay Nielsen"), not a town ("Viborg")
        return any(not ({w.lower() for w in m.group(0).split()} <= asked or REGION_PATTERN.search(m.group(0)))
                   for m in _PERSON.finditer(text))
    for m in _WORD.finditer(text):
        tok = m.group(0)
        low = tok.lower()
        if kind != "person" and kind in low[1:] and not low.startswith(kind) and low not in asked:
            return True
        if not tok[0].isupper() or tok.isupper() or low in asked or low == "region" or REGION_PATTERN.fullmatch(tok):
            continue  # "Region Midtjylland" names no municipality, hospital or person
        if not _NAME_START.search(text[max(0, m.start() - 6) : m.start()]):
            return True
    return False
