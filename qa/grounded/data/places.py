"""Countries, capitals, frequent cities and regions, and frequent organisations of Arabic news, with their
English names. A gazetteer gives place and organisation answers a cue that Arabic script cannot give
(no capital letters), and lets English answers name them in English.

One line per entity: Arabic spellings separated by ";", "|", English name, "|", kind (place or org).
"""

from __future__ import annotations

from dataclasses import dataclass

from store.arabic import normalise_arabic, noun_key

_PLACES = """
أفغانستان | Afghanistan
ألبانيا | Albania
الجزائر | Algeria
أنغولا;أنجولا | Angola
الأرجنتين | Argentina
أرمينيا | Armenia
أستراليا | Australia
النمسا | Austria
أذربيجان | Azerbaijan
البحرين | Bahrain
بنغلاديش;بنجلاديش | Bangladesh
بيلاروسيا;روسيا البيضاء | Belarus
بلجيكا | Belgium
بوليفيا | Bolivia
البوسنة;البوسنة والهرسك | Bosnia
البرازيل | Brazil
بلغاريا | Bulgaria
بوركينا فاسو | Burkina Faso
كمبوديا | Cambodia
الكاميرون | Cameroon
كندا | Canada
تشاد | Chad
تشيلي;شيلي | Chile
الصين | China
كولومبيا | Colombia
الكونغو | Congo
كرواتيا | Croatia
كوبا | Cuba
قبرص | Cyprus
التشيك | the Czech Republic
الدنمارك;الدانمارك | Denmark
جيبوتي | Djibouti
الإكوادور | Ecuador
مصر | Egypt
إريتريا | Eritrea
إستونيا | Estonia
إثيوبيا | Ethiopia
فنلندا | Finland
فرنسا | France
الغابون | Gabon
جورجيا | Georgia
ألمانيا | Germany
غانا | Ghana
اليونان | Greece
غواتيمالا | Guatemala
غينيا | Guinea
هايتي | Haiti
المجر;هنغاريا | Hungary
آيسلندا;أيسلندا | Iceland
الهند | India
إندونيسيا | Indonesia
إيران | Iran
العراق | Iraq
أيرلندا;إيرلندا | Ireland
إسرائيل | Israel
إيطاليا | Italy
ساحل العاج | Ivory Coast
اليابان | Japan
الأردن | Jordan
كازاخستان | Kazakhstan
كينيا | Kenya
كوسوفو | Kosovo
الكويت | Kuwait
قرغيزستان;قيرغيزستان | Kyrgyzstan
لاوس | Laos
لاتفيا | Latvia
لبنان | Lebanon
ليبيا | Libya
ليتوانيا | Lithuania
لوكسمبورغ | Luxembourg
مدغشقر | Madagascar
ماليزيا | Malaysia
مالطا | Malta
موريتانيا | Mauritania
المكسيك | Mexico
مولدوفا;مولدافيا | Moldova
منغوليا | Mongolia
الجبل الأسود | Montenegro
المغرب | Morocco
موزمبيق | Mozambique
ميانمار;بورما | Myanmar
ناميبيا | Namibia
نيبال | Nepal
هولندا | the Netherlands
نيوزيلندا | New Zealand
نيكاراغوا | Nicaragua
النيجر | Niger
نيجيريا | Nigeria
كوريا الشمالية;كوريا الديمقراطية;جمهورية كوريا الشعبية الديمقراطية | North Korea
مقدونيا;مقدونيا الشمالية | North Macedonia
النرويج | Norway
سلطنة عمان | Oman
باكستان | Pakistan
فلسطين | Palestine
بنما | Panama
باراغواي | Paraguay
بيرو | Peru
الفلبين | the Philippines
بولندا | Poland
البرتغال | Portugal
قطر | Qatar
رومانيا | Romania
روسيا;روسيا الاتحادية | Russia
رواندا | Rwanda
السعودية;المملكة العربية السعودية | Saudi Arabia
السنغال | Senegal
صربيا | Serbia
سنغافورة | Singapore
سلوفاكيا | Slovakia
سلوفينيا | Slovenia
الصومال | Somalia
جنوب أفريقيا;جنوب إفريقيا | South Africa
كوريا الجنوبية | South Korea
جنوب السودان | South Sudan
إسبانيا;اسبانيا | Spain
سريلانكا | Sri Lanka
السودان | Sudan
السويد | Sweden
سويسرا | Switzerland
سوريا;سورية | Syria
تايوان | Taiwan
طاجيكستان | Tajikistan
تنزانيا | Tanzania
تايلاند | Thailand
تونس | Tunisia
تركيا | Turkey
تركمانستان | Turkmenistan
أوغندا | Uganda
أوكرانيا | Ukraine
الإمارات;الإمارات العربية المتحدة | the United Arab Emirates
بريطانيا;المملكة المتحدة | Britain
الولايات المتحدة;أمريكا;أميركا;الولايات المتحدة الأمريكية;الولايات المتحدة الأميركية | the United States
الأوروغواي | Uruguay
أوزبكستان | Uzbekistan
الفاتيكان | the Vatican
فنزويلا | Venezuela
فيتنام | Vietnam
اليمن | Yemen
زامبيا | Zambia
زيمبابوي | Zimbabwe
موسكو | Moscow
بيونغيانغ;بيونغ يانغ;بيونج يانج;بيونغ يانج;بيونجيانج | Pyongyang
سول;سيول | Seoul
طوكيو | Tokyo
بكين | Beijing
واشنطن | Washington
لندن | London
باريس | Paris
برلين | Berlin
روما | Rome
مدريد | Madrid
كييف;كييف | Kyiv
مينسك | Minsk
وارسو | Warsaw
القاهرة | Cairo
الرياض | Riyadh
جدة | Jeddah
دبي | Dubai
أبوظبي;أبو ظبي | Abu Dhabi
الدوحة | Doha
المنامة | Manama
مسقط | Muscat
بغداد | Baghdad
دمشق | Damascus
بيروت | Beirut
القدس | Jerusalem
تل أبيب | Tel Aviv
غزة;قطاع غزة | Gaza
رام الله | Ramallah
الضفة الغربية | the West Bank
طهران | Tehran
أنقرة | Ankara
إسطنبول;اسطنبول | Istanbul
الرباط | Rabat
طرابلس | Tripoli
الخرطوم | Khartoum
نيودلهي | New Delhi
إسلام آباد | Islamabad
كابل | Kabul
هانوي | Hanoi
هوشي منه | Ho Chi Minh City
بانكوك | Bangkok
جاكرتا | Jakarta
مانيلا | Manila
كانبيرا | Canberra
أوتاوا | Ottawa
نيويورك | New York
جنيف | Geneva
فيينا | Vienna
بروكسل | Brussels
لاهاي | The Hague
أمستردام | Amsterdam
ستوكهولم | Stockholm
أوسلو | Oslo
هلسنكي | Helsinki
كوبنهاغن | Copenhagen
أثينا | Athens
لشبونة | Lisbon
براغ | Prague
بودابست | Budapest
بوخارست | Bucharest
بلغراد | Belgrade
تبليسي | Tbilisi
يريفان | Yerevan
باكو | Baku
طشقند | Tashkent
أستانا | Astana
فلاديفوستوك | Vladivostok
سانت بطرسبورغ;سان بطرسبرغ;سانت بطرسبرغ | Saint Petersburg
خاباروفسك | Khabarovsk
ياكوتسك | Yakutsk
هونغ كونغ;هونج كونج | Hong Kong
شنغهاي | Shanghai
أوساكا | Osaka
ميونخ | Munich
الشرق الأوسط | the Middle East
الشرق الأقصى | the Far East
أوروبا | Europe
آسيا | Asia
أفريقيا;إفريقيا | Africa
أمريكا اللاتينية | Latin America
شبه الجزيرة الكورية | the Korean Peninsula
القرم | Crimea
دونباس | Donbas
سيبيريا | Siberia
المحيط الهادئ;المحيط الهادي | the Pacific Ocean
المحيط الأطلسي | the Atlantic Ocean
المحيط الهندي | the Indian Ocean
البحر الأسود | the Black Sea
البحر المتوسط;البحر الأبيض المتوسط | the Mediterranean
البحر الأحمر | the Red Sea
بحر اليابان | the Sea of Japan
بحر أوخوتسك | the Sea of Okhotsk
بحر الصين الجنوبي | the South China Sea
الخليج | the Gulf
"""

