import { modelerEn, modelerZh, modelerZhPatterns } from './translations-zh';

export type ModelerLanguage = 'zh-CN' | 'en';

/** The words of the modeler in one language: bpmn-js's `translate` service, replaced. */
export function translateModule(language: ModelerLanguage) {
  const table = language === 'zh-CN' ? modelerZh : modelerEn;
  // The panel's header words an element's type in title case ("User Task"); the menus in sentence case.
  const lowerCase = new Map(Object.entries(table).map(([key, value]) => [key.toLowerCase(), value]));
  function translate(template: string, replacements: Record<string, string> = {}): string {
    let text = table[template] ?? lowerCase.get(template.toLowerCase());
    if (text === undefined && language === 'zh-CN') {
      for (const [pattern, word] of modelerZhPatterns) {
        const match = template.match(pattern);
        if (match) { text = word(match); break; }
      }
    }
    return (text ?? template).replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
  }
  return { translate: ['value', translate] };
}
