"""The Danish words the register reads: actor terms and their normalised names, verbs, time words.

One place for the vocabulary: the grammar (``grammar.py``), due dates
(``dates.py``) and the answerer's *hvem*/*hvornår* fit (``assistant.answer``)
build their patterns from these lists.
"""

from __future__ import annotations

import re

from foundation.text.regions import REGIONS

SECTOR_ACTORS = ("kommunen", "regionen", "hospitalet", "psykiatrien", "almen praksis", "borgeren", "pårørende", "parterne")
"""The normalised actors that are not named bodies."""

NAMED_BODIES = ("Sundhedskoordinationsudvalget", "Sundhedsstyregruppen", "Temagrupperne", "Klyngerne", "KKR", "KL")
"""Named bodies the extractor recognises (more may come from an LLM pass)."""

ACTORS = SECTOR_ACTORS + NAMED_BODIES


BODY_WORDS = (
    r"kommun\w*", r"region\w*", r"hospital\w*", r"sygehus\w*", "almen praksis", "egen læge", r"praktiserende læge\w*",
    r"læge\w*", r"psykiatri\w*", r"borger\w*", "pårørende", "parterne", r"sundhedskoordinationsudvalg\w*", r"kkr\w*",
    "plo", r"apotek\w*", r"hjemmeplej\w*", r"hjemmesygepleje\w*", r"sektor\w*", r"specialsektor\w*", r"praksissektor\w*",
    "vi",
)
"""The sectors, bodies and persons an agreement is between (regex, case-insensitive)."""
STAFF_WORDS = (
    # the professions and units that do the work, in any compound ("hjemmesygeplejersken", "fysioterapeuter"); not
    # the verb "rådgiver" nor "udvalgte"
    r"\w*plejersk\w*", r"jordemød\w*", r"jordemoder\w*", r"\w*terapeut\w*", r"\w*rådgiver(?:en|e|ne)\b", r"socialrådgiver\b",
    r"psykolog(?:en|er|erne)?", r"pædagog(?:en|er|erne)?", r"\w*medarbejder\w*", r"\w*personale\w*", r"speciallæge\w*",
    r"tandlæge\w*", r"\w*koordinator\w*", r"visitator\w*", r"tovholder\w*", r"kontaktperson\w*", r"jobcent\w*",
    r"\w*styrelse\w*", r"\w*sekretariat\w*", r"\w*udvalg(?:et|ene|s|ets)?\b", r"klynge\w*", r"\w*grupp(?:e|en|er|erne)\b",
    r"hjemmehjælp\w*", r"\w*team(?:et|s)?",
    # working units by their kind ("misbrugscentret", "genoptræningsenheden", "sygehusafdelingen", "lægemiddelkonsulenter");
    # not "procent", "klinisk"
    r"\w+center\w*", r"\w+centr(?:et|ets|e|ene)\b", r"\w+enhed(?:en|er|erne|ens)?\b", r"\w*afdeling\w*", r"\w*konsulent\w*",
    r"\w*ambulatori\w*", r"\w*klinik(?:ken|ker|kerne|s)?\b",
    # bodies of any kind ("den amerikanske organisation Institute for …", "Sundhedsministeriet", "byrådet")
    r"\w*organisation\w*", r"\w*institut\w*", r"\w*ministeri\w*", r"\w*myndighed\w*", r"\w*forening\w*",
    r"\w*bestyrelse\w*", r"\w+rådet\b", r"\w*direktion\w*", r"\w*ledelse\w*",
)
"""The staff, units and bodies of any kind that do the work (regex, case-insensitive)."""
ACTOR_WORDS = BODY_WORDS + STAFF_WORDS
"""Words that name an actor in any inflection (regex, case-insensitive): enough to see that a sentence
names someone, as the answerer's *hvem* fit asks. ``ACTOR_TERMS`` below is the inflection-exact
table the grammar reads subjects with and normalises to ``ACTORS``."""

REGION_SIDE = {"regionen", "hospitalet", "psykiatrien"}
WE = "<vi>"


