import type { DocumentKind } from '../segmentation';
import { writeString } from './handwriting';
import { InkLayer, type DigitBank } from './ink';
import { PrintPen, randomCity, randomName, randomStreet } from './print';
import type { Rng } from './rng';
import type { Page, Rgb } from './scan';
import type { TruthField } from './truth';

export interface Layout {
  page: Page;
  fields: TruthField[];
}

export const DPIS = [150, 200, 240, 300, 400, 600] as const;
const BLACK_INK: Rgb = [25, 25, 35];
const BLUE_INK: Rgb = [25, 45, 150];
const PRINT: Rgb = [35, 35, 40];

function inkColour(rng: Rng): Rgb {
  return rng.chance(0.5) ? BLUE_INK : BLACK_INK;
}

function digitsOf(rng: Rng, n: number, leadingZero = true): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(i === 0 && !leadingZero ? rng.int(1, 9) : rng.int(0, 9));
  return s;
}

function blankPage(dpi: number, widthIn: number, heightIn: number): { pen: PrintPen; ink: InkLayer } {
  const pen = new PrintPen(dpi);
  return { pen, ink: new InkLayer(pen.size(widthIn), pen.size(heightIn)) };
}

function finish(pen: PrintPen, ink: InkLayer, paper: Rgb, inkColour: Rgb): Page {
  return { width: ink.width, height: ink.height, dpi: pen.dpi, paper, print: pen.svg(), ink, inkColour };
}

export function makeLayout(kind: DocumentKind, bank: DigitBank, rng: Rng, dpi: number): Layout {
  return kind === 'cheque' ? cheque(bank, rng, dpi) : kind === 'zip' ? zip(bank, rng, dpi) : digitsPage(bank, rng, dpi);
}

