# Texts of the Middle Ages town (English).

middle-ages-market-square-title = The market square
middle-ages-market-square-narration = This is the heart of the town. Farmers from the countryside sell butter, fish, hides and grain here, and the town's burghers sell salt, cloth and iron from across the sea. Trade was supposed to happen in town, where the Crown could tax it.
middle-ages-market-square-fact-1 = Turku is Finland's oldest town. Written sources call it a town from the early 1300s, and it was the largest town in medieval Finland.

middle-ages-silver-coin-title = A silver coin
middle-ages-silver-coin-narration = Pick up the coin on the stall. It is an örtug, a small silver coin of the Swedish realm, to which Finland belonged. It weighs about a gram, yet a day's work of a labourer was paid with only a few of them.
middle-ages-silver-coin-fact-1 = Money was counted in marks: one mark was 8 öre, 24 örtugs or 192 pennies. An örtug weighed about 1.1 grams and was about 18 millimetres across.
middle-ages-silver-coin-fact-2 = Around 1410 a mint was founded at Turku Castle. It was the only place in medieval Finland where coins were struck.

middle-ages-cooking-pot-title = A cooking pot
middle-ages-cooking-pot-narration = This pot of red earthenware stands on three short legs. It was set straight into the embers of the hearth, and porridge, soup and stews were cooked in it. Lift it: it is heavier than it looks.
middle-ages-cooking-pot-fact-1 = Pieces of three-legged earthenware pots are among the commonest finds in the excavations of medieval Turku.

middle-ages-axe-and-tools-title = The axe
middle-ages-axe-and-tools-narration = With an axe like this a carpenter felled the pines, hewed the logs and cut the notches that hold a house's corners together. Whole houses were built with axes, without a single saw or nail.
middle-ages-axe-and-tools-fact-1 = In a notched corner the logs of two walls lock into each other, so the frame of the house stands by its own weight.

middle-ages-log-house-title = A log house
middle-ages-log-house-narration = Most houses in the town are like this one: one storey of pine logs laid on top of each other on a low stone foundation, with a low door and a small window closed by a shutter. Count the logs: each one adds about 20 centimetres to the wall.
middle-ages-log-house-fact-1 = Excavations in Turku have uncovered the lowest log courses and the floors of hundreds of medieval houses; almost all of them were built of logs.

middle-ages-turf-roof-title = A turf roof
middle-ages-turf-roof-narration = Look at the roofs. Many are covered with turf. Under the turf lie layers of birch bark, which keep the rain out; the heavy turf holds the bark in place and keeps the house warm.
middle-ages-turf-roof-fact-1 = Birch bark hardly rots, so layers of it made a waterproof roof that lasted for decades under turf.

middle-ages-merchant-house-title = A merchant's house
middle-ages-merchant-house-narration = The richest burghers lived on the square. Some built the ground floor of stone, where goods were safe from fire and thieves, and the upper floor as a timber frame filled in and limewashed white.
middle-ages-merchant-house-fact-1 = Many of Turku's burghers were merchants from German towns of the Hanseatic League, and trade with Tallinn, Danzig and Lübeck brought wealth to the town.

middle-ages-stone-church-title = The stone church
middle-ages-stone-church-narration = The church is the only large building of stone in the town. Its walls of grey fieldstone are more than a metre thick. The stepped gable at the east end, where the altar stands, is decorated with white limewashed niches.
middle-ages-stone-church-fact-1 = About 75 medieval stone churches still stand in Finland. Most of them were built in the 1400s and early 1500s.

middle-ages-church-tower-title = The belfry
middle-ages-church-tower-narration = From the belfry you see the whole town: the roofs, the square, the river and the fields beyond. The bell rang for services and the hours of prayer, and it rang the alarm when a fire broke out.
middle-ages-church-tower-fact-1 = Turku Cathedral, the mother church of Finland, was consecrated in 1300.

middle-ages-harbour-title = The river harbour
middle-ages-harbour-narration = The river Aura is the town's harbour. Boats come up the river to the jetties and unload salt, cloth, wine and iron, and take away butter, dried fish, hides and furs.
middle-ages-harbour-fact-1 = Turku traded most with Stockholm, Tallinn, Danzig and Lübeck.

middle-ages-cargo-boat-title = A cargo boat
middle-ages-cargo-boat-narration = This small boat carries goods along the coast and up the river. Its planks overlap each other like the boards of a clinker-built rowing boat, and it has one mast and a square sail.
middle-ages-cargo-boat-fact-1 = The big ships of the Hanseatic trade were cogs. A cog found at Bremen, built around 1380, is about 23 metres long; this boat is half that.

middle-ages-town-fires-title = Fire!
middle-ages-town-fires-narration = A town of wooden houses close together burns easily. One spark from a hearth could set a whole street on fire. That is why the stone cellars and the gaps between the houses mattered.
middle-ages-town-fires-fact-1 = In 1318 an army from Novgorod burned Turku and its cathedral.

middle-ages-sun-time-title = Sun time
middle-ages-sun-time-narration = There are no clocks in the town. Noon is when the Sun stands due south, and the day ends when it sets. Turn the clock with the comma and full stop keys and watch the Sun move and the light change.
middle-ages-sun-time-fact-1 = On 24 August the noon Sun in Turku stands about 40 degrees above the horizon, and it sets a little after seven in the evening by sun time.
