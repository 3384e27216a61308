"""The four core rules on invented sentences shaped like real prompts.

Each case is a shape real prompt writers use (tag soup, participle captions, labelled lists,
tag tails, timelines ...), written fresh for the test: the rules must read the shape, not
remember a corpus prompt.
"""
from __future__ import annotations

import pytest


def fires(splint, rule: str, text: str) -> bool:
    run = splint("check", "--isolated", "--select", rule, "-", stdin=text.encode("utf-8"))
    assert run.code in (0, 1), run.out + run.err
    return f"[{rule}]" in run.out


# --- keyword-list ---------------------------------------------------------------------------

KEYWORD_LISTS = {
    "participle caption": "Heron wading through shallow reeds, water rippling, mist lifting, pale gold morning",
    "tag soup": "abandoned greenhouse, overgrown ferns, shattered glass roof, 35mm, moody, ultra detailed, 8k",
    "tag tail after narrative": (
        "A fisherman mends a torn net on the pier while gulls circle overhead, "
        "harbour at dawn, pastel sky, shot on 16mm film, muted tones"
    ),
    "tag sentence among narrative": (
        "A potter centres wet clay on the wheel and draws up a tall cylinder. "
        "Studio photography, ultra-high definition, earthy palette, 4:3. "
        "Her thumbs press a lip into the rim as it spins."
    ),
    "constraint tags after narrative": (
        "A barista pours steamed milk into a cup. Square 1:1, no music, no text, no logos."
    ),
    "full-width commas": "rainy alley，neon signs，cyberpunk city、night market、lanterns",
    "pipes": "lighthouse | stormy sea | crashing waves | dramatic clouds | 4k",
    "hashtags": "#sunset #beach #waves #drone #goldenhour #4k #vibes",
    "tags between two clauses": (
        "A boy launches a paper boat into the gutter, photorealistic, award-winning, unreal engine, "
        "while his sister cheers from the porch."
    ),
    "tag lines under an unlabelled sentence": "A drummer warms up in a basement.\nsweat\nneon tubes\nbass amp\nsmoke",
    "nouns the tagger reads as verbs": (
        "Subject:\nTwo fencers in white jackets, dramatic lunges, bold ink outlines on all edges, "
        "flat colour fills with soft gradients, dynamic action poses."
    ),
}

NOT_KEYWORD_LISTS = {
    "labelled palette with narrative": (
        "A tram glides through the old town at dusk as a conductor waves from the rear platform.\n"
        "Palette: amber, sage, slate\nMood: calm, nostalgic, unhurried"
    ),
    "json style value": (
        '{\n  "scene": "A cyclist crosses a wet cobbled square as pigeons scatter.",\n'
        '  "style": "noir, 35mm, high contrast, grain"\n}'
    ),
    "bullets under a labelled heading": (
        "A baker pulls a tray of loaves from a brick oven.\n\nLook:\n- warm tungsten\n- flour haze\n- shallow focus"
    ),
    "series inside a sentence": "She wears a red dress, a white hat, and black boots as she crosses the plaza.",
    "fragments each ended by a full stop": "Night. Rain. A taxi idles at the curb. Neon hums.",
    "two fragments": "Old harbour at dawn, fog rolling in",
    "absolute phrases after a clause": (
        "The old man rests on the bench, his cane across his knees, a paper bag beside him, "
        "watching the pigeons."
    ),
    "coordinate adjectives": "A static, wide shot of a vast, ancient library as a librarian climbs a rolling ladder.",
    "series closed by and then description": (
        "The pond mirrors the willows, the reeds, and the low clouds, the water still and glassy."
    ),
    "-s verbs the tagger reads as nouns": (
        "The camera slowly pans or zooms, drawing attention to the contrast between rust, moss, and glass."
    ),
    "hard-wrapped prose": (
        "A night-shift nurse in a quiet ward\nsets a paper cup of tea on the\ncounter, steam curling into the\n"
        "lamp light. Shot on 35mm, warm\nand grainy."
    ),
    "inline labelled list mid-prompt": (
        "A glassblower turns a glowing gather on the pipe. Colour palette: orange, charcoal, brass. "
        "The furnace roars behind him."
    ),
    "list after a colon": "Fireworks bloom over the bay: chrysanthemum shells, gold willows, crackling comets.",
    "descriptive style sentence of a five-layer prompt": (
        "A cobbler stitches a boot sole at his bench. Warm workshop look on 16mm film, deep browns and "
        "brass, like a 1970s craft documentary."
    ),
    "participle sound sentence": (
        "A ferry docks at the pier. Gulls crying over the harbour, ropes creaking against the bollards, "
        "a horn sounding twice across the water."
    ),
    "a quoted line": 'A cook slams the pass and calls out, sharp and loud, "Two salmon, table six, now!"',
    "a screenplay scene heading": "EXT. PIER, LISBON - DUSK\n\nA fisherman coils a wet rope on the boards and looks out to sea.",
}



