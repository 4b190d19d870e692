"""How text becomes search terms, the same for what is indexed and what is typed, on every embedded engine.

Arabic as Elasticsearch's Arabic analyzer does it: Arabic-Indic digits read as Western ones («المادة ٥» is
«المادة 5»), NFKC, harakat and tatweel removed, alef/hamza forms, ya and ta marbuta unified, then the light
stemmer of ``text.stemming`` (the article, و and common prefixes and suffixes stripped), so «حرية التعبير»,
«وحريات التعبير» and «الحرية» meet. English: lower case and Snowball's English stemmer. Stop words are function
words only: «المادة» and «قانون» stay searchable here (suggestions drop them, search must not).

``words`` keeps where each word stands in the original text, so a highlight marks whole words and never cuts
an Arabic word in two.
"""

from __future__ import annotations

import re
from functools import lru_cache

from text.normalise import ARABIC_MARK_CHARS, normalise, strip_marks, western_digits
from text.stemming import stem

__all__ = ["STOP_WORDS", "analyse", "prefix_term", "terms", "words"]

# A word: letters and digits, with any harakat or tatweel inside it. The second pattern is the same for a text
# without an underscore (\w is a letter, a digit or "_") and twice as fast: one character class, no alternation.
_WORD = re.compile(rf"(?:[^\W_]|[{ARABIC_MARK_CHARS}])+")
_WORD_NO_UNDERSCORE = re.compile(rf"[\w{ARABIC_MARK_CHARS}]+")


def _word_pattern(text: str) -> re.Pattern[str]:
    return _WORD if "_" in text else _WORD_NO_UNDERSCORE


_DIGITS = re.compile(r"^\d+$")

# Written normalised (ا for أ/إ/آ, ي for ى, ه for ة).
STOP_WORDS = frozenset(
    """
    في من علي على الي عن ان او ما لا لم لن كل هذا هذه ذلك تلك التي الذي الذين اللذين اللتين اللاتي هو هي هم هن
    مع بين عند الا اذا اذ ثم قد كان كانت يكون تكون ولا وفي ومن وعلي والي وان اي بعد قبل حتي منه منها
    عليه عليها فيه فيها به بها له لها لهم اليه عنه عنها كما بما مما فيما عما انه انها ولو لو
    a an the and or of to in on at by for from with as is are be been was were it its this that these those
    """.split()
)


@lru_cache(maxsize=200_000)
def _term(word: str) -> str:
    """The search term of one word exactly as it stands in a text ('' for a stop word); cached, since analysis
    and highlighting read every word of a text: a dictionary look-up per word, not a normalisation."""
    word = western_digits(strip_marks(word))
    if _DIGITS.match(word):
        return word.lstrip("0") or "0"
    word = normalise(word)
    if word in STOP_WORDS or len(word) < 2:
        return ""
    term = stem(word)
    return term if len(term) >= 2 else word


def words(text: str) -> tuple[list[re.Match[str]], list[str]]:
    """Every word of the text (its match, with its offsets into ``text``) and its term ('' for a stop word), in
    order, made without a Python step per word (a highlight reads every hit's whole text on each query)."""
    found = list(_word_pattern(text).finditer(text))
    return found, list(map(_term, map(re.Match.group, found)))


def terms(text: str) -> list[str]:
    """The terms of a text, in order, repeats kept."""
    return list(filter(None, map(_term, _word_pattern(text).findall(text))))


def analyse(text: str) -> str:
    """The terms of a text joined by spaces: what the embedded engines index (FTS5 column, PostgreSQL
    ``to_tsvector('simple', ...)``)."""
    return " ".join(terms(text))


@lru_cache(maxsize=100_000)
def prefix_term(text: str) -> str:
    """What a prefix search («قانون*», «legislat*») matches the start of: the word normalised, with a leading
    article or و/ب/ل/ك/ف+article stripped but no suffix removed (a suffix is not typed yet)."""
    word = western_digits(strip_marks(text))
    if _DIGITS.match(word):
        return word
    word = normalise(word)
    for prefix in ("وال", "بال", "كال", "فال", "لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word
