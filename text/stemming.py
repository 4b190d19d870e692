"""Words for matching Arabic and English legal texts: normalised, stop words dropped, lightly stemmed.

Arabic: spelling folded by ``text.normalise.normalise`` (NFKC, harakat and tatweel removed, alef forms (أ إ آ ٱ)
made ا, ى made ي, ة made ه); then a light stemmer in the manner of Larkey's Light10: the conjunction و, the
article ال with or without a preposition or conjunction before it (بال كال فال وال لل), a lone ب ل ك ف before a
word of five letters or more, and common suffixes (تها ته ها ان ات ون ين يه ه ي) are stripped while at least two
letters remain. Snowball's Arabic stemmer is not used: it stems a word differently with and without the article
(حرية → حر but الحرية → الحر; قانون → قانون but القانون → قان), which would keep «حرية» and «الحرية» apart.
English: lower case and Snowball's English (Porter 2) stemmer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

from text.normalise import ARABIC_MARKS, normalise

__all__ = ["stem", "terms", "words", "words_with_surface"]

_WORD = re.compile(r"[^\W\d_]+")
_ARABIC = re.compile("[\u0600-\u06ff]")

_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("تها", "ته", "ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_AR_PARTICLES = ("ب", "ل", "ك", "ف")

# Function words and the words every law repeats; written normalised (no hamza on alef, ه for ة, ي for ى).
_AR_STOP = frozenset(
    """
    في من على الي عن ان او ما لا لم لن كل هذا هذه ذلك تلك التي الذي الذين اللذين اللتين اللاتي هو هي هم هن
    مع بين عند غير الا اذا اذ ثم قد كان كانت يكون تكون ولا وفي ومن وعلى والي وان او اي ايه بعد قبل حتي منه منها
    عليه عليها فيه فيها به بها له لها لهم اليه عنه عنها كما وكل وهو وهي لكل بكل بما مما فيما عما انه انها ولو لو
    ماده مادة المادة المواد الماده قانون القانون وفقا وفق احكام بموجب يجوز ايضا سواء حال الحالات
    """.split()
)
_EN_STOP = frozenset(
    """
    a an the and or of to in on at by for from with without as is are be been being was were has have had shall
    may must will would can could not no nor any all each every such this that these those it its their them they
    he she his her him who whom which what when where there than then so if into onto upon under over about other
    own same only also both either neither per article articles law laws state states party parties provided
    including include includes one two three section sub clause
    """.split()
)

_english = snowballstemmer.stemmer("english")


def _stop(word: str) -> bool:
    return len(word) < 2 or word in _AR_STOP or word in _EN_STOP


def words(text: str) -> list[str]:
    """The normalised words of a text, stop words left out; no stemming (what a plain keyword match compares)."""
    return [word for word in _WORD.findall(normalise(text)) if not _stop(word)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one normalised word (Arabic light stemming, English Snowball)."""
    if not _ARABIC.search(word):
        return _english.stemWord(word)
    if word.startswith("و") and len(word) >= 4:
        word = word[1:]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    else:
        if word[0] in _AR_PARTICLES and len(word) >= 5:
            word = word[1:]
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """The stems of a text's words, stop words left out, in order (repeats kept)."""
    stems = (stem(word) for word in words(text))
    return [term for term in stems if len(term) >= 2 and not _stop(term)]


def words_with_surface(text: str) -> Iterator[tuple[str, str]]:
    """(stem, the word as the text prints it) for each word that is not a stop word, in order."""
    for match in _WORD.finditer(unicodedata.normalize("NFKC", text)):
        word = normalise(match.group())
        if _stop(word):
            continue
        term = stem(word)
        if len(term) >= 2 and not _stop(term):
            yield term, ARABIC_MARKS.sub("", match.group())
