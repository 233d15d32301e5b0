// bpmn-moddle ships element types but no declaration of the BpmnModdle class itself.
declare module 'bpmn-moddle' {
  import type { ModdleElement } from '../bpmn/moddle.ts';
  export interface ParseResult {
    rootElement: ModdleElement;
    warnings: { message: string; element?: unknown }[];
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, object>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
    toXML(element: unknown, options?: { format?: boolean }): Promise<{ xml: string }>;
  }
}
