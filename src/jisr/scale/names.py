"""Invented names and words the generated records are made of.

Every person is a combination of a first name, a father's name and a family name drawn
from these lists: common Iraqi names, combined at random, so no combination is meant to
be anyone. The parties, alliances and lists are invented. The governorates are the real
ones (places, not people), with the seats of the 2018–2025 law.
"""

import datetime as dt
import random

MEN = [
    ("محمد", "Mohammed"),
    ("علي", "Ali"),
    ("حسين", "Hussein"),
    ("حسن", "Hassan"),
    ("أحمد", "Ahmed"),
    ("عباس", "Abbas"),
    ("جعفر", "Jaafar"),
    ("كاظم", "Kadhim"),
    ("مصطفى", "Mustafa"),
    ("عمر", "Omar"),
    ("خالد", "Khalid"),
    ("سعد", "Saad"),
    ("ياسر", "Yasir"),
    ("حيدر", "Haider"),
    ("مهدي", "Mahdi"),
    ("باقر", "Baqir"),
    ("صادق", "Sadiq"),
    ("رائد", "Raed"),
    ("فراس", "Firas"),
    ("سلام", "Salam"),
    ("نوري", "Nouri"),
    ("هادي", "Hadi"),
    ("عادل", "Adel"),
    ("قاسم", "Qasim"),
    ("ماجد", "Majid"),
    ("منذر", "Munther"),
    ("وليد", "Waleed"),
    ("زياد", "Ziyad"),
    ("عمار", "Ammar"),
    ("مثنى", "Muthanna"),
    ("سيف", "Saif"),
    ("أيمن", "Ayman"),
    ("بشير", "Basheer"),
    ("جاسم", "Jasim"),
    ("فاضل", "Fadhil"),
    ("كريم", "Kareem"),
    ("ناظم", "Nadhim"),
    ("طارق", "Tariq"),
    ("يوسف", "Yousif"),
    ("إبراهيم", "Ibrahim"),
    ("عبد الله", "Abdullah"),
    ("عبد الرحمن", "Abdulrahman"),
    ("ليث", "Laith"),
    ("مهند", "Muhannad"),
    ("أنمار", "Anmar"),
    ("حارث", "Harith"),
    ("نبيل", "Nabeel"),
]
WOMEN = [
    ("زينب", "Zainab"),
    ("فاطمة", "Fatima"),
    ("مريم", "Maryam"),
    ("نور", "Noor"),
    ("سارة", "Sara"),
    ("هدى", "Huda"),
    ("رشا", "Rasha"),
    ("عالية", "Aliya"),
    ("سهام", "Siham"),
    ("ابتسام", "Ibtisam"),
    ("انتصار", "Intisar"),
    ("إيمان", "Iman"),
    ("رنا", "Rana"),
    ("لمى", "Lama"),
    ("شذى", "Shatha"),
    ("وفاء", "Wafaa"),
    ("أسماء", "Asmaa"),
    ("بشرى", "Bushra"),
    ("حنان", "Hanan"),
    ("ندى", "Nada"),
    ("زهراء", "Zahraa"),
    ("آمنة", "Amina"),
    ("سناء", "Sanaa"),
    ("ريم", "Reem"),
    ("شيماء", "Shaimaa"),
    ("غدير", "Ghadeer"),
    ("تبارك", "Tabarak"),
    ("دعاء", "Duaa"),
]
FAMILIES = [
    ("الربيعي", "al-Rubaie"),
    ("الساعدي", "al-Saadi"),
    ("الجبوري", "al-Jubouri"),
    ("العبيدي", "al-Obaidi"),
    ("الدليمي", "al-Dulaimi"),
    ("الخفاجي", "al-Khafaji"),
    ("الموسوي", "al-Musawi"),
    ("الحسيني", "al-Husseini"),
    ("الزبيدي", "al-Zubaidi"),
    ("الشمري", "al-Shammari"),
    ("الكعبي", "al-Kaabi"),
    ("التميمي", "al-Tamimi"),
    ("البياتي", "al-Bayati"),
    ("العاني", "al-Ani"),
    ("الراوي", "al-Rawi"),
    ("الحلي", "al-Hilli"),
    ("النجفي", "al-Najafi"),
    ("البصري", "al-Basri"),
    ("الكربلائي", "al-Karbalai"),
    ("الموصلي", "al-Mosuli"),
    ("السامرائي", "al-Samarrai"),
    ("العزاوي", "al-Azzawi"),
    ("الطائي", "al-Taie"),
    ("الأسدي", "al-Asadi"),
    ("المالكي", "al-Maliki"),
    ("الجنابي", "al-Janabi"),
    ("الكبيسي", "al-Kubaisi"),
    ("اللامي", "al-Lami"),
    ("الخزرجي", "al-Khazraji"),
    ("الفتلاوي", "al-Fatlawi"),
]

