"""Rules on the shapes real prompts take: invented sentences, each asserting what a writer sees.

Each test names a shape of prompt a rule used to misread (a count of people with their
roles, a quoted line with nobody saying it, a length asked for in prose) and checks the
rule fires on it, or stays quiet on its look-alike.
"""
from __future__ import annotations

from conftest import ROOT
from splint.linter.config import Config
from splint.linter.runner import Options, lint
from splint.linter.source import parse_source
from splint.rules import BY_NAME

_NO_CONFIG = Config(root=ROOT)


def fired(rule: str, prompt: str) -> bool:
    """Whether ``rule`` reports anything on ``prompt`` (front matter allowed)."""
    sources = list(parse_source("shape.prompt", prompt.encode("utf-8")))
    code = BY_NAME[rule].META.code
    (result,) = lint(sources, Options(select=(code,)), config_for=lambda _p: _NO_CONFIG)
    return any(d.code == code for d in result.diagnostics)


# --- dialogue-format, dialogue-too-long: spoken lines ------------------------------------


def test_a_colour_word_earlier_on_the_line_is_not_a_delivery() -> None:
    # "yellow" once read as "yell…": the line has a speaker and no manner
    line = 'A ferryman in a yellow oilskin coils a rope on the jetty. He says, "Last crossing leaves at nine."'
    assert fired("dialogue-format", line)
    assert not fired("dialogue-format", line.replace("He says,", "He says wearily,"))


def test_a_delivery_word_followed_by_a_colon_is_not_a_speaker() -> None:
    assert fired("dialogue-format", 'Two scouts crouch behind a wall.\nAudio: wind in the reeds, and, hushed: "Keep down now."')


def test_a_run_of_shouted_quotes_is_dialogue() -> None:
    assert fired("dialogue-format", 'A diner kitchen at the lunch rush, plates sliding down the pass. "Table six!" "On it!"')


def test_a_sign_that_exclaims_is_still_writing() -> None:
    assert not fired("dialogue-format", 'A diner window with a neon sign that reads "OPEN ALL NIGHT!" glowing pink.')


def test_a_long_line_after_a_delivery_note_mentioning_words_is_speech() -> None:
    # "(weighing every word):" is delivery, not a "words ..." sign before the quotation
    prompt = (
        "---\nseconds: 4\n---\nA poet stands at a lectern in an empty hall.\n"
        'Dialogue: POET (quiet, weighing every word): "I kept the letters in a drawer for eleven years, and '
        'every spring I meant to burn them, and every spring the drawer stayed shut."'
    )
    assert fired("dialogue-too-long", prompt)


# --- invalid-seconds, over-max-duration: lengths ---------------------------------------

_HARBOUR = "A tugboat nudges a freighter away from the quay as gulls wheel overhead."


def test_seconds_past_the_maximum_is_also_a_value_the_model_does_not_take() -> None:
    prompt = f"---\nseconds: 18\n---\n{_HARBOUR}"
    assert fired("invalid-seconds", prompt) and fired("over-max-duration", prompt)
    assert not fired("invalid-seconds", f"---\nseconds: 12\n---\n{_HARBOUR}")


def test_a_length_asked_for_in_prose_is_over_the_maximum_whatever_seconds_says() -> None:
    assert fired("over-max-duration", f"---\nseconds: 8\n---\nI need a three-minute short film: {_HARBOUR}")
    # a length of something inside the scene is not the clip's
    assert not fired("over-max-duration", f"---\nseconds: 8\n---\n{_HARBOUR} The crew is three minutes late.")


# --- motion-transfer: copying from a video the writer has ---------------------------------


def test_copying_anything_from_a_particular_video_is_motion_transfer() -> None:
    assert fired("motion-transfer", "A gymnast on a beach at dawn. Copy the exact backflip from my uploaded clip.")
    assert fired("motion-transfer", "A skater on an empty rink; match his footwork precisely to the clip I sent.")


def test_the_same_move_as_in_a_video_is_motion_transfer() -> None:
    assert fired("motion-transfer", "Have my cat do the same leap onto the bookshelf as in the video from my tablet.")


def test_motion_told_to_follow_a_recording_is_motion_transfer() -> None:
    assert fired("motion-transfer", "A puppet owl on a branch. Make her nods and shrugs follow my phone recording beat for beat.")


def test_a_kind_of_video_or_an_edit_is_not_motion_transfer() -> None:
    assert not fired("motion-transfer", "A street mime mimics a robot in a TikTok-style edit, quick cuts, bright colours.")
    assert not fired("motion-transfer", "A diver leaps from the cliff. Match cut to the clip of a gull diving.")
    assert not fired("motion-transfer", "Two sisters laugh at the same silly clip on a phone in the back seat.")


