import { currentLocale } from '../i18n/i18n';

/**
 * The server's pack and BPMN problems (`reason`) in Chinese for a zh-CN screen: the schema
 * checker's messages and the cross-file checks' sentences, by their shape. A reason of another
 * shape shows as the server wrote it.
 */
const PATTERNS: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^must be ([<>]=?) (-?[\d.]+)$/, (m) => `必须${m[1] === '>' ? '大于' : m[1] === '>=' ? '大于等于' : m[1] === '<' ? '小于' : '小于等于'} ${m[2]}`],
  [/^must have required property '([^']+)'$/, (m) => `缺少必填项 ${m[1]}`],
  [/^must NOT have fewer than (\d+) (characters|items)$/, (m) => `至少 ${m[1]} 个${m[2] === 'characters' ? '字符' : '条'}`],
  [/^must NOT have more than (\d+) (characters|items)$/, (m) => `最多 ${m[1]} 个${m[2] === 'characters' ? '字符' : '条'}`],
  [/^must NOT have additional properties '([^']+)'$/, (m) => `不认识的字段 ${m[1]}`],
  [/^must be equal to one of the allowed values: (.+)$/, (m) => `只能是以下之一：${m[1]}`],
  [/^must be (string|number|integer|boolean|array|object|null)$/, (m) => `必须是${TYPES[m[1] ?? ''] ?? m[1]}`],
  [/^must match pattern "(.+)"$/, (m) => `格式不符（${m[1]}）`],
  [/^must be unique|^must NOT have duplicate items/, () => '不能重复'],
  [/^post '([^']+)' is not in posts\.json$/, (m) => `岗位 ${m[1]} 不在岗位表（posts.json）中`],
  [/^no grid '([^']+)'$/, (m) => `没有网格 ${m[1]}`],
  [/^no partner '([^']+)' in partners\.json$/, (m) => `合作方表中没有 ${m[1]}`],
  [/^no item '([^']+)' in catalogue\.json$/, (m) => `事项清单中没有 ${m[1]}`],
  [/^no time limit for level '([^']+)'$/, (m) => `缺少 ${m[1]} 层级的处置时限`],
  [/^'([^']+)' is not a rung of the ladder \((.+)\)$/, (m) => `${m[1]} 不是逐级上报的层级（${m[2]}）`],
  [/^'([^']+)' is not one of the levels in pack\.json.*$/, (m) => `${m[1]} 不是本配置包的网格层级`],
  [/^'([^']+)' is not one of levels$/, (m) => `${m[1]} 不是本配置包的网格层级`],
  [/^no form '([^']+)' in forms\/$/, (m) => `表单目录中没有 ${m[1]}`],
  [/^person id '([^']+)' is used twice$/, (m) => `人员编号 ${m[1]} 重复`],
  [/^post '([^']+)' is declared twice$/, (m) => `岗位 ${m[1]} 重复`],
  [/^item '([^']+)' is listed twice$/, (m) => `事项 ${m[1]} 重复`],
  [/^a post is held in a grid \(gridId\) or in a partner \(partner\): exactly one of them$/, () => '岗位只能设在一个网格（gridId）或一个合作方（partner）中，二者选一'],
];

const TYPES: Record<string, string> = { string: '文字', number: '数字', integer: '整数', boolean: '是或否', array: '列表', object: '对象', null: '空' };

export function problemText(reason: string): string {
  if (currentLocale() !== 'zh-CN') return reason;
  for (const [pattern, zh] of PATTERNS) {
    const match = reason.match(pattern);
    if (match) return zh(match);
  }
  return reason;
}