def test_keyword_list_names_generic_tags(splint) -> None:
    run = splint(
        "check", "--isolated", "--select", "keyword-list", "-",
        stdin=b"A fox trots across a frozen meadow, masterpiece, best quality, 8k, trending on artstation",
    )
    assert "'masterpiece'" in run.out and "4 verbless fragments" in run.out


# --- vague-lighting -------------------------------------------------------------------------

VAGUE_LIGHT = {
    "evaluative with intensity only": "A clerk sorts letters at a counter. The lighting is dim and moody.",
    "a judgement of consistency": "A chef plates a dessert; the lighting should stay consistent between takes.",
    "cinematic lighting alone": "A boxer wraps his hands in a locker room, cinematic lighting.",
}
CONCRETE_LIGHT = {
    "intensity with a source": "A clerk sorts letters under a dim, flickering fluorescent tube; moody lighting.",
    "dramatic with a direction": "A dancer turns slowly, dramatic lighting from a single spotlight overhead.",
    "no lighting mentioned": "A clerk sorts letters at a counter.",
    "bright alone is not vague": "A brightly lit kitchen where a boy cracks an egg.",
}



# --- missing-audio --------------------------------------------------------------------------

SILENT = {
    "harmony of colours": "A painter steps back from a canvas, studying the harmony between colour and form.",
    "knocking things over": "A runaway goat bolts through the market, knocking over stalls.",
    "water that drips": "Water drips from the icicle onto a frozen step.",
    "digital noise": "Old CRT footage of a skyline, digital noise crawling over the frame.",
    "muted colours": "A muted 1990s palette; a girl rides a bike down an empty street.",
    "events that only imply sound": "A man knocks on the door as fireworks burst over the rooftops.",
    "a whisper of smoke": "A whisper of smoke drifts from the chimney as a farmer feeds the hens.",
    "a heading alone on its line": "A girl flies a kite on a beach.\n\nSound Notes:\n\nCamera Notes:\nwide shot, low angle",
}
HEARD = {
    "an echo": "A single drip echoes through the cave as a diver surfaces.",
    "harmonies": "Choir harmonies swell as the doors of the chapel open.",
    "a clock": "A clock ticks on the mantel while a cat sleeps.",
    "an animal's call": "The puppy yips at a crab scuttling across the sand.",
    "chicks": "Chicks peeping under a heat lamp in a barn.",
    "speech without quotes": "She looks at the cake and remarks: wow, you made this?",
    "engine and water": "A tug pushes a barge upriver; its engine chugs and water sloshes against the hull.",
}



# --- too-many-actions ------------------------------------------------------------------------

def actions_found(splint, text: str) -> int:
    """How many sequential actions the rule reports for the lead subject (0 when quiet)."""
    import re

    run = splint("check", "--isolated", "--select", "too-many-actions", "-", stdin=text.encode("utf-8"))
    found = re.search(r"(\d+) sequential actions", run.out)
    return int(found.group(1)) if found else 0


