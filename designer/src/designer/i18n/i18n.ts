import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN';
import en from './en';
import { formMessages } from '@forms/form-messages';

export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'gridflow.designer.locale';

function initialLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

/** Chinese first; English when the administrator switches. */
export const i18n = createI18n({ legacy: false, locale: initialLocale(), fallbackLocale: 'zh-CN', // The form preview's renderers (src/forms/) speak through the same i18n as in the worker app.
  messages: { 'zh-CN': { ...zhCN, ...formMessages['zh-CN'] }, en: { ...en, ...formMessages.en } } });
document.documentElement.lang = initialLocale();

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

export function useLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}
