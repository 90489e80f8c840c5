"""The noun table (parsed by qa.grounded.data.nouns): Arabic forms "|" English singular[/plural] ["| h"]."""

TABLE = """
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
