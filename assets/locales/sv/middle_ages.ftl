# Texter om den medeltida staden (svenska).

middle-ages-market-square-title = Torget
middle-ages-market-square-narration = Här är stadens hjärta. Bönder från landsbygden säljer smör, fisk, hudar och spannmål, och stadens borgare säljer salt, tyg och järn från andra sidan havet. Handeln skulle ske i staden, där kronan kunde beskatta den.
middle-ages-market-square-fact-1 = Åbo är Finlands äldsta stad. Skriftliga källor kallar den stad från början av 1300-talet, och den var det medeltida Finlands största stad.

middle-ages-silver-coin-title = Ett silvermynt
middle-ages-silver-coin-narration = Ta upp myntet på ståndet. Det är en örtug, ett litet silvermynt i det svenska riket, som Finland hörde till. Den väger bara omkring ett gram, men en arbetares dagslön var bara några sådana.
middle-ages-silver-coin-fact-1 = Pengar räknades i mark: en mark var 8 öre, 24 örtugar eller 192 penningar. En örtug vägde omkring 1,1 gram och var omkring 18 millimeter bred.
middle-ages-silver-coin-fact-2 = Omkring år 1410 grundades ett myntverk på Åbo slott. Det var det enda stället i det medeltida Finland där man präglade mynt.

middle-ages-cooking-pot-title = En kokgryta
middle-ages-cooking-pot-narration = Den här grytan av rödgods står på tre korta ben. Den ställdes direkt i glöden på härden, och i den kokades gröt, soppa och stuvningar. Lyft den: den är tyngre än den ser ut.
middle-ages-cooking-pot-fact-1 = Bitar av trebenta lergrytor hör till de vanligaste fynden i utgrävningarna av det medeltida Åbo.

middle-ages-axe-and-tools-title = Yxan
middle-ages-axe-and-tools-narration = Med en sådan här yxa fällde timmermannen tallarna, bilade stockarna och högg knutarna som håller ihop husets hörn. Hela hus byggdes med yxa, utan en enda såg eller spik.
middle-ages-axe-and-tools-fact-1 = I en knut låser två väggars stockar i varandra, så att husets stomme står av sin egen tyngd.

middle-ages-log-house-title = Ett timmerhus
middle-ages-log-house-narration = De flesta hus i staden ser ut så här: en våning av tallstockar lagda på varandra på en låg stengrund, med en låg dörr och ett litet fönster som stängs med en lucka. Räkna stockarna: varje stock gör väggen omkring 20 centimeter högre.
middle-ages-log-house-fact-1 = Utgrävningar i Åbo har blottat de nedersta stockvarven och golven i hundratals medeltida hus; nästan alla var byggda av timmer.

middle-ages-turf-roof-title = Ett torvtak
middle-ages-turf-roof-narration = Titta på taken. Många är täckta med torv. Under torven ligger lager av näver, som håller regnet ute; den tunga torven håller nävern på plats och huset varmt.
middle-ages-turf-roof-fact-1 = Näver ruttnar knappt, så lager av näver blev under torven ett vattentätt tak som höll i årtionden.

middle-ages-merchant-house-title = En köpmansgård
middle-ages-merchant-house-narration = De rikaste borgarna bodde vid torget. En del byggde bottenvåningen av sten, där varorna var säkra för eld och tjuvar, och övervåningen i korsvirke med vitkalkade fack.
middle-ages-merchant-house-fact-1 = Många av Åbos borgare var köpmän från tyska hansestäder, och handeln med Reval, Danzig och Lübeck gav staden rikedom.

middle-ages-stone-church-title = Stenkyrkan
middle-ages-stone-church-narration = Kyrkan är stadens enda stora stenbyggnad. Dess väggar av grå gråsten är över en meter tjocka. Trappgaveln i östra änden, där altaret står, pryds av vitkalkade blinderingar.
middle-ages-stone-church-fact-1 = Omkring 75 medeltida stenkyrkor står ännu kvar i Finland. De flesta byggdes på 1400-talet och i början av 1500-talet.

middle-ages-church-tower-title = Klockvåningen
middle-ages-church-tower-narration = Från klockvåningen ser du hela staden: taken, torget, ån och åkrarna bortom. Klockan ringde till gudstjänst och bönetimmar, och den ringde larm när det började brinna.
middle-ages-church-tower-fact-1 = Åbo domkyrka, Finlands moderkyrka, invigdes år 1300.

middle-ages-harbour-title = Åhamnen
middle-ages-harbour-narration = Aura å är stadens hamn. Båtar kommer uppför ån till bryggorna och lossar salt, tyg, vin och järn, och tar med sig smör, torkad fisk, hudar och pälsar.
middle-ages-harbour-fact-1 = Åbo handlade mest med Stockholm, Reval, Danzig och Lübeck.

middle-ages-cargo-boat-title = En lastbåt
middle-ages-cargo-boat-narration = Den här lilla båten fraktar varor längs kusten och uppför ån. Dess bordgångar ligger omlott som på en klinkbyggd roddbåt, och den har en mast och ett råsegel.
middle-ages-cargo-boat-fact-1 = Hansahandelns stora skepp var koggar. En kogg som hittades i Bremen, byggd omkring 1380, är omkring 23 meter lång; den här båten är hälften så lång.

middle-ages-town-fires-title = Eld!
middle-ages-town-fires-narration = En stad av trähus tätt intill varandra brinner lätt. En gnista från en härd kunde sätta en hel gata i brand. Därför var stenkällarna och mellanrummen mellan husen viktiga.
middle-ages-town-fires-fact-1 = År 1318 brände en här från Novgorod Åbo och dess domkyrka.

middle-ages-sun-time-title = Soltid
middle-ages-sun-time-narration = Det finns inga klockor i staden. Middag är när solen står rakt i söder, och dagen slutar när den går ner. Vrid klockan med komma- och punkttangenterna och se hur solen rör sig och ljuset ändras.
middle-ages-sun-time-fact-1 = Den 24 augusti står middagssolen i Åbo omkring 40 grader över horisonten, och den går ner en bit efter sju på kvällen i soltid.
