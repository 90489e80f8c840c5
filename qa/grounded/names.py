"""Names of people (with their titles), places and organisations in Arabic sentences, found from cues.

Arabic script has no capital letters, so a name is a run of 1–4 name-like tokens (no article, not a function
word, verb, title, month or known common noun) next to a cue: a title or role word ("وزير الخارجية سيرجي
لافروف", "يوري أوشاكوف مستشار بوتين"), a speech verb ("وقال يوري أوشاكوف"), a place or organisation word
("قاعدة فوستوشني", "صحيفة رودونج شينمون"), a preposition, or the gazetteer of countries and organisations.
"""

from __future__ import annotations

from qa.grounded.data.nouns import arabic_noun
from qa.grounded.data.places import entity_at
from qa.grounded.dates import time_adverbial_at
from qa.grounded.english import split_words, stem_english
from qa.grounded.numbers import HEDGE_WORDS
from qa.grounded.tokens import SPEECH_VERBS, SpanMatch, Token, strip_marks, verb_shaped, verbal_noun_shaped
from store.arabic import MONTHS, WEEKDAYS, normalise_arabic, noun_key


def _keys(table: str) -> frozenset[str]:
    return frozenset(noun_key(w) for w in split_words(table))


TITLES = _keys(
    "رئيس رئيسة وزير وزيرة نائب مستشار متحدث ناطق زعيم سفير أمين جنرال مدير ملك أمير شيخ قائد مبعوث "
    "مندوب ممثل نظير سيد سيدة دكتور بروفيسور مرشد عاهل ولي حاكم محافظ عمدة لواء عميد عقيد مشير "
    "أميرال بابا إمام قاضي مسؤول مراسل كاتب صحفي محلل باحث خبير رؤساء وزراء زعماء قادة سفراء مستشارو "
    "المدعي مدعي منسق مفوض أسقف بطريرك مؤسس"
)
# English words for the titles, so that an English question's "adviser" or "head" points at "مستشار"/"مدير".
_TITLE_ENGLISH_TABLE = """
وزير وزيرة وزراء: minister | رئيس رئيسة رؤساء: president head chairman chairwoman prime premier leader
مستشار: adviser advisor counsellor chancellor | متحدث ناطق: spokesman spokeswoman spokesperson
زعيم زعماء: leader | سفير سفراء: ambassador | أمين: secretary | نائب: deputy vice lawmaker
ملك عاهل: king monarch | أمير: prince emir | قائد قادة: commander leader chief | مبعوث مندوب: envoy
ممثل: representative | جنرال لواء عميد عقيد مشير: general officer | حاكم محافظ: governor | عمدة: mayor
قاضي: judge | مسؤول: official | كاتب: writer author | صحفي: journalist | مراسل: correspondent
مدير: director head chief manager | ولي: crown | بابا: pope | خبير: expert | محلل: analyst
باحث: researcher | مفوض: commissioner | منسق: coordinator | شيخ: sheikh | مؤسس: founder
"""
TITLE_ENGLISH: dict[str, frozenset[str]] = {
    noun_key(arabic): frozenset(stem_english(e) for e in english.split())
    for entry in _TITLE_ENGLISH_TABLE.replace("\n", " | ").split("|")
    if ":" in entry
    for arabic_words, english in [entry.split(":")]
    for arabic in arabic_words.split()
}
PLACE_CUES = _keys(
    "قاعدة مطار منطقة مدينة جزيرة ميناء إقليم ولاية محافظة قرية عاصمة بحر مضيق خليج جبل نهر مقاطعة "
    "شارع ساحة قصر فندق مقر ملعب منشأة محطة سجن مستشفى بلدة مخيم معبر ضاحية أقصى جمهورية شرق غرب شمال "
    "جنوب وسط"
)
ORG_CUES = _keys(
    "وزارة وكالة صحيفة جريدة شركة مجلس منظمة هيئة حزب حركة جماعة بنك مصرف قناة مؤسسة جامعة لجنة اتحاد "
    "تحالف محكمة برلمان جيش مجموعة نادي مكتب إذاعة شبكة معهد مركز سلطة صندوق حلف مجلة تلفزيون جهاز "
    "دائرة مصلحة ديوان مفوضية مديرية قيادة بلدية نقابة رابطة غرفة مرصد موقع منتدى"
)
# Cues after which the next name is a person: "خلفا لبوريس يلتسين", "برئاسة", "بقيادة".
_PERSON_LEADS = frozenset(
    normalise_arabic(w) for w in split_words("خلفا برئاسة بقيادة بحضور السيد السيدة الرفيق الرفيقة")
)
# Definite words that describe a name rather than end it ("الرئيس الروسي", "نجيب محفوظ الحائز"): a
# definite word after a name that is none of these may be an Arabic family name ("رفيق الحريري").
_DESCRIBING = frozenset(
    normalise_arabic(w)
    for w in split_words(
        "الروسي الأمريكي الأميركي الصيني الفرنسي البريطاني الألماني الياباني الكوري الشمالي الجنوبي "
        "الإيراني التركي السعودي المصري الإسرائيلي الفلسطيني اللبناني السوري العراقي الأردني الإماراتي "
        "القطري الكويتي البحريني العماني اليمني الليبي التونسي الجزائري المغربي السوداني الأوكراني "
        "الهندي الباكستاني الأفغاني الأوروبي العربي الإسلامي الدولي الوطني الرسمي العسكري الأمني "
        "السياسي الاقتصادي الحالي السابق الأسبق الجديد المقبل الأول الثاني الثالث العام الخاص الأعلى "
        "الأكبر الراحل المستقيل المنتخب المكلف الحائز الفائز المعني المسؤول الذي التي الإسباني الإيطالي "
        "الكندي الأسترالي البرازيلي الفيتنامي الكوبي الأفريقي الآسيوي الغربي الشرقي"
    )
)
_NAME_LINKS = frozenset(normalise_arabic(w) for w in split_words("بن بنت ابن أبو أبي عبد آل"))
_COMMON = frozenset(
    normalise_arabic(w)
    for w in split_words(
        "كل بعض جميع أي غير نفس عام يوم شهر أمس غدا مرة أول آخر أكثر أقل أهم أبرز أحد إحدى هناك هنا الآن "
        "أيضا جدا فقط حاليا مؤخرا سابقا لاحقا رسميا مساء صباح ليلة خاصة عدة بضع بشكل نحو وفق إطار ظل "
        "مقابل أجل سبيل طريق حين وقت مدى أنحاء حوالي زهاء قرابة جانب عبر داخل خارج شمال جنوب شرق غرب "
        "وسط أقصى حتى منذ لدى ضمن عقب إثر رغم بسبب مثل بينهم بينهما نحو مع كما ذات ذو اتفاق اتفاقية "
        "منصب موقع مجال شأن صعيد مستوى نوع حد قدر بعد قبل دون أكبر أصغر أحدث أقدم أعلى أدنى أفضل أسوأ "
        "أطول أقرب أبعد أوسع أشد أخرى آخرين مختلف عدد جزء معظم أغلب كافة سائر ليل نهار فجر ظهر عصر "
        "مساء صباح غدا أمس حوالي نسبة قيمة مقدار آنذاك حينها حينذاك حينئذ عندئذ وقتها يومها"
    )
)
_FEMININE_NAMES = frozenset(normalise_arabic(w) for w in split_words("فاطمة أسامة حمزة طلحة عبيدة خديجة"))
_MAX_LIST_TOKENS = 18  # about three title+name pairs
_OPENING_QUOTES = frozenset('"“«„')
_CLOSING_QUOTES = frozenset('"”»“')
_COMPLEMENT_PREPOSITIONS = frozenset(normalise_arabic(w) for w in ("باسم", "لدى", "في", "لشؤون"))


