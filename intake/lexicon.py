"""The words the suggestion engine reads by: honorifics, roles, the heads of organisation names, and the
capitalised words that are never names.

Every word here is written in its normalised form (see `intake.tokens.normalise`: accents folded,
lower case, apostrophes dropped, Center/Organization/Program spelt Centre/Organisation/Programme).
"""


def _words(text):
    return frozenset(text.split())


# Titles of address written before a name. One-word honorifics; "H.E." is the single token "he", but
# only when written with capitals (see people.py: "He said" is a pronoun).
HONORIFICS = _words(
    """
    mr mrs ms miss mx dr prof professor sir dame madam madame mme excellency excellencies hon honourable
    honorable rev reverend fr atty engr gen lt col maj capt brig adm cdr sgt cpl pol dato datuk datin datok
    pehin dasho khun pak bapak ibu samdech oknha hrh daw ong ba sec usec asec lieutenant colonel general
    brigadier admiral captain
    """
)
# Honorifics of more than one word, as token sequences.
HONORIFIC_PHRASES = (
    ("his", "excellency"),
    ("her", "excellency"),
    ("their", "excellencies"),
    ("his", "majesty"),
    ("her", "majesty"),
    ("his", "royal", "highness"),
    ("her", "royal", "highness"),
    ("tan", "sri"),
    ("puan", "sri"),
    ("toh", "puan"),
    ("lok", "chumteav"),
    ("h", "e"),
)
# Words in a name that are written in lower case: "Shaharuddin bin Onn", "Ludwig van Beethoven".
NAME_PARTICLES = _words("bin binti bte binte van von der den de da das do dos del della di du la le al el ibn y e")

# The nouns that make a phrase a role or title: "the Executive Director of ARMAC", "UN deputy secretary-general".
ROLE_HEADS = _words(
    """
    minister ministers president presidents secretary director directors ambassador representative chair chairman
    chairwoman chairperson cochair head chief officer official officials advisor adviser coordinator manager
    analyst specialist expert consultant spokesperson spokesman spokeswoman commander governor founder cofounder
    professor lecturer researcher scientist dean rector counsellor counselor attache envoy delegate leader
    moderator facilitator mayor senator lawmaker mp ceo cfo coo king queen prince princess premier chancellor
    commissioner administrator undersecretary journalist reporter correspondent editor deminer trainer judge
    colonel general captain lieutenant sergeant superintendent inspector chieftain vice deputy
    """
)
# Words that qualify a role: "Senior Minister and First Vice President", "Deputy Director General".
ROLE_MODIFIERS = _words(
    """
    senior deputy vice executive first second third acting interim former permanent resident regional country
    national global technical principal associate assistant under joint co lead general prime foreign special
    programme project team communications development mine action managing honorary
    """
)

# The head nouns of organisation names: "Yonsei University", "Ministry of Foreign Affairs".
ORG_HEADS = _words(
    """
    association associations agency authority centre commission committee council department ministry office
    organisation programme fund foundation institute institution university college academy hospital bank
    service services society group network union alliance coalition federation campaign trust corps army navy
    force forces police secretariat administration bureau board mission embassy consulate government parliament
    assembly senate court company corporation corp inc ltd limited laboratory clinic crescent relief aid
    times post gazette daily school enterprise enterprises cooperative
    """
)
# Words that join an organisation's name: "Agency for Mine Action", "Ministry of Foreign Affairs".
ORG_CONNECTORS = _words("of for and on the to de du des la")

# Event and document words that are capitalised but never a person's name.
EVENT_WORDS = _words(
    """
    session plenary workshop meeting meetings conference dialogue summit forum seminar symposium webinar
    consultation ceremony training course retreat panel roundtable exhibition launch visit mission event
    statement declaration report study survey plan framework agenda strategy policy programme project
    memorandum understanding agreement convention treaty protocol resolution initiative partnership
    """
)

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = _words(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
)