# (Arabic, English, general seats, quota seats) — the 2018–2025 law: 320 + 9 = 329 seats.
GOVERNORATES = [
    ("بغداد", "Baghdad", 69, {"christian": 1, "sabean-mandaean": 1}),
    ("نينوى", "Nineveh", 31, {"christian": 1, "yazidi": 1, "shabak": 1}),
    ("البصرة", "Basra", 25, {}),
    ("ذي قار", "Dhi Qar", 19, {}),
    ("السليمانية", "Sulaymaniyah", 18, {}),
    ("بابل", "Babil", 17, {}),
    ("الأنبار", "Anbar", 15, {}),
    ("أربيل", "Erbil", 15, {"christian": 1}),
    ("ديالى", "Diyala", 14, {}),
    ("كركوك", "Kirkuk", 12, {"christian": 1}),
    ("النجف", "Najaf", 12, {}),
    ("صلاح الدين", "Salah al-Din", 12, {}),
    ("القادسية", "Qadisiyyah", 11, {}),
    ("واسط", "Wasit", 11, {"feyli-kurd": 1}),
    ("كربلاء", "Karbala", 11, {}),
    ("دهوك", "Duhok", 11, {"christian": 1}),
    ("ميسان", "Maysan", 10, {}),
    ("المثنى", "Muthanna", 7, {}),
]
ALLIANCES = [
    ("تحالف النخيل", "Palm Alliance"),
    ("ائتلاف الجسور", "Bridges Coalition"),
    ("تحالف الضفتين", "Two Banks Alliance"),
    ("ائتلاف السنابل", "Ears of Wheat Coalition"),
    ("تحالف القناديل", "Lanterns Alliance"),
]
PARTIES = [
    ("حزب الفجر الجديد", "New Dawn Party"),
    ("حركة الأرض الطيبة", "Good Earth Movement"),
    ("حزب المنارة", "Lighthouse Party"),
    ("تجمع الضفاف", "Riverbanks Gathering"),
    ("حزب السنبلة", "Wheat Ear Party"),
    ("حركة النخلة العالية", "Tall Palm Movement"),
    ("حزب الغيمة البيضاء", "White Cloud Party"),
    ("تجمع القنطرة", "Arch Gathering"),
    ("حزب الشراع", "Sail Party"),
    ("حركة الينبوع", "Spring Movement"),
    ("حزب الزيتونة", "Olive Party"),
    ("تجمع البيدر", "Threshing Floor Gathering"),
    ("حزب القمر الفضي", "Silver Moon Party"),
    ("حركة الدرب الأخضر", "Green Path Movement"),
    ("حزب الواحة", "Oasis Party"),
    ("تجمع الرابية", "Hill Gathering"),
    ("حزب النسيم", "Breeze Party"),
    ("حركة المرسى", "Harbour Movement"),
    ("حزب الفنار", "Lantern Party"),
    ("تجمع السهل", "Plain Gathering"),
]
# Lists that stand in the election without seats in parliament yet.
NEW_LISTS = [
    ("قائمة الغد المشرق", "Bright Tomorrow List"),
    ("حركة المدن المتحدة", "United Cities Movement"),
    ("قائمة الشباب المستقل", "Independent Youth List"),
    ("تجمع الكفاءات", "Competence Gathering"),
    ("قائمة البيت الواحد", "One House List"),
    ("حركة الموج", "Wave Movement"),
    ("قائمة الأمل الأخضر", "Green Hope List"),
    ("تجمع الحقول", "Fields Gathering"),
    ("قائمة الميزان", "Balance List"),
    ("حركة البوصلة", "Compass Movement"),
    ("قائمة الفرات الأوسط", "Middle Euphrates List"),
    ("تجمع الجبل والسهل", "Mountain and Plain"),
]
COMMUNITY_LISTS = {
    "christian": ("قائمة أور", "Ur List"),
    "yazidi": ("قائمة سنجار الجديدة", "New Sinjar List"),
    "shabak": ("قائمة السهل", "Plain List"),
    "sabean-mandaean": ("قائمة النور", "Light List"),
    "feyli-kurd": ("قائمة الفيليين الأحرار", "Free Feylis List"),
}
COMMITTEES = [
    "المالية",
    "القانونية",
    "الصحة والبيئة",
    "التربية",
    "الكهرباء والطاقة",
    "الأمن والدفاع",
    "العلاقات الخارجية",
    "الزراعة والمياه والأهوار",
    "حقوق الإنسان",
    "النزاهة",
    "الخدمات والإعمار",
    "العمل والشؤون الاجتماعية",
    "الاقتصاد والاستثمار",
    "النقل والاتصالات",
    "الثقافة والإعلام",
    "الأوقاف والشؤون الدينية",
    "المرأة والأسرة والطفولة",
    "الشباب والرياضة",
    "التعليم العالي",
    "الهجرة والمهجرين",
    "الأقاليم والمحافظات",
    "الشهداء والضحايا",
    "النفط والغاز",
    "التخطيط الاستراتيجي",
]
MINISTRIES = [
    "المالية",
    "الصحة",
    "التربية",
    "الكهرباء",
    "النفط",
    "الداخلية",
    "الخارجية",
    "الزراعة",
    "الموارد المائية",
    "التعليم العالي والبحث العلمي",
    "النقل",
    "الإعمار والإسكان",
    "العمل والشؤون الاجتماعية",
    "التخطيط",
    "الاتصالات",
]
SUBJECTS = [
    "الموازنة العامة الاتحادية",
    "انقطاع الكهرباء في الصيف",
    "شح المياه في الأهوار",
    "رواتب المتقاعدين",
    "تعيين الخريجين",
    "صيانة الطرق الخارجية",
    "السكن واطئ الكلفة",
    "المدارس الطينية",
    "المستشفيات التعليمية",
    "مكافحة التصحر",
    "دعم الفلاحين",
    "المنافذ الحدودية",
    "البطاقة التموينية",
    "النازحين والعودة الطوعية",
    "الضمان الاجتماعي",
    "تلوث نهر دجلة",
    "مشاريع تحلية المياه",
    "الاستثمار في الغاز المصاحب",
    "حقوق ذوي الإعاقة",
    "قانون حماية الطفل",
    "العنف الأسري",
    "البطالة بين الشباب",
    "ملف المغيبين",
    "أسعار الأدوية",
    "المناهج الدراسية",
    "الإنترنت في المدارس",
    "تعويض المتضررين",
    "الحوكمة الإلكترونية",
    "ميناء الفاو الكبير",
    "الطاقة الشمسية",
]
BILL_KINDS = ["قانون", "قانون تعديل", "قانون التصديق على اتفاقية", "قانون تنظيم"]
READINGS = ["القراءة الأولى", "القراءة الثانية", "التصويت النهائي", "التصويت على المواد"]
LOREM = (
    "ناقش المجلس الموضوع بحضور ممثلي الوزارة المختصة، وطالب النائب بجدول زمني واضح "
    "للتنفيذ وبتقرير مكتوب عن الصرف الفعلي، على أن تتابع اللجنة المختصة ما يستجد."
)

