/**
 * Pinyin initials of Chinese text without a dictionary: the browser's Chinese collation orders
 * characters by pinyin, so the first character of each initial's range tells a character's
 * initial (阿 starts A, 八 starts B, …). Good for the few thousand common characters of item
 * names; a rare character or a polyphone may get another letter (TODO: a small table of
 * exceptions if workers meet one).
 */
const BOUNDARIES = '阿八嚓哒妸发旮哈讥咔垃妈拏噢妑七呥仨他哇夕丫帀';
const LETTERS = 'ABCDEFGHJKLMNOPQRSTWXYZ';

const collator = new Intl.Collator('zh-Hans-CN', { sensitivity: 'base' });

function initialOf(char: string): string {
  if (/[a-z0-9]/i.test(char)) return char.toUpperCase();
  if (!/[\u4e00-\u9fff]/.test(char)) return '';
  for (let index = BOUNDARIES.length - 1; index >= 0; index -= 1) {
    if (collator.compare(char, BOUNDARIES[index]!) >= 0) return LETTERS[index]!;
  }
  return '';
}

export function pinyinInitials(text: string): string {
  return Array.from(text, initialOf).join('');
}

/** Whether a name matches what was typed: part of the name, or of its pinyin initials. */
export function matchesSearch(name: string, typed: string): boolean {
  const query = typed.trim();
  if (!query) return true;
  if (name.includes(query)) return true;
  return /^[a-z]+$/i.test(query) && pinyinInitials(name).includes(query.toUpperCase());
}
