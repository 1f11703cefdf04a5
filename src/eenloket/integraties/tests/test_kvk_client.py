"""The KvK Zoeken v2 client against a local server answering in the API's shapes: the
GET it sends (path, query parameters, apikey header), the mapping of ``resultaten``, "no
results" (404 IPD5200) as an empty list, and every other failure as a KvkFout."""

from __future__ import annotations

import logging

import pytest

from eenloket.integraties.kvk import MAX_RESULTATEN, KvkFout, KvkVestiging, KvkZoekenClient
from eenloket.integraties.tests.conftest import Antwoord, Registerserver

API_KEY = "kvk-sleutel-abcdef-geheim"


def _client(server: Registerserver, *, timeout: float = 5) -> KvkZoekenClient:
    return KvkZoekenClient(server.url + "/api/", API_KEY, timeout=timeout)


def _link(pad: str) -> list[dict[str, str]]:
    return [{"rel": "basisprofiel", "href": f"https://api.kvk.nl/test/api/v1/{pad}"}]


ZOEKRESULTAAT = {
    "pagina": 1,
    "resultatenPerPagina": MAX_RESULTATEN,
    "totaal": 4,
    "resultaten": [
        {
            "kvkNummer": "68750110",
            "vestigingsnummer": "000037178598",
            "naam": "Test BV Donald",
            "adres": {
                "binnenlandsAdres": {
                    "type": "bezoekadres",
                    "straatnaam": "Hizzaarderlaan",
                    "huisnummer": 3,
                    "huisletter": "A",
                    "postcode": "1621 AB",
                    "plaats": "Lollum",
                }
            },
            "type": "hoofdvestiging",
            "links": _link("vestigingsprofielen/000037178598"),
        },
        {
            "kvkNummer": "68750110",
            "naam": "Test BV Donald",
            "type": "rechtspersoon",
            "links": _link("basisprofielen/68750110"),
        },
        {
            "kvkNummer": "68750110",
            "vestigingsnummer": "000037178601",
            "naam": "Test BV Donald Nevenvestiging",
            "adres": {
                "binnenlandsAdres": {"type": "bezoekadres", "straatnaam": "Brinkweg", "plaats": "Lollum"}
            },
            "type": "nevenvestiging",
            "actief": "Nee",
        },
        {
            "kvkNummer": "90001354",
            "vestigingsnummer": "000045328913",
            "naam": "Antwerpse Handel",
            "adres": {
                "buitenlandsAdres": {
                    "type": "bezoekadres",
                    "straatHuisnummer": "Meir 12",
                    "postcodeWoonplaats": "2000 Antwerpen",
                    "land": "België",
                }
            },
            "type": "hoofdvestiging",
        },
    ],
    "links": [{"rel": "self", "href": "https://api.kvk.nl/test/api/v2/zoeken?naam=Donald"}],
}


def test_zoeken_sends_a_get_with_the_parameters_and_maps_the_results(registerserver):
    # given
    registerserver.antwoord(ZOEKRESULTAAT)

    # when
    vestigingen = _client(registerserver).zoeken(naam="  Test  BV  Donald ", kvk_nummer="68750110")

    # then
    [verzoek] = registerserver.verzoeken
    assert verzoek.method == "GET"
    assert verzoek.path == "/api/v2/zoeken"
    assert verzoek.headers["apikey"] == API_KEY
    assert verzoek.query == {
        "kvkNummer": ["68750110"],
        "naam": ["Test  BV  Donald"],
        "resultatenPerPagina": [str(MAX_RESULTATEN)],
    }
    assert verzoek.body == b""
    assert vestigingen[0] == KvkVestiging(
        kvk_nummer="68750110",
        vestigingsnummer="000037178598",
        handelsnaam="Test BV Donald",
        straat="Hizzaarderlaan",
        huisnummer=3,
        huisletter="A",
        postcode="1621AB",
        woonplaats="Lollum",
        actief=True,
        type="hoofdvestiging",
    )
    assert vestigingen[1] == KvkVestiging(
        kvk_nummer="68750110", handelsnaam="Test BV Donald", type="rechtspersoon"
    )
    assert (vestigingen[2].straat, vestigingen[2].huisnummer, vestigingen[2].actief) == (
        "Brinkweg",
        None,
        False,
    )
    assert (vestigingen[3].straat, vestigingen[3].woonplaats, vestigingen[3].postcode) == (
        "Meir 12",
        "2000 Antwerpen",
        "",
    )


