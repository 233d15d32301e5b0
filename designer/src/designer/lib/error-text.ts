import { ApiError, NETWORK_ERROR } from '@shared/api/api-error';
import { i18n } from '../i18n/i18n';

/** What the administrator reads for a failure: the catalogue code's own sentence, else the server's message with its code. */
export function errorText(error: unknown, t = i18n.global.t): string {
  const { te } = i18n.global;
  if (error instanceof ApiError) {
    if (error.code === NETWORK_ERROR) return t('error.network');
    if (te(`error.${error.code}`)) return t(`error.${error.code}`);
    return t('error.unknown', { message: `${error.message} (${error.code})` });
  }
  return t('error.unknown', { message: (error as Error)?.message ?? String(error) });
}
