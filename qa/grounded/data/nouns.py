"""Frequent counted nouns of Arabic news with their English rendering.

One line per noun: Arabic forms (singular first, then broken plurals; sound plurals, duals and the article
are handled by `noun_key`), "|", English singular[/plural], and an optional "| h" for nouns whose masculine
sound plural ends in ين like a dual (مسؤولين is "officials", not "two officials"). Two-word nouns are written
with "_" ("قمر_صناعي"). Used to render "نحو 50 صاروخا" as "about 50 missiles" and to match an English
question's noun ("satellites") to the Arabic words for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from qa.grounded.english import stem_english
from store.arabic import normalise_arabic, noun_key, noun_keys

_TABLE = """
صاروخ صواريخ | missile
قذيفة قذائف | shell
طائرة | aircraft/aircraft
مروحية | helicopter
طائرة_مسيرة طائرات_مسيرة مسيرة | drone
طائرة_مقاتلة مقاتلة | fighter jet
قاذفة | bomber
سفينة سفن | ship
زورق زوارق | boat
قارب قوارب | boat
غواصة | submarine
فرقاطة | frigate
مدمرة | destroyer
حاملة_طائرات | aircraft carrier
دبابة | tank
مدرعة | armoured vehicle
مركبة | vehicle
سيارة | car
شاحنة | truck
حافلة | bus
قطار | train
قمر_صناعي أقمار_صناعية | satellite
رأس_حربي رؤوس_حربية | warhead
قنبلة قنابل | bomb
لغم ألغام | mine
بندقية بنادق | rifle
رصاصة | bullet
مدفع مدافع | cannon
منصة | launcher
راجمة | rocket launcher
سلاح أسلحة | weapon
ذخيرة ذخائر | munition
جندي جنود | soldier
ضابط ضباط | officer
مقاتل | fighter | h
عسكري | serviceman/service personnel | h
مسلح | gunman/gunmen | h
كتيبة كتائب | battalion
فرقة فرق | division
قتيل قتلى | killed/killed
جريح جرحى | wounded/wounded
مصاب | injured/injured | h
ضحية ضحايا | victim
شخص أشخاص | person/people
نسمة | people/people
فرد أفراد | person/people
مدني | civilian | h
طفل أطفال | child/children
امرأة نساء | woman/women
رجل رجال | man/men
لاجئ | refugee | h
نازح | displaced person/displaced people | h
مهاجر | migrant | h
أسير أسرى | prisoner
سجين سجناء | prisoner
معتقل | detainee | h
رهينة رهائن | hostage
مفقود | missing person/missing people | h
مواطن | citizen | h
ساكن سكان | resident
عامل عمال | worker
موظف | employee | h
طالب طلاب | student
تلميذ تلاميذ | pupil
مسؤول | official | h
دبلوماسي | diplomat | h
صحفي | journalist | h
مراسل | correspondent | h
مراقب | observer | h
متظاهر | protester | h
محتج | protester | h
ناخب | voter | h
مشارك | participant | h
مستوطن | settler | h
نائب نواب | deputy/deputies
عضو أعضاء | member
وزير وزراء | minister
رئيس رؤساء | president
زعيم زعماء | leader
قائد قادة | commander
سفير سفراء | ambassador
خبير خبراء | expert
لاعب | player | h
مدرب | coach | h
دولة دول | country/countries
بلد بلدان | country/countries
مدينة مدن | city/cities
قرية قرى | village
منزل منازل | house
بيت بيوت | house
مبنى مباني | building
مستشفى مستشفيات | hospital
مدرسة مدارس | school
جامعة | university/universities
كنيسة كنائس | church
مسجد مساجد | mosque
معبد | temple
مصنع مصانع | factory/factories
منشأة | facility/facilities
مفاعل | reactor
محطة | station
بئر آبار | well
خيمة خيام | tent
شحنة | shipment
حاوية | container
برميل براميل | barrel
طن أطنان | ton
كيلومتر | kilometre
كلم | km/km
متر أمتار | metre
ميل أميال | mile
هكتار | hectare
كيلوغرام | kilogram
لتر | litre
ميغاواط | megawatt
عام أعوام | year
سنة سنوات سنين | year
شهر أشهر شهور | month
أسبوع أسابيع | week
يوم أيام | day
ساعة | hour
دقيقة دقائق | minute
ثانية ثوان | second
قرن قرون | century/centuries
عقد عقود | decade
مرة | time
دولار | dollar
يورو | euro
روبل | rouble
جنيه | pound
جنيه_إسترليني | pound sterling/pounds sterling
ريال | riyal
درهم دراهم | dirham
دينار دنانير | dinar
وون | won/won
ليرة | lira/lira
يوان | yuan/yuan
روبية | rupee
نقطة نقاط | point
درجة | degree
مليون ملايين | million/million
مليار مليارات | billion/billion
بليون | billion/billion
ترليون تريليون | trillion/trillion
ألف آلاف | thousand/thousand
اتفاقية | agreement
اتفاق | agreement
معاهدة | treaty/treaties
مذكرة | memorandum/memoranda
وثيقة وثائق | document
صفقة | deal
مشروع مشاريع | project
زيارة | visit
اجتماع | meeting
قمة | summit
جولة | round
محادثات | talks/talks
مباحثات | talks/talks
هجوم هجمات | attack
غارة | air strike
انفجار | explosion
حادث حوادث | incident
عملية | operation
تجربة تجارب | test
مناورة | exercise
تدريب تدريبات | drill
قاعدة قواعد | base
مطار | airport
ميناء موانئ | port
جزيرة جزر | island
منطقة مناطق | region
محافظة | province
ولاية | state
صوت أصوات | vote
مقعد مقاعد | seat
حزب أحزاب | party/parties
شركة | company/companies
بنك بنوك | bank
مصرف مصارف | bank
مقال مقالات | article
كتاب كتب | book
رسالة رسائل | letter
برقية | telegram
بيان | statement
قرار | resolution
عقوبة | sanction
قانون قوانين | law
إصابة | case
حالة | case
وفاة | death
وفد وفود | delegation
سفارة | embassy/embassies
قنصلية | consulate
فريق فرق | team
هدف أهداف | goal
ميدالية | medal
وجبة | meal
طريق طرق | road
جسر جسور | bridge
خط خطوط | line
مليونير | millionaire
شجرة أشجار | tree
حيوان | animal
رأس رؤوس | head
صفحة | page
صحيفة صحف | newspaper
جريدة جرائد | newspaper
وكالة | agency/agencies
وزارة | ministry/ministries
مجلس مجالس | council
منظمة | organisation
قناة قنوات | channel
مؤسسة | institution
هيئة | authority/authorities
لجنة لجان | committee
إذاعة | radio station
مستشار | adviser | h
متحدث | spokesman/spokesmen | h
ناطق | spokesman/spokesmen | h
مدير | director | h
مبعوث | envoy | h
ممثل | representative | h
مندوب | delegate | h
عمدة | mayor | h
فندق فنادق | hotel
مطعم مطاعم | restaurant
سوق أسواق | market
ميدان | square
قصر قصور | palace
برج أبراج | tower
سد سدود | dam
مقبرة مقابر | cemetery
حديقة حدائق | park
مكتبة | library/libraries
سفير | ambassador
حاج حجاج | pilgrim
معتمر | pilgrim | h
زائر زوار | visitor
سائح سياح | tourist
لغة | language
نقطة_أساس نقاط_أساس | basis point
كيلومتر_مربع كيلومترات_مربعة | square kilometre
متر_مربع أمتار_مربعة | square metre
مذكرة_تفاهم مذكرات_تفاهم | memorandum of understanding/memoranda of understanding
برميل_نفط براميل_نفط | barrel of oil/barrels of oil
صاروخ_باليستي صواريخ_باليستية | ballistic missile
طائرة_حربية طائرات_حربية | warplane
سفينة_حربية سفن_حربية | warship
حكومة | government
برلمان | parliament
ميزانية | budget
انتخابات | elections/elections
استفتاء | referendum
دستور دساتير | constitution
ضريبة ضرائب | tax/taxes
حرب حروب | war
معركة معارك | battle
جيش جيوش | army/armies
شرطة | police/police
محكمة محاكم | court
قاض قضاة | judge
حكم أحكام | ruling
سجن سجون | prison
مرشح | candidate | h
سلام | peace/peace
هدنة | truce
مفاوضات | negotiations/negotiations
نفط | oil/oil
غاز | gas/gas
كهرباء | electricity/electricity
قمح | wheat/wheat
ذهب | gold/gold
سعر أسعار | price
فائدة | interest rate
تضخم | inflation/inflation
بطالة | unemployment/unemployment
اقتصاد | economy/economies
تجارة | trade/trade
صادرات | exports/exports
واردات | imports/imports
استثمار | investment
قرض قروض | loan
دين ديون | debt
مساعدة | aid/aid
منحة منح | grant
زلزال زلازل | earthquake
فيضان | flood
إعصار أعاصير | hurricane
حريق حرائق | fire
وباء أوبئة | epidemic
لقاح | vaccine
مرض أمراض | disease
طبيب أطباء | doctor
مريض مرضى | patient
معلم | teacher | h
مباراة مباريات | match/matches
بطولة | championship
كأس كؤوس | cup
منتخب | national team
ملعب ملاعب | stadium
فيلم أفلام | film
مهرجان | festival
جائزة جوائز | prize
رواية | novel
متحف متاحف | museum
مسرح مسارح | theatre
معرض معارض | exhibition
مؤتمر | conference
منتدى | forum
خطة خطط | plan
برنامج برامج | programme
مبادرة | initiative
تقرير تقارير | report
دراسة | study/studies
تصريح | statement
مقابلة | interview
مكالمة | call
رحلة | trip
حدود | border
معبر معابر | crossing
ممر | corridor
نفق أنفاق | tunnel
مختبر | laboratory/laboratories
منجم مناجم | mine
حقل حقول | field
شبكة | network
أرض أراض أراضي | land
مياه | water/water
غذاء أغذية | food/food
دواء أدوية | medicine
خبز | bread/bread
وقود | fuel/fuel
سلاح_نووي أسلحة_نووية | nuclear weapon
تجربة_نووية تجارب_نووية | nuclear test
"""


# English verbs and adjectives of questions and the Arabic words news use for them ("help North Korea
# build" ~ "في بناء", "earlier agreements" ~ "الاتفاقيات السابقة"), keyed by `stem_english` → `noun_key`s.
_ACTIONS = """
build: بناء يبني بنى | develop: تطوير يطور طور | buy: شراء يشتري اشترى | sell: بيع يبيع باع
supply: تزويد توريد يزود زود | produce: إنتاج ينتج أنتج | launch: إطلاق يطلق أطلق | sign: توقيع يوقع وقع
send: إرسال يرسل أرسل بعث | provide: تقديم توفير يقدم قدم | help: مساعدة يساعد ساعد
strengthen: تعزيز يعزز عزز | invade: غزو يغزو غزا | warn: تحذير يحذر حذر | praise: إشادة يشيد أشاد
succeed: خلفا خلف يخلف | accuse: اتهام يتهم اتهم | recognise: اعتراف يعترف اعترف
recognize: اعتراف يعترف اعترف
publish: نشر ينشر | report: أفاد ذكر نقل | host: استضافة يستضيف استضاف | receive: استقبال يستقبل استقبل
accompany: مرافقة يرافق رافق | attend: حضور يحضر حضر | arrive: وصول يصل وصل | leave: مغادرة يغادر غادر
depart: مغادرة يغادر غادر | condemn: إدانة يدين أدان | welcome: ترحيب يرحب رحب | threaten: تهديد يهدد هدد
discuss: مناقشة يناقش ناقش | invite: دعوة يدعو دعا | accept: قبول يقبل قبل | found: تأسيس أسس تأسست
establish: تأسيس إنشاء أنشأ | support: دعم يدعم | deny: نفي ينفي نفى | use: استخدام يستخدم استخدم
replace: محل يحل | promise: تعهد يتعهد | pledge: تعهد يتعهد | begin: بدء يبدأ بدأ | start: بدء يبدأ بدأ
end: انتهاء نهاية | hold: عقد يعقد | stop: توقف | fight: قتال يقاتل | talk: محادثات | call: مكالمة اتصال
exercise: مناورات تدريبات | drill: مناورات تدريبات
visit: زيارة يزور زار | meet: لقاء اجتماع يلتقي التقى | attack: هجوم يهاجم هاجم | kill: مقتل قتل يقتل
arrest: اعتقال يعتقل اعتقل | win: فوز يفوز فاز | lose: خسارة يخسر خسر | open: افتتاح فتح يفتتح افتتح
close: إغلاق يغلق أغلق | ban: حظر يحظر | approve: موافقة إقرار وافق أقر | reject: رفض يرفض
announce: إعلان يعلن أعلن | cancel: إلغاء يلغي ألغى | postpone: تأجيل يؤجل أجل | resign: استقالة استقال
elect: انتخاب انتخب | appoint: تعيين عين | invest: استثمار يستثمر استثمر | export: تصدير يصدر صدر
import: استيراد يستورد استورد | test: تجربة اختبار | fire: إطلاق أطلق | train: تدريب يدرب درب
last: آخر أخير لآخر | first: أول | earlier: سابق | previous: سابق | former: سابق أسبق | next: مقبل قادم
new: جديد | comprehensive: شامل | current: حالي | joint: مشترك | military: عسكري | economic: اقتصادي
nuclear: نووي | official: رسمي | international: دولي | strategic: استراتيجي | security: أمني
political: سياسي | naval: بحري | space: فضائي فضاء | emergency: طارئ | annual: سنوي | historic: تاريخي
foreign: خارجية خارجي | defence: دفاع | defense: دفاع | interior: داخلية | finance: مالية | health: صحة
"""
ACTIONS: dict[str, frozenset[str]] = {}
for _entry in _ACTIONS.replace("\n", " | ").split("|"):
    if ":" in _entry:
        _verb, _words = _entry.split(":")
        ACTIONS[stem_english(_verb.strip())] = frozenset(noun_key(w) for w in _words.split())


@dataclass(frozen=True)
class Noun:
    arabic: str  # the singular as written in the table
    english: str  # singular
    english_plural: str
    sound_plural_human: bool  # ين is a plural, not a dual

    def render(self, count: float | None) -> str:
        return self.english if count == 1 else self.english_plural


def _plural(word: str) -> str:
    last = word.split()[-1]
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if last.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _parse() -> tuple[dict[str, Noun], dict[tuple[str, str], Noun], dict[str, list[Noun]]]:
    single: dict[str, Noun] = {}
    double: dict[tuple[str, str], Noun] = {}
    by_english: dict[str, list[Noun]] = {}
    for line in _TABLE.strip().splitlines():
        fields = [f.strip() for f in line.split("|")]
        forms = fields[0].split()
        english, _, plural = fields[1].partition("/")
        noun = Noun(forms[0].replace("_", " "), english, plural or _plural(english), fields[-1] == "h")
        for form in forms:
            if "_" in form:
                first, second = form.split("_")
                double.setdefault((noun_keys(first)[0], noun_keys(second)[0]), noun)
            else:
                for key in noun_keys(form)[:1]:
                    single.setdefault(key, noun)
        for stem in {stem_english(w.split()[-1]) for w in (english, noun.english_plural)}:
            if noun not in by_english.setdefault(stem, []):
                by_english[stem].append(noun)
    return single, double, by_english


_SINGLE, _DOUBLE, _BY_ENGLISH = _parse()


@lru_cache(maxsize=65536)
def word_variants(word: str, proclitic: bool = True) -> tuple[str, ...]:
    """Keys to look an Arabic word up under: its noun key, without an accusative tanwin alef ("صاروخا"),
    without the ت of a feminine dual ("طائرتين" → "طائر"), and behind a proclitic ("وسفينة", "لصحيفة"):
    و ف always, ب ل ك only when four letters are left ("كبيرا" is not ك + "بير")."""
    norm = normalise_arabic(word)
    forms = [norm]
    if norm.endswith("ا") and len(norm) >= 4 and not norm.endswith("اا"):
        forms.append(norm[:-1])
    if norm.endswith(("تين", "تان")) and len(norm) >= 6:
        forms.append(norm[:-3])
    keys = [noun_key(f) for f in forms]
    if norm.startswith("لل") and len(norm) > 4:
        keys += [noun_key("ال" + f[2:]) for f in forms]
    elif proclitic and norm[:1] in "وفبلك" and not norm.startswith("ال") and len(norm) > 3:
        stripped = [noun_key(f[1:]) for f in forms]
        keys += [k for k in stripped if norm[0] in "وف" or len(k) >= 4]
    return tuple(dict.fromkeys(keys))


def arabic_noun(word: object, following: object = None) -> Noun | None:
    """The table entry of an Arabic word (a str, or a Token: its text is used); with `following`, a
    two-word noun ("أقمار صناعية") is tried first."""
    text = getattr(word, "text", word)
    if following is not None:
        pair = arabic_noun_pair(text, getattr(following, "text", following))
        if pair:
            return pair
    return _single_noun(str(text))


@lru_cache(maxsize=65536)
def _single_noun(text: str) -> Noun | None:
    for key in word_variants(text):
        if key in _SINGLE:
            return _SINGLE[key]
    return None


@lru_cache(maxsize=65536)
def arabic_noun_as_written(text: str) -> Noun | None:
    """The table entry of the word as written, without taking a first letter for a proclitic
    ("ليرة" is lira, "بنادق" rifles)."""
    return next((_SINGLE[k] for k in word_variants(text, proclitic=False) if k in _SINGLE), None)


@lru_cache(maxsize=65536)
def arabic_noun_pair(first: str, second: str) -> Noun | None:
    """A two-word noun: "قمر صناعي", "أقمار صناعية", "طائرات مسيرة"."""
    for a in word_variants(first):
        for b in word_variants(second):
            if (a, b) in _DOUBLE:
                return _DOUBLE[(a, b)]
    return None


def nouns_for_english(word: str) -> list[Noun]:
    """Table entries whose English rendering is this word (any inflection): "satellites" → قمر صناعي."""
    return _BY_ENGLISH.get(stem_english(word), [])


def noun_count() -> int:
    return len({id(n) for n in [*_SINGLE.values(), *_DOUBLE.values()]})
