# Texts of the lunar surface (English).

lunar-landing-site-title = The landing site
lunar-landing-site-narration = This flat, dusty plain is the kind of place the first crews chose for landing: few boulders, gentle slopes, and the Sun low behind them.
lunar-landing-site-fact-1 = Apollo 11 landed on the Moon on 20 July 1969, in the Sea of Tranquility.

lunar-earth-in-sky-title = The Earth in the sky
lunar-earth-in-sky-narration = Look up towards the north: that blue and white disc is home. From here the Earth hangs in almost the same place in the sky all the time.
lunar-earth-in-sky-fact-1 = The Moon is on average 384,400 kilometres from the Earth.
lunar-earth-in-sky-fact-2 = The Earth is 12,742 km across and the Moon 3,475 km, so from here the Earth looks almost four times as wide as the Moon does from home.

lunar-gravity-title = Lighter steps
lunar-gravity-narration = Everything here weighs a sixth of what it weighs at home. Astronauts moved in bounding hops rather than steps.
lunar-gravity-fact-1 = Gravity at the Moon's surface is 1.62 metres per second squared, about one sixth of the Earth's 9.8.

lunar-hammer-feather-title = The hammer and the feather
lunar-hammer-feather-narration = Drop the hammer and the feather together and time their fall. With no air to slow the feather, which lands first?
lunar-hammer-feather-fact-1 = On 2 August 1971 Apollo 15 commander David Scott dropped a hammer and a falcon feather together; they reached the ground at the same moment, as Galileo had predicted.

lunar-crater-rim-title = An impact crater
lunar-crater-rim-narration = This bowl was blasted out when a rock from space hit the Moon. The rim is the ground that was pushed up and thrown out around it.
lunar-crater-rim-fact-1 = Fresh small craters on the Moon are about one fifth as deep as they are wide.

lunar-ejecta-boulders-title = Thrown-out boulders
lunar-ejecta-boulders-narration = These boulders were thrown out of craters by impacts. The blanket of thrown-out rock is thickest at a crater's rim and thins quickly farther out.
lunar-ejecta-boulders-fact-1 = The thickness of a crater's ejecta falls off roughly with the cube of the distance from the crater's centre.

lunar-regolith-title = Moon dust
lunar-regolith-narration = The grey ground under your feet is regolith: rock ground into dust and grains by billions of years of impacts, large and tiny.
lunar-regolith-fact-1 = The regolith is about 4 to 5 metres deep on the dark plains (maria) and about 10 to 15 metres in the highlands.

lunar-black-sky-title = A black sky by day
lunar-black-sky-narration = The Sun is up, yet the sky is black. On Earth, air scatters sunlight and turns the sky blue; the Moon has almost no air.
lunar-black-sky-fact-1 = The Moon has almost no atmosphere, so nothing scatters sunlight and the sky stays black in daytime.

lunar-temperature-title = Hot and cold
lunar-temperature-narration = In sunlight this ground is hotter than boiling water; in the long night it becomes colder than anywhere on Earth's inhabited continents.
lunar-temperature-fact-1 = Near the Moon's equator the surface reaches about 120 °C in sunlight and falls to about −130 °C at night.

lunar-long-day-title = A month-long day
lunar-long-day-narration = The Sun here is low in the east and climbs very slowly. From one sunrise to the next takes about a month.
lunar-long-day-fact-1 = A day on the Moon, from sunrise to sunrise, lasts about 29.5 Earth days.

lunar-footprints-title = Footprints that stay
lunar-footprints-narration = There is no wind or rain here to fill in a footprint. Only the slow rain of tiny meteorites wears the ground down.
lunar-footprints-fact-1 = With no wind and no water on the Moon, the Apollo astronauts' footprints are still there; tiny meteorite impacts erase them only very slowly.

lunar-silence-title = Silence
lunar-silence-narration = Clap your hands here and nobody would hear it. Sound travels through air, and there is almost none; astronauts talked to each other by radio.
lunar-silence-fact-1 = Sound needs air or another material to travel through, so on the airless Moon the astronauts spoke by radio.

lunar-moon-size-title = A small world
lunar-moon-size-narration = The horizon looks close because the Moon is small: its surface curves away faster than the Earth's.
lunar-moon-size-fact-1 = The Moon's radius is 1,737 kilometres, about 27 percent of the Earth's.

# The drop experiment's timer on the panel.
lunar-drop-hammer = Hammer
lunar-drop-feather = Feather

lunar-lunar-module-title = The lunar module
lunar-lunar-module-narration = This spidery craft carried two astronauts from lunar orbit down to the surface. The gold foil keeps the descent stage from overheating in the sunlight. The crew climbed down the ladder on the front leg, and their bootprints lead from it across the dust.
lunar-lunar-module-fact-1 = Standing on its legs, the Apollo lunar module was about 7 metres tall, and its footpads were 9.45 metres apart.
lunar-lunar-module-fact-2 = To leave, only the upper ascent stage took off. The lower descent stage stayed on the Moon as its launch pad.
