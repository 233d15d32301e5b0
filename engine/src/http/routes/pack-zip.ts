import { Unzip, UnzipInflate } from 'fflate';
import { gridflowError } from '../../errors/gridflow-error.ts';
import type { PackFile } from '../../packs/pack-reader.ts';

/** A pack folder holds tens of files of kilobytes: these bounds leave room and stop a zip bomb early. */
export const ZIP_LIMITS = { entries: 500, inflatedBytes: 200 * 1024 * 1024 };

/**
 * The files of a zipped pack folder; a single top folder (`tcity/…`) is the pack's root. Entries
 * are inflated as a stream and counted chunk by chunk, so a bomb is stopped at the limit, before
 * it is held in memory whole; what an entry's header claims is not trusted.
 */
export function filesOfZip(zip: Buffer): PackFile[] {
  const entries = new Map<string, Uint8Array[]>();
  let inflated = 0;
  let refusal: string | undefined;
  const unzip = new Unzip((file) => {
    if (refusal) return;
    if (entries.size >= ZIP_LIMITS.entries) {
      refusal = `more than ${ZIP_LIMITS.entries} entries`;
      return;
    }
    if (file.name.endsWith('/')) return;
    const chunks: Uint8Array[] = [];
    entries.set(file.name, chunks);
    file.ondata = (error, chunk) => {
      if (error) refusal ??= error.message;
      inflated += chunk?.length ?? 0;
      if (inflated > ZIP_LIMITS.inflatedBytes) {
        refusal ??= `more than ${ZIP_LIMITS.inflatedBytes / 1024 / 1024} MB once inflated`;
        file.terminate();
        return;
      }
      if (chunk) chunks.push(chunk);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(new Uint8Array(zip), true);
  } catch (error) {
    refusal ??= `not a zip archive: ${(error as Error).message}`;
  }
  if (refusal || entries.size === 0) {
    const reason = refusal ?? 'not a zip archive, or an empty one';
    throw gridflowError('GF_ERR_PACK_INVALID', `the body is refused: ${reason}`, [{ file: '', pointer: '', reason }]);
  }
  const paths = [...entries.keys()];
  const tops = new Set(paths.map((path) => path.split('/')[0]));
  const prefix = tops.size === 1 && !paths.includes('pack.json') ? `${[...tops][0]}/` : '';
  const decoder = new TextDecoder('utf-8');
  return paths.map((path) => ({ path: path.slice(prefix.length), content: decoder.decode(Buffer.concat(entries.get(path) ?? [])) }));
}
