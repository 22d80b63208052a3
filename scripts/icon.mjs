// `node scripts/icon.mjs`: draws media/icon.png, the 128×128 Marketplace gallery icon (the activity bar keeps
// media/icon.svg), by rendering the SVG below in Chromium: two training curves, one rising to a plateau and
// one falling like a loss, over a faint grid on a dark rounded square. Strokes are thick enough to read at 32 px.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ROOT } from './codeserver.mjs';

const OUT = path.join(ROOT, 'media', 'icon.png');

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#26324a"/>
      <stop offset="1" stop-color="#141b29"/>
    </linearGradient>
    <linearGradient id="band" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#4fd1c5" stop-opacity="0.35"/>
      <stop offset="1" stop-color="#4fd1c5" stop-opacity="0"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="24" fill="url(#bg)"/>
  <g stroke="#ffffff" stroke-opacity="0.08" stroke-width="2">
    <path d="M22 42H110M22 66H110M22 90H110"/>
    <path d="M50 24V104M78 24V104"/>
  </g>
  <path d="M22 24V104H110" fill="none" stroke="#c8d3e6" stroke-opacity="0.7" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>
  <path d="M26 96 C 40 64, 52 48, 66 42 S 92 34, 108 32 L108 100 L26 100 Z" fill="url(#band)"/>
  <path d="M26 44 C 40 70, 54 80, 70 84 S 96 90, 108 91" fill="none" stroke="#f6ad55" stroke-width="7" stroke-linecap="round"/>
  <path d="M26 96 C 40 64, 52 48, 66 42 S 92 34, 108 32" fill="none" stroke="#4fd1c5" stroke-width="8" stroke-linecap="round"/>
  <circle cx="108" cy="32" r="7" fill="#4fd1c5" stroke="#141b29" stroke-width="3"/>
</svg>`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(
    `<!DOCTYPE html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${SVG}`,
  );
  // Transparent outside the rounded square.
  await page.screenshot({ path: OUT, omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  console.log(`wrote ${path.relative(ROOT, OUT)}`);
} finally {
  await browser.close();
}
