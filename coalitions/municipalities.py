"""Province and kind of municipality of Dutch municipalities, for grouping suggestions.

Approximate on purpose: the kind follows the number of inhabitants (big city: 100,000 or more,
medium-sized: 40,000 to 100,000, small: fewer than 40,000). Enough to say "same region" or "same
kind of municipality"; not a source of official figures. Unknown places simply give no reason.
"""

import unicodedata

BIG, MEDIUM, SMALL = "big", "medium", "small"

_TABLE = {
    "Groningen": {
        BIG: "Groningen",
        MEDIUM: "Het Hogeland, Midden-Groningen, Westerkwartier, Eemsdelta",
        SMALL: "Oldambt, Veendam, Stadskanaal, Pekela, Westerwolde",
    },
    "Friesland": {
        BIG: "Leeuwarden",
        MEDIUM: "Súdwest-Fryslân, Heerenveen, Smallingerland, De Fryske Marren, Waadhoek",
        SMALL: "Ooststellingwerf, Weststellingwerf, Harlingen, Tytsjerksteradiel, Dantumadiel, "
        "Noardeast-Fryslân, Opsterland",
    },
    "Drenthe": {
        BIG: "Emmen",
        MEDIUM: "Assen, Hoogeveen",
        SMALL: "Meppel, Coevorden, Midden-Drenthe, Tynaarlo, Aa en Hunze, Borger-Odoorn, "
        "De Wolden, Westerveld, Noordenveld",
    },
    "Overijssel": {
        BIG: "Zwolle, Enschede, Deventer",
        MEDIUM: "Hengelo, Almelo, Hardenberg, Kampen, Steenwijkerland",
        SMALL: "Raalte, Oldenzaal, Hof van Twente, Rijssen-Holten, Dalfsen, Olst-Wijhe, "
        "Dinkelland, Haaksbergen, Ommen, Twenterand, Wierden, Zwartewaterland",
    },
    "Flevoland": {
        BIG: "Almere",
        MEDIUM: "Lelystad, Dronten, Noordoostpolder",
        SMALL: "Zeewolde, Urk",
    },
    "Gelderland": {
        BIG: "Arnhem, Nijmegen, Apeldoorn, Ede",
        MEDIUM: "Zutphen, Doetinchem, Harderwijk, Berkelland, Wageningen, Tiel, Barneveld, "
        "Zevenaar, Rheden, West Betuwe, Overbetuwe, Lingewaard, Oude IJsselstreek",
        SMALL: "Lochem, Voorst, Culemborg, Epe, Winterswijk, Nunspeet, Elburg, Brummen, Heerde, "
        "Renkum, Buren, Hattem, Putten, Ermelo, Oldebroek, Bronckhorst, Montferland, Aalten, "
        "Duiven, Westervoort, Maasdriel, Zaltbommel, Neder-Betuwe, Berg en Dal",
    },
    "Utrecht": {
        BIG: "Utrecht, Amersfoort",
        MEDIUM: "Zeist, Nieuwegein, Veenendaal, Houten, Woerden, De Bilt, Soest, "
        "Stichtse Vecht, Utrechtse Heuvelrug, Vijfheerenlanden, De Ronde Venen",
        SMALL: "IJsselstein, Leusden, Baarn, Rhenen, Wijk bij Duurstede, Lopik, Bunnik, "
        "Montfoort, Oudewater, Renswoude, Woudenberg, Eemnes",
    },
    "Noord-Holland": {
        BIG: "Amsterdam, Haarlem, Zaanstad, Zaandam, Haarlemmermeer, Alkmaar",
        MEDIUM: "Amstelveen, Hilversum, Hoorn, Purmerend, Den Helder, Velsen, Dijk en Waard, "
        "Gooise Meren, Huizen, Beverwijk",
        SMALL: "Enkhuizen, Edam-Volendam, Heemskerk, Castricum, Heiloo, Bloemendaal, "
        "Medemblik, Schagen, Uithoorn, Diemen",
    },
    "Zuid-Holland": {
        BIG: "Rotterdam, Den Haag, 's-Gravenhage, Leiden, Dordrecht, Zoetermeer, Delft, "
        "Westland, Alphen aan den Rijn",
        MEDIUM: "Gouda, Schiedam, Vlaardingen, Leidschendam-Voorburg, Nissewaard, "
        "Capelle aan den IJssel, Katwijk, Molenlanden, Krimpenerwaard, Hoeksche Waard, "
        "Goeree-Overflakkee, Lansingerland, Pijnacker-Nootdorp, Rijswijk, Noordwijk, "
        "Ridderkerk, Barendrecht, Zwijndrecht",
        SMALL: "Gorinchem, Wassenaar, Papendrecht, Sliedrecht, Hendrik-Ido-Ambacht, Oegstgeest, "
        "Voorschoten, Leiderdorp, Teylingen, Lisse, Hillegom, Kaag en Braassem",
    },
    "Zeeland": {
        MEDIUM: "Middelburg, Vlissingen, Terneuzen",
        SMALL: "Goes, Schouwen-Duiveland, Sluis, Hulst, Veere, Reimerswaal, Borsele, Kapelle, "
        "Noord-Beveland, Tholen",
    },
    "Noord-Brabant": {
        BIG: "Eindhoven, Tilburg, Breda, 's-Hertogenbosch, Den Bosch",
        MEDIUM: "Helmond, Oss, Roosendaal, Bergen op Zoom, Meierijstad, Waalwijk, Oosterhout, "
        "Veldhoven, Maashorst, Land van Cuijk, Heusden, Etten-Leur, Altena",
        SMALL: "Boxtel, Best, Dongen, Vught, Geldrop-Mierlo, Nuenen, Deurne, Gemert-Bakel, "
        "Valkenswaard, Someren, Asten, Laarbeek, Moerdijk, Bernheze, Oisterwijk, Goirle, "
        "Hilvarenbeek, Loon op Zand, Drimmelen, Steenbergen",
    },
    "Limburg": {
        BIG: "Maastricht, Venlo",
        MEDIUM: "Sittard-Geleen, Heerlen, Roermond, Venray, Weert, Kerkrade, "
        "Horst aan de Maas, Peel en Maas",
        SMALL: "Landgraaf, Brunssum, Echt-Susteren, Leudal, Maasgouw, Gennep, Bergen, "
        "Beekdaelen, Stein, Beek, Valkenburg aan de Geul, Eijsden-Margraten, Gulpen-Wittem, "
        "Vaals, Simpelveld, Voerendaal, Nederweert, Roerdalen, Beesel, Mook en Middelaar",
    },
}


def normalise(text: str) -> str:
    """Lower case, without accents and surrounding spaces: 'Súdwest-Fryslân' → 'sudwest-fryslan'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


MUNICIPALITIES: dict[str, tuple[str, str]] = {
    normalise(name): (province, size)
    for province, sizes in _TABLE.items()
    for size, names in sizes.items()
    for name in names.split(", ")
}


def province_of(municipality: str) -> str:
    return MUNICIPALITIES.get(normalise(municipality), ("", ""))[0]


def size_of(municipality: str) -> str:
    """BIG, MEDIUM, SMALL, or "" when the municipality is not in the table."""
    return MUNICIPALITIES.get(normalise(municipality), ("", ""))[1]
