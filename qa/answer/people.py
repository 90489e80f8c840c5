"""People's names in a segment: a name joined by بن/ابن/أبو/عبد (with its nisba), a name after a narration
word (عن، حدثنا) or a speech verb, or after a title (الرئيس، الوزير, with its adjectives)."""

from __future__ import annotations

import re
from collections.abc import Callable

from qa.answer.tokens import STOP, Token, is_digit, is_stop, word_set
from store.arabic.words import PRONOUNS

_CONNECTORS = word_set("بن ابن بنت")
_KUNYA = word_set("أبو أبي أبا أم عبد")
_SON_OF = word_set("ابن بنت")  # a name may begin with them: "ابن عباس", "بِنْتُ الشاطئ"
# Words a narrator's or a witness's name follows, and words a speaker's name follows. A verb follows a
# speech verb as often as a name does: such a name must be no dictionary word (`common`), and in vowelled
# narration (where speech verbs chain: "قال فحملت") only a narration word counts.
_NARRATION = word_set("عن حدثنا حدثني أخبرنا أخبرني وحدثنا وحدثني وأخبرنا سمعت سمع")
_SPEECH = word_set(
    "قال قالت وقال وقالت فقال فقالت أكد وأكد أوضح وأوضح أعلن وأعلن ذكر وذكر أضاف وأضاف صرح وصرح"
)
_TITLES = word_set(
    "الرئيس الرئيسة رئيس رئيسة نائب الوزير الوزيرة وزير وزيرة المستشار مستشار السفير سفير الملك الملكة "
    "الأمير الأميرة الشيخ الشيخة الدكتور الدكتورة د المهندس السيد السيدة الإمام القاضي المتحدث الناطق الأمين "
    "المدير مدير مديرة المدير العام العميد عميد النائب الجنرال الفريق اللواء العقيد المبعوث المندوب الخليفة "
    "المحافظ محافظ العمدة البروفيسور الأستاذ الأستاذة المؤرخ الكاتب الشاعر العالم الفيلسوف الإعلامي "
    "الإعلامية الصحفي الصحفية الروائي الروائية المخرج الفنان الفنانة الباحث الباحثة المحامي الطبيب الطبيبة"
)


_CONJUNCTION_BEFORE_HAMZA = re.compile("[وف][\u064b-\u0652]*(?=[أإآو])")


def after_conjunction(text: str, offset: int, start: int) -> int:
    """Where a name starts once a joined و/ف is left out: no name begins with و or ف followed by a hamza
    on alif or by و ("وَأُسَامَةُ" is "and Usama", "وَوَائِلُ" "and Wa'il"), while names such as وائل, وليد,
    فاطمة keep their first letter."""
    match = _CONJUNCTION_BEFORE_HAMZA.match(text, start - offset)
    return start + match.end() - match.start() if match else start


# --- people ------------------------------------------------------------------------------------------


def people(tokens: list[Token], common: Callable[[str], bool]) -> list[list[Token]]:
    found: list[list[Token]] = []
    i = 0
    while i < len(tokens):
        start, cued = i, i > 0 and _cue(tokens[i - 1], tokens[i])
        if is_title(tokens[i]):  # a title and its adjectives ("الرئيس الروسي"), then the name
            start, cued = _skip_adjectives(tokens, i + 1), True
        end = _name_chain_end(tokens, start, common) if start < len(tokens) else start
        if end == start and cued:
            end = _plain_name_end(tokens, start, common)
        elif end == start:
            end = _name_before_title(tokens, start, common)
        if end > start and not (end == start + 1 and tokens[start].norm in _CONNECTORS):
            found.append(tokens[start:end])  # a lone "ابن" is a word, not a name
            i = end
        else:
            i += 1
    return found


def _name_before_title(tokens: list[Token], i: int, common: Callable[[str], bool]) -> int:
    """End of a name followed by its title in apposition ("إن كارلوس غارسيا نائب وزير المالية", "ووصف
    هانز مولر المستشار الاقتصادي"), or i: one to three words no dictionary knows, right after a function
    word or a dictionary word (a verb: "ووصف"), with the title right after them (no punctuation between).
    A word after a joined و/ف is left out: "وبدأت وزيرة" is a verb and a title."""
    after_word = i > 0 and not tokens[i].gap and (is_stop(tokens[i - 1]) or common(tokens[i - 1].norm))
    if not after_word or tokens[i].norm.startswith(("ال", "و", "ف")) or _verb(tokens[i].norm, common):
        return i
    end = _plain_name_end(tokens, i, common)
    titled = end < len(tokens) and not tokens[end].gap and is_title(tokens[end])
    return end if end > i and titled else i


def _verb(word: str, common: Callable[[str], bool]) -> bool:
    """A present or future verb, not a name ("ستحل", "تشمل"): the dictionary, which lists verbs in the
    past, knows the word without its prefix (سـ, then يـ تـ نـ أـ), or with ا in its place (Forms VII, VIII
    and X: ينطلق → انطلق). Short words are left alone: يوري, تامر."""
    future = word[:1] == "س" and word[1:2] in "يتن"
    stem = word[1:] if future else word
    past = stem[1:]
    return stem[:1] in "يتنا" and (len(word) > 4 or future) and (common(past) or common("ا" + past))


