/**
 * @gridflow/plugin-api — the one module a Gridflow plugin imports. A plugin is a package whose
 * default export is `definePlugin({...})`; the engine calls its `setup(host, configs)` once at
 * start, and everything the plugin adds goes through `host`. The engine's own case and
 * organisation service tasks are plugins on this same interface.
 */
export { serviceTemplate } from './templates.ts';
export { definePlugin, isGridflowPlugin, type GridflowPlugin, type PluginDefinition, type JsonSchema } from './plugin.ts';
export { bpmnError, failure, refused, retryableStatus, isBpmnError, isServiceFailure, isRefusal, type BpmnError, type ServiceFailure, type RouteRefusal, type RefusalKind } from './failures.ts';
export type {
  PluginHost, ServiceHandler, ServiceJob, ServiceContext, ServiceOptions, ServiceOutput, ServiceRegistry,
  FactFunction, FactContext, OperatorFunction, ElementTemplate, PluginForm, PluginEvents, PluginEventMap, MessageCorrelation,
  PluginRequest, PluginRoute, PluginRouter, RouteContext, Clock, Logger, PluginCases, PluginCaseReport, PluginCaseView, PluginCaseOperation,
  PluginDeliveries, Delivery, DeliverySender, DeliveryOptions, PluginPartnerAnswers, PluginRecords,
} from './host.ts';
export type {
  TenantOrganisation, OrgGrid, OrgPerson, OrgPost, OrgPostHolding, OrgPartner, OrgItem, OrgCalendar,
} from './organisation.ts';
