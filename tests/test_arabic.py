from store.arabic import (
    char_ngrams,
    is_arabic,
    lexical_tokens,
    match_tokens,
    normalise_arabic,
    stem_arabic,
    ta_marbuta_form,
    tokenise,
)
from tests.conftest import SEEDS


def test_alef_forms_ya_ta_marbuta_and_diacritics() -> None:
    assert normalise_arabic("أإآٱ") == "اااا"
    assert normalise_arabic("مستشفى") == "مستشفي"
    assert normalise_arabic("مدرسة") == "مدرسه"
    assert normalise_arabic("كُتِبَ") == "كتب"
    assert normalise_arabic("ذكّر") == "ذكر"
    assert normalise_arabic("العـــربية") == "العربيه"


def test_persian_letters_and_digits() -> None:
    assert normalise_arabic("کوریا") == "كوريا"
    assert normalise_arabic("بوتین") == "بوتين"
    assert normalise_arabic("٢٠١٧") == "2017"
    assert normalise_arabic("۱۹۴۹") == "1949"


def test_persian_letters_in_seed_003_match_arabic_spelling() -> None:
    text = (SEEDS / "003_08a461d4136db840.txt").read_text(encoding="utf-8")
    assert "ک" in text or "ی" in text  # the seed really carries Persian letters
    normalised = normalise_arabic(text)
    assert "ک" not in normalised and "ی" not in normalised


def test_latin_is_case_folded() -> None:
    assert normalise_arabic("Rodong SINMUN") == "rodong sinmun"


def test_stemming_strips_clitics_and_suffixes() -> None:
    assert stem_arabic("والمناورات") == stem_arabic("مناورات") == "مناور"
    assert stem_arabic("بالصواريخ") == "صواريخ"
    assert stem_arabic("لبيونغيانغ") == "بيونغيانغ"
    assert stem_arabic("من") == "من"  # too short to strip


def test_a_feminine_noun_with_its_pronoun_matches_the_noun() -> None:
    # the ta marbuta is written ت before a suffix: زيارته is زيارة + ه, as زيارتها already matched
    assert set(match_tokens("بزيارته زيارتها رسالتين")) == set(match_tokens("الزيارة رسالة"))
    assert match_tokens("الوقت بالبيت") == ["وقت", "بيت"]  # a word's own ta stays: it has no suffix
    assert ta_marbuta_form("كلمت") == "كلمه" and ta_marbuta_form("وقت") is None


def test_spelling_variants_share_lexical_terms() -> None:
    a = set(lexical_tokens("بيونغ يانغ"))
    b = set(lexical_tokens("بيونغيانغ"))
    c = set(lexical_tokens("بيونج يانج"))
    assert len(a & b) >= 3 and len(a & c) >= 2
    assert set(char_ngrams("فوستوشني")) & set(char_ngrams("فوستوتشني"))


def test_tokenise_drops_stopwords_and_detects_script() -> None:
    assert "في" not in tokenise("زار بوتين في يونيو")
    assert is_arabic("متى سيزور بوتين فيتنام؟")
    assert not is_arabic("When will Putin visit Vietnam?")
