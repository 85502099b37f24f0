# Texts of the lunar surface (svenska).

lunar-landing-site-title = Landningsplatsen
lunar-landing-site-narration = En sådan flat, dammig slätt valde de första besättningarna för att landa: få stenblock, svaga sluttningar och solen lågt bakom dem.
lunar-landing-site-fact-1 = Apollo 11 landade på månen den 20 juli 1969 i Lugnets hav.

lunar-earth-in-sky-title = Jorden på himlen
lunar-earth-in-sky-narration = Titta upp mot norr: den blåvita skivan är hemma. Härifrån står jorden nästan hela tiden på samma plats på himlen.
lunar-earth-in-sky-fact-1 = Månen är i genomsnitt 384 400 kilometer från jorden.
lunar-earth-in-sky-fact-2 = Jorden är 12 742 km i diameter och månen 3 475 km, så härifrån ser jorden nästan fyra gånger så bred ut som månen gör hemifrån.

lunar-gravity-title = Lättare steg
lunar-gravity-narration = Allt här väger en sjättedel av vad det väger hemma. Astronauterna tog sig fram med skutt i stället för steg.
lunar-gravity-fact-1 = Tyngdaccelerationen vid månens yta är 1,62 meter per sekund i kvadrat, ungefär en sjättedel av jordens 9,8.

lunar-hammer-feather-title = Hammaren och fjädern
lunar-hammer-feather-narration = Släpp hammaren och fjädern samtidigt och ta tid på fallet. Utan luft som bromsar fjädern, vilken landar först?
lunar-hammer-feather-fact-1 = Den 2 augusti 1971 släppte Apollo 15:s befälhavare David Scott en hammare och en falkfjäder samtidigt; de nådde marken i samma ögonblick, som Galileo hade förutsagt.

lunar-crater-rim-title = En nedslagskrater
lunar-crater-rim-narration = Den här skålen sprängdes ut när en sten från rymden slog ner i månen. Kanten är mark som pressades upp och kastades ut runt omkring.
lunar-crater-rim-fact-1 = Färska små kratrar på månen är ungefär en femtedel så djupa som de är breda.

lunar-ejecta-boulders-title = Utkastade stenblock
lunar-ejecta-boulders-narration = De här stenblocken kastades ut ur kratrar vid nedslag. Täcket av utkastad sten är tjockast vid kraterns kant och tunnas snabbt ut längre bort.
lunar-ejecta-boulders-fact-1 = Tjockleken på en kraters utkastmaterial avtar ungefär med kuben på avståndet från kraterns mitt.

lunar-regolith-title = Månstoft
lunar-regolith-narration = Den grå marken under dina fötter är regolit: sten som miljarder år av stora och små nedslag har malt till stoft och korn.
lunar-regolith-fact-1 = Regoliten är ungefär 4–5 meter djup på de mörka slätterna (maria) och ungefär 10–15 meter i högländerna.

lunar-black-sky-title = En svart himmel mitt på dagen
lunar-black-sky-narration = Solen är uppe, ändå är himlen svart. På jorden sprider luften solljuset och gör himlen blå; månen har nästan ingen luft.
lunar-black-sky-fact-1 = Månen har nästan ingen atmosfär, så ingenting sprider solljuset och himlen förblir svart även på dagen.

lunar-temperature-title = Varmt och kallt
lunar-temperature-narration = I solljus blir marken här varmare än kokande vatten; under den långa natten blir den kallare än någonstans på jordens bebodda kontinenter.
lunar-temperature-fact-1 = Nära månens ekvator når ytan ungefär 120 °C i solljus och sjunker till ungefär −130 °C på natten.

lunar-long-day-title = En månadslång dag
lunar-long-day-narration = Solen står lågt i öster och stiger mycket långsamt. Från en soluppgång till nästa tar det ungefär en månad.
lunar-long-day-fact-1 = En dag på månen, från soluppgång till soluppgång, varar ungefär 29,5 jorddygn.

lunar-footprints-title = Fotspår som blir kvar
lunar-footprints-narration = Här finns ingen vind eller regn som fyller igen ett fotspår. Bara det långsamma regnet av små meteoriter nöter ner marken.
lunar-footprints-fact-1 = Utan vind och vatten på månen finns Apolloastronauternas fotspår kvar; små meteoritnedslag suddar ut dem bara mycket långsamt.

lunar-silence-title = Tystnad
lunar-silence-narration = Klappar du händerna här hör ingen det. Ljud färdas genom luft, och här finns nästan ingen; astronauterna pratade med varandra via radio.
lunar-silence-fact-1 = Ljud behöver luft eller något annat ämne att färdas genom, så på den luftlösa månen talade astronauterna via radio.

lunar-moon-size-title = En liten värld
lunar-moon-size-narration = Horisonten ser nära ut eftersom månen är liten: dess yta kröker sig bort snabbare än jordens.
lunar-moon-size-fact-1 = Månens radie är 1 737 kilometer, ungefär 27 procent av jordens.

# The drop experiment's timer on the panel.
lunar-drop-hammer = Hammaren
lunar-drop-feather = Fjädern

lunar-lunar-module-title = Månlandaren
lunar-lunar-module-narration = Den här spindelliknande farkosten förde två astronauter från omloppsbanan runt månen ner till ytan. Guldfolien skyddar nedstigningssteget från att bli för varmt i solljuset. Besättningen klättrade ner för stegen på det främre benet, och deras stövelspår leder därifrån över dammet.
lunar-lunar-module-fact-1 = Stående på sina ben var Apollos månlandare ungefär 7 meter hög, och dess fotplattor var 9,45 meter från varandra.
lunar-lunar-module-fact-2 = Vid avfärden lyfte bara det övre uppstigningssteget. Det nedre nedstigningssteget blev kvar på månen som startplatta.
