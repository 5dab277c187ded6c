"""Turning a flat label into a photo of it: squarely framed for the clean tier; for the hard
tier, on a bottle on a shop shelf, turned, in perspective, unevenly lit, blurred and noisy.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFilter

Tier = Literal["clean", "hard"]
Array = npt.NDArray[np.float32]
RGB = tuple[int, int, int]

_BACKDROPS: tuple[RGB, ...] = ((236, 236, 234), (248, 247, 244), (120, 86, 56), (46, 50, 56))
_SHELVES: tuple[RGB, ...] = ((112, 80, 52), (36, 36, 40), (214, 217, 220), (150, 150, 156))
_GLASS: tuple[RGB, ...] = ((32, 64, 42), (74, 44, 22), (150, 170, 176), (22, 22, 24), (40, 52, 90))


@dataclass(frozen=True, slots=True)
class HardLook:
    """How rough the hard tier's photography is; each effect is drawn from these ranges."""

    turn: float = 12.0  # the most the camera is turned either way, in degrees
    tilt: tuple[float, float] = (0.02, 0.09)  # corner shift of the perspective, share of frame
    blur: tuple[float, float] = (0.7, 2.4)  # Gaussian sigma in pixels, for a 700 px label
    shake: float = 0.3  # share of photos with motion blur
    wrap: float = 0.65  # share of labels on a round bottle
    glare: float = 0.65  # share of photos with a glare spot on the label
    quality: tuple[int, int] = (35, 70)  # JPEG quality


HARD = HardLook()


@dataclass(frozen=True, slots=True)
class Shot:
    """Where the camera stands. frame is the photo's size; scene the size the photo is made
    at before it is scaled up to frame (a phone's sensor resolves less than it stores); label
    the label's size in the scene, which is also the size to draw it at."""

    frame: tuple[int, int]
    scene: tuple[int, int]
    label: tuple[int, int]


def plan_shot(tier: Tier, label_aspect: float, rng: random.Random) -> Shot:
    """The photo size and label size for a label of this width/height ratio."""
    if tier == "clean":
        long_side = rng.uniform(800, 1400)
        fill = rng.uniform(0.6, 0.9)
        if label_aspect >= 1:
            label = (long_side * fill, long_side * fill / label_aspect)
        else:
            label = (long_side * fill * label_aspect, long_side * fill)
        frame = (round(label[0] / fill), round(label[1] / fill))
        return Shot(frame, frame, (round(label[0]), round(label[1])))
    band = rng.random()
    long_side = rng.uniform(900, 1600) if band < 0.3 else rng.uniform(1600, 2800)
    if band >= 0.65:
        long_side = rng.uniform(2800, 4000)  # a phone camera's own resolution
    ratio = rng.choices((4 / 3, 16 / 9, 1.0), (6, 3, 1.5))[0]
    portrait = rng.random() < (0.85 if label_aspect < 1 else 0.35)
    frame = (
        (round(long_side / ratio), round(long_side))
        if portrait
        else (round(long_side), round(long_side / ratio))
    )
    detail = min(1.0, rng.uniform(1100, 2200) / long_side)
    scene = (round(frame[0] * detail), round(frame[1] * detail))
    share = rng.uniform(0.4, 0.9)  # of the frame's width or height, whichever binds
    width = min(scene[0] * share, scene[1] * share * label_aspect)
    return Shot(frame, scene, (max(1, round(width)), max(1, round(width / label_aspect))))


def photograph(
    label: Image.Image, shot: Shot, tier: Tier, rng: random.Random, look: HardLook | None = None
) -> Image.Image:
    """The photo of a drawn label, JPEG artefacts included, at shot.frame's size."""
    if label.size != shot.label:
        label = label.resize(shot.label, Image.Resampling.BICUBIC)
    if tier == "clean":
        photo = Image.new("RGB", shot.frame, rng.choice(_BACKDROPS))
        x = (shot.frame[0] - label.width) // 2
        y = (shot.frame[1] - label.height) // 2
        photo.paste(label, (x, y))
        return _jpeg(photo, rng.randint(88, 92))
    return _hard_photo(label, shot, look or HARD, rng, np.random.default_rng(rng.getrandbits(64)))