_ORGANISATIONS = """
الكرملين | the Kremlin
البيت الأبيض | the White House
البنتاغون | the Pentagon
الأمم المتحدة;منظمة الأمم المتحدة | the United Nations
مجلس الأمن;مجلس الأمن الدولي | the Security Council
الجمعية العامة | the General Assembly
الاتحاد الأوروبي | the European Union
حلف شمال الأطلسي;الناتو;حلف الناتو | NATO
الاتحاد الأفريقي;الاتحاد الإفريقي | the African Union
جامعة الدول العربية | the Arab League
منظمة الصحة العالمية | the World Health Organization
صندوق النقد الدولي | the International Monetary Fund
البنك الدولي | the World Bank
الوكالة الدولية للطاقة الذرية | the International Atomic Energy Agency
المحكمة الجنائية الدولية | the International Criminal Court
محكمة العدل الدولية | the International Court of Justice
رويترز | Reuters
فرانس برس;وكالة الصحافة الفرنسية | AFP
أسوشيتد برس | the Associated Press
تاس | TASS
سبوتنيك | Sputnik
ريا نوفوستي | RIA Novosti
يونهاب | Yonhap
شينخوا | Xinhua
كيودو | Kyodo
بي بي سي | the BBC
سي إن إن | CNN
روسكوسموس;روس كوسموس;روسكوزموس;روس كوزموس | Roscosmos
ناسا | NASA
أوبك;أوبك بلس | OPEC
مجموعة العشرين | the G20
مجموعة السبع | the G7
بريكس | BRICS
منظمة شنغهاي للتعاون | the Shanghai Cooperation Organisation
الوكالة المركزية للأنباء الكورية | the Korean Central News Agency
رودونغ سينمون;رودونج شينمون;رودونغ شينمون | Rodong Sinmun
"""


