# Texts of the schoolyard (English).

schoolyard-impact-area-title = The impact area
schoolyard-impact-area-narration = Round every swing, slide and climbing frame there is an impact area: ground kept free, where a child who falls lands softly. When you place play equipment, its impact area shows as a safety zone, and nothing may stand in it.
schoolyard-impact-area-fact-1 = Where a child can fall more than 60 centimetres, the ground under the equipment must soften the fall: sand, gravel, bark or rubber instead of asphalt.
schoolyard-impact-area-fact-2 = A swing's impact area reaches far before and behind it, because a child can fly off the seat at the top of the swing.

schoolyard-rain-garden-title = A rain garden
schoolyard-rain-garden-narration = Rain cannot soak through asphalt or roofs, so it runs off into drains. A rain garden is a shallow planted hollow that catches this water and lets it soak slowly into the ground.
schoolyard-rain-garden-fact-1 = A rain garden takes the water from roofs, paving and drives and lets it soak in, so less of it, and less dirt with it, runs into drains and on to streams and the sea.

schoolyard-old-birch-title = The old birch
schoolyard-old-birch-narration = This birch grew here before the school was built. Its roots spread far wider than its crown, just under the ground, so building close to the trunk can harm it.
schoolyard-old-birch-fact-1 = Most of a tree's roots grow in the top half metre of soil, and they spread out well beyond the edge of the crown.
