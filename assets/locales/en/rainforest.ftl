# Texts of the tropical rainforest (English).

rainforest-four-layers-title = Four layers
rainforest-four-layers-narration = A rainforest grows in layers. On the forest floor are ferns and seedlings. Above them the understory of young trees and palms, then the canopy, a closed roof of tree crowns. A few giants, the emergents, stand out above the roof.
rainforest-four-layers-fact-1 = The canopy of a lowland rainforest is usually 25 to 35 metres high, and the emergents reach 45 to 60 metres or more.

rainforest-dim-floor-title = A dim floor
rainforest-dim-floor-narration = Look up: layer upon layer of leaves takes the sunlight before it reaches the ground. On a sunny day the forest floor is as dim as a room indoors.
rainforest-dim-floor-fact-1 = In a lowland rainforest in Costa Rica, only 1 to 2 percent of the light above the forest reached the floor.

rainforest-leaf-litter-title = Leaf litter
rainforest-leaf-litter-narration = Dead leaves fall all year round, but the layer on the ground stays thin. Fungi, termites and bacteria break the leaves down quickly in the warm, wet air, and the roots take back the nutrients.
rainforest-leaf-litter-fact-1 = In many rainforests most of the nutrients are in the living plants, not in the soil, which is often poor.

rainforest-buttress-roots-title = Buttress roots
rainforest-buttress-roots-narration = The giant tree stands on wide, flat roots that grow out from the trunk like walls. They hold the tall tree upright in a thin soil.
rainforest-buttress-roots-fact-1 = Buttresses can reach several metres up the trunk and spread many metres out from it.

rainforest-light-meter-title = The light meter
rainforest-light-meter-narration = The light meter shows how much of the sunlight above the forest reaches the place where you stand. Read it on the floor, then climb and read it again in each layer.
rainforest-light-meter-fact-1 = Light fades through a layer of leaves as it does through murky water: each square metre of leaves above takes a share of what is left. The meter uses this rule, found by Monsi and Saeki in 1953.

rainforest-sunflecks-title = Sunflecks
rainforest-sunflecks-narration = Bright spots of sunshine move across the dim floor as the Sun and the leaves move. These sunflecks last from seconds to minutes.
rainforest-sunflecks-fact-1 = Sunflecks can bring a large share of all the light that plants on the forest floor get in a day.

rainforest-understory-waiting-title = Waiting for light
rainforest-understory-waiting-narration = Many of the small trees here are young canopy trees. They grow very slowly in the shade, sometimes for decades, until a big tree falls and opens a gap of light.
rainforest-understory-waiting-fact-1 = When a tree falls and opens a gap in the canopy, the young trees under it grow quickly towards the light.

rainforest-lianas-title = Lianas
rainforest-lianas-narration = Lianas are woody climbing plants. They root in the ground and use the trees to climb to the light, without building a thick trunk of their own.
rainforest-lianas-fact-1 = In some tropical forests lianas make up a quarter of all woody stems.

rainforest-rain-and-water-title = The forest makes rain
rainforest-rain-and-water-narration = Trees pull water from the soil and breathe it out through their leaves. The water vapour rises, forms clouds and falls again as rain over the forest.
rainforest-rain-and-water-fact-1 = In the Amazon basin, about half of the rain comes from water that the forest itself has given back to the air.

rainforest-canopy-walkway-title = In the canopy
rainforest-canopy-walkway-narration = You are 28 metres up, among the crowns of the canopy trees. Here the leaves get the sunshine, and here most of the forest's flowers and fruit grow.
rainforest-canopy-walkway-fact-1 = Scientists began to study the canopy properly only when ropes, walkways and cranes let them climb into it; they found that it holds much of the forest's life.

rainforest-canopy-insects-title = Life in the treetops
rainforest-canopy-insects-narration = Beetles, ants, butterflies and many other insects live up here, and most of them have never been named.
rainforest-canopy-insects-fact-1 = After counting the beetles in the crowns of one kind of tree in Panama, Terry Erwin estimated that there could be 30 million species of insects and other arthropods in the tropics.

rainforest-emergent-giant-title = Above the roof
rainforest-emergent-giant-narration = You have climbed to the top of the stair, above the roof of the canopy. Only the emergents reach this high. Up here it is sunny, windy and drier than down below.
rainforest-emergent-giant-fact-1 = The tallest tropical tree measured is a yellow meranti in Sabah, Borneo: 100.8 metres tall.
