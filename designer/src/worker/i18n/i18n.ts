import { createI18n } from 'vue-i18n';
import { Locale as VantLocale } from 'vant';
import vantZhCN from 'vant/es/locale/lang/zh-CN';
import vantEnUS from 'vant/es/locale/lang/en-US';
import { formMessages } from '@forms/form-messages';
import zhCN from './zh-CN';
import en from './en';
import type { Locale } from '@forms/form-definition';

const STORAGE_KEY = 'gridflow.worker.locale';

function initialLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

/** Chinese first; English when the worker chooses it under 我的. */
export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: {
    'zh-CN': { ...zhCN, ...formMessages['zh-CN'] },
    en: { ...en, ...formMessages.en },
  },
});

function applyVantLocale(locale: Locale): void {
  if (locale === 'en') VantLocale.use('en-US', vantEnUS);
  else VantLocale.use('zh-CN', vantZhCN);
  document.documentElement.lang = locale;
}
applyVantLocale(initialLocale());

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

export function useLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  applyVantLocale(locale);
}
