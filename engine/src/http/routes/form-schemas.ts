/** The response shapes of forms (forms-api.md). */
const localText = { type: 'object', required: ['zh-CN', 'en'], properties: { 'zh-CN': { type: 'string' }, en: { type: 'string' } } } as const;
const anything = { type: 'object', additionalProperties: true } as const;

export const formView = {
  type: 'object',
  required: ['key', 'version', 'title', 'schema', 'uiSchema', 'i18n'],
  properties: {
    key: { type: 'string' },
    version: { type: 'integer', description: 'The pack version the form is read from (0 for a plugin\'s form).' },
    title: localText,
    schema: { ...anything, description: 'JSON Schema 2020-12 of the values; its titles are the Chinese labels.' },
    uiSchema: { ...anything, description: 'The JSON Forms UI schema.' },
    i18n: { type: 'object', properties: { en: { type: 'object', additionalProperties: { type: 'string' } } } },
  },
} as const;

export const taskFormView = {
  type: 'object',
  required: ['form', 'data'],
  properties: { form: formView, data: { ...anything, description: 'The values the form starts from.' } },
} as const;