# Proposals: (Arabic, English) topics, and what members ask for under each.
TOPICS = [
    ("التعليم", "Education"),
    ("الكهرباء", "Electricity"),
    ("الماء", "Water"),
    ("الصحة", "Health"),
    ("الطرق والنقل", "Roads and transport"),
    ("فرص العمل", "Jobs"),
    ("البيئة", "Environment"),
    ("المغتربون", "The diaspora"),
    ("الإسكان", "Housing"),
    ("النزاهة", "Integrity"),
]
ASKS = [
    [
        ("المدارس في الأحياء الشعبية", "schools in poor neighbourhoods"),
        ("رواتب المعلمين", "teachers' pay"),
        ("المناهج الدراسية", "the school curriculum"),
        ("مقاعد أبناء الجالية في الجامعات", "university places for diaspora students"),
    ],
    [
        ("تجهيز الكهرباء في الصيف", "summer power supply"),
        ("محطات الطاقة الشمسية", "solar power stations"),
        ("جداول القطع المبرمج", "published outage schedules"),
    ],
    [
        ("شبكات الماء الصالح للشرب", "drinking water networks"),
        ("محطات تحلية المياه", "desalination plants"),
        ("حصص الري للفلاحين", "irrigation quotas"),
    ],
    [
        ("المراكز الصحية في الأقضية", "health centres in the districts"),
        ("أسعار الأدوية", "medicine prices"),
        ("العيادات المتنقلة", "mobile clinics"),
    ],
    [
        ("الطرق الريفية", "rural roads"),
        ("النقل العام بين المحافظات", "intercity buses"),
        ("الجسور القديمة", "old bridges"),
    ],
    [
        ("تعيين الخريجين", "jobs for graduates"),
        ("قروض المشاريع الصغيرة", "small business loans"),
        ("التدريب المهني", "vocational training"),
    ],
    [
        ("مكافحة التصحر", "fighting desertification"),
        ("تلوث نهر دجلة", "pollution of the Tigris"),
        ("الأحزمة الخضراء", "green belts"),
    ],
    [
        ("تجديد الجوازات في القنصليات", "passport renewal at consulates"),
        ("تصويت المغتربين", "diaspora voting"),
        ("معادلة الشهادات الأجنبية", "foreign degrees"),
    ],
    [
        ("السكن واطئ الكلفة", "low-cost housing"),
        ("قطع الأراضي السكنية", "residential plots"),
        ("العشوائيات", "informal settlements"),
    ],
    [
        ("العقود الحكومية", "public contracts"),
        ("التوظيف في الدوائر", "public hiring"),
        ("الحوكمة الإلكترونية", "e-government"),
    ],
]
ACTIONS = [
    ("تحسين", "Improve"),
    ("توفير", "Provide"),
    ("صيانة", "Repair"),
    ("دعم", "Support"),
    ("متابعة", "Follow up on"),
    ("تسهيل", "Ease"),
    ("توسيع", "Expand"),
    ("مراقبة", "Monitor"),
    ("إصلاح", "Reform"),
    ("تنظيم", "Organize"),
]
SENTENCES = [
    "نقترح أن تبدأ الجهات المختصة بمعالجة {ask} في {place} خلال ستة أشهر.",
    "يعاني أهالي {place} من تردي {ask} منذ سنوات دون حل.",
    "نطالب بتخصيص مبلغ واضح في الموازنة لـ{ask} ونشر تقرير عن الصرف.",
    "يمكن الاستفادة من تجارب المحافظات الأخرى في {ask}.",
    "ندعو نوابنا إلى متابعة الموضوع مع الوزارة وإبلاغنا بالنتائج.",
    "سبق أن قدم المواطنون شكاوى عن {ask} ولم يصلهم أي رد.",
]
SENTENCES_EN = [
    "We propose that the authorities address {ask} in {place} within six months.",
    "People in {place} have suffered from poor {ask} for years.",
    "We ask for a clear budget line for {ask} and a public report on spending.",
    "We call on our representatives to follow this up with the ministry and report back.",
]
ANSWERS = [
    "شكراً على المقترح، تمت إحالته إلى اللجنة المختصة وسنتابع تنفيذه.",
    "تم طرح الموضوع في اجتماع مع الوزارة، وننتظر ردها المكتوب.",
    "نتفق مع المقترح وسنضمه إلى مطالبنا في مناقشة الموازنة.",
    "الموضوع من صلاحيات المحافظة، وقد خاطبنا مجلسها بشأنه.",
]
MILESTONES = [
    "خاطبت اللجنة الوزارة رسمياً",
    "أدرج الموضوع في جدول أعمال المجلس",
    "بدأ العمل في الموقع",
    "خصص مبلغ في الموازنة",
    "أنجز جزء من المشروع",
    "زار وفد من المجلس المنطقة",
]

