# Skolgårdens texter (på svenska).

schoolyard-impact-area-title = Fallytan
schoolyard-impact-area-narration = Runt varje gunga, rutschkana och klätterställning finns en fallyta: mark som hålls fri, där ett barn som faller landar mjukt. När du placerar en lekredskap visas dess fallyta som en säkerhetszon, och ingenting får stå i den.
schoolyard-impact-area-fact-1 = Där ett barn kan falla mer än 60 centimeter måste marken under redskapet dämpa fallet: sand, grus, bark eller gummi i stället för asfalt.
schoolyard-impact-area-fact-2 = En gungas fallyta sträcker sig långt framför och bakom den, eftersom ett barn kan flyga av sitsen högst upp i gungningen.

schoolyard-rain-garden-title = En regnträdgård
schoolyard-rain-garden-narration = Regn kan inte tränga igenom asfalt eller tak, så det rinner ner i brunnar. En regnträdgård är en grund planterad sänka som samlar vattnet och låter det sakta sjunka ner i marken.
schoolyard-rain-garden-fact-1 = En regnträdgård tar emot vattnet från tak, beläggningar och uppfarter och låter det sjunka in, så att mindre vatten och smuts rinner ut i brunnar och vidare till bäckar och havet.

schoolyard-old-birch-title = Den gamla björken
schoolyard-old-birch-narration = Den här björken växte här redan innan skolan byggdes. Dess rötter sprider sig mycket bredare än kronan, strax under marken, så att bygga nära stammen kan skada den.
schoolyard-old-birch-fact-1 = De flesta av ett träds rötter växer i den översta halvmetern av jorden, och de sträcker sig långt utanför kronans kant.