def is_title(token: Token, following: Token | None = None) -> bool:
    """A role word ("وزير", "ووزيرة", "المتحدث"); with the next token, also the dual in construct before a
    definite word ("زعيمي البلدين") — alone "رئيسي" is a name or "main", not a title."""
    if not token.is_word:
        return False
    if any(k in TITLES for k in token.keys):
        return True
    dual = token.norm.endswith("ي") and len(token.norm) > 4 and following is not None and following.definite
    return dual and noun_key(token.norm[:-1]) in TITLES


def title_english(token: Token) -> frozenset[str]:
    """English stems of a title word ("مستشار" → adviser, advisor…); empty for other words."""
    return next((TITLE_ENGLISH[k] for k in token.keys if k in TITLE_ENGLISH), frozenset())


def name_like(token: Token, place: bool = False) -> bool:
    """Could be part of a proper name: a word without the article that is no known common word (for a
    place, after a place word, a ta marbuta is allowed: "بمدينة درنة")."""
    if not token.is_word or token.definite or len(token.norm) < 2:
        return False
    n = token.norm
    if token.is_function_word or token.is_verb or n in _COMMON or token.bare in _COMMON or n in HEDGE_WORDS:
        return False
    if n in MONTHS or n in WEEKDAYS or is_title(token) or arabic_noun(token) is not None:
        return False
    if verb_shaped(n) or verbal_noun_shaped(n):
        return False  # "تعملان", "وانضمت", "دعاه", "ترحيب": verb and verbal-noun shapes
    if any(k in PLACE_CUES or k in ORG_CUES for k in token.keys[:1]):
        return False  # "مجلس", "وزارة", "منطقة" introduce names, they are none
    if token.text.endswith(("ً", "اً")) or (
        token.text.endswith("ة") and not place and n not in _FEMININE_NAMES
    ):
        return False  # ta marbuta and tanwin endings belong to common nouns and adverbs, not names
    if n.startswith("است") and len(n) >= 6:
        return False  # istif'al verbal nouns (استخدام, استقبال)
    if len(n) >= 5 and (
        n.endswith(("هما", "هم", "ها", "كم", "نا")) or (n.endswith("ه") and not n.endswith("يه"))
    ):
        return False  # an attached pronoun (بلاده, أرسلهما): a common word
    return not (token.text[0].isascii() and token.text[0].islower())


