pond-frogspawn-title = Frogspawn
pond-frogspawn-narration = In April the common frog lays its eggs in shallow water, in clumps that float up to the surface.
pond-frogspawn-fact-1 = One common frog lays 1,000 to 2,000 eggs.