/** A personal cheque, 6 × 2.75 in, with the amount written in the "$" box. */
function cheque(bank: DigitBank, rng: Rng, dpi: number): Layout {
  const W = 6;
  const H = 2.75;
  const { pen, ink } = blankPage(dpi, W, H);
  const colour = inkColour(rng);
  const paper: Rgb = rng.pick<Rgb>([
    [236, 244, 238],
    [240, 238, 228],
    [232, 238, 246],
    [250, 250, 247],
  ]);
  pen.waves(rng, W, H, [paper[0] - 22, paper[1] - 18, paper[2] - 20]);
  pen.rect(0.06, 0.06, W - 0.12, H - 0.12, 0.01, [90, 90, 100]);
  const j = () => rng.uniform(-0.04, 0.04);
  pen.text(0.35, 0.42 + j(), 0.16, rng.pick(['FIRST NATIONAL BANK', 'RIVER CITY BANK', 'UNITED TRUST', 'PIONEER SAVINGS']), {
    colour: [20, 40, 90],
    font: 'DejaVu Serif',
    weight: 'bold',
  });
  pen.text(0.35, 0.58, 0.08, `${randomStreet(rng)}  ${randomCity(rng)}`);
  pen.text(5.75, 0.32, 0.1, String(rng.int(100, 9999)), { anchor: 'end' });
  const dateY = 0.78 + j();
  pen.text(3.75, dateY, 0.08, 'DATE');
  pen.line(4.15, dateY + 0.02, 5.8, dateY + 0.02, 0.008, PRINT);
  if (rng.chance(0.5)) {
    const date = `${String(rng.int(1, 12)).padStart(2, '0')}/${String(rng.int(1, 28)).padStart(2, '0')}/${rng.int(10, 29)}`;
    writeString(ink, bank, rng, date, { x: pen.px(4.3), baseline: pen.px(dateY), height: pen.px(0.15), pen: pen.px(0.012), touching: 0.1 });
  }
  const payY = 1.3 + j();
  pen.text(0.35, payY - 0.12, 0.07, 'PAY TO THE');
  pen.text(0.35, payY, 0.07, 'ORDER OF');
  pen.line(1.05, payY + 0.02, 4.15, payY + 0.02, 0.008, PRINT);
  pen.text(1.3, payY - 0.03, 0.15, randomName(rng).toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase()), {
    font: 'DejaVu Serif',
    style: 'italic',
    colour,
  });
  // The courtesy-amount box.
  const bx = 4.5 + rng.uniform(-0.1, 0.05);
  const bw = rng.uniform(1.25, 1.4);
  const bh = rng.uniform(0.38, 0.48);
  const by = payY - bh + 0.06;
  pen.text(bx - 0.05, by + bh * 0.72, 0.2, '$', { anchor: 'end', weight: 'bold' });
  pen.rect(bx, by, bw, bh, rng.uniform(0.008, 0.014), PRINT);
  const dollars = digitsOf(rng, rng.pick([1, 2, 2, 3, 3, 3, 4]), false);
  const cents = rng.chance(0.9) ? digitsOf(rng, 2) : '';
  const sep = rng.chance(0.75) ? '.' : ',';
  const text = cents ? `${dollars}${sep}${cents}` : dollars;
  let h = rng.uniform(0.2, Math.min(0.3, bh - 0.1));
  // Write smaller when the amount would not fit: a digit with its gap takes about its height in width.
  h = Math.min(h, (bw - 0.22) / (text.replace(/\D/g, '').length * 1.05 + (cents ? 0.6 : 0)));
  const amount = writeString(ink, bank, rng, text, {
    x: pen.px(bx + rng.uniform(0.06, 0.16)),
    baseline: pen.px(by + bh - rng.uniform(0.05, 0.1)),
    height: pen.px(h),
    pen: pen.px(0.014),
    touching: 0.15,
  });
  const legalY = 1.72 + j();
  pen.text(0.5, legalY - 0.03, 0.13, `${rng.pick(['One', 'Two', 'Five', 'Nine', 'Forty'])} hundred and ${cents || '00'}/100`, {
    font: 'DejaVu Serif',
    style: 'italic',
    colour,
  });
  pen.line(0.35, legalY + 0.02, 5.0, legalY + 0.02, 0.008, PRINT);
  pen.text(5.1, legalY, 0.09, 'DOLLARS');
  pen.text(0.35, 2.2, 0.07, 'MEMO');
  pen.line(0.75, 2.22, 2.8, 2.22, 0.008, PRINT);
  pen.line(3.6, 2.22, 5.8, 2.22, 0.008, PRINT);
  pen.scribble(rng, 3.8, 1.95, 1.6, 0.22, rng.int(5, 9), 0.014, colour);
  pen.text(0.6, 2.55, 0.12, `:${digitsOf(rng, 9)}: ${digitsOf(rng, 10)}" ${rng.int(100, 9999)}`, { font: 'DejaVu Sans Mono' });
  return { page: finish(pen, ink, paper, colour), fields: [amount.field] };
}