# Denmark's five regions: a place after an actor ("Kommunerne i Region Nordjylland") is any of them, not
# only those of the documents at hand
_REGION = "|".join(REGIONS)
_REGIONAL = r"(?:midtjysk|nordjysk|syddansk|sjællandsk)e"  # "de nordjyske kommuner", "den midtjyske region"
NUMBER_WORDS = ("to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "tolv")
"""Spelled-out numbers that count a duration ("inden for tre dage") or bodies ("to kommuner")."""
_DET = rf"(?:(?:de|den|det|alle|hver|både|samtlige)\s+)?(?:(?:enkelte|\d{{1,2}}|{'|'.join(NUMBER_WORDS)}|{_REGIONAL})\s+){{0,2}}"
ACTOR_TERMS: tuple[tuple[str, str], ...] = (
    (r"sundhedskoordinationsudvalg(?:et)?", "Sundhedskoordinationsudvalget"),
    (r"sundhedsstyregrupp(?:en|e)", "Sundhedsstyregruppen"),
    (r"temagrupp(?:en|erne|er)(?:\s+for\s+[a-zæøå\-]+)?", "Temagrupperne"),
    (r"klyngerne|klyngen", "Klyngerne"),
    (rf"KKR(?:[- ](?:{_REGION}))?(?![\w-])", "KKR"),
    (r"KL(?![\w-])", "KL"),
    (r"(?:regions|børne-\s*og\s*ungdoms|børne–\s*og\s*ungdoms|behandlings|voksen)?psykiatri(?:en)?", "psykiatrien"),
    (r"(?:sygehus|hospitals)(?:afdeling|læge)(?:en|erne|er|n|r|rne)?|(?:akut|universitets|regions)?hospital(?:et|erne|er)?|"
     r"(?:universitets|regions)?sygehuse(?:t|ne)|(?:universitets|regions)?sygehus|somatikken|fødestedet",
     "hospitalet"),  # a hospital's department or doctor ("Sygehusafdelingen kontakter …", "sygehuslægen udfylder …")
    # acts for the hospital, and a hospital is named by its kind as often as by its town: "Aarhus Universitetshospital",
    # "Regionshospitalet Randers"
    (r"regionens\s+praksisafdeling|hospitalsapoteket", "regionen"),
    (rf"region(?:en|erne|er)?(?:\s+(?:{_REGION}))?", "regionen"),
    (r"(?:kommunale\s+)?akutfunktion(?:erne|er)", "kommunen"),
    # the municipal services by name: home nursing, home care, health visitors
    (r"(?:den\s+kommunale\s+)?(?:hjemmesygepleje(?:n)?|hjemmepleje(?:n)?|sundhedsplejen)", "kommunen"),
    # the professions whose sector Danish health law fixes: a health visitor or a home nurse works for the
    # municipality, a midwife for the region's hospitals
    (r"(?:sundheds|hjemmesyge)plejersk(?:en|er|erne|e)", "kommunen"),
    (r"jordemoder(?:en)?|jordemødre(?:ne)?", "hospitalet"),
    # a municipality also by the role the law gives it towards the citizen ("bopælskommunen", "handlekommunen")
    (r"(?:bopæls|handle|opholds|betalings|beliggenheds)?kommun(?:en|erne|er|e)(?:\(r\))?|kommunale\s+(?:sundhedspersoner|medarbejdere)",
     "kommunen"),
    (
        # and the general practitioners' organisation, by its regional branch too ("PLO-Hovedstaden", "PLO-H")
        (r"almen\s+praksis|egen\s+læge|praktiserende\s+læge(?:r|n|rne)?|vagtlæge(?:n)?|praksissektor(?:en)?|lægepraksis"
         r"|(?-i:PLO)(?:-[A-ZÆØÅ][\wæøå]*)?"),
        "almen praksis",
    ),
    (r"borger(?:en|ne)|patient(?:en|erne)|de\s+unge|den\s+unge|den\s+gravide", "borgeren"),
    (r"pårørende|familien|forældrene", "pårørende"),
    (
        r"sundhedsaftalens\s+parter|parterne|alle\s+parter|alle\s+aktører(?:\s+i\s+forløbet)?|risikomanagerne|"
        r"ledelserne\s+i\s+de\s+enkelte\s+enheder|de\s+professionelle",
        "parterne",
    ),
    (r"vi", WE),
)
CASE_SENSITIVE = {"KKR", "KL"}
_TERM_RE = "|".join(f"(?:{t})" for t, _ in ACTOR_TERMS)
MOD_BODY = (
    rf"\s+(?:i\s+(?:Region\s+(?:{_REGION})|regionen|KKR-(?:{_REGION})|hovedstadsregionen|"
    rf"den\s+{_REGIONAL}\s+region|klyngerne)|fra\s+(?:de\s+involverede\s+sektorer|den\s+enkelte\s+sektor)|"
    r"\([^()]{0,60}\)|[–-]\s+herunder\s+[^–-]{0,40}\s+[–-])"
)
_MOD = f"(?:{MOD_BODY})?"  # place and aside after an actor: "Kommunerne i Region Midtjylland", "Hospitalerne (læger, …)"
# a municipality or hospital by its proper name, the town's before the kind's: "Esbjerg Kommune", "Odense
# Universitetshospital", "Sydvestjysk Sygehus" (the kind capitalised and indefinite, as only a name has it)
PLACE_NAME = r"[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?"
PROPER_KIND = r"(?:Kommune|Universitetshospital|Regionshospital|Sygehus|Hospital)\b"
_NAMED_BY_PLACE = rf"(?-i:{PLACE_NAME}\s+(?={PROPER_KIND}))"
# or the kind's before the place's, as hospitals are named too: "Sygehus Lillebælt", "Hospital Sønderjylland",
# "Regionshospitalet Gødstrup" (the kind capitalised)
_PLACE_AFTER = rf"(?-i:(?:(?<=Sygehus)|(?<=Hospital)|(?<=Regionshospitalet)|(?<=Hospitalsenheden))\s+{PLACE_NAME}(?![\w-]))"
_ONE = rf"{_DET}{_NAMED_BY_PLACE}?(?:{_TERM_RE}){_PLACE_AFTER}?{_MOD}"
NP = rf"{_ONE}(?:(?:\s*,\s*|\s+(?:og/eller|og|eller|samt)\s+(?:i\s+)?|\s*/\s*){_ONE})*"
NP_RE = re.compile(NP, re.IGNORECASE)
TERM_COMPILED = [(re.compile(rf"(?<![\w-])(?:{t})(?![\w])", re.IGNORECASE), label) for t, label in ACTOR_TERMS]

GENITIVE_ACTORS = {
    "kommunens": "kommunen",
    "kommunernes": "kommunen",
    "regionens": "regionen",
    "hospitalets": "hospitalet",
    "hospitalernes": "hospitalet",
    "almen praksis’": "almen praksis",
    "almen praksis'": "almen praksis",
    "almen praksis": "almen praksis",
    "regionspsykiatriens": "psykiatrien",
    "psykiatriens": "psykiatrien",
    "parternes": "parterne",
}


MODALS = ("skal", "vil", "kan", "må")
DUTY_VERBS = frozenset(
    """tilbyder henviser sikrer sender screener udarbejder iværksætter koordinerer rådgiver vurderer kontakter
    giver laver gennemfører indkalder aktiverer tydeliggør anfører udvikler afprøver anvender opdaterer støtter
    vejleder inddrager deltager identificerer registrerer godtgører udreder igangsætter etablerer påbegynder
    følger tager udleverer udlåner arrangerer afholder samarbejder implementerer beskriver behandler forbereder
    understøtter indgår nedsætter angiver gennemgår varsler informerer orienterer leverer udpeger fastsætter
    opstiller inviterer varetager skaber yder""".split()
)
PRESENT_NOT_TASK = frozenset(
    """mener synes oplever ser finder ligger står bor kender mangler forventer bliver hedder betyder omfatter
    indeholder dækker udgør repræsenterer anerkender erkender arbejder modtager bruger ønsker forpligter
    satser efter under over eller hver senere tidligere anbefaler peger påpeger understreger fremhæver""".split()
)
"""Present-tense forms (and words that merely look like one) that state a view or a state, not a task; and verbs of
saying ("Kommunerne peger på mangel på fysioterapeuter", "påpeger", "understreger"), which report a view."""
COMMIT_VERBS = ("forpligter", "forpligtiger")
ADVERBS = frozenset(
    """endvidere desuden derfor også fortsat selv sammen nu altid løbende dermed således ligeledes ofte
    evt. evt fx f.eks. bl.a. eksempelvis først herefter yderligere aktivt""".split()
)
STATIVE = frozenset({"være", "blive", "opleve", "vide", "ofte", "typisk", "gerne", "ikke"})
DEPONENT = frozenset({"lykkes", "synes", "mødes", "findes", "ses", "enes", "færdes", "trives", "skændes"})
SUBORDINATORS = frozenset({"at", "som", "der", "hvis", "når", "om", "fordi", "hvor", "hvordan", "hvad", "mens", "da"})


NOT_PASSIVE = frozenset(
    """jeres deres fælles kommunes regions tværs hinandens dagens livs borgeres unges ældres gravides
    overvejes vurderes forventes skønnes anslås antages formodes""".split()
)  # words ending in -es that are no passive verb (or a passive that reports a judgement or a forecast:
# "Antallet forventes at stige … frem mod 2030" is no pledge)


# ---------------------------------------------------------------- time words

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december")
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
DURATION_UNITS = ("timer", "døgn", "dage", "hverdage", "kalenderdage", "arbejdsdage", "uger", "måneder", "år")
"""Units of a time limit ("inden for 24 timer", "senest 14 dage", "inden for 7 kalenderdage")."""
DURATION_UNITS_ONE = ("time", "dag", "hverdag", "kalenderdag", "arbejdsdag", "uge", "måned")
"""The same units counted one ("senest 1 time efter advis", "inden for en uge"): only after a number, since alone
they are also everyday words ("i borgerens hverdag")."""
