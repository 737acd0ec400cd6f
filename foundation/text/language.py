"""Which language a question is in: Danish or English (Danish wins ties: the users are Danish first)."""

from __future__ import annotations

from functools import lru_cache

from foundation.text.tokens import words

_EN_WORDS = frozenset(
    "the a an is are was were who what when where which why how does do did should must will would can could "
    "of for to in on at by with from about after before and or not be been has had their there this that "
    "these those any many much responsible agreement agreements patient patients hospital municipality".split()
)
_DA_WORDS = frozenset(
    "hvem hvad hvornår hvor hvordan hvilke hvilken hvilket skal kan er og i på til for med af den det de "
    "har ved efter ikke om som der en et fra når star står nar hvornar hvorfor mellem hos inden hvis at man vi jeg "
    "sig også ogsa eller men får far kan skal må ma blive bliver være vaere hvad hvor".split()
)


# English grammar words that bm25s's list leaves out: modal verbs, adverbs of degree and time, indefinite
# pronouns. A question's "must" or "already" names nothing a sentence could hold.
_EN_GRAMMAR = frozenset(
    "must may might shall would could need needs needed already also still actually really just whether else ever "
    "someone somebody something anyone anybody anything everyone everybody everything".split()
)


@lru_cache(maxsize=1)
def english_stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS) | _EN_GRAMMAR | {"say", "says", "said", "according", "mention", "mentioned", "describe", "described", "regarding", "agreement", "agreements", "document", "paper", "proposal"}


def detect_language(text: str) -> str:
    """'en' when English function words outnumber Danish ones, else 'da'.

    Danish letters do not decide it: English questions often quote Danish terms.
    """
    ws = words(text)
    if not ws:
        return "da"
    en = sum(w in _EN_WORDS for w in ws)
    da = sum(w in _DA_WORDS for w in ws)
    return "en" if en > da else "da"  # Danish first: a tie is Danish