/** An envelope's address block with a zip code written on a line or in printed boxes. */
function zip(bank: DigitBank, rng: Rng, dpi: number): Layout {
  const W = 5;
  const H = 2.6;
  const { pen, ink } = blankPage(dpi, W, H);
  const colour = inkColour(rng);
  const paper: Rgb = rng.pick<Rgb>([
    [250, 250, 248],
    [244, 236, 220],
    [238, 238, 240],
  ]);
  pen.text(0.2, 0.3, 0.08, randomName(rng));
  pen.text(0.2, 0.42, 0.08, randomStreet(rng));
  pen.text(0.2, 0.54, 0.08, randomCity(rng));
  pen.rect(4.05, 0.15, 0.75, 0.85, 0.01, [120, 60, 60], '#e8d8d8');
  pen.text(4.42, 0.9, 0.1, `USA ${rng.int(30, 99)}`, { anchor: 'middle', colour: [120, 60, 60] });
  const left = 1.3 + rng.uniform(-0.2, 0.2);
  const top = 1.05 + rng.uniform(-0.1, 0.1);
  const font = rng.chance(0.5) ? 'DejaVu Sans' : 'DejaVu Serif';
  pen.text(left, top, 0.11, randomName(rng), { font });
  pen.text(left, top + 0.2, 0.11, randomStreet(rng), { font });
  pen.text(left, top + 0.4, 0.11, randomCity(rng), { font });
  const plus4 = rng.chance(0.3);
  const code = plus4 ? `${digitsOf(rng, 5)}-${digitsOf(rng, 4)}` : digitsOf(rng, 5);
  const baseY = top + 0.95;
  let field: TruthField;
  if (rng.chance(0.5)) {
    pen.text(left, baseY, 0.09, 'ZIP');
    pen.line(left + 0.35, baseY + 0.03, left + 3.1, baseY + 0.03, 0.01, PRINT);
    field = writeString(ink, bank, rng, code, {
      x: pen.px(left + rng.uniform(0.45, 0.7)),
      baseline: pen.px(baseY - 0.01),
      height: pen.px(rng.uniform(0.22, 0.3)),
      pen: pen.px(0.014),
      touching: 0.12,
    }).field;
  } else {
    pen.text(left, baseY, 0.09, 'ZIP CODE');
    const cw = rng.uniform(0.28, 0.34);
    const ch = rng.uniform(0.36, 0.42);
    const combWidth = (plus4 ? 9 : 5) * cw + (plus4 ? 0.22 : 0);
    const x0 = Math.min(left + 0.75, W - 0.15 - combWidth);
    const digits: TruthField['digits'] = [];
    let x = x0;
    for (const c of code) {
      if (c === '-') {
        pen.line(x + 0.05, baseY - ch / 2 + 0.03, x + 0.17, baseY - ch / 2 + 0.03, 0.02, PRINT);
        x += 0.22;
        continue;
      }
      pen.rect(x, baseY + 0.03 - ch, cw, ch, 0.01, PRINT);
      const h = rng.uniform(0.21, Math.min(0.3, ch - 0.04));
      const patch = bank.draw(Number(c), pen.px(h), rng);
      const px = pen.px(x + cw / 2) - patch.width / 2 + pen.px(rng.uniform(-0.04, 0.04));
      const py = pen.px(baseY + 0.03 - ch / 2 - h / 2 + rng.uniform(-0.04, 0.04));
      digits.push({ box: ink.stamp(patch, Math.round(px), Math.round(py)), label: Number(c), mnist: patch.mnist });
      x += cw;
    }
    const b = digits.map((d) => d.box);
    const fx = Math.min(...b.map((d) => d[0]));
    const fy = Math.min(...b.map((d) => d[1]));
    field = { text: code, digits, box: [fx, fy, Math.max(...b.map((d) => d[0] + d[2])) - fx, Math.max(...b.map((d) => d[1] + d[3])) - fy] };
  }
  return { page: finish(pen, ink, paper, colour), fields: [field] };
}

/** A sheet with a few handwritten numbers, some on ruled lines, with printed labels. */
function digitsPage(bank: DigitBank, rng: Rng, dpi: number): Layout {
  const W = 5.5;
  const H = 3.5;
  const { pen, ink } = blankPage(dpi, W, H);
  const colour = inkColour(rng);
  pen.text(0.3, 0.35, 0.12, `METER READINGS  SHEET ${rng.int(1, 99)}`, { weight: 'bold' });
  const ruled = rng.chance(0.5);
  const fields: TruthField[] = [];
  const rows = rng.int(1, 4);
  for (let r = 0; r < rows; r++) {
    const baseline = 0.95 + r * 0.7 + rng.uniform(-0.05, 0.05);
    if (ruled) pen.line(0.2, baseline + 0.03, W - 0.2, baseline + 0.03, 0.008, [110, 130, 170]);
    pen.text(0.3, baseline, 0.09, `No. ${r + 1}`);
    const text = digitsOf(rng, rng.int(1, 8));
    const h = rng.uniform(0.2, 0.32);
    fields.push(
      writeString(ink, bank, rng, text, {
        x: pen.px(rng.uniform(1.0, 2.2)),
        baseline: pen.px(baseline - 0.01),
        height: pen.px(h),
        pen: pen.px(0.014),
        touching: 0.12,
      }).field,
    );
  }
  return { page: finish(pen, ink, [250, 250, 250], colour), fields };
}