# --- on-screen-text: writing named, then given --------------------------------------------


def test_writing_named_then_given_verbatim_is_on_screen_text() -> None:
    assert fired("on-screen-text", 'A dark cinema; the title "Salt and Ember" appears in tall gold letters.')
    assert fired("on-screen-text", 'A paper bag spins on a counter, the logo "Pip & Pear Bakery" stamped on its side.')


def test_quoted_words_that_must_be_readable_are_on_screen_text() -> None:
    assert fired("on-screen-text", 'A postcard on a doormat. The writing has to be readable: "Wish you were here, love Gran."')
    assert fired("on-screen-text", 'a bakery shelf with price tags, make them legible: "rye 3.20", "sourdough 4.10"')


def test_a_song_title_or_a_json_key_is_not_on_screen_text() -> None:
    assert not fired("on-screen-text", 'A couple slow-dances in the kitchen while the song title "Blue Harbour" plays on the radio.')
    assert not fired("on-screen-text", '{"title": "Harbour at Dawn", "scene": "A tugboat leaves the quay in fog."}')


# --- crowded-scene: who is in the foreground -----------------------------------------------


def test_people_named_by_their_roles_are_each_counted() -> None:
    # "head chef", "sous-chef" and "pastry chef" are three people, not one "chef"
    assert fired("crowded-scene", "Lunch rush at a noodle bar. The head chef is tasting the broth, the sous-chef is "
                 "slicing scallions, and the pastry chef is piping cream onto tarts.")


def test_a_counted_group_given_member_by_member_is_crowded() -> None:
    assert fired("crowded-scene", "Four cousins at a picnic table: one deals the cards, another shuffles a spare deck, "
                 "and the last keeps score on a napkin.")


def test_a_gathering_named_member_by_member_is_crowded() -> None:
    assert fired("crowded-scene", "At the birthday table the aunt hands a slice of cake to her nephew while his father "
                 "refills the lemonade.")


def test_a_rig_a_title_or_a_flock_is_not_a_character() -> None:
    assert not fired("crowded-scene", "Steadicam follows a postman up the lane. Title appears over the hedge. "
                     "A farmer scatters grain while the hens peck around her boots.")


# --- remix-too-broad: how many layers a remix changes ---------------------------------------

_REMIX = "---\nremix_id: video_0f3c\nseconds: 8\n---\n"


def test_a_short_remix_that_changes_three_layers_is_too_broad() -> None:
    assert fired("remix-too-broad", _REMIX + "Swap the beach for a snowy car park, turn the camera into a slow crane "
                 "down, and add a brass band playing off-screen.")


def test_a_remix_that_keeps_a_list_of_layers_and_changes_one_thing_is_not() -> None:
    assert not fired("remix-too-broad", _REMIX + "Keep the camera, the lighting and the audio; change only her scarf to green.")


# --- missing-camera: camera words that name things in the scene ----------------------------


def test_a_prop_camera_or_a_framed_picture_is_not_camera_direction() -> None:
    assert fired("missing-camera", "A potter hangs a framed certificate above her wheel, then wipes clay from her hands.")
    assert fired("missing-camera", "A birdwatcher lifts her old film camera toward the reeds, then lowers it and smiles.")


def test_the_camera_filming_is_camera_direction() -> None:
    assert not fired("missing-camera", "A fox trots across the frost straight toward the camera, breath steaming.")
    assert not fired("missing-camera", "A portrait of a violinist framed tight on her hands as she tunes the strings.")


def test_a_remix_is_not_asked_for_camera_direction() -> None:
    assert not fired("missing-camera", _REMIX + "Change her scarf to green.")


# --- missing-lighting: light words in another sense -----------------------------------------


def test_light_words_in_another_sense_are_not_lighting() -> None:
    assert fired("missing-lighting", "A young spy shadows her handler through a flower market, ducking behind buckets of tulips.")
    assert fired("missing-lighting", "A light mist settles on a tram stop. A boy in a light grey anorak waits there with his gran.")
    assert fired("missing-lighting", "A fire truck reverses into the station while two crew members coil a hose.")


def test_light_words_in_their_sense_are_lighting() -> None:
    assert not fired("missing-lighting", "Jagged peaks shadow the valley floor as a lone rider crosses it.")
    assert not fired("missing-lighting", "A woman warms her hands over a fire pit on a cold porch.")
    assert not fired("missing-lighting", _REMIX + "Change her scarf to green.")


# --- missing-style: style words that name things in the scene -------------------------------


def test_style_words_naming_things_in_the_scene_are_not_a_style() -> None:
    assert fired("missing-style", "A grandfather sorts a crate of VHS cassettes on the porch. Slow push-in, low sun.")
    assert fired("missing-style", "Two film critics trade jabs in an animated debate at a café table. Static two-shot.")
    assert fired("missing-style", "An art student wets her brush and flicks ink onto the paper. Close-up, window light.")


