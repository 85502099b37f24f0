# Koulun pihan tekstit (suomeksi).

schoolyard-impact-area-title = Turva-alue
schoolyard-impact-area-narration = Jokaisen keinun, liukumäen ja kiipeilytelineen ympärillä on turva-alue: vapaana pidettävä alue, jolle putoava lapsi laskeutuu pehmeästi. Kun asetat leikkivälineen, sen turva-alue näkyy, eikä sille saa sijoittaa mitään.
schoolyard-impact-area-fact-1 = Kun lapsi voi pudota yli 60 senttimetrin korkeudelta, välineen alla pitää olla putoamista vaimentava alusta: hiekkaa, soraa, kuoriketta tai kumia asfaltin sijaan.
schoolyard-impact-area-fact-2 = Keinun turva-alue ulottuu kauas sen eteen ja taakse, koska lapsi voi lentää istuimelta keinun ylimmässä kohdassa.

schoolyard-rain-garden-title = Sadepuutarha
schoolyard-rain-garden-narration = Sadevesi ei imeydy asfaltin tai kattojen läpi, vaan valuu viemäreihin. Sadepuutarha on matala istutettu painanne, joka kerää veden ja antaa sen imeytyä hitaasti maahan.
schoolyard-rain-garden-fact-1 = Sadepuutarha ottaa vastaan kattojen, päällysteiden ja ajoteiden veden ja antaa sen imeytyä, joten vähemmän vettä ja likaa valuu viemäreihin ja niistä puroihin ja mereen.

schoolyard-old-birch-title = Vanha koivu
schoolyard-old-birch-narration = Tämä koivu kasvoi täällä jo ennen kuin koulu rakennettiin. Sen juuret levittäytyvät paljon latvusta laajemmalle aivan maan pinnan alle, joten rakentaminen rungon lähelle voi vahingoittaa sitä.
schoolyard-old-birch-fact-1 = Suurin osa puun juurista kasvaa maan ylimmässä puolessa metrissä, ja ne ulottuvat selvästi latvuksen reunan ulkopuolelle.
