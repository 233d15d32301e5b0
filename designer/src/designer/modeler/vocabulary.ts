/**
 * What a tenant offers a process to name: its posts, levels and partners, its forms and rule sets,
 * and the services of the plugins it enables. Read once when the designer opens a process; the
 * properties panel offers these as choices and the linter checks against them.
 */
export interface TenantVocabulary {
  posts: { code: string; name: string }[];
  levels: string[];
  partners: { code: string; name: string }[];
  forms: { key: string; title: string }[];
  ruleSets: { key: string; name: string }[];
  /** Service types a service task may name, with the palette's name for each; `template` when a plugin's element template offers it (a palette entry). */
  services: { type: string; name: string; template?: boolean }[];
}

export const emptyVocabulary: TenantVocabulary = { posts: [], levels: [], partners: [], forms: [], ruleSets: [], services: [] };

/** The case operations a user task may allow (cases-api.md), in the order a handler meets them. */
export const caseOperations = [
  'handle', 'verify', 'callback', 'escalate', 'return', 'transfer', 'joint', 'withdraw', 'extension-request', 'extension-decision',
  'park', 'defer', 'resume', 'urge', 'supervise',
] as const;

/** Units of a time limit (the engine's compileTimeLimit). */
export const timeLimitUnits = ['workingHours', 'workingDays', 'hours', 'days'] as const;
