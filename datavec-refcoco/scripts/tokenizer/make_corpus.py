#!/usr/bin/env python3
"""Writes corpus.txt, the English referring expressions the project's small SentencePiece model is trained on.

    python3 make_corpus.py            # writes corpus.txt next to this script

Deterministic: fixed word lists, fixed templates and a seeded random.Random (its choice() sequence has been stable
since Python 3.2), so running it again reproduces corpus.txt byte for byte. Standard library only; not run in CI.

The text is written for this project. It covers the vocabulary of the synthetic coloured-shapes grounding dataset
(colours, shapes, sizes, relative positions, multi-target phrasing) exhaustively, plus everyday referring expressions
in the style of RefCOCO (people, clothing, animals, objects) so that other words split into sensible pieces. Lines keep
natural case and punctuation; train_tokenizer.py applies SimVG's clean_string before training.
"""

import random
from pathlib import Path

COLOURS = ["red", "green", "blue", "yellow", "purple", "orange", "white", "black", "pink", "brown", "gray", "grey",
           "cyan", "magenta", "violet", "gold", "silver", "dark blue", "light green", "dark red", "light blue"]
SHAPES = {"circle": "circles", "square": "squares", "triangle": "triangles", "star": "stars",
          "rectangle": "rectangles", "diamond": "diamonds", "hexagon": "hexagons", "pentagon": "pentagons",
          "ellipse": "ellipses", "oval": "ovals", "cross": "crosses", "heart": "hearts", "ring": "rings",
          "dot": "dots", "shape": "shapes", "object": "objects", "box": "boxes", "disk": "disks"}
SIZES = ["small", "large", "big", "tiny", "huge", "little", "medium", "smaller", "larger", "bigger", "biggest",
         "smallest", "largest", "tall", "short", "wide", "thin"]
RELATIONS = ["left of", "right of", "above", "below", "next to", "beside", "under", "over", "near", "behind",
             "in front of", "on top of", "underneath", "to the left of", "to the right of", "closest to",
             "farthest from", "touching", "inside", "outside", "surrounded by", "across from"]
PLACES = ["on the left", "on the right", "at the top", "at the bottom", "in the middle", "in the center",
          "in the top left corner", "in the bottom right corner", "in the upper half", "in the lower half",
          "near the edge", "in the corner", "at the far left", "at the far right"]
SUPERLATIVES = ["leftmost", "rightmost", "topmost", "bottommost", "upper", "lower", "first", "second", "third",
                "last", "middle", "top", "bottom", "center", "other", "only", "remaining"]
ATTRIBUTES = ["striped", "spotted", "checkered", "plaid", "wooden", "metal", "plastic", "shiny", "dotted", "solid",
              "outlined", "hollow", "filled", "empty", "transparent", "bright", "pale", "faded", "dirty", "clean",
              "broken", "open", "closed", "folded", "wet", "fluffy", "furry", "old", "new", "young", "bald",
              "blond", "curly", "round", "square shaped", "pointed", "rounded", "narrow", "crooked", "upside down",
              "blurry", "partially hidden", "cut off", "sliced", "half eaten", "parked", "moving", "sleeping"]
SCENES = ["grass", "road", "street", "sidewalk", "beach", "field", "snow", "water", "kitchen", "living room",
          "bedroom", "bathroom", "office", "park", "playground", "parking lot", "station", "airport", "harbor",
          "garden", "forest", "mountain", "hill", "river", "lake", "ocean", "wave", "sand", "dirt", "mud", "court",
          "stadium", "stage", "crowd", "market", "restaurant", "counter", "shop", "store", "bakery", "barn",
          "stable", "zoo", "farm", "bridge", "tunnel", "highway", "intersection", "crosswalk", "alley", "porch",
          "balcony", "roof", "chimney", "staircase", "hallway", "doorway", "window sill", "ceiling", "floor",
          "corner", "background", "foreground", "shadow", "reflection", "sky", "cloud", "sun", "moon", "ground"]
MORE_COLOURS = ["beige", "tan", "navy", "maroon", "teal", "turquoise", "lavender", "olive", "lime green",
                "crimson", "scarlet", "indigo", "ivory", "cream", "khaki", "burgundy", "coral", "peach",
                "mint", "charcoal", "amber", "rust", "salmon", "plum", "bronze", "copper", "aqua", "fuchsia"]
NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
           "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "1", "4", "5", "6", "7", "8", "9",
           "10", "12", "23", "99"]
VERBS = ["jumping", "running", "swimming", "climbing", "kneeling", "bending over", "waving", "laughing",
         "talking", "drinking", "cooking", "cutting", "typing", "reading", "writing", "painting", "playing",
         "kicking", "catching", "hitting", "serving", "swinging", "skating", "surfing", "skiing", "grazing",
         "sleeping", "resting", "hiding", "peeking", "facing", "turning", "crossing", "waiting", "watching",
         "staring", "hugging", "kissing", "shaking hands", "taking a picture", "brushing", "washing", "dancing",
         "singing", "crying", "yawning", "stretching", "sitting", "standing", "lying", "walking", "driving"]
QUANTIFIERS = ["all", "both", "every", "each", "the two", "the three", "all the", "both of the", "any", "2", "3",
               "the four", "the 2", "several"]

PEOPLE = ["man", "woman", "boy", "girl", "person", "guy", "lady", "child", "kid", "player", "baby", "skier",
          "surfer", "batter", "catcher", "umpire", "chef", "waiter", "officer", "grandma", "teenager", "men",
          "women", "people", "kids", "pitcher", "goalie", "referee", "tourist", "student", "teacher", "doctor",
          "nurse", "soldier", "driver", "passenger", "cyclist", "runner", "dancer", "singer", "musician",
          "photographer", "customer", "vendor", "farmer", "worker", "bride", "groom", "couple", "toddler",
          "grandpa", "gentleman", "spectator", "fan", "coach", "snowboarder", "skateboarder", "tennis player"]
CLOTHING = ["shirt", "jacket", "hat", "dress", "coat", "jeans", "pants", "shorts", "sweater", "helmet", "glasses",
            "tie", "cap", "uniform", "hoodie", "scarf", "skirt", "vest", "suit", "boots", "apron", "t shirt",
            "sneakers", "sandals", "gloves", "mittens", "beanie", "sunglasses", "backpack", "belt", "jersey",
            "tank top", "blouse", "cardigan", "overalls", "raincoat", "bathrobe", "pajamas", "tuxedo", "bow tie",
            "necklace", "earrings", "watch", "bracelet", "headband", "bandana", "wetsuit", "ski mask", "visor"]
ANIMALS = ["dog", "cat", "horse", "cow", "sheep", "elephant", "giraffe", "zebra", "bird", "bear", "duck", "puppy",
           "kitten", "calf", "pigeon", "goat", "lamb", "pony", "donkey", "deer", "fox", "rabbit", "squirrel",
           "mouse", "seagull", "parrot", "owl", "swan", "goose", "chicken", "pig", "lion", "tiger", "monkey",
           "penguin", "turtle", "fish", "dolphin", "camel", "kangaroo", "polar bear", "panda"]
OBJECTS = ["car", "bus", "truck", "chair", "table", "bed", "couch", "bottle", "cup", "umbrella", "bike",
           "motorcycle", "plate", "sandwich", "pizza", "banana", "apple", "donut", "cake", "laptop", "tv", "phone",
           "book", "vase", "clock", "bowl", "bench", "kite", "skateboard", "surfboard", "boat", "train", "plane",
           "suitcase", "bag", "backpack", "lamp", "sign", "window", "door", "tree", "broccoli", "carrot", "orange",
           "glass", "mug", "remote", "keyboard", "mouse", "pillow", "van", "taxi", "fence", "building", "wall",
           "refrigerator", "microwave", "oven", "toaster", "sink", "toilet", "scissors", "toothbrush", "teddy bear",
           "hair drier", "frisbee", "baseball bat", "glove", "tennis racket", "skis", "snowboard", "fire hydrant",
           "parking meter", "traffic light", "stop sign", "potted plant", "dining table", "wine glass", "fork",
           "knife", "spoon", "hot dog", "monitor", "desk", "shelf", "curtain", "mirror", "basket", "blanket",
           "towel", "candle", "flag", "statue", "tent", "ladder", "bucket", "rope", "wheel", "helicopter",
           "tractor", "bicycle", "scooter", "stroller", "wagon", "cart", "sofa", "stool", "cabinet", "drawer",
           "painting", "poster", "screen", "tablet", "camera", "controller", "cushion", "rug", "carpet",
           "box of cereal", "jar", "can", "lemon", "lime", "tomato", "potato", "onion", "pepper", "cucumber",
           "lettuce", "grapes", "strawberry", "pineapple", "watermelon", "bread", "cookie", "muffin", "pie",
           "egg", "cheese", "sausage", "noodles", "rice", "salad", "soup", "steak", "fries", "burger"]
