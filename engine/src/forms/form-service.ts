import { gridflowError } from '../errors/gridflow-error.ts';
import type { FormDefinition, LocalText } from '../packs/pack-files.ts';
import { attachmentsIn, validatedValues } from './form-validator.ts';

/** A form as the apps receive it (forms-api.md): versioned with the pack it came from. */
export interface FormView {
  key: string;
  /** The pack version the form is read from; plugin forms carry the plugin's version 0. */
  version: number;
  title: LocalText;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  i18n: { en: Record<string, string> };
}

/** A plugin's form: its title may be one text for both languages. */
export interface ForeignForm {
  key: string;
  title: string | LocalText;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  i18n?: { en?: Record<string, string> };
}

/** Where forms come from: the tenant's pack (current, or as of a version) and the plugins it enables. */
export interface FormSources {
  packForms(tenantId: string, version?: number): Promise<{ version: number; forms: FormDefinition[] } | undefined>;
  pluginForms(tenantId: string): ForeignForm[];
  /** The report form of an item: its own, else the pack's; undefined when neither names one. */
  reportFormKey(tenantId: string, itemCode: string): Promise<string | undefined>;
  /** Which of these attachment ids `personId` did not upload in the tenant (their indexes). */
  unknownAttachments(tenantId: string, ids: string[], personId: string): Promise<number[]>;
}

/**
 * The forms of a tenant and the check of every submission against them. A pack's form wins over
 * a plugin's of the same key (a district may reword a department's form).
 */
export class FormService {
  constructor(private readonly sources: FormSources) {}

  /** The form of a key, as of a pack version when asked; 404 GF_ERR_FORM_NOT_FOUND otherwise. */
  async form(tenantId: string, key: string, version?: number): Promise<FormView> {
    const found = await this.formIfAny(tenantId, key, version);
    if (!found) throw gridflowError('GF_ERR_FORM_NOT_FOUND', `no form '${key}'${version === undefined ? '' : ` in pack version ${version}`} in tenant '${tenantId}'`, [{ formKey: key, ...(version === undefined ? {} : { version }) }]);
    return found;
  }

  /** Every form a task or a report may name: the pack's, then the plugins' whose key the pack does not take. */
  async list(tenantId: string): Promise<Pick<FormView, 'key' | 'version' | 'title'>[]> {
    const pack = await this.sources.packForms(tenantId);
    const own = (pack?.forms ?? []).map((form) => ({ key: form.key, version: pack?.version ?? 0, title: viewOf(form, 0).title }));
    const taken = new Set(own.map((form) => form.key));
    const plugins = this.sources.pluginForms(tenantId).filter((form) => !taken.has(form.key)).map((form) => ({ key: form.key, version: 0, title: viewOf(form, 0).title }));
    return [...own, ...plugins];
  }

  async formIfAny(tenantId: string, key: string, version?: number): Promise<FormView | undefined> {
    const pack = await this.sources.packForms(tenantId, version);
    const own = pack?.forms.find((form) => form.key === key);
    if (own && pack) return viewOf(own, pack.version);
    if (version !== undefined) return undefined;
    const plugin = this.sources.pluginForms(tenantId).find((form) => form.key === key);
    return plugin && viewOf(plugin, 0);
  }

  /** The form a report of the item fills in; undefined when the pack names none. */
  async reportForm(tenantId: string, itemCode: string): Promise<FormView | undefined> {
    const key = await this.sources.reportFormKey(tenantId, itemCode);
    return key === undefined ? undefined : this.form(tenantId, key);
  }

  /** A report's values checked against its item's report form; undefined when the pack names none. */
  async reportValues(tenantId: string, itemCode: string, values: unknown, by: string): Promise<Record<string, unknown> | undefined> {
    const form = await this.reportForm(tenantId, itemCode);
    return form ? this.checked(tenantId, form, values, by) : undefined;
  }

  /**
   * A task's completion: checked against its form where the tenant has it. A model from another
   * tool may name forms of its own (`camunda-forms:…`); those tasks take the variables as sent.
   */
  async taskVariables(tenantId: string, formKey: string | null | undefined, variables: Record<string, unknown>, by: string): Promise<Record<string, unknown>> {
    const form = formKey ? await this.formIfAny(tenantId, formKey) : undefined;
    return form ? this.checked(tenantId, form, variables, by) : variables;
  }

  /** A task's form and the values it starts from: the task's variables of the form's fields. */
  async taskForm(tenantId: string, formKey: string, variables: Record<string, unknown>): Promise<{ form: FormView; data: Record<string, unknown> }> {
    const form = await this.form(tenantId, formKey);
    const fields = Object.keys((form.schema.properties ?? {}) as Record<string, unknown>);
    return { form, data: Object.fromEntries(fields.filter((field) => variables[field] !== undefined).map((field) => [field, variables[field]])) };
  }

  /**
   * Submitted values checked against the form of `formKey`: the coerced copy to store, or 400
   * GF_ERR_FORM_INVALID. A key naming no form (a model deployed before its pack has it) is a 409,
   * not the caller's mistake and not a pass: nothing unchecked is stored.
   */
  async validated(tenantId: string, formKey: string, values: unknown, by: string): Promise<Record<string, unknown>> {
    const form = await this.formIfAny(tenantId, formKey);
    if (!form) throw gridflowError('GF_ERR_FORM_MISSING', `the step's form '${formKey}' is not in the tenant's pack or plugins; deploy a pack with forms/${formKey}.json`, [{ formKey }]);
    return this.checked(tenantId, form, values, by);
  }

  /** The schema's check, then the photos: a submission names only files its sender uploaded. */
  private async checked(tenantId: string, form: FormView, values: unknown, by: string): Promise<Record<string, unknown>> {
    const checked = validatedValues(form.key, form.schema, values);
    const named = attachmentsIn(form.schema, checked);
    if (named.length === 0) return checked;
    const unknown = await this.sources.unknownAttachments(tenantId, named.map((entry) => entry.id), by);
    if (unknown.length === 0) return checked;
    const details = unknown.map((index) => ({ instancePath: named[index]?.pointer ?? '', field: named[index]?.pointer.slice(1) ?? '', id: named[index]?.id }));
    throw gridflowError('GF_ERR_ATTACHMENT_UNKNOWN', `form '${form.key}': ${details.map((detail) => `'${detail.id}' at ${detail.instancePath}`).join(', ')} not uploaded by '${by}' (POST /api/v1/attachments first)`, details);
  }
}

function viewOf(form: FormDefinition | ForeignForm, version: number): FormView {
  const title = typeof form.title === 'string' ? { 'zh-CN': form.title, en: form.title } : form.title;
  return { key: form.key, version, title, schema: form.schema, uiSchema: form.uiSchema ?? fieldsInOrder(form.schema), i18n: { en: form.i18n?.en ?? {} } };
}

/** Without a UI schema, each field of the schema is shown in order, one under the other. */
function fieldsInOrder(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  return { type: 'VerticalLayout', elements: properties.map((name) => ({ type: 'Control', scope: `#/properties/${name}` })) };
}
