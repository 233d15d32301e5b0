import { createTranslator, defaultErrorTranslator, type JsonFormsI18nState, type Translator, type ErrorTranslator } from '@jsonforms/core';
import type { ErrorObject } from 'ajv';
import localizeZh from 'ajv-i18n/localize/zh';
import type { GridflowFormDefinition, Locale, LocalText } from './form-definition';

/** An error that came from the server: its message in both languages travels with it. */
export type ServerErrorObject = ErrorObject & { messages?: LocalText };

const REQUIRED: LocalText = { 'zh-CN': '此项必填', en: 'is a required property' };

/**
 * English from the form's `i18n.en`, under the keys JSON Forms asks for. An option of a oneOf is
 * asked for as `<path>.<its title>`; `<path>.<its const>` is accepted too, so a pack may key its
 * options by value.
 */
function englishTranslator(table: Record<string, string>): Translator {
  return createTranslator((id: string, defaultMessage: string | undefined, values?: { schema?: { const?: unknown } }) => {
    if (id in table) return table[id];
    const option = values?.schema?.const;
    if (option !== undefined && defaultMessage !== undefined && id.endsWith(`.${defaultMessage}`)) {
      const byValue = `${id.slice(0, -defaultMessage.length)}${String(option)}`;
      if (byValue in table) return table[byValue];
    }
    return undefined;
  });
}

/** Chinese is the schema's own text (titles, descriptions, option titles). */
const chineseTranslator: Translator = createTranslator(() => undefined);

function errorTranslator(locale: Locale): ErrorTranslator {
  return (error, t, uischema) => {
    const fromServer = (error as ServerErrorObject).messages;
    if (fromServer) return fromServer[locale] || fromServer['zh-CN'];
    if (error.keyword === 'required') return REQUIRED[locale];
    if (locale === 'en') return defaultErrorTranslator(error, t, uischema);
    const copy = { ...error };
    localizeZh([copy]);
    return copy.message ?? error.message ?? '';
  };
}

/** The `i18n` prop of JSON Forms for one form in one locale. */
export function formI18n(form: GridflowFormDefinition, locale: Locale): JsonFormsI18nState {
  const translate = locale === 'en' ? englishTranslator(form.i18n?.en ?? {}) : chineseTranslator;
  return { locale, translate, translateError: errorTranslator(locale) };
}