def name_runs(tokens: list[Token]) -> list[SpanMatch]:
    """Runs of 1–4 name-like tokens; a و-prefixed token inside a run starts a new name ("كيم جونغ أون
    وتوم لام"), its و left out of the span. Gazetteer places and organisations are not person names."""
    runs: list[SpanMatch] = []
    words = [t.norm for t in tokens]
    i = 0
    while i < len(tokens):
        entity = entity_at(words, i) if tokens[i].is_word else None
        if entity or not (name_like(tokens[i]) or _name_link(tokens, i)):
            i += entity[1] if entity else 1
            continue
        trim = _run_trim(tokens, i)
        if _accusative_pair(tokens, i):
            i += 2
            continue
        j = i + 1
        while j < len(tokens) and j - i < 4 and (name_like(tokens[j]) or _name_link(tokens, j)):
            if (
                tokens[j].norm.startswith("و")
                and len(tokens[j].norm) >= 4
                and tokens[j - 1].norm not in _NAME_LINKS
            ):
                break
            j += 1
        runs.append(SpanMatch(i, j, "name", 0.0, trim))
        i = j
    return runs


def _accusative_pair(tokens: list[Token], i: int) -> bool:
    """ "موعدا محتملا", "اهتماما كبيرا": an indefinite accusative noun and its adjective (both end in the alef
    of tanwin after a consonant) are common words; one name may end so ("أنجيلا ميركل"), two in a row not."""

    def accusative(token: Token) -> bool:
        n = token.norm
        return token.is_word and len(n) >= 4 and n.endswith("ا") and n[-2] not in "ايو"

    return i + 1 < len(tokens) and accusative(tokens[i]) and accusative(tokens[i + 1])


