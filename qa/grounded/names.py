"""Names of people (with their titles), places and organisations in Arabic sentences, found from cues.

Arabic script has no capital letters, so a name is a run of 1–4 name-like tokens (no article, not a function
word, verb, title, month or known common noun) next to a cue: a title or role word ("وزير الخارجية سيرجي
لافروف", "يوري أوشاكوف مستشار بوتين"), a speech verb ("وقال يوري أوشاكوف"), a place or organisation word
("قاعدة فوستوشني", "صحيفة رودونج شينمون"), a preposition, or the gazetteer of countries and organisations.
"""

from __future__ import annotations

from qa.grounded.data.namewords import (
    COMMON as _COMMON,
)
from qa.grounded.data.namewords import (
    DESCRIBING as _DESCRIBING,
)
from qa.grounded.data.namewords import (
    FEMININE_NAMES as _FEMININE_NAMES,
)
from qa.grounded.data.namewords import (
    NAME_LINKS as _NAME_LINKS,
)
from qa.grounded.data.namewords import (
    ORG_CUES,
    PLACE_CUES,
    TITLE_ENGLISH,
    TITLES,
)
from qa.grounded.data.namewords import (
    PERSON_LEADS as _PERSON_LEADS,
)
from qa.grounded.data.nouns import arabic_noun
from qa.grounded.data.places import entity_at
from qa.grounded.dates import time_adverbial_at
from qa.grounded.numbers import HEDGE_WORDS, number_word
from qa.grounded.tokens import SPEECH_VERBS, SpanMatch, Token, strip_marks, verb_shaped, verbal_noun_shaped
from store.arabic import MONTHS, WEEKDAYS, normalise_arabic, noun_key

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
    if number_word(n) or number_word(token.bare):
        return False  # "أربعين", "ثلاثة": number words are never names
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
        if i > 0 and _indefinite_title(tokens[i - 1]):
            # "انتخب رئيسا دوريا جديدا": a title in the accusative of tanwin is a role, and the words
            # after it describe that role
            while i < len(tokens) and name_like(tokens[i]):
                i += 1
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


def _indefinite_title(token: Token) -> bool:
    """ "رئيسا", "سفيرا": a title with the alef of tanwin says what someone became ("عُيّن سفيرا"); a title
    that introduces a name is definite or in construct ("الرئيس", "رئيس الوزراء", "وزير الخارجية")."""
    n = token.norm
    return token.is_word and n.endswith("ا") and n[-2] not in "ايو" and is_title(token)


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
    return [run for run, _, _, cue in _cued_runs(tokens) if cue >= 0.5]


def title_index(tokens: list[Token], start: int, end: int) -> int | None:
    """Index of the title a name span [start, end) stands with: the first title inside it ("وزير الخارجية
    سيرغي لافروف"), else the title before it across its complement ("النائب الأول لرئيس الوزراء دينيس
    مانتوروف" → النائب), else the title right after it ("يوري أوشاكوف مستشار بوتين"); None without one."""
    for k in range(start, end):
        if is_title(tokens[k], tokens[k + 1] if k + 1 < len(tokens) else None):
            return k
    before = _title_before(tokens, start)
    if before is not None:
        return before
    if _title_after(tokens, end) is not None:
        return end + 1 if tokens[end].text in ("،", ",") else end
    return None


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
        new_clause = run.trim and run.start and tokens[run.start - 1].text in ("،", ",")  # "، وركزت"
        title_before = None if new_clause else _title_before(tokens, run.start)
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
        if not _listed(tokens, cued, index)
        else (run, title, after, cue)
        for index, (run, title, after, cue) in enumerate(cued)
    ]


def _listed(tokens: list[Token], cued: list, index: int) -> bool:
    """The run is followed by another name under the same title, joined by و, a comma or an elided title
    ("زعيمي البلدين، كيم جونغ أون وتوم لام", "لافروف والدفاع أندريه"): both hold it."""
    if index + 1 >= len(cued):
        return False
    run, title = cued[index][0], cued[index][1]
    following, following_title = cued[index + 1][0], cued[index + 1][1]
    if title is None or following_title != title or following.start > run.end + 1:
        return False
    return (
        following.trim > 0
        or tokens[run.end].text in ("،", ",")
        or tokens[run.end].norm.startswith("وال")  # "لافروف والدفاع أندريه": the title left out
    )


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
