// The bpmn.io packages below ship JavaScript without declarations; the modeler uses them through
// the small typed surface of modeler/ (properties/, lint/), so they are declared loosely here.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: unknown;
  export const BpmnPropertiesProviderModule: unknown;
  export function useService<T = unknown>(name: string): T;
}
declare module '@bpmn-io/properties-panel' {
  export const TextFieldEntry: unknown;
  export const SelectEntry: unknown;
  export const CheckboxEntry: unknown;
  export const NumberFieldEntry: unknown;
  export const isTextFieldEntryEdited: unknown;
  export const isSelectEntryEdited: unknown;
  export const isCheckboxEntryEdited: unknown;
  export const isNumberFieldEntryEdited: unknown;
}
declare module '@bpmn-io/properties-panel/preact' {
  export function h(type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]): unknown;
}
declare module 'bpmn-js-bpmnlint' {
  const lintModule: unknown;
  export default lintModule;
}
declare module 'bpmnlint-utils' {
  export function is(node: unknown, type: string): boolean;
  export function isAny(node: unknown, types: string[]): boolean;
}
declare module 'bpmnlint/rules/*' {
  const rule: () => { check: (node: unknown, reporter: unknown) => void };
  export default rule;
}
declare module 'bpmnlint/config/recommended.js' {
  const config: { rules: Record<string, string> };
  export default config;
}
// bpmnlint ships its types beside its code without naming them in package.json.
declare module 'bpmnlint' {
  export class Linter {
    constructor(options: { config: unknown; resolver: unknown });
    lint(definitions: unknown): Promise<Record<string, { id: string; message: string; category: string }[]>>;
  }
}
