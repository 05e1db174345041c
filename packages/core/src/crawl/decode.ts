/**
 * Content-type classification and charset decoding of fetched bodies.
 * Charset precedence (as browsers do): byte-order mark, then the Content-Type header's charset, then a
 * `<meta charset>` / `<meta http-equiv="Content-Type">` in the first 4 KiB, then UTF-8. Labels are decoded with
 * TextDecoder (WHATWG labels: iso-8859-1 means windows-1252, shift_jis, euc-kr, gbk ... all supported by Node's
 * full ICU); an unknown label falls back to UTF-8.
 */

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

/**
 * Classifies a response body by its Content-Type, sniffing only when the header is missing or generic.
 * Binary bytes are 'other' whatever the header claims (a .png served as text/html is not a page).
 */
export function classifyContent(contentType: string | null | undefined, body: Uint8Array): ContentKind {
  if (looksBinary(body)) return 'other';
  const { mime } = parseContentType(contentType);
  if (HTML_MIMES.has(mime)) return 'html';
  if (MARKDOWN_MIMES.has(mime)) return 'markdown';
  if (XML_MIMES.has(mime) || mime.endsWith('+xml')) return 'xml';
  if (mime === 'text/plain') return looksLikeHtml(body) ? 'html' : 'text';
  if (mime === '' || mime === 'application/octet-stream' || mime === 'binary/octet-stream') {
    // Missing or generic type with text bytes: sniff HTML, otherwise refuse.
    return looksLikeHtml(body) ? 'html' : 'other';
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

/**
 * windows-1252 bytes 0x80-0x9F (the WHATWG decoder maps iso-8859-1 and latin1 here too). Node 20's
 * TextDecoder('windows-1252') decodes this range as C1 controls like latin1 does, so we map it ourselves.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
  0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x9d, 0x017e, 0x0178,
];

function decodeWindows1252(body: Uint8Array): string {
  const latin1 = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (char) =>
    String.fromCharCode(CP1252_HIGH[char.charCodeAt(0) - 0x80] ?? 0xfffd),
  );
}

/** Decodes bytes to text with the detected encoding; invalid sequences become U+FFFD (never throws). */
export function decodeBody(
  body: Uint8Array,
  contentType: string | null | undefined,
  kind: ContentKind,
): string {
  const encoding = detectEncoding(body, contentType, kind);
  if (encoding === 'windows-1252') return decodeWindows1252(body);
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: false }).decode(body);
}