def test_zoeken_on_vestigingsnummer_sends_only_that(registerserver):
    # given
    registerserver.antwoord({"pagina": 1, "resultatenPerPagina": 50, "totaal": 0, "resultaten": []})

    # when
    _client(registerserver).zoeken(vestigingsnummer="000037178598")

    # then
    assert registerserver.verzoeken[0].query == {
        "vestigingsnummer": ["000037178598"],
        "resultatenPerPagina": [str(MAX_RESULTATEN)],
    }


def test_no_results_ipd5200_is_an_empty_list(registerserver):
    # given the KvK's way of saying "nothing found"
    registerserver.antwoord(
        {
            "fout": [
                {
                    "code": "IPD5200",
                    "omschrijving": "Er zijn geen gegevens gevonden die voldoen aan de opgegeven "
                    "zoekparameters.",
                }
            ]
        },
        status=404,
    )

    # when / then
    assert _client(registerserver).zoeken(naam="Bestaat Niet") == []


def test_zoeken_without_any_parameter_is_a_programming_error(registerserver):
    with pytest.raises(ValueError, match="KvK-nummer"):
        _client(registerserver).zoeken(naam="  ")
    assert registerserver.verzoeken == []


@pytest.mark.parametrize(
    ("antwoord", "status", "code", "tekst"),
    [
        (
            Antwoord(
                400, {"fout": [{"code": "IPD0004", "omschrijving": "Het KVK-nummer 1234 is niet valide."}]}
            ),
            400,
            "IPD0004",
            "Het KVK-nummer 1234 is niet valide.",
        ),
        (
            Antwoord(401, {"fout": [{"code": "IPD0001", "omschrijving": "Ongeldige API-key"}]}),
            401,
            "IPD0001",
            "toegang",
        ),
        (
            Antwoord(404, {"fout": [{"code": "IPD0005", "omschrijving": "Niet gevonden"}]}),
            404,
            "IPD0005",
            "verkeerd",
        ),
        (Antwoord(404, "<h1>Not Found</h1>", "text/html"), 404, "", "verkeerd"),
        (
            Antwoord(500, {"fout": [{"code": "IPD1003", "omschrijving": "Tijdelijk niet"}]}),
            500,
            "IPD1003",
            "tijdelijk",
        ),
        (Antwoord(200, {"resultaten": {"geen": "lijst"}}), None, "onleesbaar", "niet kan lezen"),
    ],
)
def test_errors_become_a_kvkfout_with_a_dutch_message(registerserver, caplog, antwoord, status, code, tekst):
    # given
    registerserver.antwoorden.append(antwoord)
    client = _client(registerserver)

    # when
    with caplog.at_level(logging.DEBUG, logger="eenloket"), pytest.raises(KvkFout) as fout:
        client.zoeken(kvk_nummer="68750110", naam="Jansen Loodgieters")

    # then
    assert (fout.value.status, fout.value.code) == (status, code)
    assert tekst in str(fout.value)
    assert API_KEY not in str(fout.value) + caplog.text + repr(client)
    assert "Jansen" not in caplog.text  # our log lines never carry the query (a name)


def test_a_timeout_and_a_refused_connection_become_a_kvkfout(registerserver, dichte_poort):
    # given
    registerserver.antwoord(ZOEKRESULTAAT, vertraging=1.0)

    # when / then
    with pytest.raises(KvkFout) as fout:
        _client(registerserver, timeout=0.2).zoeken(kvk_nummer="68750110")
    assert fout.value.code == "timeout"
    with pytest.raises(KvkFout) as fout:
        KvkZoekenClient(dichte_poort, API_KEY, timeout=2).zoeken(kvk_nummer="68750110")
    assert fout.value.code == "onbereikbaar"
    assert "De KvK is niet bereikbaar" in str(fout.value)