# Nationality adjectives (English ↔ the Arabic nisba, keyed by `noun_key`: "الروسية" and "روسي" → "روسي").
_NATIONALITIES = """
russian روسي | american أمريكي أميركي | chinese صيني | french فرنسي | british بريطاني | german ألماني
japanese ياباني | korean كوري | iranian إيراني | turkish تركي | saudi سعودي | egyptian مصري
israeli إسرائيلي | palestinian فلسطيني | lebanese لبناني | syrian سوري | iraqi عراقي | jordanian أردني
emirati إماراتي | qatari قطري | kuwaiti كويتي | yemeni يمني | libyan ليبي | tunisian تونسي
algerian جزائري | moroccan مغربي | sudanese سوداني | ukrainian أوكراني | indian هندي | pakistani باكستاني
afghan أفغاني | european أوروبي | arab عربي | vietnamese فيتنامي | spanish إسباني | italian إيطالي
canadian كندي | australian أسترالي | brazilian برازيلي | soviet سوفيتي سوفييتي | african أفريقي إفريقي
asian آسيوي | western غربي | northern شمالي | southern جنوبي | eastern شرقي | gulf خليجي
"""
NATIONALITIES: dict[str, frozenset[str]] = {}
for _entry in _NATIONALITIES.replace("\n", " | ").split("|"):
    if _entry.strip():
        _english, *_arabic = _entry.split()
        NATIONALITIES[_english] = frozenset(noun_key(a) for a in _arabic)


@dataclass(frozen=True)
class Entity:
    arabic: str
    english: str
    kind: str  # "place" or "org"
    words: tuple[str, ...]  # normalised words of this spelling


def _parse() -> dict[str, list[Entity]]:
    by_first: dict[str, list[Entity]] = {}
    for table, kind in ((_PLACES, "place"), (_ORGANISATIONS, "org")):
        for line in table.strip().splitlines():
            spellings, english = (f.strip() for f in line.split("|"))
            for spelling in spellings.split(";"):
                words = tuple(normalise_arabic(spelling).split())
                by_first.setdefault(words[0], []).append(Entity(spelling, english, kind, words))
    for entities in by_first.values():
        entities.sort(key=lambda e: -len(e.words))  # longest spelling first
    return by_first


_BY_FIRST = _parse()


def entities(kind: str = "") -> tuple[Entity, ...]:
    """Every spelling of the gazetteer's places and organisations (of one kind: "place" or "org")."""
    return tuple(e for group in _BY_FIRST.values() for e in group if not kind or e.kind == kind)


def entity_at(words: list[str], i: int) -> tuple[Entity, int, int] | None:
    """(entity, words used, letters of proclitic to skip) when normalised `words[i:]` start with a known
    place or organisation, possibly after a proclitic ("لبيونغيانغ", "بالصين", "للأمم المتحدة")."""
    word = words[i]
    forms = [(word, 0)]
    if len(word) > 3 and word[0] in "وفبلك":
        forms.append((word[1:], 1))
    if word.startswith("لل") and len(word) > 4:
        forms.append(("ال" + word[2:], 0))
    if word[:2] in ("وب", "ول", "وف", "فب", "فل") and len(word) > 4:
        forms.append((word[2:], 2))
    for form, skip in forms:
        for entity in _BY_FIRST.get(form, ()):
            n = len(entity.words)
            if tuple(words[i + 1 : i + n]) == entity.words[1:]:
                return entity, n, skip
    return None


def entity_by_arabic(text: str) -> Entity | None:
    """The entity whose spelling is exactly this text (normalised), with or without a proclitic."""
    words = normalise_arabic(text).split()
    found = entity_at(words, 0) if words else None
    return found[0] if found and found[1] == len(words) else None
