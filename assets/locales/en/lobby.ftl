# The lobby's texts (English): the start screen and joining a class.

lobby-start-title = Retki – choose a trip or join a class
lobby-start-hint = Point and select, or press 1–5. The arrows and Enter work too.
lobby-join-class = Join a class
lobby-language = Language: English
lobby-classes-title = Join a class: choose yours
lobby-looking = Looking for classes on this network…
lobby-type-address = Type the server's address
lobby-back = Back
lobby-address-title = The server's address (such as 10.0.0.5:8080)
lobby-address-needs-port = Add a colon and the port after the address, such as :8080
lobby-code-title = Type the code your teacher shows
lobby-code-is-six = A code has six characters.
lobby-code-no-look-alikes = Codes have no zero, one, I or O.
lobby-next = Next
lobby-erase = Erase
lobby-name-title = Choose the name the class sees you by
lobby-join = Join
lobby-joining = Joining the class…
lobby-cancel = Cancel
lobby-animals = Fox, Lynx, Bear, Elk, Wolf, Otter, Beaver, Squirrel, Hedgehog, Owl, Swan, Seal
lobby-place-lunar = The Moon
lobby-place-seabed = Baltic seabed
lobby-place-rainforest = Rainforest
lobby-place-middle_ages = A town, 1400
lobby-place-schoolyard = Schoolyard