def test_style_words_naming_the_look_are_a_style() -> None:
    assert not fired("missing-style", "A fox curls up in the snow, in watercolor, soft bleeding edges.")
    assert not fired("missing-style", "A birthday party in a backyard, grainy VHS footage, timestamp in the corner.")
    assert not fired("missing-style", "A robot waters a cactus, all bouncy 3D animated fun.")
    assert not fired("missing-style", _REMIX + "Change her scarf to green.")


# --- multiple-camera-moves: moves the tagger hides, and one move said twice ----------------------


def test_moves_after_the_camera_and_after_then_are_counted() -> None:
    assert fired("multiple-camera-moves", "---\nseconds: 8\n---\nA kite surfer launches off a wave. The camera tracks "
                 "beside him, whip-pans up to the kite, then cranes down as he lands.")
    assert fired("multiple-camera-moves", "---\nseconds: 4\n---\nA barber lathers a customer's chin. camera trucks left "
                 "past the chairs, then arcs around behind the mirror.")


def test_one_continuous_move_described_twice_is_one_move() -> None:
    assert not fired("multiple-camera-moves", "A boy cycles down a country lane. The camera follows him from the side in "
                     "a smooth gimbal movement, slowly rising to reveal the sea.")
    assert not fired("multiple-camera-moves", "A brass band marches into the square. The camera pans or zooms toward the tuba.")
    assert not fired("multiple-camera-moves", "A heron wades through reeds, a slow dolly in, no sudden camera moves, soft dawn haze.")


# --- vague-style: a judgement said of the video -----------------------------------------------


def test_a_judgement_said_of_the_video_or_its_look_is_vague_style() -> None:
    assert fired("vague-style", "my dog chasing bubbles in the yard. static wide shot. make it so aesthetic and gorgeous")
    assert fired("vague-style", "A chef plates a dessert. Macro shot, soft window light. It needs a polished, premium look.")
    assert fired("vague-style", "A cat naps on a windowsill. Static close-up, soft morning light. Make it super aesthetic.")


def test_a_judgement_of_the_place_is_not_a_style() -> None:
    assert not fired("vague-style", "Fireworks over a beautiful harbour scene, the crowd cheering on the quay.")


# --- vague-camera: a judgement said of the camera ---------------------------------------------


def test_a_judgement_said_of_the_camera_is_vague_camera() -> None:
    assert fired("vague-camera", "A street dancer spins on cardboard in the subway. The camera work should feel fresh and exciting.")
    assert fired("vague-camera", "kids racing go-karts down a hill, get really creative with the camera. sunny afternoon.")


def test_a_judgement_of_something_else_near_a_camera_is_not() -> None:
    assert not fired("vague-camera", "A creative teenager films her cat with a camera she built from a shoebox.")


# --- vague-music: what does not describe the music --------------------------------------------


def test_a_player_a_fitting_clause_or_other_sound_does_not_describe_music() -> None:
    assert fired("vague-music", "Two roommates paint a wall, a song coming from the old stereo. Wide shot, window light.")
    assert fired("vague-music", "A snail crosses a wet leaf. Macro lens. Music that matches the mood.")
    assert fired("vague-music", "A baker kneads dough at dawn.\nAudio: music + ambience")


def test_a_named_artist_or_a_mood_describes_music() -> None:
    assert not fired("vague-music", "A baker kneads dough at dawn while music by Erik Satie plays softly.")
    assert not fired("vague-music", "A snail crosses a wet leaf, melancholic music drifting in.")


# --- unsupported-audio: sound words used as figures --------------------------------------------

_KLING = "---\ntarget: kling-2.6\n---\n"


def test_sound_words_used_as_figures_are_not_audio() -> None:
    assert not fired("unsupported-audio", _KLING + "A whisper of smoke rises from a snuffed candle on a stone sill. "
                     "The thundering cascade below is frozen solid.")


def test_sound_words_in_their_sense_are_audio() -> None:
    assert fired("unsupported-audio", _KLING + "A murmur of voices drifts from the tavern door.")
    assert fired("unsupported-audio", _KLING + "Soldiers march to thundering drums across the square.")


def test_values_of_a_structured_prompt_are_not_spoken_lines() -> None:
    json_prompt = (
        '{\n  "scene": "A lighthouse keeper climbs the spiral stairs at dusk, lamp in hand.",\n'
        '  "audio": "wind moaning through the gallery rails"\n}'
    )
    assert not fired("dialogue-format", json_prompt)
    assert not fired("dialogue-too-long", "---\nseconds: 4\n---\n" + json_prompt)
    assert not fired("dialogue-format", 'Scene: "A lighthouse keeper climbs the spiral stairs at dusk, lamp in hand."')
    # a value under a key that names speech is a line, and this one has no speaker
    assert fired("dialogue-format", '{"scene": "A lighthouse at dusk.", "dialogue": "We should have left before the storm."}')


