"""Name lists for the demo data: common first names and surnames of people in the Netherlands.

Written for Eenloket from general knowledge of which names are common; the order within
each list is roughly from more to less common, and the generators weigh by that order.
Dutch first names are grouped by the era in which they were popular, so a person born in
1940 is called Cornelis rather than Daan. Names of the larger groups of Dutch residents
with a Turkish, Moroccan, Surinamese or Polish background are kept apart so a household
gets first names and a surname that belong together.
"""

from __future__ import annotations

from typing import Final

# fmt: off

#: Birth-year eras for Dutch first names: (era, first birth year of the era).
ERA_ONDERGRENZEN: Final = (("ouder", 0), ("midden", 1960), ("jong", 1995))

NL_VOORNAMEN_MAN: Final[dict[str, tuple[str, ...]]] = {
    "ouder": (
        "Johannes", "Cornelis", "Hendrik", "Jan", "Pieter", "Gerardus", "Wilhelmus",
        "Antonius", "Adrianus", "Petrus", "Jacobus", "Theodorus", "Franciscus", "Willem",
        "Gerrit", "Klaas", "Dirk", "Hendrikus", "Martinus", "Johan", "Henk", "Kees", "Piet",
        "Harrie", "Toon",
    ),
    "midden": (
        "Mark", "Peter", "Michel", "Dennis", "Martijn", "Jeroen", "Erik", "Marco", "Robert",
        "Patrick", "Rob", "Bas", "Frank", "Paul", "Richard", "Sander", "Wouter", "Ruud",
        "Ronald", "Stefan", "Niels", "Thomas", "Tim", "Kevin", "Rick", "Mike", "Joost",
        "Maarten", "Bart",
    ),
    "jong": (
        "Daan", "Sem", "Lucas", "Noah", "Liam", "Finn", "Levi", "Luuk", "Milan", "Jesse",
        "Bram", "Thijs", "Lars", "Stijn", "Max", "Julian", "Ruben", "Sven", "Jayden", "Mees",
        "Gijs", "Jens", "Tijn", "Siem", "Teun", "Hugo", "Olivier",
    ),
}

NL_VOORNAMEN_VROUW: Final[dict[str, tuple[str, ...]]] = {
    "ouder": (
        "Maria", "Johanna", "Cornelia", "Anna", "Wilhelmina", "Hendrika", "Elisabeth",
        "Catharina", "Geertruida", "Adriana", "Petronella", "Jacoba", "Theodora", "Gerda",
        "Ria", "Joke", "Annie", "Truus", "Willemien", "Dina", "Mien", "Corrie", "Riet",
        "Marietje",
    ),
    "midden": (
        "Linda", "Sandra", "Monique", "Marieke", "Esther", "Anja", "Ingrid", "Petra", "Manon",
        "Kim", "Iris", "Saskia", "Femke", "Marloes", "Mariska", "Wendy", "Nicole", "Miranda",
        "Ilse", "Sanne", "Lotte", "Anouk", "Eva", "Laura", "Maaike", "Karin", "Judith",
        "Marjolein",
    ),
    "jong": (
        "Emma", "Julia", "Tess", "Zoë", "Mila", "Sara", "Nora", "Evi", "Lieke", "Fleur",
        "Noor", "Lisa", "Isa", "Fenna", "Yara", "Saar", "Liv", "Nina", "Lynn", "Roos",
        "Jasmijn", "Sophie", "Elin", "Loïs", "Maud", "Sarah",
    ),
}

#: Background of a household: weight in the demo population (roughly the Dutch mix).
HERKOMST_GEWICHTEN: Final = (("nl", 86), ("tr", 4), ("ma", 4), ("sr", 3), ("pl", 3))

