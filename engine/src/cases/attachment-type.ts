/** The file types a case takes by default: photos from phones. */
export const DEFAULT_ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];
/** 10 MB, as forms-api.md says. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

const startsWith = (content: Buffer, bytes: number[], offset = 0) => bytes.every((byte, index) => content[offset + index] === byte);
const ascii = (content: Buffer, from: number, to: number) => content.subarray(from, to).toString('latin1');

/**
 * The type of a file from its first bytes (its signature), never from its name or the type the
 * client claims: a script renamed `photo.jpg` is not a photo. Undefined when not recognised.
 */
export function contentTypeOf(content: Buffer): string | undefined {
  if (startsWith(content, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(content, 0, 4) === 'RIFF' && ascii(content, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(content, 0, 6) === 'GIF87a' || ascii(content, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(content, 4, 8) === 'ftyp' && ['heic', 'heix', 'hevc', 'mif1', 'msf1'].includes(ascii(content, 8, 12))) return 'image/heic';
  if (ascii(content, 0, 5) === '%PDF-') return 'application/pdf';
  return undefined;
}
