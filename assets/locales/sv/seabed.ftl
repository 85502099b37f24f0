# Texter för Östersjöns botten (svenska).

seabed-bladderwrack-title = Blåstång
seabed-bladderwrack-narration = De olivbruna växterna är blåstång, en brunalg. Blåstångsbältena är Östersjöns skogar: bland bladen lever och gömmer sig snäckor, små kräftdjur och fiskyngel.
seabed-bladderwrack-fact-1 = De små luftblåsorna på bladen håller algen upprätt mot ljuset.

seabed-wrack-depth-title = Hur djupt ljuset når
seabed-wrack-depth-narration = Blåstången behöver solljus, så den växer bara så djupt som tillräckligt med ljus når ner. När vattnet blir grumligare dör de djupaste plantorna.
seabed-wrack-depth-fact-1 = Vid Askö i Sverige växte blåstång ner till 11,5 meters djup på 1940-talet men bara till 8,5 meter år 1984, eftersom näringsämnen hade gjort vattnet grumligare.

seabed-blue-mussels-title = Blåmusslor
seabed-blue-mussels-narration = De mörka skalen i klumpar är blåmusslor. De fäster sig vid stenar, trä och varandra med starka trådar och filtrerar sin föda ur vattnet.
seabed-blue-mussels-fact-1 = I nordöstra Östersjön förblir blåmusslorna små, bara några centimeter långa, eftersom vattnet inte är salt nog för att de ska bli större.
seabed-blue-mussels-fact-2 = Musslorna filtrerar plankton ur vattnet och lägger det de inte använder på botten. Så flyttar de näringsämnen från vattnet till havsbotten.

seabed-brackish-water-title = Brackvatten
seabed-brackish-water-narration = Östersjöns vatten är varken sött eller riktigt salt: det är bräckt. Älvar för in sötvatten, och salt vatten från oceanen kommer in bara genom smala sund.
seabed-brackish-water-fact-1 = Ett kilogram ytvatten i egentliga Östersjön innehåller ungefär 6–8 gram salt, ett kilogram oceanvatten ungefär 35 gram.
seabed-brackish-water-fact-2 = Salt vatten från Nordsjön når Östersjön bara genom de smala och grunda danska sunden.

seabed-sink-or-float-title = Sjunker eller flyter?
seabed-sink-or-float-narration = Här finns en granitsten och ett korkflöte. Dra ner flötet och släpp det, eller lyft stenen och släpp den. Åt vilket håll rör sig var och en, och varför?
seabed-sink-or-float-fact-1 = Det som har lägre densitet än vattnet runt omkring flyter upp, och det som har högre sjunker. Östersjöns ytvatten har en densitet på ungefär 1005 kilogram per kubikmeter, sötvatten 1000 och oceanvatten ungefär 1025.
seabed-sink-or-float-fact-2 = Granit har en densitet på ungefär 2650 kilogram per kubikmeter och kork bara ungefär 200.

seabed-sand-ripples-title = Sandribbor
seabed-sand-ripples-narration = Vågorna på ytan rör vattnet nära botten fram och tillbaka. Det rörliga vattnet lägger upp sanden i små ribbor vars kammar löper längs stranden.
seabed-sand-ripples-fact-1 = Ribbor som vågor gör är symmetriska, med vassa kammar och rundade dalar. Ribbor som en ström åt ett håll gör är brantare på nedströmssidan.

seabed-wreck-title = Ett sjunket skepp
seabed-wreck-narration = De här timren är det som finns kvar av ett litet segelfartyg av trä: kölen längs botten, de böjda spanten som revben och några plankor som ännu sitter fast. Masten ligger där den föll.
seabed-wreck-fact-1 = Museiverket i Finland för ett register över vrak och andra fornlämningar under vatten i finska vatten.

seabed-shipworm-title = Varför träet har hållit
seabed-shipworm-narration = I oceanerna äts trävrak upp inom några årtionden av skeppsmasken, en mussla som borrar sig in i trä. I norra Östersjön är vattnet inte salt nog för den.
seabed-shipworm-fact-1 = Skeppsmasken, Teredo navalis, behöver saltare vatten än det som finns i norra Östersjön, så den lever bara i sydvästra Östersjön.
seabed-shipworm-fact-2 = Det svenska krigsskeppet Vasa sjönk i Stockholm år 1628 och bärgades nästan helt år 1961.

seabed-protected-wreck-title = En skyddad plats
seabed-protected-wreck-narration = Ett vrak är en bit historia. Dykare får titta på det och fotografera det, men får inte ta något därifrån eller skada det.
seabed-protected-wreck-fact-1 = I Finland skyddar lagen om fornminnen vraken efter fartyg som sjönk för mer än hundra år sedan, och det som finns i dem.

seabed-granite-boulders-title = Block från istiden
seabed-granite-boulders-narration = De här rundade granitblocken slets loss från berggrunden och fördes hit av inlandsisen som täckte Finland under den senaste istiden. När isen smälte blev de kvar.
seabed-granite-boulders-fact-1 = Södra Finlands granit kristalliserade djupt under jorden för mer än 1500 miljoner år sedan.
seabed-granite-boulders-fact-2 = Den senaste inlandsisen smälte bort från södra Finland för mer än 10 000 år sedan.

seabed-red-fades-title = Vart tog det röda vägen?
seabed-red-fades-narration = Se på färgerna runt dig: det finns nästan inget rött. Vattnet sväljer det röda ljuset först, så några meter ner ser röda saker matt bruna ut och allt blir grönt och blått.
seabed-red-fades-fact-1 = Rent vatten absorberar rött ljus ungefär fyrtio gånger starkare än blått: absorptionskoefficienten är 0,34 per meter vid 650 nanometer och 0,009 per meter vid 450 nanometer.
seabed-red-fades-fact-2 = Östersjöns vatten bär dessutom löst material från älvar och myrar som absorberar blått ljus. Därför ser Östersjön grön ut snarare än blå.

seabed-caustics-title = Ett nät av ljus
seabed-caustics-narration = Det ljusa, rörliga nätet på botten görs av vågorna. Varje våg bryter solljuset som en lins, och där de brutna strålarna möts uppstår ljusa linjer.
seabed-caustics-fact-1 = Ljuset bryts när det går från luft till vatten. Vågens krökta yta samlar det till ljusa linjer som kallas kaustiker.

seabed-marine-snow-title = Havssnö
seabed-marine-snow-narration = Partiklarna som svävar i vattnet är havssnö: bitar av dött plankton, exkrementer och slam som sakta sjunker till botten, där de blir föda åt musslor och maskar.
seabed-marine-snow-fact-1 = Havssnöflingor är större än en halv millimeter, och en del är flera centimeter stora.