#: First names by background: (male names, female names).
HERKOMST_VOORNAMEN: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "tr": (
        ("Mehmet", "Mustafa", "Ahmet", "Emre", "Yusuf", "Murat", "Hasan", "Burak", "Kerem",
         "Ömer", "Kaan", "Hakan"),
        ("Ayşe", "Fatma", "Elif", "Zeynep", "Emine", "Hatice", "Merve", "Esra", "Büşra",
         "Sevgi", "Derya", "Ecrin"),
    ),
    "ma": (
        ("Mohamed", "Ahmed", "Youssef", "Mohammed", "Ayoub", "Hamza", "Bilal", "Rachid",
         "Said", "Adam", "Anas", "Karim"),
        ("Fatima", "Khadija", "Nadia", "Samira", "Imane", "Salma", "Hanane", "Naima",
         "Malika", "Loubna", "Yasmina", "Hafsa"),
    ),
    "sr": (
        ("Ravi", "Sunil", "Anand", "Rakesh", "Glenn", "Kenneth", "Roy", "Dinesh", "Sandeep",
         "Romano", "Errol", "Stanley"),
        ("Shanti", "Priya", "Sharda", "Anita", "Sharon", "Rowena", "Shirley", "Kavita",
         "Reshma", "Naomi", "Cheryl", "Sunita"),
    ),
    "pl": (
        ("Piotr", "Tomasz", "Krzysztof", "Paweł", "Marcin", "Michał", "Jakub", "Łukasz",
         "Kamil", "Grzegorz"),
        ("Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Anna", "Monika", "Ewa",
         "Aleksandra", "Karolina", "Natalia"),
    ),
}

