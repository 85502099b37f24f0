# Itämeren pohjan tekstit (suomi).

seabed-bladderwrack-title = Rakkolevä
seabed-bladderwrack-narration = Nämä oliivinruskeat kasvit ovat rakkolevää, ruskolevää. Rakkolevävyöhykkeet ovat Itämeren metsiä: niiden suojassa elää ja piileskelee kotiloita, pieniä äyriäisiä ja kalanpoikasia.
seabed-bladderwrack-fact-1 = Lehvien pienet ilmarakot pitävät levän pystyssä valoa kohti.

seabed-wrack-depth-title = Kuinka syvälle valo ulottuu
seabed-wrack-depth-narration = Rakkolevä tarvitsee auringonvaloa, joten se kasvaa vain niin syvällä kuin valoa riittää. Kun vesi samenee, syvimmät kasvit kuolevat.
seabed-wrack-depth-fact-1 = Askön lähellä Ruotsissa rakkolevää kasvoi 1940-luvulla 11,5 metrin syvyyteen asti, mutta vuonna 1984 enää 8,5 metriin, koska ravinteet olivat samentaneet veden.

seabed-blue-mussels-title = Sinisimpukat
seabed-blue-mussels-narration = Tummat kuoret rykelminä ovat sinisimpukoita. Ne kiinnittyvät kiviin, puuhun ja toisiinsa vahvoilla rihmoilla ja siivilöivät ravintonsa vedestä.
seabed-blue-mussels-fact-1 = Itämeren koillisosassa sinisimpukat jäävät pieniksi, vain muutaman sentin mittaisiksi, koska vesi ei ole niille tarpeeksi suolaista.
seabed-blue-mussels-fact-2 = Simpukat siivilöivät planktonia vedestä ja laskevat käyttämättömän aineksen pohjalle. Näin ne siirtävät ravinteita vedestä pohjaan.

seabed-brackish-water-title = Murtovesi
seabed-brackish-water-narration = Itämeren vesi ei ole makeaa eikä kunnolla suolaista: se on murtovettä. Joet tuovat makeaa vettä, ja suolaista vettä valtamerestä pääsee sisään vain kapeiden salmien kautta.
seabed-brackish-water-fact-1 = Varsinaisen Itämeren pintavedessä on suolaa noin 6–8 grammaa kilogrammassa, valtameren vedessä noin 35 grammaa.
seabed-brackish-water-fact-2 = Pohjanmeren suolaista vettä pääsee Itämereen vain kapeiden ja matalien Tanskan salmien kautta.

seabed-sink-or-float-title = Uppoaako vai kelluuko?
seabed-sink-or-float-narration = Tässä on graniittikivi ja korkkikoho. Vedä koho pinnan alle ja päästä irti, tai nosta kivi ja pudota se. Kumpaan suuntaan kumpikin liikkuu, ja miksi?
seabed-sink-or-float-fact-1 = Ympäröivää vettä kevyempi kappale nousee pintaan ja sitä tiheämpi uppoaa. Itämeren pintaveden tiheys on noin 1005 kilogrammaa kuutiometrissä, makean veden 1000 ja valtameren veden noin 1025.
seabed-sink-or-float-fact-2 = Graniitin tiheys on noin 2650 kilogrammaa kuutiometrissä, korkin vain noin 200.

seabed-sand-ripples-title = Hiekan aallot
seabed-sand-ripples-narration = Pinnan aallot liikuttavat pohjan lähellä olevaa vettä edestakaisin. Liikkuva vesi kasaa hiekan pieniksi harjanteiksi, jotka kulkevat rannan suuntaisesti.
seabed-sand-ripples-fact-1 = Aaltojen tekemät harjanteet ovat symmetrisiä: harjat ovat teräviä ja pohjat pyöreitä. Yhteen suuntaan virtaavan veden tekemät harjanteet ovat jyrkempiä myötävirran puolelta.

