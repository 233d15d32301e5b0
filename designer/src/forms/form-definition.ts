import { Generate, type JsonSchema, type UISchemaElement } from '@jsonforms/core';

export type Locale = 'zh-CN' | 'en';

/** Text in the product's two languages (Chinese first). */
export type LocalText = { 'zh-CN': string; en: string };

/** A form of a pack, as `GET /tasks/:id/form` and `GET /items/:code/form` answer it. */
export interface GridflowFormDefinition {
  key: string;
  version?: number;
  title: LocalText | string;
  /** JSON Schema 2020-12; its `title`s are the Chinese labels. */
  schema: JsonSchema & Record<string, unknown>;
  /** A JSON Forms UI schema (VerticalLayout, Group, Control with `scope` and `options`). */
  uiSchema?: UISchemaElement | Record<string, unknown>;
  /** English of the labels, keyed as JSON Forms translates them (see README). */
  i18n?: { en?: Record<string, string> };
}

export function localText(text: LocalText | string | undefined, locale: Locale): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[locale] || text['zh-CN'];
}

/**
 * The UI schema to render: the form's own, or, when it has none (or is not a JSON Forms one),
 * every field in the schema's order, as JSON Forms would generate it.
 */
export function uiSchemaOf(form: GridflowFormDefinition): UISchemaElement {
  const ui = form.uiSchema as { type?: unknown } | undefined;
  if (ui && typeof ui.type === 'string') return ui as UISchemaElement;
  return Generate.uiSchema(form.schema, 'VerticalLayout', undefined, form.schema);
}
