import { call, request } from '@shared/api/http-client';
import { currentTenant } from '@shared/api/session';

export interface ProcessDefinition { id: string; key: string; version: number; name?: string; deploymentId: string }
export interface DeployProblem { resource?: string; elementId?: string; reason: string; code?: string }

const tenantId = currentTenant;

/** Every deployed version of every process, newest version first within a key. */
export async function listDefinitions(key?: string): Promise<ProcessDefinition[]> {
  const definitions = await call<ProcessDefinition[]>('/process-definitions', { query: { tenantId: tenantId(), key } });
  return definitions.sort((a, b) => a.key.localeCompare(b.key) || b.version - a.version);
}

export async function definitionXml(id: string): Promise<string> {
  return (await request<string>(`/process-definitions/${encodeURIComponent(id)}/xml`, { query: { tenantId: tenantId() } })).body;
}

/** Deploys one process file: a new version when it changed, the existing one otherwise. */
export async function deployProcess(fileName: string, xml: string): Promise<{ id: string; processDefinitions: { id: string; key: string; version: number }[] }> {
  return call('/deployments', { method: 'POST', body: { tenantId: tenantId(), name: fileName, resources: [{ name: fileName, content: xml }] } });
}

export interface ElementCount { elementId: string; active: number; incidents: number; tasks: { blue: number; yellow: number; red: number; noLimit: number } }

/** Where a version's instances are now, element by element. */
export async function elementCounts(definitionId: string): Promise<ElementCount[]> {
  return call<ElementCount[]>(`/process-definitions/${encodeURIComponent(definitionId)}/element-counts`, { query: { tenantId: tenantId() } });
}
