/**
 * Draws the app icons into public/icons (committed; run again only to change them): `npx tsx scripts/make-icons.ts`.
 * One SVG drawing, rendered to PNG by sharp (already installed as a dependency of transformers.js).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import sharp from 'sharp';

const OUT = 'public/icons';
const BLUE = '#2563eb';

/** A microphone with two sound arcs, on a 512 × 512 grid centred at 256. */
const glyph = `
  <g fill="none" stroke="#fff" stroke-width="28" stroke-linecap="round">
    <rect x="206" y="92" width="100" height="196" rx="50" fill="#fff" stroke="none"/>
    <path d="M150 232a106 106 0 0 0 212 0"/>
    <path d="M256 338v66M196 416h120"/>
    <path d="M104 176a160 160 0 0 0 0 120M408 176a160 160 0 0 1 0 120" stroke-width="22" opacity=".75"/>
  </g>`;

/** Rounded tile for ordinary icons. */
const icon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" rx="112" fill="${BLUE}"/>${glyph}
</svg>`;

/** Full-bleed for maskable: the platform crops to its own shape, so the glyph shrinks into the 80 % safe circle. */
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" fill="${BLUE}"/>
  <g transform="translate(256 256) scale(0.72) translate(-256 -256)">${glyph}</g>
</svg>`;

const png = (svg: string, size: number) => sharp(Buffer.from(svg), { density: 300 }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();

await mkdir(OUT, { recursive: true });
await writeFile(`${OUT}/icon.svg`, `${icon.trim()}\n`);
await writeFile(`${OUT}/icon-192.png`, await png(icon, 192));
await writeFile(`${OUT}/icon-512.png`, await png(icon, 512));
await writeFile(`${OUT}/maskable-512.png`, await png(maskable, 512));
// iOS draws its own rounded corners and shows transparency as black, so the touch icon is the full-bleed one.
await writeFile(`${OUT}/apple-touch-icon.png`, await png(maskable, 180));
console.info(`icons written to ${OUT}`);
