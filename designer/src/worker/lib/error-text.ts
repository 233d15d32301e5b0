import { ApiError } from '@shared/api/api-error';
import { i18n } from '../i18n/i18n';

/** What the worker reads for a failure: the catalogue code's own sentence, else a generic one with the code. */
export function errorText(error: unknown): string {
  const { t, te } = i18n.global;
  if (error instanceof ApiError) {
    if (te(`error.${error.code}`)) return t(`error.${error.code}`);
    if (error.status === 404) return t('error.notFound');
    return t('error.generic', { code: error.code });
  }
  return t('error.generic', { code: (error as Error)?.message ?? String(error) });
}
