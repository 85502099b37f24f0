pond-frogspawn-title = Sammakonkutu
pond-frogspawn-narration = Huhtikuussa sammakko laskee munansa matalaan veteen rykelminä, jotka nousevat pintaan.
pond-frogspawn-fact-1 = Yksi sammakko laskee 1 000–2 000 munaa.
