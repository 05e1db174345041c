/**
 * Content-type classification and charset decoding of fetched bodies.
 * Charset precedence (as browsers do): byte-order mark, then the Content-Type header's charset, then a
 * `<meta charset>` / `<meta http-equiv="Content-Type">` in the first 4 KiB, then UTF-8. Labels are resolved the
 * WHATWG way by TextDecoder (iso-8859-1 and latin1 mean windows-1252, sjis means shift_jis ...); an unknown
 * label falls back to UTF-8. Bytes are decoded by iconv-lite (the decoder cheerio's encoding-sniffer uses) when
 * it knows the encoding, since Node 20's TextDecoder reads windows-1252's 0x80-0x9F as C1 controls; else by
 * TextDecoder. A UTF-16 page declared only in Content-Type (no BOM) has NUL bytes in every ASCII character: it
 * is classified from its decoded text, not refused as binary.
 */
import { loadIconv } from '../lazy-modules.js';

export type ContentKind = 'html' | 'markdown' | 'xml' | 'text' | 'other';

export interface ParsedContentType {
  mime: string;
  charset: string | undefined;
}

export function parseContentType(header: string | null | undefined): ParsedContentType {
  if (!header) return { mime: '', charset: undefined };
  const [mimePart = '', ...params] = header.split(';');
  let charset: string | undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() === 'charset') {
      charset = param
        .slice(eq + 1)
        .trim()
        .replace(/^["']|["']$/g, '')
        .toLowerCase();
    }
  }
  return { mime: mimePart.trim().toLowerCase(), charset: charset || undefined };
}

const HTML_MIMES = new Set(['text/html', 'application/xhtml+xml']);
const MARKDOWN_MIMES = new Set(['text/markdown', 'text/x-markdown', 'text/md', 'application/markdown']);
const XML_MIMES = new Set(['application/xml', 'text/xml', 'application/rss+xml', 'application/atom+xml']);

/** True when the first bytes contain a NUL or many control bytes: binary data, whatever the header says. */
export function looksBinary(body: Uint8Array): boolean {
  if ((body[0] === 0xfe && body[1] === 0xff) || (body[0] === 0xff && body[1] === 0xfe)) return false; // UTF-16 BOM
  const sample = body.subarray(0, 1024);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control += 1;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/**
 * Sniffs an HTML document: a doctype, or <html>/<head>/<body> after any leading comments. Comments are skipped
 * in a loop, each ending at its first `-->` as in HTML (the regular expression this replaces,
 * `^(<!--[\s\S]*?-->\s*)*<html`, tried every way of grouping comments and took hours on 512 bytes of `<!---->`).
 */
function looksLikeHtml(body: Uint8Array): boolean {
  let head = Buffer.from(body.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return true;
  while (head.startsWith('<!--')) {
    const end = head.indexOf('-->', 4);
    if (end < 0) return false;
    head = head.slice(end + 3).trimStart();
  }
  return /^<(html|head|body)\b/.test(head);
}

/** The UTF-16 byte order a body is in, by its BOM or else its Content-Type charset. */
function utf16Of(
  body: Uint8Array,
  contentType: string | null | undefined,
): 'utf-16le' | 'utf-16be' | undefined {
  const bom = bomEncoding(body);
  if (bom === 'utf-16le' || bom === 'utf-16be') return bom;
  if (bom) return undefined;
  const declared = supported(parseContentType(contentType).charset);
  return declared === 'utf-16le' || declared === 'utf-16be' ? declared : undefined;
}

/** A UTF-16 body as bytes a classifier can read: its text in UTF-8 (a NUL in the text still means binary). */
function classifiableBytes(body: Uint8Array, contentType: string | null | undefined): Uint8Array {
  const utf16 = utf16Of(body, contentType);
  if (!utf16) return body;
  return Buffer.from(decodeWith(body.subarray(0, 4096 - (4096 % 2)), utf16), 'utf8');
}

/**
 * Classifies a response body by its Content-Type, sniffing only when the header is missing or generic.
 * Binary bytes are 'other' whatever the header claims (a .png served as text/html is not a page).
 */
export function classifyContent(contentType: string | null | undefined, body: Uint8Array): ContentKind {
  const sample = classifiableBytes(body, contentType);
  if (looksBinary(sample)) return 'other';
  const { mime } = parseContentType(contentType);
  if (HTML_MIMES.has(mime)) return 'html';
  if (MARKDOWN_MIMES.has(mime)) return 'markdown';
  if (XML_MIMES.has(mime) || mime.endsWith('+xml')) return 'xml';
  if (mime === 'text/plain') return looksLikeHtml(sample) ? 'html' : 'text';
  if (mime === '' || mime === 'application/octet-stream' || mime === 'binary/octet-stream') {
    // Missing or generic type with text bytes: sniff HTML, otherwise refuse.
    return looksLikeHtml(sample) ? 'html' : 'other';
  }
  return 'other';
}

function bomEncoding(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return undefined;
}

const META_CHARSET_RE = /charset\s*=\s*(?:["']\s*)?([\w.:-]+)/i;

/** Finds a charset declared in the document head (`<meta charset>` or http-equiv Content-Type). */
export function sniffMetaCharset(body: Uint8Array): string | undefined {
  // `<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)`, one tag at a time: as one regular expression it rescans
  // to the end from every unclosed `<meta` and backtracks between the two `\s*` around a missing quote.
  const head = Buffer.from(body.subarray(0, 4096)).toString('latin1');
  const meta = /<meta\s/gi;
  for (let tag = meta.exec(head); tag; tag = meta.exec(head)) {
    const end = head.indexOf('>', meta.lastIndex);
    const charset = META_CHARSET_RE.exec(head.slice(meta.lastIndex, end < 0 ? head.length : end));
    if (charset?.[1]) return charset[1].toLowerCase();
    if (end < 0) return undefined;
    meta.lastIndex = end + 1;
  }
  return undefined;
}

function supported(label: string | undefined): string | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/** The encoding that decodeBody will use, for logging and tests. */
export function detectEncoding(
  body: Uint8Array,
  contentType: string | null | undefined,
  kind: ContentKind,
): string {
  const bom = bomEncoding(body);
  if (bom) return bom;
  const fromHeader = supported(parseContentType(contentType).charset);
  if (fromHeader) return fromHeader;
  if (kind === 'html' || kind === 'xml') {
    const fromMeta = supported(sniffMetaCharset(body));
    // A page that claims UTF-16 in a meta tag was readable as ASCII, so it is not UTF-16 (HTML spec rule).
    if (fromMeta && !fromMeta.startsWith('utf-16')) return fromMeta;
  }
  return 'utf-8';
}

function decodeWith(body: Uint8Array, encoding: string): string {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // UTF-8 (nearly every page) by Node's native decoder; the rest by iconv-lite, which strips a BOM by default
  // as TextDecoder does with ignoreBOM: false. Invalid bytes become U+FFFD either way.
  if (encoding !== 'utf-8') {
    const iconv = loadIconv();
    if (iconv.encodingExists(encoding)) return iconv.decode(bytes, encoding);
  }
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: false }).decode(bytes);
}

/** Decodes bytes to text with the detected encoding; invalid sequences become U+FFFD (never throws). */
export function decodeBody(
  body: Uint8Array,
  contentType: string | null | undefined,
  kind: ContentKind,
): string {
  return decodeWith(body, detectEncoding(body, contentType, kind));
}
