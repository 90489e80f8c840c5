"""The gazetteer's tables (parsed by qa.grounded.data.places): countries, capitals, cities, regions, seas and
rivers; organisations and news agencies; nationality adjectives. One line per entity: Arabic spellings
separated by ";", "|", the English name."""

PLACES = """
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
البصرة | Basra
الموصل | Mosul
أربيل | Erbil
النجف | Najaf
كربلاء | Karbala
حلب | Aleppo
حمص | Homs
اللاذقية | Latakia
الإسكندرية | Alexandria
أسوان | Aswan
الأقصر | Luxor
بورسعيد;بور سعيد | Port Said
السويس | Suez
أم درمان | Omdurman
بورتسودان;بور سودان | Port Sudan
مكة;مكة المكرمة | Mecca
المدينة المنورة | Medina
الدمام | Dammam
صنعاء | Sanaa
عدن | Aden
الشارقة | Sharjah
بنغازي | Benghazi
مصراتة | Misrata
صفاقس | Sfax
القيروان | Kairouan
فاس | Fez
مراكش | Marrakesh
الدار البيضاء | Casablanca
طنجة | Tangier
وهران | Oran
قسنطينة | Constantine
نواكشوط | Nouakchott
الخليل | Hebron
نابلس | Nablus
جنين | Jenin
إربد | Irbid
العقبة | Aqaba
قرطبة | Cordoba
غرناطة | Granada
إشبيلية | Seville
طليطلة | Toledo
برشلونة | Barcelona
مرسيليا | Marseille
ميلانو | Milan
البندقية | Venice
نابولي | Naples
فرانكفورت | Frankfurt
هامبورغ | Hamburg
مانشستر | Manchester
ليفربول | Liverpool
دبلن | Dublin
زيورخ | Zurich
كراتشي | Karachi
لاهور | Lahore
مومباي | Mumbai
دكا | Dhaka
سيدني | Sydney
ملبورن | Melbourne
تورونتو | Toronto
مونتريال | Montreal
لوس أنجلوس;لوس أنجليس | Los Angeles
شيكاغو | Chicago
سان فرانسيسكو | San Francisco
ريو دي جانيرو | Rio de Janeiro
ساو باولو | Sao Paulo
بوينس آيرس | Buenos Aires
لاغوس | Lagos
نيروبي | Nairobi
أديس أبابا | Addis Ababa
داكار | Dakar
أبيدجان | Abidjan
كينشاسا | Kinshasa
جوهانسبرغ | Johannesburg
كيب تاون | Cape Town
أكرا | Accra
نهر النيل;النيل | the Nile
النيل الأزرق | the Blue Nile
النيل الأبيض | the White Nile
نهر الفرات;الفرات | the Euphrates
نهر دجلة;دجلة | the Tigris
نهر الأمازون;الأمازون | the Amazon
الصحراء الكبرى | the Sahara
جبال الألب | the Alps
قناة السويس | the Suez Canal
مضيق هرمز | the Strait of Hormuz
بحر العرب | the Arabian Sea
الخليج العربي | the Arabian Gulf
بحر اليابان | the Sea of Japan
بحر أوخوتسك | the Sea of Okhotsk
بحر الصين الجنوبي | the South China Sea
الخليج | the Gulf
"""

ORGANISATIONS = """
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
NATIONALITIES_TABLE = """
russian روسي | american أمريكي أميركي | chinese صيني | french فرنسي | british بريطاني | german ألماني
japanese ياباني | korean كوري | iranian إيراني | turkish تركي | saudi سعودي | egyptian مصري
israeli إسرائيلي | palestinian فلسطيني | lebanese لبناني | syrian سوري | iraqi عراقي | jordanian أردني
emirati إماراتي | qatari قطري | kuwaiti كويتي | yemeni يمني | libyan ليبي | tunisian تونسي
algerian جزائري | moroccan مغربي | sudanese سوداني | ukrainian أوكراني | indian هندي | pakistani باكستاني
afghan أفغاني | european أوروبي | arab عربي | vietnamese فيتنامي | spanish إسباني | italian إيطالي
canadian كندي | australian أسترالي | brazilian برازيلي | soviet سوفيتي سوفييتي | african أفريقي إفريقي
asian آسيوي | western غربي | northern شمالي | southern جنوبي | eastern شرقي | gulf خليجي
"""