# Capitalised words that begin sentences, headings and list items, and so are never part of a name.
COMMON_CAPITALISED = _words(
    """
    a an the this that these those there here it its he she they we you i his her their our your my me us
    him them who whom whose which what when where why how and or but nor so yet if then than as at by for from
    in into of on onto to with within without about above across after against along among around before
    behind below beneath beside besides between beyond during except inside near off outside over past since
    through throughout toward towards under until upon via following according regarding including
    today yesterday tomorrow tonight now currently recently meanwhile however moreover furthermore also
    additionally finally first firstly second secondly third lastly next last later earlier both each every all
    many several some most more other another such no not only just even still already again
    together together thanks thank please dear welcome hello greetings congratulations
    opening closing echoing learn read visit contact follow email tel telephone phone fax website web www
    photo photos source sources note notes join share download click see watch listen subscribe copyright
    rights reserved end key takeaway takeaways synopsis summary highlights highlight background overview
    introduction conclusion conclusions recommendations recommendation findings results outcome outcomes
    objectives objective purpose goals goal theme themes topic topics agenda day days week weeks year years
    month months morning afternoon evening press release releases news media update updates story stories
    feature features editorial opinion comment comments caption image video audio page pages section
    chapter part annex appendix table figure list item items contents index glossary about home menu search
    top back more less new old good great best better important key major minor general special official
    public private national international regional global local central eastern western northern southern
    east west north south upper lower greater inner outer joint mutual common shared full final further
    mine mines landmine landmines demining clearance explosive explosives ordnance remnants war erw uxo victim
    victims survivor survivors assistance action humanitarian risk education advocacy stockpile destruction
    cooperation collaboration development sustainable innovation technology information management capacity
    building mobilisation resource resources knowledge sharing partnership partnerships peace security
    safety health mental physical rehabilitation disability disabilities persons person people member members
    state states partner partners country countries nation nations community communities government
    governments society sector region world continent republic kingdom federation union empire democratic
    socialist peoples islamic royal united affairs foreign defence interior justice finance economic economy
    social trade labour welfare veterans youth women children family families rural urban land water
    environment climate energy transport education culture science research university institute
    excellence centre regional dialogue deputy senior director executive minister president secretary
    ambassador representative official officials officer chair leader head chief expert experts advisor
    adviser panelist panelists panellist panellists speaker speakers participant participants delegates
    delegate moderator moderators organiser organisers organizer host hosts guest guests staff team teams
    attendees audience stakeholders donors donor sponsors sponsor authorities authority agencies agency
    ministries ministry commission committee council office organisation organisations
    mr mrs ms dr prof his excellency
    """
)

# Verbs of speech and action that follow or precede a person's name: "Chaker highlighted", "said Hun Sen".
SPEECH_VERBS = _words(
    """
    said says stated states noted notes added adds emphasised emphasises emphasized emphasizes highlighted
    highlights stressed stresses told tells explained explains remarked remarks underlined underlines urged
    urges welcomed welcomes announced announces reaffirmed reaffirms expressed expresses thanked thanks praised
    praises commented comments observed observes acknowledged acknowledges affirmed affirms asserted asserts
    declared declares mentioned mentions concluded concludes recalled recalls shared shares presented presents
    invited invites requested requests called calls delivered delivers opened opens chaired chairs moderated
    moderates led leads signed signs met meets visited visits congratulated congratulates wrote writes
    tweeted posted insisted insists argued argues warned warns pointed points agreed agrees confirmed confirms
    described describes suggested suggests believes believed hopes hoped outlined outlines reiterated
    reiterates underscored underscores echoed echoes recognised recognises recognized recognizes appreciated
    appreciates applauded applauds encouraged encourages proposed proposes responded responds answered
    answers explained addressed addresses briefed briefs
    """
)
# Words before a name that say a person speaks: "said Nguyen Van Hai", "according to Nguyễn Thị Hương".
SPEECH_BEFORE = _words("said says added noted stated explained according told")

# Acronyms of things, not of organisations: "Explosive Remnants of War (ERW)" is a term.
TERM_ACRONYMS = _words(
    """
    erw uxo uxos eo eore mre ied ieds ap at apm atm sdg sdgs mou mous moa pwd pwds ams ceo cfo coo ngo ngos ingo
    ingos cso csos ict gdp covid imsma gps gis id tv pdf faq usd eur aud jpy krw sgd thb khr vnd php cny rmb
    myr idr lak mmk bnd nzd gbp chf hq it ai uav uavs eod nts ts cha chas sha shas qa qm qc nmas imas ccm
    apmbc ccw cwc npt nsag nsags dg mp mps pm am tbc tba n/a ok faq rsvp etc eg ie vs aka q&a sop sops tor tors
    lgbt lgbtqi sme smes hiv aids tb wash mhpss va cr cl mra pr km sq gms asap ps nb cc bcc re fyi
    """
)
# Roman numerals and single letters are not acronyms.
ROMAN_NUMERALS = _words("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xx")

# Capitals, provinces and towns of the region and of mine-action centres elsewhere: place names, not
# people. Whole names only: "Quang" alone is a person's name, "Quang Tri" a province.
PLACES = frozenset(
    tuple(name.split())
    for name in """
    phnom penh|siem reap|battambang|pailin|banteay meanchey|oddar meanchey|preah vihear|kampong cham|kampong thom
    kampong speu|kampong chhnang|kampot|kep|koh kong|kratie|mondulkiri|ratanakiri|pursat|stung treng|svay rieng
    takeo|tbong khmum|sihanoukville|sangkat|khan|veal vong|makara|chamkarmon|daun penh|chroy changvar
    ha noi|hanoi|ho chi minh city|da nang|danang|hue|quang tri|quang binh|quang nam|nghe an|thanh hoa|hai phong
    can tho|vientiane|luang prabang|xieng khouang|savannakhet|champasak|salavan|sekong|attapeu|houaphan|oudomxay
    bangkok|chiang mai|chiang rai|sa kaeo|surin|si sa ket|buriram|trat|chanthaburi|ubon ratchathani
    jakarta|bandung|surabaya|yogyakarta|bali|aceh|papua|manila|quezon city|cebu|davao|mindanao|luzon|visayas
    marawi|cotabato|kuala lumpur|putrajaya|penang|sabah|sarawak|johor|yangon|naypyidaw|nay pyi taw|mandalay
    shan|kachin|rakhine|kayin|bandar seri begawan|dili|beijing|shanghai|tokyo|seoul|canberra|wellington|geneva
    new york|washington|london|paris|brussels|oslo|bern|berlin|the hague|baku|kyiv|kiev|asia|pacific|asia pacific
    europe|africa|americas|oceania|mekong|indochina|southeast asia|south east asia
    """.replace("\n", "|").split("|")
    if name.strip()
)

