"""Stop words for Finnish, Swedish and English, including spoken and phone-typed forms."""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Finnish: the standard function words plus the spoken forms young people type on
# phones (mä, sä, oo, ois, et, ku), because answers are written as they are said.
_FI = """
aika aina ainakin alla asti eli ellei emme en enemmän ennen ensin ehkä ei eivät eikä
eipä ette että ettei et hän häneen hänellä hänelle häneltä hänen hänessä hänestä hänet
he heidän heihin heille heiltä heissä heistä heitä heillä hyvin ihan ilman itse ja jo
johon joiden joihin joiksi joilla joille joilta joina joissa joista joita joka joksi
jolla jolle jolta jona jonka jos jossa josta jota jotain joku jokin jotka juuri jälkeen
kai kaikki kanssa kautta ken keneen keneksi kenellä kenelle keneltä kenen kenenä
kenessä kenestä kenet keiden keihin keiksi keillä keille keiltä keinä keissä keistä
keitä keitä kuin kuka kun ku kyllä lisäksi mikä mihin miksi millä mille miltä minä
minkä minuun minulla minulle minulta minun minussa minusta minut minuna mistä missä
mitä mitkä miten mitään mikään mm me meidän meihin meille meiltä meissä meistä meitä
meillä mua mulla mulle multa mun mussa musta mä muka muut muuta muuten myös ne
niiden niihin niiksi niillä niille niiltä niin niinku niinkuin niinä niissä niistä
niitä noiden noihin noiksi noilla noille noilta noin noina noissa noista noita nuo
nyt näiden näihin näiksi näillä näille näiltä näinä näissä näistä näitä nämä ole
olemme olen olet olette oli olimme olin olisi olisimme olisin olisit olisitte
olisivat olit olitte olivat olla olleet ollut on ovat oo ois olis oon oot ollu
paljon pitää pitäis pitäisi poikkeuksetta se sekä sen siihen siinä siitä siksi sille
silloin sillä siltä sinä sinua sinulla sinulle sinulta sinun sinussa sinusta sinut
sinuun sitten sitä sä sua sulla sulle sun susta tai taas te teidän teihin teille
teiltä teissä teistä teitä teillä tosi toki tuo tuohon tuoksi tuolla tuolle tuolta
tuon tuona tuossa tuosta tuota tässä tästä tähän tämä tämän tänne täällä täältä
tätä vaan vai vaikka vain vielä voi voisi vois vähän yms yli ym et ettei jne eli
semmonen sellanen sellasta sellaista semmosta jotenki jotenkin just vaikkapa esim
kuten koska sit sitte niinkun oikein juurikaan mitäs mikäs no noh joo jep
"""

# Swedish: the usual function words plus a few spoken forms (nåt, sån, dom).
_SV = """
alla allt alltså andra att av bara blev bli blir blivit de dem den denna deras dess
dessa det detta dig din dina ditt du där då efter ej eller en er era ert ett från för
ha hade han hans har henne hennes hon honom hur här i icke ingen inom inte jag ju
kan kunde man med mellan men mig min mina mitt mot mycket ni nu när någon något några
nåt nån sån sånt dom och också om oss på samma sedan sig sin sina sitta själv skulle
som så sådan sådana sådant till under upp ut utan vad var vara varför varit varje
vars vart vem vi vid vilka vilkas vilken vilket vår våra vårt än är åt över lite väl
typ liksom ganska jätte kanske
"""

_EN_EXTRA = """
im dont cant doesnt isnt wont didnt ive id youre thats theres really just like
using use way get want need does make lot lots
"""

# Praise words say how much, not what: "hyvä sijainti" and "hyvä porukka" belong to
# different themes, so these carry no theme and are dropped like function words.
_EVALUATIVE = {
    "fi": "hyvä hyvin paras parempi kiva mukava hieno hienoo ihana upea",
    "sv": "bra bäst bättre fin fint trevlig härlig",
    "en": "good great best better nice lovely",
}

STOP_WORDS: dict[str, frozenset[str]] = {
    "fi": frozenset(_FI.split()) | frozenset(_EVALUATIVE["fi"].split()),
    "sv": frozenset(_SV.split()) | frozenset(_EVALUATIVE["sv"].split()),
    "en": frozenset(ENGLISH_STOP_WORDS)
    | frozenset(_EN_EXTRA.split())
    | frozenset(_EVALUATIVE["en"].split()),
}