# The calendar of the generated data: two terms, the election after them.
TERMS = [
    (
        "scale-term-4",
        "الدورة الانتخابية الرابعة",
        "Fourth term",
        dt.date(2018, 9, 3),
        dt.date(2021, 10, 7),
    ),
    ("scale-term-5", "الدورة الانتخابية الخامسة", "Fifth term", dt.date(2022, 1, 9), None),
]
LAST_DAY = dt.date(2025, 12, 31)  # nothing generated happens after it
ELECTION_DAY = dt.date(2025, 11, 11)
PROPOSALS_FROM = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
MEMBERS_FROM = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)


def person_name(rng: random.Random, woman: bool) -> tuple[str, str]:
    """An invented three-part name, in Arabic and Latin script."""
    first = rng.choice(WOMEN if woman else MEN)
    father = rng.choice(MEN)
    while father == first:
        father = rng.choice(MEN)
    family = rng.choice(FAMILIES)
    return f"{first[0]} {father[0]} {family[0]}", f"{first[1]} {father[1]} {family[1]}"


def spread(rng: random.Random, items: int, total: int, cap: int, skew: float = 0.0) -> list[int]:
    """``items`` whole numbers from 1 to ``cap`` that add up to ``total`` exactly, the extra
    going more often to the first items when ``skew`` > 0 (a long tail)."""
    if items == 0:
        return []
    total = max(items, min(total, items * cap))
    counts = [1] * items
    left = total - items
    weights = [1 / (i + 1) ** skew for i in range(items)]
    norm = sum(weights)
    for i in range(items):
        extra = min(cap - 1, int(left * weights[i] / norm))
        counts[i] += extra
    left = total - sum(counts)
    open_ = [i for i in range(items) if counts[i] < cap]
    while left > 0:
        i = open_[rng.randrange(len(open_))]
        counts[i] += 1
        left -= 1
        if counts[i] >= cap:
            open_.remove(i)
    return counts


def largest_remainder(weights: list[float], total: int) -> list[int]:
    """Share ``total`` out in proportion to the weights, in whole numbers."""
    quotas = [w * total / sum(weights) for w in weights]
    seats = [int(q) for q in quotas]
    order = sorted(range(len(quotas)), key=lambda i: (seats[i] - quotas[i], i))
    for i in order[: total - sum(seats)]:
        seats[i] += 1
    return seats


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))
