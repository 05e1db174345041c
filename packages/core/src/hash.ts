import { createHash } from 'node:crypto';

/** Hex SHA-256 of a text (UTF-8) or bytes: the content hashes of pages, crawls and change checks. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
