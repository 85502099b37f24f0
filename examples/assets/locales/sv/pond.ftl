pond-frogspawn-title = Grodrom
pond-frogspawn-narration = I april lägger vanlig groda sina ägg i grunt vatten, i klumpar som flyter upp till ytan.
pond-frogspawn-fact-1 = En vanlig groda lägger 1 000–2 000 ägg.