def _name_link(tokens: list[Token], i: int) -> bool:
    """ "عبد", "بن", "أبو", "آل" followed by a name part (even a definite one: "عبد الله")."""
    return tokens[i].norm in _NAME_LINKS and i + 1 < len(tokens) and tokens[i + 1].is_word


def _run_trim(tokens: list[Token], i: int) -> int:
    """Leave out a conjunction و after a name or comma ("، وتوم"), or ل after "خلفا" ("خلفا لبوريس")."""
    token, before = tokens[i], tokens[i - 1] if i else None
    if before is None or len(token.norm) < 4:
        return 0
    if token.norm[0] == "و" and (before.text in ("،", ",") or name_like(before)):
        return 1
    if token.norm[0] in "لب" and before.norm in _PERSON_LEADS:
        return 1
    return 0


def person_spans(tokens: list[Token]) -> list[SpanMatch]:
    """Names of people with their cue strength, the name with its adjacent title, and lists of
    title+name pairs joined by و ("وزير الدفاع … ووزير الخارجية …")."""
    found: list[SpanMatch] = []
    units: list[SpanMatch] = []
    for run, title_before, title_after, cue in _cued_runs(tokens):
        family = cue >= 0.7 and _family_name(tokens, run.end)
        found.append(SpanMatch(run.start, run.end, "name", cue * (0.95 if family else 1.0), run.trim))
        if family:
            found.append(SpanMatch(run.start, run.end + 1, "name", cue, run.trim))
        if title_before is not None:
            unit = SpanMatch(title_before, run.end, "name+title", cue * 0.95, _clitic(tokens[title_before]))
            found.append(unit)
            units.append(unit)
        elif title_after is not None:
            found.append(SpanMatch(run.start, title_after, "name+title", cue * 0.95, run.trim))
    found.extend(_lists(units))
    return found


def person_names(tokens: list[Token]) -> list[SpanMatch]:
    """The runs that name people, without the words of a title's complement: in "ونائبه المعني بشؤون شراء
    الأسلحة أليكسي كريفوروتشكو" only the holder, in "يوري أوشاكوف مستشار بوتين" only Ushakov; in a list
    under one title ("زعيمي البلدين، كيم جونغ أون وتوم لام") every name. Only runs with a cue."""
    cued = _cued_runs(tokens)
    names: list[SpanMatch] = []
    for index, (run, title, _, cue) in enumerate(cued):
        following = cued[index + 1] if index + 1 < len(cued) else None
        listed = (
            following is not None
            and title is not None
            and following[1] == title
            and following[0].start <= run.end + 1
            and (
                following[0].trim > 0
                or tokens[run.end].text in ("،", ",")
                or tokens[run.end].norm.startswith("وال")  # "لافروف والدفاع أندريه": the title left out
            )
        )
        if cue >= 0.5 or listed:
            names.append(run)
    return names


def _cued_runs(tokens: list[Token]) -> list[tuple[SpanMatch, int | None, int | None, float]]:
    """(run, title before, end of title after, cue) of each name run with a cue. A title's holder is the
    last run of its phrase: in "ونائبه المعني بشؤون شراء الأسلحة أليكسي كريفوروتشكو" the earlier run is
    part of the title; and a name after a title that follows another name is that title's complement
    ("أوشاكوف مستشار بوتين")."""
    cued = []
    apposed: set[int] = set()
    for run in name_runs(tokens):
        if _clause_initial_conjunction(tokens, run):
            continue
        title_before = _title_before(tokens, run.start)
        title_after = _title_after(tokens, run.end)
        if title_after is not None:
            apposed.add(run.end if tokens[run.end].is_word else run.end + 1)
        if title_before is not None and title_before in apposed:
            title_before, cue = None, 0.3
        else:
            cue = _person_cue(tokens, run, title_before, title_after)
        if cue <= 0 or (cue < 0.7 and _adjective_after(tokens, run.end)):
            continue  # "زيارة بوتين المزمعة", "حرب أوكرانيا الأخيرة": a noun with its adjective
        cued.append((run, title_before, title_after, cue))
    holders = {title: index for index, (_, title, _, _) in enumerate(cued) if title is not None}
    return [
        (run, title, after, cue * 0.5 if title is not None and holders[title] != index else cue)
        for index, (run, title, after, cue) in enumerate(cued)
    ]


