import { ApiError, type FormProblem } from '@shared/api/api-error';
import { currentLocale } from '../i18n/i18n';
import { errorText } from '../lib/error-text';
import type { OutboxFailure } from './outbox-entry';

/** The server's refusal of an entry in the worker's language: the code's sentence, then each field's problem. */
export function failureText(failure: OutboxFailure): string {
  const error = new ApiError(failure.status, failure.code, failure.message, failure.details);
  const problems = error.formProblems.map((problem: FormProblem) => {
    const message = typeof problem.message === 'string' ? problem.message : problem.message[currentLocale()];
    const field = problem.instancePath.replace(/^\//, '') || String(problem.params.missingProperty ?? '');
    return field ? `${field}：${message}` : message;
  });
  return [errorText(error), ...problems].join('；');
}
