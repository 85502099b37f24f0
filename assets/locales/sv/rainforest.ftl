# Texter om den tropiska regnskogen (svenska).

rainforest-four-layers-title = Fyra skikt
rainforest-four-layers-narration = En regnskog växer i skikt. På marken finns ormbunkar och plantor. Ovanför dem är undervegetationen med unga träd och palmer, sedan krontaket, ett slutet tak av trädkronor. Några jättar, de överstående träden, sticker upp över taket.
rainforest-four-layers-fact-1 = Krontaket i en låglandsregnskog ligger oftast 25–35 meter upp, och de överstående träden blir 45–60 meter höga eller mer.

rainforest-dim-floor-title = Ett dunkelt golv
rainforest-dim-floor-narration = Titta upp: lager efter lager av blad tar solljuset innan det når marken. Även en solig dag är skogsgolvet lika dunkelt som ett rum inomhus.
rainforest-dim-floor-fact-1 = I en låglandsregnskog i Costa Rica nådde bara 1–2 procent av ljuset ovanför skogen ner till marken.

rainforest-leaf-litter-title = Förna
rainforest-leaf-litter-narration = Döda blad faller hela året, men lagret på marken förblir tunt. Svampar, termiter och bakterier bryter ner bladen snabbt i den varma, fuktiga luften, och rötterna tar tillbaka näringen.
rainforest-leaf-litter-fact-1 = I många regnskogar finns det mesta av näringen i de levande växterna och inte i marken, som ofta är näringsfattig.

rainforest-buttress-roots-title = Pelarrötter
rainforest-buttress-roots-narration = Jätteträdet står på breda, platta rötter som växer ut från stammen som väggar. De håller det höga trädet upprätt i den tunna jorden.
rainforest-buttress-roots-fact-1 = Pelarrötterna kan nå flera meter upp längs stammen och breda ut sig många meter från den.

rainforest-light-meter-title = Ljusmätaren
rainforest-light-meter-narration = Ljusmätaren visar hur stor del av solljuset ovanför skogen som når dit du står. Läs av den på marken, klättra sedan och läs av den igen i varje skikt.
rainforest-light-meter-fact-1 = Ljuset avtar genom ett lager blad som i grumligt vatten: varje kvadratmeter blad ovanför tar en andel av det som är kvar. Mätaren använder den regel som Monsi och Saeki fann 1953.

rainforest-sunflecks-title = Solkatter
rainforest-sunflecks-narration = Ljusa fläckar av solsken rör sig över det dunkla skogsgolvet när solen och bladen rör sig. Solkatterna varar från sekunder till minuter.
rainforest-sunflecks-fact-1 = Solkatter kan ge en stor del av allt ljus som växterna på skogsgolvet får under en dag.

rainforest-understory-waiting-title = I väntan på ljus
rainforest-understory-waiting-narration = Många av de små träden här är unga träd från krontaket. De växer mycket långsamt i skuggan, ibland i årtionden, tills ett stort träd faller och öppnar en ljus lucka.
rainforest-understory-waiting-fact-1 = När ett träd faller och öppnar en lucka i krontaket växer de unga träden under den snabbt mot ljuset.

rainforest-lianas-title = Lianer
rainforest-lianas-narration = Lianer är vedartade klätterväxter. De rotar sig i marken och klättrar upp i träden mot ljuset utan att bygga en egen tjock stam.
rainforest-lianas-fact-1 = I en del tropiska skogar utgör lianer en fjärdedel av alla vedartade stammar.

rainforest-rain-and-water-title = Skogen gör regn
rainforest-rain-and-water-narration = Träden drar upp vatten ur marken och avdunstar det genom bladen. Vattenångan stiger, bildar moln och faller igen som regn över skogen.
rainforest-rain-and-water-fact-1 = I Amazonasområdet kommer ungefär hälften av regnet från vatten som skogen själv har gett tillbaka till luften.

rainforest-canopy-walkway-title = I krontaket
rainforest-canopy-walkway-narration = Du är 28 meter upp, bland kronorna i krontaket. Här får bladen solsken, och här växer de flesta av skogens blommor och frukter.
rainforest-canopy-walkway-fact-1 = Forskare kunde studera krontaket ordentligt först när rep, gångbroar och kranar tog dem dit upp; där lever en stor del av skogens liv.

rainforest-canopy-insects-title = Liv i trädtopparna
rainforest-canopy-insects-narration = Skalbaggar, myror, fjärilar och många andra insekter lever här uppe, och de flesta av dem har ännu inget namn.
rainforest-canopy-insects-fact-1 = Efter att ha räknat skalbaggarna i kronorna på en trädart i Panama uppskattade Terry Erwin att det kunde finnas 30 miljoner arter av insekter och andra leddjur i tropikerna.

rainforest-emergent-giant-title = Ovanför taket
rainforest-emergent-giant-narration = Du har klättrat upp till trappans topp, ovanför krontaket. Bara de överstående träden når så här högt. Här uppe är det soligt, blåsigt och torrare än där nere.
rainforest-emergent-giant-fact-1 = Det högsta uppmätta tropiska trädet är en gul meranti i Sabah på Borneo: 100,8 meter högt.
