import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import lintModule from 'bpmn-js-bpmnlint';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import gridflowModdle from '@engine-bpmn/gridflow-moddle.json';
import { gridflowPropertiesModule } from './properties/gridflow-properties-provider';
import { flowReferencesModule } from './flow-references';
import { templatePaletteModule } from './template-palette';
import { lintConfig } from './lint/lint-config';
import { translateModule, type ModelerLanguage } from './translate-module';
import type { TenantVocabulary } from './vocabulary';

export interface LintIssue { id: string; message: string; category: 'error' | 'warn' | 'info' | 'rule-error' }

/**
 * A bpmn-js Modeler with what Gridflow adds: the engine's moddle extension (the same descriptor
 * the engine reads), the properties panel with the Gridflow groups, the linter with the Gridflow
 * rules for this tenant, and the words of one language. The caller keeps it out of Vue's
 * reactivity (markRaw): proxies break moddle.
 */
export function createModeler(options: { container: HTMLElement; panel: HTMLElement; vocabulary: TenantVocabulary; language: ModelerLanguage }): Modeler {
  return new Modeler({
    container: options.container,
    propertiesPanel: { parent: options.panel },
    linting: { bpmnlint: lintConfig(options.vocabulary), active: true },
    gridflow: { vocabulary: options.vocabulary },
    additionalModules: [flowReferencesModule, BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, gridflowPropertiesModule, templatePaletteModule, lintModule, translateModule(options.language)],
    moddleExtensions: { gridflow: gridflowModdle },
  } as ConstructorParameters<typeof Modeler>[0]);
}

/** The linter's issues after each change, flattened (one entry per problem) and in the modeler's language. */
export function onLintIssues(modeler: Modeler, listener: (issues: LintIssue[]) => void): void {
  const translate = modeler.get<(text: string) => string>('translate');
  modeler.on('linting.completed', (event: { issues: Record<string, LintIssue[]> }) => {
    listener(Object.entries(event.issues).flatMap(([id, issues]) => issues.map((issue) => ({ ...issue, id, message: translate(issue.message) }))));
  });
}
