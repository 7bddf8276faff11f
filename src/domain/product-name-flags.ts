/** Audience flags and series read from a product's free-text Chinese name: the only place a bank states them. */

export interface ProductNameFlags {
  /** Only for customers who never bought before: 新客专享, 新手专享, 首购专属, 新客理财, a 新客/新手 prefix. */
  newCustomersOnly: boolean;
  /** Only for repeat customers: 老客专享, 老客户专享, 忠诚客户专享. */
  loyalCustomersOnly: boolean;
  /** Private-banking or VIP products: 私行, 私人银行, 私银, 贵宾, VIP. */
  vip: boolean;
  /** The product family with audience tags and term/issue suffixes removed (稳盈); null when nothing is left. */
  series: string | null;
}

// 创新/更新/革新/刷新 are words of their own: 创新客户专享 is not a new-customer product.
const NEW_WORD = '(?<![创更革刷])(?:新客户?|新用户|新户|新手|首购|首次购买)';
// 新老客户同享 is for everyone, so 老 right after 新 never counts as loyal.
const LOYAL_WORD = '(?:(?<!新)老客户?|(?<!新)老用户|忠诚客户|存量客户)';
const EXCLUSIVE = '(?:专享|专属|专供|特供|专区|理财)';

// A couple of characters may sit between the audience and "exclusive" (新客户首发专享), but never 老.
const NEW_PATTERN = new RegExp(`${NEW_WORD}[^老]{0,2}?${EXCLUSIVE}`);
const NEW_PREFIX = /^(?:新客|新手)/;
const LOYAL_PATTERN = new RegExp(`${LOYAL_WORD}.{0,2}?${EXCLUSIVE}`);
// VIP as a word only: VIPER or SVIP-like codes are not a private-banking audience.
const VIP_PATTERN = /私行|私人银行|私银|贵宾|(?<![a-z])vip(?![a-z])/i;

/** Words naming an audience and the tags that go with them, stripped from either end of the series. */
const AUDIENCE = '(?:新老客户?|新客户?|新用户|新户|新手|首购|首次购买|老客户?|老用户|忠诚客户|存量客户|私行|私人银行|私银|贵宾|vip)';
const TAG = '(?:专享|专属|专供|特供|专区|同享|尊享|理财|福利)';
// Only these stand alone as a prefix (尊享·稳盈); a bare 理财 starts real series names (理财通).
const BARE_TAG = '(?:专享|专属|尊享|特供)';
const LEADING_AUDIENCE = new RegExp(`^(?:${AUDIENCE}${TAG}+|${BARE_TAG}+|vip)`, 'i');
const TRAILING_AUDIENCE = new RegExp(`(?:${AUDIENCE}${TAG}+|vip)$`, 'i');

const CN_NUMBER = '[一二三四五六七八九十百零〇两]+';
/** Term and issue suffixes: 91天, 6个月, 1年期, 3号, 第5期, 第三期, A款, 2401; then share classes: 货币A, C类. */
const TRAILING_TERM = new RegExp(
  [
    `第?[0-9]+(?:个月|天|日|周|年|期|号|款|批|[MDWYmdwy])(?:持有期|封闭期|定开|期)?$`,
    `第?${CN_NUMBER}(?:期|号|款|批|个月|年期)$`,
    `[A-Za-z]款$`,
    `[0-9]+$`,
    `(?<=[\\u4e00-\\u9fff])[A-E]类?(?:份额)?$`,
  ].join('|'),
);

const SEPARATORS = new Set(['·', '・', '•', '‧', '∙', '-', '—', '–', '―', '|', '/', ':', '_']);
const CLOSING = new Map([
  ['(', ')'],
  ['[', ']'],
  ['【', '】'],
  ['〔', '〕'],
  ['「', '」'],
  ['〖', '〗'],
  ['《', '》'],
]);
const OPENING = new Map([...CLOSING].map(([open, close]) => [close, open]));

/** Reads the audience flags and the series from a product name; never throws, whatever the text. */
export function parseProductName(name: string): ProductNameFlags {
  const text = normalize(name);
  const head = stripLeadingBrackets(text);
  return {
    newCustomersOnly: NEW_PATTERN.test(text) || NEW_PREFIX.test(head),
    loyalCustomersOnly: LOYAL_PATTERN.test(text),
    vip: VIP_PATTERN.test(text),
    series: seriesOf(text),
  };
}

/** Full-width ASCII to half-width and no whitespace, so ＶＩＰ专享 and `稳盈 91天` read like VIP专享 and 稳盈91天. */
function normalize(name: string): string {
  let out = '';
  for (const ch of String(name)) {
    const code = ch.charCodeAt(0);
    if (/\s/.test(ch)) continue;
    out += code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : ch;
  }
  return out;
}

/**
 * The family name: the last part between separators (outside brackets) that is still non-empty once
 * audience tags and term suffixes are gone. The last, because real names lead with the issuer or the
 * audience (中银理财-稳富, 新客专享·稳盈) and a bare term part (稳盈-91天) cleans to nothing.
 */
function seriesOf(text: string): string | null {
  const parts = splitOutsideBrackets(text).map(clean);
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== '') return parts[i];
  return null;
}

function splitOutsideBrackets(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (CLOSING.has(ch)) depth++;
    else if (OPENING.has(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && SEPARATORS.has(ch)) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Peels brackets, audience tags and term suffixes off both ends until nothing more comes off. */
function clean(part: string): string {
  let text = part;
  for (;;) {
    const before = text;
    text = stripLeadingBrackets(text).replace(LEADING_AUDIENCE, '');
    text = stripTrailingBracket(text).replace(TRAILING_TERM, '').replace(TRAILING_AUDIENCE, '');
    if (text === before) return text;
  }
}

/** Drops 【新客专属】-style groups at the start; an unclosed bracket stays. */
function stripLeadingBrackets(text: string): string {
  let rest = text;
  for (let close = CLOSING.get(rest[0]); close !== undefined; close = CLOSING.get(rest[0])) {
    const end = rest.indexOf(close);
    if (end < 0) break;
    rest = rest.slice(end + 1);
  }
  return rest;
}

/** Drops one (封闭式)-style group at the end; an unopened bracket stays. */
function stripTrailingBracket(text: string): string {
  const open = OPENING.get(text[text.length - 1]);
  if (open === undefined) return text;
  const start = text.lastIndexOf(open);
  return start < 0 ? text : text.slice(0, start);
}
