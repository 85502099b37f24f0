# Aulan tekstit (suomi): aloitusnäyttö ja luokkaan liittyminen.

lobby-start-title = Retki – valitse retki tai liity luokkaan
lobby-start-hint = Osoita ja valitse, tai paina numeroa 1–5. Nuolet ja Enter käyvät myös.
lobby-join-class = Liity luokkaan
lobby-language = Kieli: suomi
lobby-classes-title = Liity luokkaan: valitse luokkasi
lobby-looking = Etsitään luokkia tästä verkosta…
lobby-type-address = Kirjoita palvelimen osoite
lobby-back = Takaisin
lobby-address-title = Palvelimen osoite (esim. 10.0.0.5:8080)
lobby-address-needs-port = Kirjoita osoitteen perään kaksoispiste ja portti, esim. :8080
lobby-code-title = Kirjoita koodi, jonka opettaja näyttää
lobby-code-is-six = Koodissa on kuusi merkkiä.
lobby-code-no-look-alikes = Koodeissa ei ole nollaa, ykköstä, I:tä eikä O:ta.
lobby-next = Jatka
lobby-erase = Pyyhi
lobby-name-title = Valitse nimi, jolla luokka näkee sinut
lobby-join = Liity
lobby-joining = Liitytään luokkaan…
lobby-cancel = Peru
lobby-animals = Kettu, Ilves, Karhu, Hirvi, Susi, Saukko, Majava, Orava, Siili, Pöllö, Joutsen, Hylje
lobby-place-lunar = Kuun pinta
lobby-place-seabed = Itämeren pohja
lobby-place-rainforest = Sademetsä
lobby-place-middle_ages = Kaupunki 1400
lobby-place-schoolyard = Koulun piha
