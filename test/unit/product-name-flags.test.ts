/** Audience flags and series parsed from product names: a table of real-looking names, the generator's names, properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProductName, type ProductNameFlags } from '../../src/domain/product-name-flags.js';
import { Calendar } from '../../synthetic/calendar.js';
import { SERIES, VIP_MARKER } from '../../synthetic/product-names.js';
import { generateProducts } from '../../synthetic/products.js';
import { Rng } from '../../src/random.js';

type Flags = 'new' | 'loyal' | 'vip';

/** name, the flags it carries, its series. */
const NAMES: [string, Flags[], string | null][] = [
  // The brief's examples.
  ['新客专享·稳盈63天1号', ['new'], '稳盈'],
  ['老客专享·鑫利182天2期', ['loyal'], '鑫利'],
  ['私行尊享·恒睿365天', ['vip'], '恒睿'],
  ['季季红固收增强A款', [], '季季红固收增强'],
  ['天天盈', [], '天天盈'],
  ['【新客专属】安享90天第3期', ['new'], '安享'],
  ['稳盈91天3号', [], '稳盈'],
  // Every marker the generator writes, and their neighbours.
  ['新手专享·周周利7天12号', ['new'], '周周利'],
  ['首购专享·月月享5期', ['new'], '月月享'],
  ['首购专属【限时】安享14天8号', ['new'], '安享'],
  ['新客理财·稳盈7天', ['new'], '稳盈'],
  ['新客户专享稳盈14天', ['new'], '稳盈'],
  ['忠诚客户专享·年年丰2期', ['loyal'], '年年丰'],
  ['老客户专享-睿进365天1号', ['loyal'], '睿进'],
  ['老客专属·双月盈第12期', ['loyal'], '双月盈'],
  ['私人银行专属|恒利730天5号', ['vip'], '恒利'],
  ['VIP专享·智远成长91天3期', ['vip'], '智远成长'],
  ['ＶＩＰ专享·安享６３天', ['vip'], '安享'],
  ['私银尊享 恒睿 365天', ['vip'], '恒睿'],
  ['恒睿365天(私行专享)', ['vip'], '恒睿'],
  // Tricky: markers in the middle, words that only look like markers, shapes of suffix.
  ['稳盈-新客专享-91天', ['new'], '稳盈'],
  ['新老客户同享·稳盈30天2号', [], '稳盈'],
  ['新手宝7天1号', ['new'], '新手宝'],
  ['创新成长混合A', [], '创新成长混合'],
  ['创新客户专享成长1期', [], '创新客户专享成长'],
  ['私募精选', [], '私募精选'],
  ['尊享稳盈182天1号', [], '稳盈'],
  ['天天盈货币A', [], '天天盈货币'],
  ['日日金现金管理1号', [], '日日金现金管理'],
  ['汇利结构性存款91天2期(封闭式)', [], '汇利结构性存款'],
  ['中银理财-稳富（封闭式）2024年03期', [], '稳富'],
  ['半年盈稳健B款3期', [], '半年盈稳健'],
  ['【热销】鑫利平衡混合', [], '鑫利平衡混合'],
  ['安心一年期', [], '安心'],
  ['稳盈一号', [], '稳盈'],
  ['理财通30天', [], '理财通'],
  ['SuperVIPER精选', [], 'SuperVIPER精选'],
  ['新客专享', ['new'], null],
  ['91天3号', [], null],
  ['', [], null],
];

function expected(flags: Flags[], series: string | null): ProductNameFlags {
  return { newCustomersOnly: flags.includes('new'), loyalCustomersOnly: flags.includes('loyal'), vip: flags.includes('vip'), series };
}

describe('parseProductName', () => {
  it.each(NAMES)('%s -> %j, series %s', (name, flags, series) => {
    expect(parseProductName(name)).toEqual(expected(flags, series));
  });

  it('never throws, whatever the text, and always answers booleans and a non-empty series or null', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
        const flags = parseProductName(name);
        expect(typeof flags.newCustomersOnly).toBe('boolean');
        expect(flags.series === null || flags.series.length > 0).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('turns any flagless name into a new-customer one by a 新客专享· prefix, keeping its series', () => {
    const pieces = fc.constantFrom(
      '稳盈',
      '天天',
      '91天',
      '3号',
      '第5期',
      'A款',
      '·',
      '-',
      '【',
      '】',
      '(',
      ')',
      '老客',
      '私',
      '行',
      '新',
      '专享',
      'VIP',
      ' ',
      'x',
    );
    const names = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.array(pieces, { maxLength: 8 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(names, (name) => {
        const plain = parseProductName(name);
        fc.pre(!plain.newCustomersOnly && !plain.loyalCustomersOnly && !plain.vip);
        const prefixed = parseProductName(`新客专享·${name}`);
        expect(prefixed.newCustomersOnly).toBe(true);
        expect(prefixed.series).toBe(plain.series);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('the synthetic generator and the parser agree', () => {
  const cal = Calendar.ending('2025-06-30', 365);
  const products = [1, 2, 3].flatMap((seed) => generateProducts(Rng.fromSeed(seed), cal));

  it('reads back every audience the generator meant', () => {
    const wrong = products.filter((p) => {
      const flags = parseProductName(p.name);
      const vip = p.name.startsWith(VIP_MARKER);
      return flags.newCustomersOnly !== p.newCustomersOnly || flags.loyalCustomersOnly !== p.loyalCustomersOnly || flags.vip !== vip;
    });
    expect(wrong.map((p) => p.name).slice(0, 5)).toEqual([]);
    expect(products.filter((p) => p.newCustomersOnly).length).toBeGreaterThan(100);
    expect(products.filter((p) => p.name.startsWith(VIP_MARKER)).length).toBeGreaterThan(5);
  });

  it('gives the series name to every fixed-term launch of a plain series, and never merges two series', () => {
    const seriesOf = new Map<string, Set<number>>();
    for (const p of products) {
      const series = parseProductName(p.name).series;
      expect(series).not.toBeNull();
      const own = SERIES[p.series];
      // Variants (季季红固收增强A款) and open-ended products (天天盈货币A) keep their extra words.
      if (p.termDays > 0 && !own.variantWord) expect(series).toBe(own.name);
      else expect(series!.startsWith(own.name)).toBe(true);
      seriesOf.set(series!, (seriesOf.get(series!) ?? new Set()).add(p.series));
    }
    expect([...seriesOf].filter(([, s]) => s.size > 1)).toEqual([]);
  });
});
