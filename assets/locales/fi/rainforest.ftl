# Trooppisen sademetsän tekstit (suomi).

rainforest-four-layers-title = Neljä kerrosta
rainforest-four-layers-narration = Sademetsä kasvaa kerroksina. Metsänpohjassa on saniaisia ja taimia. Niiden yläpuolella on nuorten puiden ja palmujen alikasvos, sitten latvusto, puiden latvojen yhtenäinen katto. Muutama jättiläinen, ylispuu, kohoaa katon yläpuolelle.
rainforest-four-layers-fact-1 = Alankosademetsän latvusto on yleensä 25–35 metrin korkeudella, ja ylispuut kasvavat 45–60-metrisiksi tai korkeammiksi.

rainforest-dim-floor-title = Hämärä metsänpohja
rainforest-dim-floor-narration = Katso ylös: lehtikerros toisensa jälkeen ottaa auringonvalon ennen kuin se ehtii maahan. Aurinkoisenakin päivänä metsänpohja on yhtä hämärä kuin huone sisällä.
rainforest-dim-floor-fact-1 = Costa Rican alankosademetsässä metsänpohjaan ylsi vain 1–2 prosenttia metsän yläpuolisesta valosta.

rainforest-leaf-litter-title = Karike
rainforest-leaf-litter-narration = Kuolleita lehtiä putoaa ympäri vuoden, mutta maassa oleva kerros pysyy ohuena. Sienet, termiitit ja bakteerit hajottavat lehdet nopeasti lämpimässä ja kosteassa ilmassa, ja juuret ottavat ravinteet takaisin.
rainforest-leaf-litter-fact-1 = Monessa sademetsässä suurin osa ravinteista on elävissä kasveissa eikä maaperässä, joka on usein karu.

rainforest-buttress-roots-title = Pönkkäjuuret
rainforest-buttress-roots-narration = Jättiläispuu seisoo leveiden ja litteiden juurten varassa, jotka kasvavat rungosta kuin seinät. Ne pitävät korkean puun pystyssä ohuessa maaperässä.
rainforest-buttress-roots-fact-1 = Pönkkäjuuret voivat ulottua monta metriä ylös runkoa pitkin ja levitä monen metrin päähän siitä.

rainforest-light-meter-title = Valomittari
rainforest-light-meter-narration = Valomittari näyttää, kuinka suuri osa metsän yläpuolisesta auringonvalosta ylsi siihen, missä seisot. Lue se metsänpohjassa, kiipeä ja lue se uudelleen jokaisessa kerroksessa.
rainforest-light-meter-fact-1 = Valo himmenee lehtikerroksen läpi kuin sameassa vedessä: jokainen yläpuolella oleva lehtineliömetri ottaa osan jäljellä olevasta valosta. Mittari käyttää tätä sääntöä, jonka Monsi ja Saeki löysivät vuonna 1953.

rainforest-sunflecks-title = Auringonläikät
rainforest-sunflecks-narration = Kirkkaat auringonläikät liikkuvat hämärällä metsänpohjalla, kun aurinko ja lehdet liikkuvat. Ne kestävät sekunneista minuutteihin.
rainforest-sunflecks-fact-1 = Auringonläikät voivat tuoda suuren osan kaikesta valosta, jonka metsänpohjan kasvit päivässä saavat.

rainforest-understory-waiting-title = Valoa odottamassa
rainforest-understory-waiting-narration = Moni täällä kasvavista pienistä puista on nuori latvuspuu. Ne kasvavat varjossa hyvin hitaasti, joskus vuosikymmeniä, kunnes iso puu kaatuu ja avaa valoisan aukon.
rainforest-understory-waiting-fact-1 = Kun puu kaatuu ja latvustoon aukeaa aukko, sen alla kasvavat nuoret puut kasvavat nopeasti kohti valoa.

rainforest-lianas-title = Liaanit
rainforest-lianas-narration = Liaanit ovat puumaisia köynnöskasveja. Ne juurtuvat maahan ja kiipeävät puita pitkin valoon rakentamatta omaa paksua runkoa.
rainforest-lianas-fact-1 = Joissakin trooppisissa metsissä liaaneja on neljännes kaikista puumaisista varsista.

rainforest-rain-and-water-title = Metsä tekee sateen
rainforest-rain-and-water-narration = Puut imevät vettä maasta ja haihduttavat sitä lehtiensä kautta. Vesihöyry nousee, muodostaa pilviä ja sataa taas metsään.
rainforest-rain-and-water-fact-1 = Amazonin alueella noin puolet sateesta on vettä, jonka metsä itse on haihduttanut ilmaan.

rainforest-canopy-walkway-title = Latvustossa
rainforest-canopy-walkway-narration = Olet 28 metrin korkeudella latvuspuiden latvojen keskellä. Täällä lehdet saavat auringonpaisteen, ja täällä kasvaa suurin osa metsän kukista ja hedelmistä.
rainforest-canopy-walkway-fact-1 = Tutkijat pääsivät tutkimaan latvustoa kunnolla vasta, kun köydet, riippusillat ja nosturit veivät heidät sinne; latvustossa elää suuri osa metsän eliöistä.

rainforest-canopy-insects-title = Elämää latvoissa
rainforest-canopy-insects-narration = Täällä ylhäällä elää kovakuoriaisia, muurahaisia, perhosia ja monia muita hyönteisiä, ja useimmille niistä ei ole vielä annettu nimeä.
rainforest-canopy-insects-fact-1 = Laskettuaan kovakuoriaiset yhden puulajin latvoista Panamassa Terry Erwin arvioi, että tropiikissa voisi olla 30 miljoonaa hyönteis- ja muuta niveljalkaislajia.

rainforest-emergent-giant-title = Katon yläpuolella
rainforest-emergent-giant-narration = Olet kiivennyt portaiden huipulle latvuston katon yläpuolelle. Vain ylispuut yltävät näin korkealle. Täällä on aurinkoista, tuulista ja kuivempaa kuin alhaalla.
rainforest-emergent-giant-fact-1 = Korkein mitattu trooppinen puu on keltameranti Borneon Sabahissa: 100,8 metriä.