def _family_name(tokens: list[Token], end: int) -> bool:
    """A definite word right after a well-cued name that is no known describing word: "رفيق الحريري"."""
    if end >= len(tokens) or not tokens[end].is_word:
        return False
    token = tokens[end]
    plain = strip_marks(token.text)
    return (
        plain.startswith("ال")
        and token.norm not in _DESCRIBING
        and not token.is_function_word
        and not token.is_verb
        and not is_title(token)
        and arabic_noun(token) is None
    )


def _clause_initial_conjunction(tokens: list[Token], run: SpanMatch) -> bool:
    """ "وتوفي الكاتب…", "بعث الرئيس…": a word behind و/ف that opens the sentence or a clause, or one word
    that opens it right before a title, is a verb (Arabic puts the verb first); and a run in brackets is
    an alias ("(روس كوسموس)"), not a person."""
    first = tokens[run.start]
    opening = run.start == 0 or tokens[run.start - 1].kind == "punct"
    closed = run.end < len(tokens) and tokens[run.end].text == ")"
    if run.start and tokens[run.start - 1].text == "(" and closed:
        return True
    if (
        run.start
        and _opens_quote(tokens, run.start - 1)
        and not (run.end < len(tokens) and tokens[run.end].text in _CLOSING_QUOTES)
    ):
        return True  # a run opening a quoted phrase ("ترحيب حار بالرئيس…"): a statement, not a name
    if opening and run.end - run.start == 1 and run.end < len(tokens) and is_title(tokens[run.end]):
        return True
    if run.trim or first.norm[:1] not in "وف" or len(first.norm) < 4:
        return False
    return opening


def _opens_quote(tokens: list[Token], k: int) -> bool:
    """Token k opens a quotation: “ « „, or a straight " that no earlier " left open ('"الرفيق" كيم': the
    second mark closes)."""
    text = tokens[k].text
    if text != '"':
        return text in _OPENING_QUOTES
    return sum(1 for t in tokens[:k] if t.text == '"') % 2 == 0


def _adjective_after(tokens: list[Token], end: int) -> bool:
    after = tokens[end] if end < len(tokens) else None
    return (
        after is not None
        and after.is_word
        and strip_marks(after.text).startswith("ال")
        and not after.is_function_word
        and not is_title(after)
    )


def _clitic(token: Token) -> int:
    """1 when a title is written behind the conjunction و/ف ("ووزير"), which the span leaves out."""
    if token.norm[:1] not in "وف" or len(token.norm) < 4:
        return 0
    return 1 if is_title(Token(token.start + 1, token.end, token.text[1:], "word")) else 0


def _person_cue(
    tokens: list[Token], run: SpanMatch, title_before: int | None, title_after: int | None
) -> float:
    """Cues combine like independent evidence: 1 − Π(1 − cue)."""
    at = run.start - 1
    while at > 0 and tokens[at].text in _CLOSING_QUOTES:
        at -= 1  # '"الرفيق" كيم': the lead word inside quotes
    before = tokens[at] if at >= 0 else None
    cues = []
    if title_before is not None:
        between = [t for t in tokens[title_before + 1 : run.start] if t.is_word]
        cues.append(0.9 if len(between) <= 5 else 0.75)
        if title_before and tokens[title_before - 1].bare in SPEECH_VERBS:
            cues.append(0.8)  # "وقال المتحدث باسم الكرملين ديمتري بيسكوف": the name is the speaker
    if title_after is not None:
        cues.append(0.85)
    if before is not None and (before.bare in SPEECH_VERBS or before.norm in _PERSON_LEADS):
        cues.append(0.8)
    elif before is not None and (before.is_verb or before.norm in ("ان", "انه")):
        cues.append(0.35)
    if not cues:
        return 0.2 if run.end - run.start >= 2 else 0.0
    remaining = 1.0
    for cue in cues:
        remaining *= 1 - cue
    return round(1 - remaining, 3)


