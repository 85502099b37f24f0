# Texts of the Baltic seabed (English).

seabed-bladderwrack-title = Bladderwrack
seabed-bladderwrack-narration = These olive-brown plants are bladderwrack, a brown alga. Its belts are the forests of the Baltic: snails, small crustaceans and young fish live and hide among the fronds.
seabed-bladderwrack-fact-1 = The small air bladders on the fronds keep the alga standing up towards the light.

seabed-wrack-depth-title = How deep the light reaches
seabed-wrack-depth-narration = Bladderwrack needs sunlight, so it grows only as deep as enough light reaches. When the water grows murkier, the lowest plants die off.
seabed-wrack-depth-fact-1 = Near Askö in Sweden, bladderwrack grew down to 11.5 metres in the 1940s but only to 8.5 metres in 1984, because nutrients had made the water murkier.

seabed-blue-mussels-title = Blue mussels
seabed-blue-mussels-narration = The dark shells in clumps are blue mussels. They hold on to stones, timber and each other with strong threads, and filter their food from the water.
seabed-blue-mussels-fact-1 = In the north-eastern Baltic, blue mussels stay small, only a few centimetres long, because the water is not salty enough for them to grow bigger.
seabed-blue-mussels-fact-2 = Mussels filter plankton out of the water and drop what they do not use on the bottom, moving nutrients from the water to the seabed.

seabed-brackish-water-title = Brackish water
seabed-brackish-water-narration = The Baltic Sea is neither fresh nor truly salty: it is brackish. Rivers bring fresh water in, and salty water from the ocean gets in only through narrow straits.
seabed-brackish-water-fact-1 = A kilogram of surface water in the Baltic Proper holds about 6 to 8 grams of salt; a kilogram of ocean water holds about 35.
seabed-brackish-water-fact-2 = Salty water from the North Sea reaches the Baltic only through the narrow and shallow Danish straits.

seabed-sink-or-float-title = Sink or float?
seabed-sink-or-float-narration = Here are a granite stone and a cork float. Pull the float down and let go, or lift the stone and drop it. Which way does each one go, and why?
seabed-sink-or-float-fact-1 = Anything less dense than the water around it floats up, and anything denser sinks. Baltic surface water has a density of about 1005 kilograms per cubic metre, fresh water 1000 and ocean water about 1025.
seabed-sink-or-float-fact-2 = Granite has a density of about 2650 kilograms per cubic metre and cork only about 200.

seabed-sand-ripples-title = Sand ripples
seabed-sand-ripples-narration = Waves at the surface move the water near the bottom back and forth. The moving water piles the sand into ripples whose crests run along the shore.
seabed-sand-ripples-fact-1 = Ripples made by waves are symmetrical, with sharp crests and rounded troughs. Ripples made by a current that flows one way are steeper on their downstream side.

seabed-wreck-title = A sunken ship
seabed-wreck-narration = These timbers are what is left of a small wooden sailing ship: the keel along the bottom, the curved frames like ribs, and a few planks still fastened to them. The mast lies where it fell.
seabed-wreck-fact-1 = The Finnish Heritage Agency keeps a register of the shipwrecks and other underwater remains found in Finnish waters.

seabed-shipworm-title = Why the wood has lasted
seabed-shipworm-narration = In the oceans, wooden wrecks are eaten away within decades by the shipworm, a clam that bores into wood. In the northern Baltic the water is not salty enough for it.
seabed-shipworm-fact-1 = The shipworm, Teredo navalis, needs saltier water than the northern Baltic has, so it lives only in the south-western Baltic.
seabed-shipworm-fact-2 = The Swedish warship Vasa sank in Stockholm in 1628 and was raised almost whole in 1961.

seabed-protected-wreck-title = A protected site
seabed-protected-wreck-narration = A wreck is a piece of history. Divers may look at it and photograph it, but must not take anything away or damage it.
seabed-protected-wreck-fact-1 = In Finland, the Antiquities Act protects the wrecks of ships that sank more than 100 years ago, and anything found in them.

seabed-granite-boulders-title = Boulders from the Ice Age
seabed-granite-boulders-narration = These rounded granite boulders were torn from the bedrock and carried here by the ice sheet that covered Finland during the last Ice Age. When the ice melted, they were left behind.
seabed-granite-boulders-fact-1 = The granite of southern Finland crystallised deep underground more than 1500 million years ago.
seabed-granite-boulders-fact-2 = The last ice sheet melted away from southern Finland more than 10,000 years ago.

seabed-red-fades-title = Where did the red go?
seabed-red-fades-narration = Look at the colours around you: there is hardly any red. Water swallows red light first, so a few metres down red things look dull brown and everything turns green and blue.
seabed-red-fades-fact-1 = Pure water absorbs red light about forty times more strongly than blue: its absorption coefficient is 0.34 per metre at 650 nanometres and 0.009 per metre at 450 nanometres.
seabed-red-fades-fact-2 = Baltic water also carries dissolved matter from rivers and bogs that absorbs blue light, which is why the Baltic looks green rather than blue.

seabed-caustics-title = A net of light
seabed-caustics-narration = The bright, moving net on the bottom is made by the waves. Every wave bends the sunlight like a lens, and where the bent rays meet, bright lines appear.
seabed-caustics-fact-1 = Light bends when it passes from air into water. The curved surface of a wave focuses it into bright lines called caustics.

seabed-marine-snow-title = Marine snow
seabed-marine-snow-narration = The specks drifting in the water are marine snow: bits of dead plankton, droppings and silt sinking slowly to the bottom, where they feed mussels and worms.
seabed-marine-snow-fact-1 = Marine snow flakes are larger than half a millimetre, and some are several centimetres across.