# "Australian Government" is the Government of Australia.
DEMONYMS = {
    "australian": "AUS", "bruneian": "BRN", "cambodian": "KHM", "khmer": "KHM", "chinese": "CHN", "indonesian": "IDN",
    "japanese": "JPN", "korean": "KOR", "lao": "LAO", "laotian": "LAO", "malaysian": "MYS", "myanmar": "MMR",
    "burmese": "MMR", "filipino": "PHL", "philippine": "PHL", "singaporean": "SGP", "thai": "THA",
    "vietnamese": "VNM", "american": "USA", "british": "GBR", "canadian": "CAN", "german": "DEU", "french": "FRA",
    "norwegian": "NOR", "swiss": "CHE", "dutch": "NLD", "irish": "IRL", "danish": "DNK", "swedish": "SWE",
    "finnish": "FIN", "belgian": "BEL", "austrian": "AUT", "italian": "ITA", "spanish": "ESP", "indian": "IND",
    "russian": "RUS", "azerbaijani": "AZE", "zealand": "NZL", "luxembourgish": "LUX", "polish": "POL",
}  # fmt: skip

# Common names of countries that ISO 3166-1 writes differently, and the region's usage.
COUNTRY_VARIANTS = {
    "VNM": ["Vietnam", "Viet Nam", "Socialist Republic of Viet Nam", "Socialist Republic of Vietnam"],
    "LAO": ["Laos", "Lao PDR", "Lao P.D.R.", "Lao People's Democratic Republic"],
    "KOR": ["Republic of Korea", "South Korea", "ROK", "Korea", "R.O.K."],
    "PRK": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
    "CHN": ["China", "People's Republic of China", "PRC", "P.R.C."],
    "KHM": ["Cambodia", "Kingdom of Cambodia"],
    "BRN": ["Brunei", "Brunei Darussalam"],
    "MMR": ["Myanmar", "Burma", "Republic of the Union of Myanmar"],
    "PHL": ["Philippines", "Republic of the Philippines"],
    "THA": ["Thailand", "Kingdom of Thailand"],
    "IDN": ["Indonesia", "Republic of Indonesia"],
    "MYS": ["Malaysia"],
    "SGP": ["Singapore", "Republic of Singapore"],
    "TLS": ["Timor-Leste", "East Timor", "Timor Leste"],
    "USA": ["United States", "United States of America", "USA", "U.S.", "U.S.A.", "US"],
    "GBR": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "RUS": ["Russia", "Russian Federation"],
    "TUR": ["Turkey", "Türkiye"],
    "CZE": ["Czech Republic", "Czechia"],
    "IRN": ["Iran"],
    "SYR": ["Syria"],
    "VAT": ["Holy See", "Vatican"],
    "NLD": ["Netherlands", "Kingdom of the Netherlands"],
    "ARE": ["United Arab Emirates", "UAE"],
}
# Country names that are only countries in capitals (the pronoun "us" is not the United States).
CASE_SENSITIVE_COUNTRY_NAMES = frozenset({"US", "UK", "ROK", "PRC", "DPRK", "USA", "UAE", "U.S.", "U.K.", "U.S.A."})

# Synonyms of the portal's themes, keyed by the theme's normalised name.
THEME_SYNONYMS = {
    "explosive ordnance risk education": [
        "risk education", "mine risk education", "explosive ordnance risk education", "EORE", "MRE",
        "mine/ERW risk education",
    ],
    "clearance and land release": [
        "land release", "land clearance and release", "mine clearance", "humanitarian demining", "demining",
        "humanitarian mine clearance",
    ],
    "victim assistance": ["victim assistance", "assistance to victims", "victim aid", "survivor assistance"],
    "stockpile destruction": ["stockpile destruction", "destruction of stockpiles"],
    "capacity building": ["capacity building", "capacity development"],
    "resource mobilisation": ["resource mobilisation", "mobilisation of resources"],
    "innovation and technology": ["innovation and technology", "technology and innovation"],
}  # fmt: skip

# Nouns a figure counts: "56 participants", "1.2 million people".
COUNT_NOUNS = _words(
    """
    people persons participants participant attendees delegates representatives officials staff personnel
    children women men girls boys victims survivors casualties deaths injuries fatalities amputees households
    families villages communities districts provinces countries territories states nations organisations
    partners members deminers teams mines landmines items devices bombs submunitions munitions rounds shells
    uxo erw hectares acres kilometres metres years months weeks days decades areas sites fields schools
    hospitals centres projects programmes trainees students experts specialists speakers panellists panelists
    civilians soldiers officers graduates police volunteers instructors
    survey surveys reports studies workshops meetings sessions events dogs rats machines vehicles beneficiaries
    """
)
