# Keskiaikaisen kaupungin tekstit (suomi).

middle-ages-market-square-title = Tori
middle-ages-market-square-narration = Tämä on kaupungin sydän. Maaseudun talonpojat myyvät täällä voita, kalaa, vuotia ja viljaa, ja kaupungin porvarit myyvät meren takaa tuotua suolaa, kangasta ja rautaa. Kaupan piti käydä kaupungissa, jossa kruunu saattoi verottaa sitä.
middle-ages-market-square-fact-1 = Turku on Suomen vanhin kaupunki. Kirjalliset lähteet kutsuvat sitä kaupungiksi 1300-luvun alusta, ja se oli keskiajan Suomen suurin kaupunki.

middle-ages-silver-coin-title = Hopearaha
middle-ages-silver-coin-narration = Ota kojulla oleva raha käteesi. Se on örtugi, Ruotsin valtakunnan pieni hopearaha; Suomi kuului Ruotsiin. Se painaa vain noin gramman, mutta työmiehen päiväpalkka oli vain muutama sellainen.
middle-ages-silver-coin-fact-1 = Rahaa laskettiin markoissa: yksi markka oli 8 äyriä, 24 örtugia tai 192 penninkiä. Örtugi painoi noin 1,1 grammaa ja oli noin 18 millimetriä leveä.
middle-ages-silver-coin-fact-2 = Noin vuonna 1410 Turun linnaan perustettiin rahapaja. Se oli keskiajan Suomen ainoa paikka, jossa lyötiin rahaa.

middle-ages-cooking-pot-title = Keittopata
middle-ages-cooking-pot-narration = Tämä punasavinen pata seisoo kolmella lyhyellä jalalla. Se nostettiin suoraan tulisijan hiillokselle, ja siinä keitettiin puuroa, keittoa ja muhennoksia. Nosta sitä: se on painavampi kuin miltä näyttää.
middle-ages-cooking-pot-fact-1 = Kolmijalkaisten savipatojen palaset ovat keskiaikaisen Turun kaivausten yleisimpiä löytöjä.

middle-ages-axe-and-tools-title = Kirves
middle-ages-axe-and-tools-narration = Tällaisella kirveellä kirvesmies kaatoi männyt, veisti hirret ja löi salvokset, jotka pitävät talon nurkat koossa. Kokonaisia taloja rakennettiin kirveellä ilman ainuttakaan sahaa tai naulaa.
middle-ages-axe-and-tools-fact-1 = Nurkkasalvoksessa kahden seinän hirret lukittuvat toisiinsa, joten talon runko pysyy pystyssä omalla painollaan.

middle-ages-log-house-title = Hirsitalo
middle-ages-log-house-narration = Useimmat kaupungin talot ovat tällaisia: yksikerroksisia, mäntyhirsistä päällekkäin ladottuja matalalle kivijalalle, ja niissä on matala ovi ja pieni luukulla suljettava ikkuna. Laske hirret: jokainen nostaa seinää noin 20 senttimetriä.
middle-ages-log-house-fact-1 = Turun kaivauksissa on paljastunut satojen keskiaikaisten talojen alimmat hirsikerrat ja lattiat; lähes kaikki oli rakennettu hirrestä.

middle-ages-turf-roof-title = Turvekatto
middle-ages-turf-roof-narration = Katso kattoja. Monen päällä on turvetta. Turpeen alla on kerroksittain tuohta, joka pitää sateen poissa; raskas turve pitää tuohet paikallaan ja talon lämpimänä.
middle-ages-turf-roof-fact-1 = Tuohi ei juuri lahoa, joten tuohikerroksista tuli turpeen alla vesitiivis katto, joka kesti vuosikymmeniä.

middle-ages-merchant-house-title = Kauppiaan talo
middle-ages-merchant-house-narration = Rikkaimmat porvarit asuivat torin laidalla. Jotkut rakensivat alakerran kivestä, jossa tavarat olivat turvassa tulelta ja varkailta, ja yläkerran ristikkorungosta, jonka välit täytettiin ja kalkittiin valkoisiksi.
middle-ages-merchant-house-fact-1 = Monet Turun porvareista olivat kauppiaita hansakaupungeista Saksasta, ja kauppa Tallinnan, Danzigin ja Lyypekin kanssa toi kaupunkiin vaurautta.

middle-ages-stone-church-title = Kivikirkko
middle-ages-stone-church-narration = Kirkko on kaupungin ainoa suuri kivirakennus. Sen harmaasta luonnonkivestä muuratut seinät ovat yli metrin paksuja. Itäpäädyn porraspäätyä, jonka puolella alttari on, koristavat valkoiseksi kalkitut syvennykset.
middle-ages-stone-church-fact-1 = Suomessa on yhä pystyssä noin 75 keskiaikaista kivikirkkoa. Useimmat niistä rakennettiin 1400-luvulla ja 1500-luvun alussa.

middle-ages-church-tower-title = Kellotapuli
middle-ages-church-tower-narration = Kellokerroksesta näet koko kaupungin: katot, torin, joen ja pellot sen takana. Kello soi jumalanpalveluksiin ja rukoushetkiin, ja se soi hälytyksen, kun syttyi tulipalo.
middle-ages-church-tower-fact-1 = Turun tuomiokirkko, Suomen kirkon äitikirkko, vihittiin vuonna 1300.

middle-ages-harbour-title = Jokisatama
middle-ages-harbour-narration = Aurajoki on kaupungin satama. Veneet ja laivat tulevat jokea ylös laitureille ja purkavat suolaa, kangasta, viiniä ja rautaa, ja vievät pois voita, kuivattua kalaa, vuotia ja turkiksia.
middle-ages-harbour-fact-1 = Turku kävi eniten kauppaa Tukholman, Tallinnan, Danzigin ja Lyypekin kanssa.

middle-ages-cargo-boat-title = Rahtivene
middle-ages-cargo-boat-narration = Tämä pieni alus kuljettaa tavaraa rannikkoa pitkin ja jokea ylös. Sen laidat on tehty limittäin asetetuista lankuista kuin soutuveneen, ja siinä on yksi masto ja raakapurje.
middle-ages-cargo-boat-fact-1 = Hansakaupan suuret laivat olivat koggeja. Bremenistä löydetty noin vuonna 1380 rakennettu koggi on noin 23 metriä pitkä; tämä vene on puolet siitä.

middle-ages-town-fires-title = Tulipalo!
middle-ages-town-fires-narration = Tiheään rakennettu puutalojen kaupunki syttyy helposti. Yksi kipinä tulisijasta saattoi sytyttää koko kadun. Siksi kivikellarit ja talojen väliin jätetyt raot olivat tärkeitä.
middle-ages-town-fires-fact-1 = Vuonna 1318 novgorodilainen sotajoukko poltti Turun ja sen tuomiokirkon.

middle-ages-sun-time-title = Aurinkoaika
middle-ages-sun-time-narration = Kaupungissa ei ole kelloja. Keskipäivä on silloin, kun aurinko on suoraan etelässä, ja päivä päättyy, kun aurinko laskee. Siirrä kelloa pilkku- ja pistenäppäimillä ja katso, miten aurinko liikkuu ja valo muuttuu.
middle-ages-sun-time-fact-1 = Elokuun 24. päivänä keskipäivän aurinko on Turussa noin 40 asteen korkeudella, ja se laskee vähän yli seitsemän illalla aurinkoaikaa.
