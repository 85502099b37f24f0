# Lobbyns texter (svenska): startskärmen och att gå med i en klass.

lobby-start-title = Retki – välj en utflykt eller gå med i en klass
lobby-start-hint = Peka och välj, eller tryck 1–5. Pilarna och Enter fungerar också.
lobby-join-class = Gå med i en klass
lobby-language = Språk: svenska
lobby-classes-title = Gå med i en klass: välj din klass
lobby-looking = Söker klasser i det här nätverket…
lobby-type-address = Skriv serverns adress
lobby-back = Tillbaka
lobby-address-title = Serverns adress (t.ex. 10.0.0.5:8080)
lobby-address-needs-port = Skriv ett kolon och porten efter adressen, t.ex. :8080
lobby-code-title = Skriv koden som läraren visar
lobby-code-is-six = Koden har sex tecken.
lobby-code-no-look-alikes = Koderna har ingen nolla, etta, I eller O.
lobby-next = Fortsätt
lobby-erase = Sudda
lobby-name-title = Välj namnet som klassen ser dig under
lobby-join = Gå med
lobby-joining = Går med i klassen…
lobby-cancel = Avbryt
lobby-animals = Räv, Lo, Björn, Älg, Varg, Utter, Bäver, Ekorre, Igelkott, Uggla, Svan, Säl
lobby-place-lunar = Månens yta
lobby-place-seabed = Östersjöns botten
lobby-place-rainforest = Regnskogen
lobby-place-middle_ages = Staden år 1400
lobby-place-schoolyard = Skolgården