ACTIONS = ["holding", "sitting on", "standing next to", "feeding", "eating", "riding", "looking at", "walking toward",
           "leaning on", "carrying", "pointing at", "throwing", "reaching for", "lying on", "pushing"]

HANDWRITTEN = """\
The man in the red shirt on the left.
woman with an umbrella
Guy in the back, wearing glasses!
the kid holding a frisbee
person partially cut off on the right edge
Left-most zebra.
the second horse from the right
elephant in the back
Bowl of soup closest to us
the chair nobody is sitting in
far right sheep, facing away
Half of a sandwich at the bottom
bus behind the white car
blurry person in the background
the guy with his back to the camera
"Catcher" crouching behind home plate
top-left donut (chocolate)
black and white cat on the couch
the tallest giraffe
biggest elephant; not the baby
a slice of pizza with pepperoni
lady in a blue/white striped dress
the man wearing a tie and a suit
dog lying on the grass near the bench
the empty seat
number 7 player
the 3rd car in line
girl with a pink backpack and a ponytail
blue umbrella on the far left
the one in the middle
all of the people sitting at the table
both men in black jackets
every red car in the lot
none of them
the two kids on the right
all three sheep
guy on the bike, not the one walking
Woman in yellow at the café counter
the naïve-looking puppy
A smiling chef behind the counter.
the clock tower above the trees
the plate closest to the camera
Vase with flowers next to the window
the brown teddy bear on the bed
skateboarder in mid-air
surfer riding the wave
the batter swinging at the ball
umpire in the dark uniform
the cake with candles on it
laptop on the desk, screen open
cup of coffee on the saucer
the bottle partly hidden by the bag
horse with a rider on it
the calf lying down beside its mother
bird sitting on the fence post
pigeon on the ground
zebra facing the camera
the cow eating grass
the sheep in the front
a white van parked by the curb
traffic light showing red
stop sign at the corner
the toilet next to the sink
motorcycle parked on the sidewalk
train on the left track
the plane on the runway
boat in the water, closest to shore
kite flying highest
bench with nobody on it
the man #2 from the left
the woman: sitting, reading a book
the green apple* in the bowl
the banana on top of the pile
broccoli in the front right of the plate
carrot sticks beside the dip
"hot dog" with mustard
the donut with sprinkles
pizza slice missing a bite
sandwich cut in half
the orange in the center
a glass of red wine
the mug with a handle facing right
remote control on the couch arm
the keyboard in front of the monitor
mouse next to the keyboard
pillow on the left side of the bed
the taxi in the middle lane
the building with the clock
the door that is open
the tree on the right
the lamp behind the sofa
suitcase on the bottom of the stack
the person holding the camera
grandma in the pink sweater
teenager with headphones
baby in the high chair
the waiter carrying plates
officer on the horse
skier in the red jacket going downhill
the shortest person in the group
man with a beard and a hat
woman with long hair
boy in the striped shirt
girl in the white dress holding flowers
the kid in the middle of the three
player wearing the number 12 jersey
the guy next to the guy in the hat
which one is the tallest?
the object below the star and above the square
between the two circles
the shape right of the blue one
everything except the green triangle
the big square in the lower left
the tiny star next to the large circle
all the shapes on the right side
the two small red dots
both blue rectangles
the ring around the dot
any yellow shape
the purple hexagon at the top
the orange pentagon below the white ring
three black crosses in a row
the gray ellipse between the hearts
the grey disk touching the edge
the pink heart in the corner
the cyan diamond left of the magenta star
the violet oval, not the brown one
the gold star; the silver star is behind it
the dark blue square next to the light green circle
the light blue triangle above the dark red box
"""