seabed-wreck-title = Uponnut laiva
seabed-wreck-narration = Nämä puut ovat jäljellä pienestä puisesta purjealuksesta: köli pohjassa, kaarevat kaaret kuin kylkiluut ja muutama niihin yhä kiinnitetty lankku. Masto makaa siinä, mihin se kaatui.
seabed-wreck-fact-1 = Museovirasto pitää rekisteriä Suomen vesiltä löydetyistä hylyistä ja muista vedenalaisista muinaisjäännöksistä.

seabed-shipworm-title = Miksi puu on säilynyt
seabed-shipworm-narration = Valtamerissä laivamato, puuhun porautuva simpukka, syö puiset hylyt muutamassa vuosikymmenessä. Pohjoisella Itämerellä vesi ei ole sille tarpeeksi suolaista.
seabed-shipworm-fact-1 = Laivamato (Teredo navalis) tarvitsee suolaisempaa vettä kuin pohjoisella Itämerellä on, joten se elää vain Itämeren lounaisosassa.
seabed-shipworm-fact-2 = Ruotsalainen sotalaiva Vasa upposi Tukholmassa vuonna 1628 ja nostettiin lähes ehjänä vuonna 1961.

seabed-protected-wreck-title = Suojeltu kohde
seabed-protected-wreck-narration = Hylky on pala historiaa. Sukeltajat saavat katsella ja valokuvata sitä, mutta siitä ei saa viedä mitään eikä sitä saa vahingoittaa.
seabed-protected-wreck-fact-1 = Suomessa muinaismuistolaki suojelee yli sata vuotta sitten uponneiden alusten hylkyjä ja niistä löytyviä esineitä.

seabed-granite-boulders-title = Jääkauden lohkareet
seabed-granite-boulders-narration = Nämä pyöristyneet graniittilohkareet irtosivat kallioperästä ja kulkeutuivat tänne mannerjäätikön mukana viimeisen jääkauden aikana. Kun jää suli, ne jäivät paikoilleen.
seabed-granite-boulders-fact-1 = Etelä-Suomen graniitti kiteytyi syvällä maan alla yli 1500 miljoonaa vuotta sitten.
seabed-granite-boulders-fact-2 = Viimeinen mannerjäätikkö suli Etelä-Suomesta yli 10 000 vuotta sitten.

seabed-red-fades-title = Minne punainen katosi?
seabed-red-fades-narration = Katso ympärilläsi olevia värejä: punaista ei juuri näy. Vesi nielee punaisen valon ensimmäisenä, joten muutaman metrin syvyydessä punaiset esineet näyttävät ruskeilta ja kaikki muuttuu vihreäksi ja siniseksi.
seabed-red-fades-fact-1 = Puhdas vesi absorboi punaista valoa noin neljäkymmentä kertaa voimakkaammin kuin sinistä: sen absorptiokerroin on 0,34 metriä kohti 650 nanometrin ja 0,009 metriä kohti 450 nanometrin aallonpituudella.
seabed-red-fades-fact-2 = Itämeren vedessä on lisäksi jokien ja soiden liuennutta ainesta, joka absorboi sinistä valoa. Siksi Itämeri näyttää vihreältä eikä siniseltä.

seabed-caustics-title = Valon verkko
seabed-caustics-narration = Pohjalla liikkuva kirkas verkko syntyy aalloista. Jokainen aalto taittaa auringonvaloa kuin linssi, ja missä taittuneet säteet kohtaavat, syntyy kirkkaita viivoja.
seabed-caustics-fact-1 = Valo taittuu siirtyessään ilmasta veteen. Aallon kaareva pinta kokoaa sen kirkkaiksi viivoiksi, joita kutsutaan kaustisiksi viivoiksi.

seabed-marine-snow-title = Merilumi
seabed-marine-snow-narration = Vedessä leijuvat hiukkaset ovat merilunta: kuolleen planktonin palasia, ulosteita ja lietettä, jotka vajoavat hitaasti pohjaan ja ruokkivat siellä simpukoita ja matoja.
seabed-marine-snow-fact-1 = Merilumen hiutaleet ovat yli puolen millimetrin kokoisia, ja jotkin ovat useiden senttien läpimittaisia.
