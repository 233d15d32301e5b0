/**
 * The in-process service-task interface: a handler registered for a job type does the work of every
 * service task of that type; types without a handler wait as external jobs for workers over HTTP.
 * This is what department plugins implement.
 */
export interface JobContext {
  id: string;
  /** The tenant whose process the job belongs to. */
  tenantId: string;
  type: string;
  processInstanceId: string;
  elementId: string;
  /** Everything visible at the task (after its input mappings). */
  variables: Record<string, unknown>;
  /** Retries left after this attempt fails. */
  retries: number;
}

/** What a handler returns: variables for the process (propagated like task completion variables). */
export type JobResult = void | { variables?: Record<string, unknown> };

export type JobHandler = (job: JobContext) => Promise<JobResult>;

export interface HandlerOptions {
  /** How long a node holds a job while its handler runs; another node takes it over after. */
  lockMs?: number;
}

/**
 * A business outcome, not a failure: thrown by a handler, it is caught by an error boundary event
 * (or error event sub-process) with this code; nothing is retried.
 */
export class BpmnError extends Error {
  constructor(readonly errorCode: string, message?: string, readonly variables: Record<string, unknown> = {}) {
    super(message ?? errorCode);
    this.name = 'BpmnError';
  }
}

export class HandlerRegistry {
  private readonly handlers = new Map<string, { handler: JobHandler; options: Required<HandlerOptions> }>();

  register(type: string, handler: JobHandler, options: HandlerOptions = {}): void {
    if (this.handlers.has(type)) throw new Error(`a handler for job type '${type}' is registered already`);
    this.handlers.set(type, { handler, options: { lockMs: options.lockMs ?? 60_000 } });
  }

  get(type: string): { handler: JobHandler; options: Required<HandlerOptions> } | undefined {
    return this.handlers.get(type);
  }

  types(): string[] {
    return [...this.handlers.keys()];
  }
}