OVERLOADED = {
    "a series the tagger misreads": (
        "A lifeguard sprints down the beach, dives into the surf, grabs a swimmer, and drags him ashore.", 4),
    "progressive then a beat": ("A ballerina is spinning on one toe, then she bows to the empty hall.", 2),
    "a glance as its own beat": ("A clerk stamps a form, then looks up at the clock.", 2),
    "body parts act for their owner": (
        "A puppet sits on a shelf; his arm lifts, his head turns, and his jaw drops open.", 3),
    "an object as the main subject": ("The soap bubble wobbles, stretches, and pops.", 3),
    "moves performed": ("A skater performs a kickflip, a heelflip and a grind on the rail.", 3),
    "'she' is the last one named in the singular, past what her shoes do": (
        "The nurse pushes the cart down the corridor. Her shoes squeak on the tiles. She opens a door, then checks a chart.", 3),
    "a series before an as-clause stays the lead's": (
        "The clerk unlocks the gate and steps inside as a stray cat hisses.", 2),
    "a verb whose subject the parser hung on an adverb": (
        "The two foxes slowly and warily circle each other. The older fox suddenly lunges at the younger one.", 2),
    "a state done suddenly": ("The witness looks up at the door; she stands abruptly.", 2),
    "a comma series the parser scatters": (
        "A heron wades through the shallows, stops, tilts its head, then strikes and swallows a fish.", 5),
    "a series whose first verb became the subject": (
        "A red squirrel darts along the branch, freezes, twitches its tail, then leaps and grabs a pine cone.", 5),
    "-ing steps put in order by from ... to and finally": (
        "The dancer stands still, her body moving from crouching to leaping, spinning, and finally bowing.", 3),
    "-ing steps put in order by then": ("A clerk sits at the counter, typing, then pausing, then rubbing his eyes.", 3),
    "a glance and its return in a chain of semicolon clauses": (
        ("A man in a grey coat, holding an umbrella, looks left and over his shoulder, then back up as he waits; "
        "the street behind him is empty; the camera stays on his face."), 2),
    "a return the parser hung on the verb": ("The boy glances down at his shoes, then back up at the teacher.", 2),
    "a step whose object the parser made its subject": ("A girl feeds ducks at the pond, then skips stones.", 2),
    "steps under an instruction to the editor": ("Cut to a wide shot as the ship sails out, turns and vanishes.", 3),
}

WITHIN_BUDGET = {
    "tries to is one action": "A burglar tries to open the window.",
    "the same verb twice": "A boy kicks the ball, and kicks it again.",
    "sound verbs are audio": "A fire truck speeds past as the engine roars and the sirens wail.",
    "weather and light": "Rain falls on the harbour, sunlight breaks through, and the fog lifts.",
    "media nouns": "The video shows a quiet street; the title appears and the frame fades.",
    "speech": "The coach says a few words, shouts at the bench, and whispers to the keeper.",
    "camera moves": "The camera pans left, tilts up and pushes in on a sleeping cat.",
    "negation over a series": "The guard never flinches, turns or steps away.",
    "simultaneous clauses": "A girl hums while she paints, as the cat watches.",
    "one journey": "A heron takes off from the reeds and flies over the lake.",
    "background mass": "A monk sweeps the temple steps. Leaves swirl, scatter and settle around him.",
    "held gaze": "An old man sits on a bench and stares at the sea.",
    "examining is looking": "A jeweller is examining a ring under a loupe when the door opens.",
    "a jump and its landing": "---\nseconds: 8\n---\nA boy climbs onto the wall, jumps, and lands in the hay.",
    "tag list with nouns read as verbs": "neon alley, glitch overlays, confetti sparks, cyberpunk, 8k",
    "-ing phrases without order are manner": "She walks along the shore, swinging her arms, humming softly.",
    "a verb and its object the tagger swapped": (
        'Inside a busy diner kitchen, a cook flips pancakes. "Order up!" "Coming!" "Two more!"'),
    "members of a group given by role are different people": (
        "Four friends sit around a campfire: one strums a guitar, another roasts marshmallows, "
        "the third tells a story, and the last pokes the fire."),
    "a sound is not a character": "The melody rises and falls, swells and fades as the pianist plays.",
    "a past participle that modifies a noun": (
        "A cat stretches on the sill beside a folded blanket, soft north light from the left, muted Dutch still-life palette."),
    "one change from one -ing state to another": "His expression shifts from smiling to frowning as the letter burns.",
    "steps coordinated inside an as-clause are its subject's": (
        "The clerk unlocks the gate as a stray cat hisses and darts away."),
    "steps after a pronoun's as-clause are its subject's": (
        "He locks the car as his daughter jumps out and runs to the gate."),
    "steps of an as-clause the parser read as a noun phrase": (
        "The porter lifts the trunk as the grey mare snorts and trots away."),
}


@pytest.mark.parametrize(("text", "count"), OVERLOADED.values(), ids=OVERLOADED.keys())
def test_too_many_actions_counts_each_step(splint, text: str, count: int) -> None:
    assert actions_found(splint, text) == count