def _cue(before: Token, token: Token) -> bool:
    """Whether a name may start at `token` after `before`: a narration word, or a speech verb before an
    unvowelled word."""
    return before.norm in _NARRATION or (before.norm in _SPEECH and not token.vowelled)


def is_title(token: Token) -> bool:
    return token.norm in _TITLES or token.bare in _TITLES


def _skip_adjectives(tokens: list[Token], j: int) -> int:
    """Past the definite words after a title: its complement and adjectives ("وزير الخارجية الياباني")."""
    while j < len(tokens) and tokens[j].norm.startswith("ال") and not is_stop(tokens[j]):
        j += 1
    return j


def _son_of(tokens: list[Token], i: int) -> bool:
    """A name begins with ابن (or a vowelled بنت: unvowelled it is as often the verb "built") before a
    word that is no title."""
    if tokens[i].norm not in _SON_OF or i + 1 >= len(tokens) or is_title(tokens[i + 1]):
        return False
    return tokens[i].norm == "ابن" or tokens[i].vowelled


def _name_chain_end(tokens: list[Token], i: int, common: Callable[[str], bool]) -> int:
    """End of a name built with kunya/عبد and بن/ابن/بنت links ("أبي هريرة", "عبد الله بن عمر"), or i."""
    j = i
    kunya = _kunya(tokens[i]) and not tokens[i].maqsura
    son_of = _son_of(tokens, i)
    if (kunya or son_of) and i + 1 < len(tokens) and tokens[i + 1].norm not in STOP:
        j = i + 2  # "أبي هريرة", "ابن عمر"
        if son_of and tokens[i + 1].norm in _KUNYA and j < len(tokens):
            j += 1  # "ابن أم مكتوم", "ابن عبد البر"
    elif i + 2 < len(tokens) and tokens[i + 1].norm in _CONNECTORS and not is_stop(tokens[i]):
        if common(tokens[i].norm) and not tokens[i].vowelled:
            return i  # "فقد بنت …": a word, not a name, before بنت
        j = i + 1
    else:
        return i
    while j + 1 < len(tokens) and tokens[j].norm in _CONNECTORS and tokens[j + 1].norm not in STOP:
        j += 2
        if tokens[j - 1].norm in _KUNYA and j < len(tokens):
            j += 1  # "بن أبي طالب", "بن عبد الله"
    return _past_nisba(tokens, j)


def _kunya(token: Token) -> bool:
    """أبو، أم، عبد… also after a joined "and" (وَأَبُو سُفْيَانَ; the span then starts after it, see
    `after_conjunction`); not after ب or ل, where أبي is as often "my father" (بأبي أنت)."""
    return token.norm in _KUNYA or (token.norm[:1] in "وف" and token.norm[1:] in _KUNYA)


def _past_nisba(tokens: list[Token], j: int) -> int:
    """Past one nisba that ends a name built with a kunya or بن ("أبو عبيد الجوزجاني", "سليمان بن حمد
    الكناني", "أبي سعيد الخدري"): a definite word in ي right after the name (no punctuation between). The
    dictionary is not asked: a nisba is often also a word (الخدري, "of numbness")."""
    if j < len(tokens) and not tokens[j].gap and _nisba(tokens[j]):
        return j + 1
    return j


def _nisba(token: Token) -> bool:
    word = token.norm
    return word.startswith("ال") and word.endswith("ي") and len(word) > 4 and not is_stop(token)


def _plain_name_end(tokens: list[Token], i: int, common: Callable[[str], bool]) -> int:
    """A name of one to three words after a narration word or a title, up to a function word, a common word
    (a dictionary word is a noun or a verb, not a name) or a relative ("عن أبيه": "from his father")."""
    j = i
    while j < len(tokens) and j - i < 3 and not is_stop(tokens[j]) and not is_digit(tokens[j]):
        if j > i and _family_name_at(tokens, j, common):
            return _name_chain_end(tokens, j, common)  # a family name with أبو: "سامي أبو النصر"
        word = common(tokens[j].norm) and not _family_name_at(tokens, j + 1, common)  # سامي before أبو النصر
        if word or _kin(tokens[j]):
            break
        if j > i and (is_title(tokens[j]) or tokens[j].norm.startswith(("لل", "بال", "وال", "فال"))):
            break
        if j > i and tokens[j].norm.startswith("ال") and not tokens[j].norm.endswith("ي"):
            break  # "محمد النبي" stops; a nisba "السيسي", "الخدري" belongs to the name
        j += 1
    return j


# Kinship nouns (general Arabic): with an attached pronoun they name a relative, never a person's name
# ("عن أبيه" is "from his father", "حدثتني أمي" "my mother told me").
_KIN = word_set(
    "أب أبا أبي أبو أم أخ أخا أخي أخو أخت ابن ابنة بنت عم عمة خال خالة جد جدة زوج زوجة امرأة امرأت"
)


def _kin(token: Token) -> bool:
    word = token.bare
    return any(word.endswith(p) and word[: -len(p)] in _KIN for p in (*PRONOUNS, "ي"))  # أبيه، أمي


def _family_name_at(tokens: list[Token], j: int, common: Callable[[str], bool]) -> bool:
    """A name with أبو/عبد… starts at j, right after the word before (no punctuation between)."""
    if j >= len(tokens) or tokens[j].norm not in _KUNYA or tokens[j].gap:
        return False
    return _name_chain_end(tokens, j, common) > j
