import type { Rng } from './rng';
import { hex, xml, type Rgb } from './scan';

/** Small helpers that write printed parts of a page as SVG, with positions in inches at a given dpi. */
export class PrintPen {
  private readonly parts: string[] = [];

  constructor(readonly dpi: number) {}

  px(inches: number): number {
    return Math.round(inches * this.dpi * 10) / 10;
  }

  /** A whole number of pixels, for image sizes. */
  size(inches: number): number {
    return Math.round(inches * this.dpi);
  }

  text(x: number, y: number, size: number, text: string, o: { colour?: Rgb; font?: string; weight?: string; style?: string; anchor?: string } = {}): void {
    this.parts.push(
      `<text x="${this.px(x)}" y="${this.px(y)}" font-family="${o.font ?? 'DejaVu Sans'}" font-size="${this.px(size)}" font-weight="${o.weight ?? 'normal'}" font-style="${o.style ?? 'normal'}" text-anchor="${o.anchor ?? 'start'}" fill="${hex(o.colour ?? [30, 30, 30])}">${xml(text)}</text>`,
    );
  }

  line(x0: number, y0: number, x1: number, y1: number, width: number, colour: Rgb = [40, 40, 40]): void {
    this.parts.push(`<line x1="${this.px(x0)}" y1="${this.px(y0)}" x2="${this.px(x1)}" y2="${this.px(y1)}" stroke="${hex(colour)}" stroke-width="${this.px(width)}"/>`);
  }

  rect(x: number, y: number, w: number, h: number, stroke: number, colour: Rgb = [40, 40, 40], fill = 'none'): void {
    this.parts.push(`<rect x="${this.px(x)}" y="${this.px(y)}" width="${this.px(w)}" height="${this.px(h)}" fill="${fill}" stroke="${hex(colour)}" stroke-width="${this.px(stroke)}"/>`);
  }

  /** A free-hand scribble (signature, cancellation waves) through random points, as a smooth path. */
  scribble(rng: Rng, x: number, y: number, w: number, h: number, points: number, width: number, colour: Rgb): void {
    let d = `M ${this.px(x)} ${this.px(y + rng.uniform(0, h))}`;
    for (let i = 1; i <= points; i++) {
      const px = x + (w * i) / points;
      d += ` Q ${this.px(px - w / points / 2)} ${this.px(y + rng.uniform(-0.2, 1.2) * h)} ${this.px(px)} ${this.px(y + rng.uniform(0, h))}`;
    }
    this.parts.push(`<path d="${d}" fill="none" stroke="${hex(colour)}" stroke-width="${this.px(width)}" stroke-linecap="round"/>`);
  }

  /** Faint wavy lines over an area: the security background of a cheque. */
  waves(rng: Rng, w: number, h: number, colour: Rgb): void {
    for (let y = 0.1; y < h; y += 0.12) {
      let d = `M 0 ${this.px(y)}`;
      for (let x = 0.25; x <= w + 0.25; x += 0.25) d += ` T ${this.px(x)} ${this.px(y + (rng.chance(0.5) ? 0.04 : -0.04))}`;
      this.parts.push(`<path d="${d}" fill="none" stroke="${hex(colour)}" stroke-width="${this.px(0.006)}"/>`);
    }
  }

  svg(): string {
    return this.parts.join('');
  }
}

const FIRST = ['JOHN', 'MARY', 'ROBERT', 'LINDA', 'JAMES', 'SUSAN', 'DAVID', 'KAREN', 'PAUL', 'NANCY'];
const LAST = ['SMITH', 'JOHNSON', 'BROWN', 'GARCIA', 'MILLER', 'DAVIS', 'WILSON', 'MOORE', 'TAYLOR', 'CLARK'];
const STREETS = ['MAIN ST', 'OAK AVE', 'PINE RD', 'MAPLE DR', 'CEDAR LN', 'ELM ST', 'PARK BLVD', 'LAKE RD'];
const CITIES = ['SPRINGFIELD IL', 'RIVERSIDE CA', 'FRANKLIN TN', 'GREENVILLE SC', 'BRISTOL CT', 'SALEM OR', 'MADISON WI'];

export function randomName(rng: Rng): string {
  return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
}

export function randomStreet(rng: Rng): string {
  return `${rng.int(1, 9999)} ${rng.pick(STREETS)}`;
}

export function randomCity(rng: Rng): string {
  return rng.pick(CITIES);
}
