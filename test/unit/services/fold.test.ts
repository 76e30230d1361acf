import { describe, expect, it } from 'vitest';
import { cellSeparator, fold } from '../../../main/services/cache/fold.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';
import { oldFold, picker } from './cache-search-support.ts';


describe('fold', () => {
  const pieces = [
    'a', 'Z', 'Hello', ' ', '  ', '-', "'", '0', '42', 'x',
    // accented Latin, precomposed and decomposed
    'é', 'É', 'e\u0301', 'E\u0301', 'ü', 'u\u0308', 'Müller', 'Mu\u0308ller', 'ñ', 'n\u0303', 'Å', 'A\u030a', 'Ø', 'ß', 'ẞ', 'Ǆ', 'ǅ', 'ı',
    // Greek, with final sigma in and out of context
    'ΟΔΟΣ', 'Σ', 'ς', 'σ', 'ΑΣ\u0301', 'ΐ', 'Ϊ́', 'Ω', 'Ω',
    // Turkish dotted capital I, ligatures, full width, compatibility forms
    'İ', 'İstanbul', 'ﬁ', 'ﬃ', 'ﬁona', 'Ａ', 'ｂ', 'ＡＢＣ１２', '①', '㎏', 'Ⅻ', 'ﾊﾟ', '\u00a0', '\u2126',
    // CJK, Hangul, emoji (astral, joined, with a variation selector)
    '中文', '日本語', '한국어', '😀', '👩‍👩‍👧', '❤️', '🇸🇪',
    // combining marks standing after ASCII letters (two of them, out of canonical order too)
    '\u0301', '\u0308\u0301', 'a\u0301\u0316', 'x\u0323\u0307', 'q\u0307\u0323', '\u0345', '\u20dd',
    // the cell separator and other controls
    cellSeparator, `${cellSeparator}${cellSeparator}`, '\t', '\n', '\u0000',
  ];

  it('agrees with the old definition on known tricky strings', () => {
    const cases = ['Zoë Müller', 'Zoe\u0308 Mu\u0308ller', 'ΟΔΟΣ', 'ΟΔΟΣ\u001fΑ', 'İ', 'ﬁ', 'Ａ', 'e\u0301', 'plain ascii', '', 'ΑΣ\u0301b', 'a\u0301\u0316b', '中文😀'];
    for (const text of cases) expect(fold(text), JSON.stringify(text)).toBe(oldFold(text));
    expect(fold('Zoë Müller')).toBe('zoe muller');
    expect(fold('Zoe\u0308 Mu\u0308ller')).toBe('zoe muller');
    expect(fold('e\u0301')).toBe('e');
    expect(fold('ΟΔΟΣ')).toBe('οδος');
    expect(fold('İ')).toBe('i');
    expect(fold('ﬁ')).toBe('fi');
    expect(fold('Ａ')).toBe('a');
    expect(fold(`A${cellSeparator}B`)).toBe(`a${cellSeparator}b`);
  });

  it('agrees with the old definition on 600 generated strings mixing ASCII and everything else', () => {
    const random = seededRandom(20261122);
    const pick = picker(random);
    for (let n = 0; n < 600; n++) {
      const length = 1 + Math.floor(random() * 14);
      let text = '';
      for (let i = 0; i < length; i++) text += pick(pieces);
      expect(fold(text), JSON.stringify(text)).toBe(oldFold(text));
    }
  });

  it('agrees with the old definition for every code point set between ASCII letters and before a combining mark', () => {
    const ranges: Array<[number, number]> = [[0x80, 0x2ffff], [0xe0000, 0xe01ef]];
    const differing: string[] = [];
    for (const [from, to] of ranges) {
      for (let cp = from; cp <= to; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        const ch = String.fromCodePoint(cp);
        const text = `A${ch}b${ch}\u0301Z${cellSeparator}${ch}`;
        if (fold(text) !== oldFold(text)) differing.push(cp.toString(16));
      }
    }
    expect(differing).toEqual([]);
  });
});