@pytest.mark.parametrize("text", WITHIN_BUDGET.values(), ids=WITHIN_BUDGET.keys())
def test_too_many_actions_leaves_non_actions_alone(splint, text: str) -> None:
    assert actions_found(splint, text) == 0


def test_too_many_actions_budget_follows_the_stated_length(splint) -> None:
    text = "A chef dices an onion, then sweeps it into a pan."
    assert actions_found(splint, text) == 2
    assert actions_found(splint, "---\nseconds: 8\n---\n" + text) == 0


def test_too_many_actions_counts_an_elided_repeat_and_a_step_beside_the_camera(splint) -> None:
    assert actions_found(splint, "A clerk looks down and to his left, then back up as he counts.") == 2
    assert actions_found(
        splint, "A boy feeds the ducks. The camera drifts back, framing the pond as he walks off along the path."
    ) == 2
    assert actions_found(splint, "A girl hums while she paints a fence.") == 0


def test_too_many_actions_reads_json_values_and_clock_timestamps(splint) -> None:
    timeline = (
        '{\n  "shots": [\n'
        '    {"time": "00:00-00:04", "action": "A courier locks her bike, jogs up the steps and rings the bell."},\n'
        '    {"time": "00:04-00:08", "action": "She hands over a parcel."}\n  ]\n}'
    )
    run = splint("check", "--isolated", "--select", "too-many-actions", "-", stdin=timeline.encode())
    assert "sequential actions for one subject" in run.out
    assert "clip of 8 s" in run.out


def test_too_many_actions_counts_ordered_beats_of_a_caption_without_verbs(splint) -> None:
    caption = "Subject:\nMasked thief in black\n\nMotion:\nA slow crouch on the ledge followed by a sudden leap, then a rolling landing"
    assert actions_found(splint, caption) == 3
    assert actions_found(splint, "Subject:\nMasked thief in black\n\nMotion:\nA slow crouch on the ledge, wind tugging at the cloak") == 0
    paused = "Subject:\nA lone hiker\n\nMotion:\nA steady march across the dunes, an occasional pause to check the compass"
    assert actions_found(splint, paused) == 2
    # "then" before a camera move orders the shot, not the subject
    framed = "Subject:\nA lone diver on the cliff edge\n\nMotion:\nA poised stillness on the rock, then a slow crane up to the sky"
    assert actions_found(splint, framed) == 0
    assert actions_found(splint, framed.replace("a slow crane up to the sky", "a twisting plunge into the sea")) == 2


def test_too_many_actions_follows_a_series_past_an_adverb_and_an_owner_without_a_name(splint) -> None:
    assert actions_found(splint, "The snowball rolls, breaks loose and tumbles.") == 3
    assert actions_found(splint, "His beard grows, his nose lengthens.") == 2
    assert actions_found(splint, "Her neck stretches, her tail twitches.") == 2


# Each table: (rule, whether it fires, the shapes). A case is named by its table's key.
JUDGED = [
    ("keyword-list", True, KEYWORD_LISTS), ("keyword-list", False, NOT_KEYWORD_LISTS),
    ("vague-lighting", True, VAGUE_LIGHT), ("vague-lighting", False, CONCRETE_LIGHT),
    ("missing-audio", True, SILENT), ("missing-audio", False, HEARD),
]


@pytest.mark.parametrize(
    ("rule", "expected", "text"),
    [(rule, expected, text) for rule, expected, table in JUDGED for text in table.values()],
    ids=[f"{rule}-{'fires' if expected else 'quiet'}-{name}" for rule, expected, table in JUDGED for name in table],
)
def test_core_rule_reads_the_shape(splint, rule: str, expected: bool, text: str) -> None:
    assert fires(splint, rule, text) is expected


@pytest.mark.parametrize(("text", "subject"), [
    ("A kettle whistles as he pours, stirs and sips.", "he"),
    ("The alarm beeps. She slaps it, sits up and stretches.", "she"),
    ("The jukebox plays an old ballad while a waiter wipes the bar, stacks the glasses and locks up.", "a waiter"),
])
def test_too_many_actions_names_a_character_not_the_thing_that_sounds(splint, text: str, subject: str) -> None:
    run = splint("check", "--isolated", "--select", "too-many-actions", "-", stdin=text.encode("utf-8"))
    assert f"for one subject ({subject})" in run.out
