import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The colours of renderer/styles/theme.css, both themes, read from `--name: light-dark(#light, #dark)`. */
const css = readFileSync(new URL('../../../renderer/styles/theme.css', import.meta.url), 'utf8');
const themes = { light: new Map<string, string>(), dark: new Map<string, string>() };
for (const match of css.matchAll(/(--[\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi)) {
  themes.light.set(match[1]!, match[2]!);
  themes.dark.set(match[1]!, match[3]!);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Text colour on background colour, as the stylesheets pair them (WCAG AA for normal text: 4.5:1). */
const pairs: Array<[text: string, background: string]> = [
  ['--text', '--bg'],
  ['--text', '--surface'],
  ['--text', '--selection'],
  ['--text-muted', '--surface'],
  ['--text-muted', '--bg'],
  ['--text-muted', '--surface-raised'],
  ['--accent', '--surface'],
  ['--accent-text', '--accent'],
  ['--ok', '--ok-bg'],
  ['--warn', '--warn-bg'],
  ['--danger', '--danger-bg'],
  ['--ok', '--surface'],
  ['--warn', '--surface'],
  ['--danger', '--surface'],
  ['--surface', '--danger'],
];

describe('theme colours', () => {
  it('define every colour in both themes', () => {
    expect(themes.light.size).toBeGreaterThan(15);
    expect([...themes.dark.keys()]).toEqual([...themes.light.keys()]);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`keep text and status colours readable in the ${theme} theme (4.5:1)`, () => {
      const colours = themes[theme];
      const weak = pairs
        .map(([text, background]) => ({ pair: `${text} on ${background}`, ratio: contrast(colours.get(text)!, colours.get(background)!) }))
        .filter(({ ratio }) => ratio < 4.5)
        .map(({ pair, ratio }) => `${pair}: ${ratio.toFixed(2)}`);
      expect(weak).toEqual([]);
    });
  }
});