def _title_before(tokens: list[Token], start: int) -> int | None:
    """Index of the title before the name, across its complement ("وزير الخارجية الياباني الجديد",
    "المتحدث باسم مجلس الأمن", "مدير مؤسسة الفضاء الروسية (روس كوسموس)،"), at most 8 tokens back;
    a compound title is taken from its first word ("النائب الأول لرئيس الوزراء")."""
    steps, j = 0, start - 1
    while j >= 0 and steps < 8:
        token = tokens[j]
        if token.text == ")":  # a bracketed aside counts as one step: "(روس كوسموس)"
            opening = next((k for k in range(j - 1, max(-1, j - 6), -1) if tokens[k].text == "("), None)
            if opening is None:
                return None
            j, steps = opening - 1, steps + 1
            continue
        if is_title(token, tokens[j + 1] if j + 1 < len(tokens) else None):
            return _title_start(tokens, j)
        if token.is_word and time_adverbial_at(tokens, j):
            return None  # "يون سوك يول الشهر الماضي وانضمت": a time adverbial ends the title's reach
        allowed = (
            token.text in ("،", ",", "(", ")")
            or token.text in _OPENING_QUOTES
            or token.text in _CLOSING_QUOTES  # 'مؤسس الجمهورية، "الرفيق" كيم إل سونغ'
            or token.norm in _COMPLEMENT_PREPOSITIONS
            or (token.is_word and not token.is_function_word and not token.is_verb)
        )
        if not allowed or token.bare in SPEECH_VERBS:
            return None
        j, steps = j - 1, steps + 1
    return None


def _title_start(tokens: list[Token], j: int) -> int:
    """Walk back over the words of a compound title: titles, definite words and ل+title."""
    first = j
    for k in range(j - 1, max(-1, j - 4), -1):
        token = tokens[k]
        if is_title(token) and not _clitic(tokens[first]):
            first = k
        elif not (token.is_word and token.definite and not token.is_function_word):
            break
    return first


def _title_after(tokens: list[Token], end: int) -> int | None:
    """End (exclusive) of a title phrase right after the name ("يوري أوشاكوف مستشار بوتين للسياسة
    الخارجية", "كيم هونغ-كيون نائب وزير الخارجية"), or None when no title follows (a title behind و
    starts the next person of a list, it is not this one's)."""
    j = end + 1 if end < len(tokens) and tokens[end].text in ("،", ",") else end
    if j >= len(tokens) or not is_title(tokens[j]) or _clitic(tokens[j]):
        return None
    if strip_marks(tokens[j].text).startswith(("بال", "لل", "كال")):
        return None  # "حار بالرئيس بوتين": a title behind a preposition is no apposition
    k = j + 1
    while k < len(tokens) and k - j < 6:
        token = tokens[k]
        if not token.is_word or token.is_function_word or token.is_verb or _clitic(token):
            break
        k += 1
    return k


def _lists(units: list[SpanMatch]) -> list[SpanMatch]:
    """Title+name units that follow one another joined by و become one "names" span."""
    lists, group = [], units[:1]
    for unit in units[1:]:
        if unit.trim and unit.start in (group[-1].end, group[-1].end + 1):  # "…، ووزير": a comma may separate
            group.append(unit)
            continue
        if len(group) > 1:
            lists.append(SpanMatch(group[0].start, group[-1].end, "names", group[0].cue, group[0].trim))
        group = [unit]
    if len(group) > 1:
        lists.append(SpanMatch(group[0].start, group[-1].end, "names", group[0].cue, group[0].trim))
    return [span for span in lists if span.end - span.start <= _MAX_LIST_TOKENS]
