# Texts of the lunar surface (suomi).

lunar-landing-site-title = Laskeutumispaikka
lunar-landing-site-narration = Tällaisen tasaisen, pölyisen tasangon ensimmäiset miehistöt valitsivat laskeutumispaikakseen: vähän lohkareita, loivia rinteitä ja matalalla paistava aurinko selän takana.
lunar-landing-site-fact-1 = Apollo 11 laskeutui Kuuhun 20. heinäkuuta 1969 Hiljaisuuden mereen.

lunar-earth-in-sky-title = Maa taivaalla
lunar-earth-in-sky-narration = Katso ylös pohjoiseen: tuo sinivalkoinen kiekko on koti. Täältä katsottuna Maa pysyy taivaalla lähes koko ajan samassa kohdassa.
lunar-earth-in-sky-fact-1 = Kuu on keskimäärin 384 400 kilometrin päässä Maasta.
lunar-earth-in-sky-fact-2 = Maan läpimitta on 12 742 km ja Kuun 3 475 km, joten täältä Maa näyttää lähes neljä kertaa niin leveältä kuin Kuu kotoa katsottuna.

lunar-gravity-title = Kevyemmät askeleet
lunar-gravity-narration = Täällä kaikki painaa kuudesosan siitä, mitä kotona. Astronautit liikkuivat loikkimalla eivätkä kävellen.
lunar-gravity-fact-1 = Kuun pinnalla putoamiskiihtyvyys on 1,62 metriä sekunnissa toiseen, noin kuudesosa Maan 9,8:sta.

lunar-hammer-feather-title = Vasara ja höyhen
lunar-hammer-feather-narration = Pudota vasara ja höyhen yhtä aikaa ja ota putoamisaika. Kun ilmaa ei ole hidastamassa höyhentä, kumpi osuu maahan ensin?
lunar-hammer-feather-fact-1 = Apollo 15:n komentaja David Scott pudotti 2. elokuuta 1971 vasaran ja haukan sulan yhtä aikaa; ne osuivat maahan samalla hetkellä, kuten Galilei oli ennustanut.

lunar-crater-rim-title = Törmäyskraatteri
lunar-crater-rim-narration = Tämä malja syntyi, kun avaruudesta tullut kivi iskeytyi Kuuhun. Reunavalli on maata, joka työntyi ylös ja sinkoutui ympärille.
lunar-crater-rim-fact-1 = Kuun tuoreet pienet kraatterit ovat noin viidesosan niin syviä kuin ne ovat leveitä.

lunar-ejecta-boulders-title = Sinkoutuneet lohkareet
lunar-ejecta-boulders-narration = Törmäykset ovat sinkauttaneet nämä lohkareet kraattereista. Ulos lentäneen kiviaineksen kerros on paksuin kraatterin reunalla ja ohenee nopeasti kauempana.
lunar-ejecta-boulders-fact-1 = Kraatterista sinkoutuneen aineksen paksuus pienenee suunnilleen etäisyyden kolmannen potenssin mukaan kraatterin keskipisteestä.

lunar-regolith-title = Kuupöly
lunar-regolith-narration = Jalkojesi alla oleva harmaa maa on regoliittia: kiveä, jonka miljardien vuosien suuret ja pienet törmäykset ovat jauhaneet pölyksi ja rakeiksi.
lunar-regolith-fact-1 = Regoliittikerros on tummilla tasangoilla (merillä) noin 4–5 metrin ja ylängöillä noin 10–15 metrin paksuinen.

lunar-black-sky-title = Musta taivas päivällä
lunar-black-sky-narration = Aurinko paistaa, mutta taivas on musta. Maassa ilma sirottaa auringonvaloa ja värjää taivaan siniseksi; Kuulla ilmaa ei juuri ole.
lunar-black-sky-fact-1 = Kuulla ei ole juuri lainkaan ilmakehää, joten mikään ei sirota auringonvaloa ja taivas pysyy päivälläkin mustana.

lunar-temperature-title = Kuumaa ja kylmää
lunar-temperature-narration = Auringonpaisteessa tämä maa on kuumempaa kuin kiehuva vesi; pitkänä yönä se kylmenee kylmemmäksi kuin missään Maan asutuilla mantereilla.
lunar-temperature-fact-1 = Kuun päiväntasaajan lähellä pinta lämpenee auringossa noin 120 asteeseen ja kylmenee yöllä noin −130 asteeseen.

lunar-long-day-title = Kuukauden mittainen päivä
lunar-long-day-narration = Aurinko on täällä matalalla idässä ja nousee hyvin hitaasti. Auringonnoususta seuraavaan kestää noin kuukauden.
lunar-long-day-fact-1 = Kuun vuorokausi auringonnoususta seuraavaan kestää noin 29,5 Maan vuorokautta.

lunar-footprints-title = Pysyvät jalanjäljet
lunar-footprints-narration = Täällä ei ole tuulta eikä sadetta täyttämässä jalanjälkeä. Vain pienten meteoriittien hidas sade kuluttaa maata.
lunar-footprints-fact-1 = Koska Kuussa ei ole tuulta eikä vettä, Apollo-astronauttien jalanjäljet ovat yhä paikallaan; pienet meteoriitit pyyhkivät ne pois vain hyvin hitaasti.

lunar-silence-title = Hiljaisuus
lunar-silence-narration = Jos taputtaisit täällä käsiäsi, kukaan ei kuulisi sitä. Ääni kulkee ilmassa, eikä ilmaa juuri ole; astronautit puhuivat toisilleen radiolla.
lunar-silence-fact-1 = Ääni tarvitsee ilmaa tai muuta ainetta kulkeakseen, joten ilmattomalla Kuulla astronautit puhuivat radiolla.

lunar-moon-size-title = Pieni maailma
lunar-moon-size-narration = Horisontti näyttää läheiseltä, koska Kuu on pieni: sen pinta kaartuu pois nopeammin kuin Maan.
lunar-moon-size-fact-1 = Kuun säde on 1 737 kilometriä, noin 27 prosenttia Maan säteestä.

# The drop experiment's timer on the panel.
lunar-drop-hammer = Vasara
lunar-drop-feather = Höyhen

lunar-lunar-module-title = Kuumoduuli
lunar-lunar-module-narration = Tämä hämähäkkimäinen alus toi kaksi astronauttia kuun kiertoradalta pinnalle. Kultainen kalvo suojaa laskeutumisosaa kuumenemasta auringonpaisteessa. Miehistö kiipesi alas etujalan tikkaita, ja heidän saappaanjälkensä johtavat niiltä pölyn poikki.
lunar-lunar-module-fact-1 = Jaloillaan seisova Apollo-kuumoduuli oli noin 7 metriä korkea, ja sen jalkojen päiden väli oli 9,45 metriä.
lunar-lunar-module-fact-2 = Lähtiessä vain yläosa eli nousuvaihe lähti lentoon. Alaosa eli laskeutumisvaihe jäi Kuuhun sen laukaisualustaksi.
