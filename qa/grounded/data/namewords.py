"""Word tables of the person-name rules (qa.grounded.names): titles and their English, place and
organisation cue words, words that lead a name, describing words, name links and common words that are
never part of a name."""

from __future__ import annotations

from qa.grounded.english import split_words, stem_english
from store.arabic import normalise_arabic, noun_key


def _keys(table: str) -> frozenset[str]:
    return frozenset(noun_key(w) for w in split_words(table))


TITLES = _keys(
    "رئيس رئيسة وزير وزيرة نائب مستشار متحدث ناطق زعيم سفير أمين جنرال مدير ملك أمير شيخ قائد مبعوث "
    "مندوب ممثل نظير سيد سيدة دكتور بروفيسور مرشد عاهل ولي حاكم محافظ عمدة لواء عميد عقيد مشير "
    "أميرال بابا إمام قاضي مسؤول مراسل كاتب صحفي محلل باحث خبير رؤساء وزراء زعماء قادة سفراء مستشارو "
    "المدعي مدعي منسق مفوض أسقف بطريرك مؤسس"
)
# English words for the titles, so that an English question's "adviser" or "head" points at "مستشار"/"مدير".
TITLE_ENGLISH_TABLE = """
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
    for entry in TITLE_ENGLISH_TABLE.replace("\n", " | ").split("|")
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
PERSON_LEADS = frozenset(
    normalise_arabic(w) for w in split_words("خلفا برئاسة بقيادة بحضور السيد السيدة الرفيق الرفيقة")
)
# Definite words that describe a name rather than end it ("الرئيس الروسي", "نجيب محفوظ الحائز"): a
# definite word after a name that is none of these may be an Arabic family name ("رفيق الحريري").
DESCRIBING = frozenset(
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
NAME_LINKS = frozenset(normalise_arabic(w) for w in split_words("بن بنت ابن أبو أبي عبد آل"))
COMMON = frozenset(
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
FEMININE_NAMES = frozenset(normalise_arabic(w) for w in split_words("فاطمة أسامة حمزة طلحة عبيدة خديجة"))