def test_the_guides_attributed_line_names_its_speaker_and_delivery() -> None:
    assert not fired("dialogue-format", 'A keeper trims the wick.\n[Tomas, hoarse and tired]: "Light it, the boats are still out."')


def test_camera_layer_words_that_are_not_moves_or_judgements() -> None:
    # "lower" places the figure; a sweeping shot that flies is one move
    assert not fired("multiple-camera-moves", "A hiker on a ridge.\nCamera: slow lateral tracking, the hiker in the lower third of the frame.")
    assert not fired("multiple-camera-moves", "Sweeping aerial drone shot gliding over a chain of green islands.")
    # a judgement of something else in a camera layer is not a judgement of the camera
    assert not fired("vague-camera", "A neon alley at night.\nCamera: dynamic range pushed hard in the highlights.")
    assert fired("vague-camera", "A neon alley at night.\nCamera: something epic here, really impressive.")


def test_a_title_that_appears_is_writing_not_speech() -> None:
    prompt = 'Smoke drifts through an empty hall. Title fades in over the smoke: "The Long Night."'
    assert fired("on-screen-text", prompt)
    assert not fired("dialogue-format", prompt)


def test_text_ruled_out_or_a_place_in_the_frame_is_not_on_screen_text() -> None:
    assert not fired("on-screen-text", "A perfume bottle on wet slate. Do not change the bottle, add captions or show a logo.")
    assert not fired("on-screen-text", "A rider crosses the dunes, placed in the lower third of the frame.")


def test_things_counted_or_ordered_are_not_a_crowd() -> None:
    assert not fired("crowded-scene", "A pagoda with multiple ornate tiers floats among clouds, traditional lanterns swaying.")
    assert not fired("crowded-scene", "On the third day a girl plays her flute by the stream while the water glitters.")


def test_a_mood_said_of_the_music_describes_it() -> None:
    assert not fired("vague-music", "A kayak shoots a rapid. The music is frantic and percussive, building with every drop.")
    assert fired("vague-music", "A kayak shoots a rapid. The music is nice.")


# --- lengths the layout states: timelines and shot durations -----------------------------------


def test_shot_durations_that_add_up_past_the_maximum_are_over_it() -> None:
    assert fired("over-max-duration", "Shot 1: a heron lands in the shallows (Duration: 5s)\n"
                 "Shot 2: it spears a fish (Duration: 5s)\nShot 3: it lifts off over the reeds (Duration: 4s)")


def test_a_timeline_with_a_shot_at_the_maximum_is_over_it() -> None:
    marks = "[00:00] A heron lands in the shallows.\n[00:06] It spears a fish.\n"
    assert fired("over-max-duration", marks + "[00:12] Cut to the heron lifting off over the reeds.")
    assert not fired("over-max-duration", marks + "[00:09] Cut to the heron lifting off over the reeds.")


def test_a_timeline_gives_the_spoken_lines_its_length() -> None:
    lines = ('[00:00] A fisherman mends a net on the quay.\n[00:04] He looks up, wry: "Tide waits for nobody, '
             'least of all me."\n[00:08] His grandson, laughing: "Then stop talking and row, grandad."')
    assert not fired("dialogue-too-long", lines)
    assert fired("dialogue-too-long", lines.replace("[00:04] ", "").replace("[00:08] ", ""))


def test_things_moving_and_effects_named_after_moves_are_not_camera_moves() -> None:
    assert not fired("multiple-camera-moves", "A forge at night.\nCamera: slow push in on the anvil, embers flying.\n"
                     "Effects: zoom blur on each hammer strike.")


def test_a_timeline_gives_the_camera_moves_its_length() -> None:
    shots = "[00:00] The camera pans across the harbour.\n[00:04] The camera cranes up over the masts.\n"
    assert not fired("multiple-camera-moves", shots + "[00:08] Cut to the lighthouse at the end of the pier.")
    assert fired("multiple-camera-moves", shots.replace("[00:00] ", "").replace("[00:04] ", ""))


def test_common_nouns_written_as_names_are_places_and_things() -> None:
    assert not fired("crowded-scene", "At the Stone Bridge in Mostar, a diver in red trunks stands on the parapet and "
                     "dives. Cicadas buzz in the heat, the crowd on the bridge gasps.")
    assert fired("crowded-scene", "At the barbecue, Uncle Ray flips burgers, Aunt Rose pours lemonade, Grandpa carves "
                 "the brisket and the twins chase the dog.")