SPLIT_TEMPLATES = [
    "the {size} {colour} {shape}",
    "{colour} {shape} {relation} the {colour2} {shape2}",
    "the {shape} {relation} the {size} {shape2}",
    "the {colour} {shape} {place}",
    "the {superlative} {colour} {shape}",
    "{quantifier} {colour} {shapes}",
    "{quantifier} {size} {shapes} {place}",
    "the {shape} between the {colour} {shape2} and the {colour2} {shape3}",
    "the {colour} one {relation} the {shape}",
    "{quantifier} {shapes} {relation} the {colour} {shape}",
    "the {size} {shape} that is {colour}",
    "the {colour} {shape} {relation} the {size} {colour2} {shape2} {place}",
    "{quantifier} {colour} and {colour2} {shapes}",
    "the {superlative} {shape} {place}",
]

GENERAL_TEMPLATES = [
    "the {person} in the {colour} {clothing} {place}",
    "{person} {action} a {object}",
    "the {person} {action} the {animal}",
    "the {animal} {relation} the {object}",
    "{colour} {object} {place}",
    "the {size} {animal} {place}",
    "{person} wearing a {colour} {clothing} and {colour2} {clothing2}",
    "the {superlative} {animal}",
    "{quantifier} {animal} {place}",
    "the {object} {relation} the {person} in {colour}",
    "{person} with the {colour} {object}",
    "the {colour} {object} {relation} the {animal}",
    "the {attribute} {object} {place}",
    "{attribute} {animal} {relation} the {attribute2} {object}",
    "the {person} with {attribute} hair {action} the {object}",
    "{quantifier} {attribute} {object} {relation} the {person}",
    "the {attribute} {colour} {clothing} on the {person}",
    "the {person} {verb} in the {scene}",
    "{animal} {verb} on the {scene}",
    "the {number} {more_colour} {shapes} {place}",
    "the {more_colour} {shape} {relation} the {number} {shape2}",
    "{person} in {more_colour} {verb} {place}",
    "the {object} in the {scene} {relation} the {animal}",
]


def fill(template, rng):
    shape_names = list(SHAPES)
    shape, shape2, shape3 = (rng.choice(shape_names) for _ in range(3))
    return template.format(
        size=rng.choice(SIZES), colour=rng.choice(COLOURS), colour2=rng.choice(COLOURS), shape=shape, shape2=shape2,
        shape3=shape3, shapes=SHAPES[rng.choice(shape_names)], relation=rng.choice(RELATIONS),
        place=rng.choice(PLACES), superlative=rng.choice(SUPERLATIVES), quantifier=rng.choice(QUANTIFIERS),
        person=rng.choice(PEOPLE), clothing=rng.choice(CLOTHING), clothing2=rng.choice(CLOTHING),
        animal=rng.choice(ANIMALS), object=rng.choice(OBJECTS), action=rng.choice(ACTIONS),
        attribute=rng.choice(ATTRIBUTES), attribute2=rng.choice(ATTRIBUTES), scene=rng.choice(SCENES),
        more_colour=rng.choice(MORE_COLOURS), number=rng.choice(NUMBERS), verb=rng.choice(VERBS))


def dress(line, rng):
    """Some capitals and punctuation, as annotators write them (clean_string removes them again)."""
    roll = rng.random()
    if roll < 0.15:
        line = line[0].upper() + line[1:]
    if roll > 0.9:
        line += "."
    return line


def corpus_lines():
    rng = random.Random(20241112)
    lines = HANDWRITTEN.splitlines()
    # Every colour with every shape, singular and plural, so the synthetic dataset's words are all seen.
    for colour in COLOURS:
        for shape, plural in SHAPES.items():
            lines.append(f"the {colour} {shape}")
            lines.append(f"all {colour} {plural}")
    for size in SIZES:
        for shape in SHAPES:
            lines.append(f"the {size} {shape}")
    for relation in RELATIONS:
        lines.append(f"the shape {relation} the circle")
    for _ in range(700):
        lines.append(dress(fill(rng.choice(SPLIT_TEMPLATES), rng), rng))
    for _ in range(1500):
        lines.append(dress(fill(rng.choice(GENERAL_TEMPLATES), rng), rng))
    return lines


def main():
    out = Path(__file__).resolve().parent / "corpus.txt"
    lines = corpus_lines()
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} lines to {out}")


if __name__ == "__main__":
    main()
