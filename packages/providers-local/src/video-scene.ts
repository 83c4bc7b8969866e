import { paintDisc, randomColor, type Color } from './procedural-image';
import { hashText, seededRandom } from './random';

/** What {@link createScene} draws. */
export interface SceneOptions {
  prompt: string;
  negativePrompt?: string;
  seed: number;
  width: number;
  height: number;
}

/** One disc of the scene: where it sits, how it orbits and how deep it is. */
interface Orbiter {
  centerX: number;
  centerY: number;
  radius: number;
  orbit: number;
  /** Whole turns over the clip (negative turns the other way), so the clip loops. */
  turns: number;
  phase: number;
  /** How much the camera's pan moves it: far discs move less. */
  depth: number;
  color: Color;
  opacity: number;
}

const TAU = 2 * Math.PI;
const clampByte = (value: number) => Math.max(0, Math.min(255, value));

/** Turns a colour's hue by `angle` radians (a rotation in YIQ space), keeping its brightness. */
export function rotateHue(color: Color, angle: number): Color {
  const { red, green, blue } = color;
  const luma = 0.299 * red + 0.587 * green + 0.114 * blue;
  const inPhase = 0.596 * red - 0.274 * green - 0.322 * blue;
  const quadrature = 0.211 * red - 0.523 * green + 0.312 * blue;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const i = inPhase * cos - quadrature * sin;
  const q = inPhase * sin + quadrature * cos;
  return {
    red: clampByte(luma + 0.956 * i + 0.621 * q),
    green: clampByte(luma - 0.272 * i - 0.647 * q),
    blue: clampByte(luma - 1.106 * i + 1.703 * q),
  };
}

/** A linear gradient from `from` to `to` across the frame, along `angle`. */
function paintAngledGradient(
  pixels: Uint8Array,
  options: {
    width: number;
    height: number;
    angle: number;
    from: Color;
    to: Color;
  },
): void {
  const { width, height, from, to } = options;
  const halfSpan = Math.max(1, Math.hypot(width, height) / 2);
  const stepX = Math.cos(options.angle) / halfSpan;
  const stepY = Math.sin(options.angle) / halfSpan;
  const delta = {
    red: to.red - from.red,
    green: to.green - from.green,
    blue: to.blue - from.blue,
  };
  let offset = 0;
  for (let y = 0; y < height; y += 1) {
    let along = (0 - width / 2) * stepX + (y - height / 2) * stepY;
    for (let x = 0; x < width; x += 1) {
      const share = Math.max(0, Math.min(1, (along + 1) / 2));
      pixels[offset] = from.red + delta.red * share;
      pixels[offset + 1] = from.green + delta.green * share;
      pixels[offset + 2] = from.blue + delta.blue * share;
      offset += 3;
      along += stepX;
    }
  }
}

function drawOrbiters(random: () => number, size: number): Orbiter[] {
  const count = 4 + Math.floor(random() * 5);
  return Array.from({ length: count }, () => {
    const turns = (1 + Math.floor(random() * 2)) * (random() < 0.5 ? -1 : 1);
    return {
      centerX: 0.15 + random() * 0.7,
      centerY: 0.15 + random() * 0.7,
      radius: (0.06 + random() * 0.18) * size,
      orbit: (0.05 + random() * 0.2) * size,
      turns,
      phase: random() * TAU,
      depth: 0.3 + random() * 0.7,
      color: randomColor(random),
      opacity: 0.4 + random() * 0.45,
    };
  });
}

/**
 * Sets up a procedural scene for a prompt and seed and returns a painter of
 * its frames: a gradient whose direction sways and whose hues turn a full
 * circle, and translucent discs orbiting their spots while the camera pans
 * in a loop. `phase` runs from 0 to 1 over the clip; phase 1 is phase 0
 * again, so the clip loops without a jump. Same input, same pixels.
 */
export function createScene(options: SceneOptions): (phase: number) => Buffer {
  const { width, height } = options;
  const random = seededRandom(
    hashText(
      `video\u0000${options.prompt}\u0000${options.negativePrompt ?? ''}`,
      options.seed,
    ),
  );
  const from = randomColor(random);
  const to = randomColor(random);
  const baseAngle = random() * TAU;
  const hueTurns = random() < 0.5 ? -1 : 1;
  const pan = {
    x: (0.06 + random() * 0.08) * width,
    y: (0.04 + random() * 0.06) * height,
  };
  const orbiters = drawOrbiters(random, Math.min(width, height));
  return (phase) => {
    const pixels = Buffer.alloc(width * height * 3);
    const turn = TAU * phase;
    const hue = hueTurns * turn;
    paintAngledGradient(pixels, {
      width,
      height,
      angle: baseAngle + 0.6 * Math.sin(turn),
      from: rotateHue(from, hue),
      to: rotateHue(to, hue),
    });
    const cameraX = pan.x * Math.cos(turn);
    const cameraY = pan.y * Math.sin(turn);
    for (const orbiter of orbiters) {
      const angle = orbiter.phase + orbiter.turns * turn;
      paintDisc(pixels, {
        width,
        height,
        centerX:
          orbiter.centerX * width +
          orbiter.orbit * Math.cos(angle) +
          cameraX * orbiter.depth,
        centerY:
          orbiter.centerY * height +
          orbiter.orbit * Math.sin(angle) +
          cameraY * orbiter.depth,
        radius: orbiter.radius * (1 + 0.15 * Math.sin(angle * 2)),
        color: rotateHue(orbiter.color, hue),
        opacity: orbiter.opacity,
      });
    }
    return pixels;
  };
}
