"""Arabic text rules, in one home for retrieval, answers and evaluation (never for display unless said).

- `letters`: the normaliser (alef forms, ya/ta marbuta, diacritics, tatweel, format characters, digits), what
  a reader sees (`visible_text`), presentation forms;
- `words`: tokens, stop words, clitics and the light stemmer, the lexical index's terms;
- `calendar`: month names in every spelling, weekdays.

Importing the names from `store.arabic` keeps callers independent of the files they live in.
"""

from store.arabic.calendar import AMBIGUOUS_MONTHS, MONTHS, WEEKDAYS, month_at
from store.arabic.letters import (
    DIACRITICS_CLASS,
    FORMAT_CLASS,
    NORMALISER_VERSION,
    base_letters,
    has_arabic,
    is_arabic,
    normalise_arabic,
    strip_diacritics,
    visible_text,
)
from store.arabic.words import (
    PROCLITICS,
    char_ngrams,
    lexical_tokens,
    match_stem,
    match_tokens,
    noun_key,
    noun_keys,
    root_arabic,
    root_tokens,
    stem_arabic,
    strip_arabic_article,
    ta_marbuta_form,
    tokenise,
)

__all__ = [
    "AMBIGUOUS_MONTHS",
    "DIACRITICS_CLASS",
    "FORMAT_CLASS",
    "MONTHS",
    "NORMALISER_VERSION",
    "PROCLITICS",
    "WEEKDAYS",
    "base_letters",
    "char_ngrams",
    "has_arabic",
    "is_arabic",
    "lexical_tokens",
    "match_stem",
    "match_tokens",
    "month_at",
    "normalise_arabic",
    "noun_key",
    "noun_keys",
    "root_arabic",
    "root_tokens",
    "stem_arabic",
    "strip_arabic_article",
    "strip_diacritics",
    "ta_marbuta_form",
    "tokenise",
    "visible_text",
]