def _hard_photo(
    label: Image.Image,
    shot: Shot,
    look: HardLook,
    rng: random.Random,
    noise: np.random.Generator,
) -> Image.Image:
    width, height = shot.scene
    angle = math.radians(rng.triangular(-look.turn, look.turn, 0))
    tilt = rng.uniform(*look.tilt)  # how far each corner may move, as a share of the frame
    span_x = width * abs(math.cos(angle)) + height * abs(math.sin(angle))
    span_y = width * abs(math.sin(angle)) + height * abs(math.cos(angle))
    world_size = (round(span_x * (1 + 3 * tilt)), round(span_y * (1 + 3 * tilt)))
    if rng.random() < look.wrap:
        label = _wrap_on_bottle(label, rng.uniform(0.35, 0.9), rng)
    slack_x = max(0.0, (width - label.width) / 2) * 0.6
    slack_y = max(0.0, (height - label.height) / 2) * 0.6
    centre = (
        world_size[0] / 2 + rng.uniform(-slack_x, slack_x),
        world_size[1] / 2 + rng.uniform(-slack_y, slack_y),
    )
    world = _shelf(world_size, label.size, centre, rng)
    world.paste(label, (round(centre[0] - label.width / 2), round(centre[1] - label.height / 2)))
    camera = _camera(world_size, shot.scene, angle, tilt, rng)
    photo = world.transform(
        shot.scene, Image.Transform.PERSPECTIVE, camera, Image.Resampling.BICUBIC
    )
    # Blur is sized to the label, not the frame: what matters is how far a stroke smears
    # against the size of the characters, and a small label must stay readable.
    scale = max(label.size) / 700
    photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(*look.blur) * scale))
    pixels = np.asarray(photo, dtype=np.float32)
    if rng.random() < look.shake:
        pixels = _motion_blur(pixels, rng.uniform(2, 6) * scale, rng.uniform(0, math.pi))
    label_at = _seen_at(camera, centre, (width, height))
    pixels = _light(pixels, label_at, label.size, look.glare, rng)
    pixels += noise.standard_normal(pixels.shape, dtype=np.float32) * 2.0
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    if photo.size != shot.frame:
        photo = photo.resize(shot.frame, Image.Resampling.BICUBIC)
    grain = noise.standard_normal(photo.size[::-1], dtype=np.float32) * rng.uniform(2, 7)
    pixels = np.asarray(photo, dtype=np.float32) + grain[:, :, None]
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    return _jpeg(photo, rng.randint(*look.quality))


def _seen_at(
    camera: tuple[float, ...], point: tuple[float, float], size: tuple[int, int]
) -> tuple[float, float]:
    """Where a world point lands in the photo, as -1..1 across its width and height."""
    a, b, c, d, e, f, g, h = camera
    to_world = np.asarray([[a, b, c], [d, e, f], [g, h, 1.0]])
    x, y, w = np.linalg.solve(to_world, np.asarray([point[0], point[1], 1.0]))
    return float(x / w / size[0] * 2 - 1), float(y / w / size[1] * 2 - 1)


def _camera(
    world: tuple[int, int], frame: tuple[int, int], angle: float, tilt: float, rng: random.Random
) -> tuple[float, ...]:
    """PIL's perspective coefficients: for each photo pixel, the world pixel it sees. The photo
    is a turned rectangle of the world whose corners are pushed about, as a hand-held phone
    at an angle sees it."""
    width, height = frame
    cx, cy = world[0] / 2, world[1] / 2
    cos, sin = math.cos(angle), math.sin(angle)
    sources = []
    for x, y in ((0, 0), (width, 0), (width, height), (0, height)):
        dx = x - width / 2 + rng.uniform(-tilt, tilt) * width
        dy = y - height / 2 + rng.uniform(-tilt, tilt) * height
        sources.append((cx + dx * cos - dy * sin, cy + dx * sin + dy * cos))
    rows: list[list[float]] = []
    targets: list[float] = []
    for (x, y), (u, v) in zip(
        ((0, 0), (width, 0), (width, height), (0, height)), sources, strict=True
    ):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        targets.extend((u, v))
    solved = np.linalg.solve(np.asarray(rows, dtype=np.float64), np.asarray(targets))
    return tuple(float(c) for c in solved)


def _wrap_on_bottle(label: Image.Image, arc: float, rng: random.Random) -> Image.Image:
    """The label as seen on a round bottle: squeezed towards its edges, which fall into shade,
    often with the shine of a shop light running down it. arc is the half-angle of the bottle
    the label covers, in radians."""
    pixels = np.asarray(label, dtype=np.float32)
    width = pixels.shape[1]
    seen = np.linspace(-1.0, 1.0, width, dtype=np.float32)  # where each photo column looks
    around = np.arcsin(np.clip(seen * math.sin(arc), -1, 1)) / arc  # where that is on the label
    source = (around + 1) / 2 * (width - 1)
    left = np.floor(source).astype(np.int64)
    right = np.minimum(left + 1, width - 1)
    share = (source - left)[None, :, None]
    warped = pixels[:, left] * (1 - share) + pixels[:, right] * share
    light = 0.55 + 0.45 * np.cos(around * arc) ** 2
    if rng.random() < 0.45:
        where, spread = rng.uniform(-0.8, 0.8), rng.uniform(0.02, 0.07)
        light = light + rng.uniform(0.25, 0.7) * np.exp(-((seen - where) ** 2) / (2 * spread**2))
    shine = np.clip(light - 1, 0, None)[None, :, None] * 255
    lit = warped * np.minimum(light, 1)[None, :, None] + shine
    return Image.fromarray(np.clip(lit, 0, 255).astype(np.uint8), "RGB")


