"""Outreach's test data: an open, published ask with its scripts, by default."""

import datetime

import factory
from django.utils import timezone

from jisr.campaigns.models.outreach import Ask, AskStatus, Script


class AskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ask

    title = factory.Sequence(lambda n: f"ذكّر ثلاثة أشخاص {n}")
    title_en = factory.Sequence(lambda n: f"Remind three people {n}")
    what_to_do = "أرسل الرسالة إلى ثلاثة من أهلك."
    what_to_do_en = "Send the message to three relatives."
    people = 3
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=21))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    status = AskStatus.PUBLISHED


class ScriptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Script

    ask = factory.SubFactory(AskFactory)
    dialect = "ar"
    text = "لا تنسَ التسجيل للتصويت من الخارج."


def ask_with_scripts(**kwargs) -> Ask:
    ask = AskFactory(**kwargs)
    ScriptFactory(ask=ask, dialect="ar", text="لا تنسَ التسجيل للتصويت من الخارج.")
    ScriptFactory(ask=ask, dialect="ar-iq", text="لا تطوفها، سجّل حتى تصوّت برّه.")
    ScriptFactory(ask=ask, dialect="ckb", text="لەبیرت نەچێت ناوت تۆمار بکەیت.")
    ScriptFactory(ask=ask, dialect="en", text="Remember to register to vote from abroad.")
    return ask
