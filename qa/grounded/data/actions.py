"""English verbs and adjectives of questions and the Arabic words news use for them: "help North Korea
build" ~ "في بناء", "earlier agreements" ~ "الاتفاقيات السابقة". Keyed by `stem_english` → `noun_key`s."""

from __future__ import annotations

from qa.grounded.english import stem_english
from store.arabic import noun_key

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
exercise: مناورات تدريبات | drill: مناورات تدريبات | participate: مشاركة يشارك شارك
part: مشاركة يشارك شارك | die: وفاة توفي يتوفى مات | born: ولد مولد | fall: سقوط سقط يسقط
rise: ارتفاع يرتفع ارتفع | translate: ترجمة ترجم يترجم | lead: قيادة قاد يقود بقيادة | enter: دخول دخل يدخل
release: إفراج أفرج خروج | vote: تصويت اقتراع صوت | raise: رفع يرفع | fell: تراجع هبط انخفض
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