def _shelf(
    size: tuple[int, int], label: tuple[int, int], centre: tuple[float, float], rng: random.Random
) -> Image.Image:
    """A shop shelf: a back wall, a shelf board, neighbouring bottles and the bottle itself,
    drawn small and scaled up, since it is out of focus behind the label anyway."""
    step = 4
    width, height = size[0] / step, size[1] / step
    small = (label[0] / step, label[1] / step)
    centre = (centre[0] / step, centre[1] / step)
    wall = rng.choice(_SHELVES)
    world = Image.new("RGB", (max(1, round(width)), max(1, round(height))), wall)
    draw = ImageDraw.Draw(world)
    body = small[0] * rng.uniform(1.15, 1.4)
    gap = body * rng.uniform(0.05, 0.2)
    x = centre[0] - body / 2 - gap
    while x > 0:  # neighbours to the left, then to the right
        x -= body * rng.uniform(0.8, 1.0)
        _bottle(draw, x, x + body * rng.uniform(0.7, 0.95), height, small, centre, rng)
        x -= gap
    x = centre[0] + body / 2 + gap
    while x < width:
        right = x + body * rng.uniform(0.7, 0.95)
        _bottle(draw, x, right, height, small, centre, rng)
        x = right + gap
    board = centre[1] + small[1] * rng.uniform(0.75, 1.1)
    shade = tuple(max(0, c - 30) for c in wall)
    draw.rectangle((0, board, width, board + height * 0.05), fill=shade)
    left, right = centre[0] - body / 2, centre[0] + body / 2
    glass = rng.choice(_GLASS)
    draw.rounded_rectangle((left, -body, right, board), radius=body * 0.15, fill=glass)
    shine = tuple(min(255, c + 70) for c in glass)
    draw.rectangle((left + body * 0.1, 0, left + body * 0.16, board - body * 0.1), fill=shine)
    world = world.filter(ImageFilter.GaussianBlur(1.0))
    return world.resize(size, Image.Resampling.BILINEAR)


def _bottle(
    draw: ImageDraw.ImageDraw,
    left: float,
    right: float,
    height: float,
    label: tuple[float, float],
    centre: tuple[float, float],
    rng: random.Random,
) -> None:
    top = centre[1] - label[1] * rng.uniform(0.7, 1.2)
    glass = rng.choice(_GLASS)
    draw.rounded_rectangle((left, top, right, height), radius=(right - left) * 0.2, fill=glass)
    if rng.random() < 0.7:  # its label, too far round the shelf to read
        paper = rng.choice(((240, 232, 210), (250, 250, 248), (30, 30, 32), (190, 40, 40)))
        inset = (right - left) * 0.08
        y = centre[1] - label[1] * rng.uniform(0.2, 0.45)
        draw.rectangle((left + inset, y, right - inset, y + label[1] * 0.6), fill=paper)


def _light(
    pixels: Array,
    label_at: tuple[float, float],
    label: tuple[int, int],
    glare: float,
    rng: random.Random,
) -> Array:
    """Shop lighting: a gradient across the frame, a vignette, a tint, and often a glare spot
    on the glossy label."""
    height, width = pixels.shape[:2]
    ys = np.linspace(-1, 1, height, dtype=np.float32)[:, None]
    xs = np.linspace(-1, 1, width, dtype=np.float32)[None, :]
    direction = rng.uniform(0, 2 * math.pi)
    slope = xs * math.cos(direction) + ys * math.sin(direction)
    field = 1 + rng.uniform(0.12, 0.4) * slope - rng.uniform(0.05, 0.3) * (xs**2 + ys**2) / 2
    field *= rng.uniform(0.6, 1.1)
    tint = np.asarray([1 + rng.uniform(-0.07, 0.07) for _ in range(3)], dtype=np.float32)
    lit = pixels * field[:, :, None] * tint[None, None, :]
    if rng.random() < glare:
        reach_x, reach_y = label[0] / width, label[1] / height  # half the label, in -1..1 units
        gx = label_at[0] + rng.uniform(-reach_x, reach_x)
        gy = label_at[1] + rng.uniform(-reach_y, reach_y)
        radius = rng.uniform(0.04, 0.12) * 2
        aspect = width / height
        spot = np.exp(-((xs - gx) ** 2 * aspect**2 + (ys - gy) ** 2) / (2 * radius**2))
        lit += (rng.uniform(110, 230) * spot)[:, :, None]
    return lit.astype(np.float32)


def _motion_blur(pixels: Array, length: float, direction: float) -> Array:
    """A shaken hand: the mean of the image shifted along a short line."""
    steps = max(2, round(length))
    total = np.zeros_like(pixels)
    for step in range(steps):
        offset = step - (steps - 1) / 2
        dx, dy = round(offset * math.cos(direction)), round(offset * math.sin(direction))
        total += np.roll(pixels, (dy, dx), axis=(0, 1))
    return (total / steps).astype(np.float32)


def _jpeg(photo: Image.Image, quality: int) -> Image.Image:
    """The photo as a phone or an upload form would save it, artefacts and all."""
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("RGB")