#: Common Dutch surnames as (voorvoegsel, geslachtsnaam), the BRP split. The demo
#: municipalities lie in the south, so Brabant names are well represented.
NL_ACHTERNAMEN: Final[tuple[tuple[str, str], ...]] = (
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"),
    ("", "Bakker"), ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"),
    ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"),
    ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"),
    ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"),
    ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"),
    ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"),
    ("de", "Bruin"), ("van der", "Heijden"), ("", "Schouten"), ("van", "Beek"),
    ("", "Willems"), ("van", "Vliet"), ("van de", "Ven"), ("", "Hoekstra"), ("", "Maas"),
    ("", "Verhoeven"), ("", "Koster"), ("van", "Dam"), ("van der", "Wal"), ("", "Prins"),
    ("", "Blom"), ("", "Huisman"), ("", "Peeters"), ("de", "Koning"), ("van", "Wijk"),
    ("", "Postma"), ("", "Kuipers"), ("van der", "Laan"), ("", "Bosch"), ("", "Wouters"),
    ("", "Kramer"), ("", "Gerritsen"), ("van den", "Bosch"), ("", "Veenstra"),
    ("", "Martens"), ("", "Schipper"), ("van", "Doorn"), ("", "Hermans"), ("", "Evers"),
    ("", "Wolters"), ("van der", "Velde"), ("", "Timmermans"), ("", "Groen"),
    ("", "Koning"), ("van", "Rijn"), ("", "Kuiper"), ("de", "Lange"), ("", "Verbeek"),
    ("", "Claassen"), ("", "Lammers"), ("", "Goossens"), ("", "Scholten"), ("", "Vink"),
    ("", "Sanders"), ("van", "Gestel"), ("", "Verhagen"), ("van", "Kempen"),
    ("", "Bekkers"), ("van", "Hoof"), ("van", "Rooij"), ("", "Donkers"),
    ("", "Schellekens"), ("van", "Asten"), ("", "Coolen"), ("", "Swinkels"),
    ("van", "Lieshout"), ("", "Raaijmakers"), ("van de", "Wiel"), ("", "Leenders"),
    ("van den", "Eijnden"), ("", "Hendrikx"), ("", "Habraken"), ("", "Vermeer"),
    ("van", "Dongen"), ("", "Smulders"), ("van", "Erp"), ("", "Kuijpers"), ("", "Aarts"),
    ("van", "Dommelen"), ("de", "Laat"), ("van der", "Aa"), ("", "Verberne"),
    ("", "Baijens"), ("van", "Gils"), ("van", "Veldhoven"), ("", "Wijnen"),
    ("van", "Loon"), ("", "Mutsaers"), ("van", "Hout"), ("", "Hermes"), ("", "Vogels"),
    ("", "Rovers"), ("", "Klomp"), ("", "Bouwman"), ("van", "Veen"), ("", "Hofman"),
    ("van", "Vugt"), ("", "Brink"), ("", "Koopman"), ("", "Jonker"), ("", "Kroon"),
    ("van", "Es"), ("", "Driessen"), ("", "Hoogendoorn"), ("", "Verschuren"),
    ("van", "Wanrooij"), ("", "Boonstra"), ("van den", "Hurk"), ("", "Meulenbroek"),
    ("van der", "Sande"), ("van", "Hees"), ("", "Pijnenburg"), ("", "Steenbergen"),
    ("", "Geerts"), ("de", "Wolf"), ("", "Mertens"), ("van", "Bommel"), ("", "Heijmans"),
    ("", "Thijssen"), ("van der", "Zanden"), ("", "Jongbloed"), ("", "Rutten"),
    ("van", "Oers"), ("", "Schepers"), ("van", "Hulst"), ("de", "Ridder"), ("", "Dirks"),
    ("", "Arts"), ("", "Damen"), ("van den", "Akker"), ("", "Keijzer"),
    ("", "Bogaerts"), ("van", "Schijndel"), ("", "Lemmens"), ("", "Slegers"),
    ("van", "Kessel"), ("", "Wagemakers"), ("", "Derks"), ("", "Vissers"),
    ("van", "Zon"), ("", "Kerkhof"), ("", "Huijbregts"), ("", "Nieuwenhuis"),
    ("", "Hoeks"), ("", "Verhoef"), ("", "Ketelaars"), ("", "Couwenberg"), ("van", "Stiphout"),
    ("", "Manders"), ("van", "Hamond"), ("", "Sleegers"), ("van", "Genugten"),
    ("", "Looijmans"), ("", "Beerens"), ("van", "Bree"), ("", "Spierings"), ("", "Biemans"),
    ("van", "Oorschot"), ("", "Wouterse"), ("", "Rijkers"), ("van der", "Putten"),
    ("de", "Bont"), ("", "Moerman"), ("", "Bastiaansen"), ("van", "Acht"),
    ("", "Hoevenaars"), ("", "Tielemans"), ("", "Konings"), ("van", "Boxtel"),
    ("", "Hurkmans"), ("van den", "Oetelaar"), ("", "Schoenmakers"), ("", "Sengers"),
    ("", "Joosten"), ("", "Peerenboom"),
)

#: Surnames by background, as (voorvoegsel, geslachtsnaam). Arabic "El" and "Ben" are
#: written as part of the geslachtsnaam, as the BRP usually does for these names.
HERKOMST_ACHTERNAMEN: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "tr": tuple(
        ("", naam)
        for naam in (
            "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk",
            "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Koç", "Kurt",
        )
    ),
    "ma": tuple(
        ("", naam)
        for naam in (
            "El Amrani", "Bouzid", "El Idrissi", "Benali", "Bakkali", "El Khattabi",
            "Azzouz", "Bennani", "Amrani", "Ziani", "Tahiri", "Moussaoui", "Belhaj",
            "El Ouali", "Ben Said", "Haddou",
        )
    ),
    "sr": tuple(
        ("", naam)
        for naam in (
            "Ramdin", "Ramcharan", "Jagessar", "Mahabier", "Baldew", "Pinas", "Soekhoe",
            "Ramsaran", "Kartosen", "Sewdien", "Biharie", "Doelwijt", "Lachman", "Zebeda",
        )
    ),
    "pl": tuple(
        ("", naam)
        for naam in (
            "Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Zając", "Wróbel",
            "Pawlak", "Dudek", "Sikora",
        )
    ),
}
# fmt: on
