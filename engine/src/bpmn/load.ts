import { compileProcess, type FileContext, type ModelProblem, type SupportTable } from './compile.ts';
import { moddleFor, type ModdleElement } from './moddle.ts';
import type { ProcessModel } from '../core/model.ts';

export interface ResourceProblem extends Omit<ModelProblem, 'code'> {
  code: ModelProblem['code'] | 'GF_ERR_BPMN_INVALID_XML' | 'GF_ERR_BPMN_NO_PROCESS' | 'GF_ERR_BPMN_UNKNOWN_CALLED_PROCESS';
  resource: string;
}

export interface LoadedResource {
  resource: string;
  processes: ProcessModel[];
  problems: ResourceProblem[];
}

/**
 * Reads one BPMN file into executable process models, with every problem found. Every process in
 * the file is loaded, whatever its `isExecutable` says: a pool is run when it is deployed. What the
 * engine executes (`supportTable`, the core's behaviour registry) is given by the caller.
 */
export async function loadBpmn(resource: string, xml: string, supportTable: SupportTable): Promise<LoadedResource> {
  // No document type, no entities: nothing external is resolved and nothing expands.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    return { resource, processes: [], problems: [{ resource, code: 'GF_ERR_BPMN_INVALID_XML', elementId: '', reason: 'a document type declaration (<!DOCTYPE>, <!ENTITY>) is not accepted in BPMN' }] };
  }
  let definitions: ModdleElement;
  try {
    ({ rootElement: definitions } = await moddleFor(xml).fromXML(xml, 'bpmn:Definitions'));
  } catch (error) {
    // The parser's message may quote the input at length: a reason is a sentence, not the file again.
    return { resource, processes: [], problems: [{ resource, code: 'GF_ERR_BPMN_INVALID_XML', elementId: '', reason: `not well-formed BPMN 2.0 XML: ${clipped((error as Error).message)}` }] };
  }
  const rootElements = (definitions.rootElements as ModdleElement[] | undefined) ?? [];
  const processes = rootElements.filter((element) => element.$type === 'bpmn:Process' && ((element.flowElements as unknown[] | undefined)?.length ?? 0) > 0);
  if (processes.length === 0) {
    return { resource, processes: [], problems: [{ resource, code: 'GF_ERR_BPMN_NO_PROCESS', elementId: '', reason: 'the file holds no process with flow elements' }] };
  }
  const file: FileContext = {
    // Only a language the file names itself counts: bpmn-moddle fills in the spec's default (XPath).
    expressionLanguage: Object.hasOwn(definitions, 'expressionLanguage') ? String(definitions.expressionLanguage) : undefined,
    globalTasks: new Set(rootElements.filter((element) => element.$type.startsWith('bpmn:Global')).map((element) => String(element.id))),
  };
  const result: LoadedResource = { resource, processes: [], problems: [] };
  for (const process of processes) {
    const { model, problems } = compileProcess(process, supportTable, file);
    result.processes.push(model);
    result.problems.push(...problems.map((problem) => ({ ...problem, resource })));
  }
  return result;
}

function clipped(message: string): string {
  const line = message.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
