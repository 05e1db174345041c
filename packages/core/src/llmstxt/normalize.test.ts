import { describe, expect, it } from 'vitest';
import { normalizeLlmsTxt } from './normalize.js';
import { validateLlmsTxt } from './validate.js';

const FILE = '# Site\n\n> Summary.\n\nInfo.\n\n## Docs\n\n- [A](https://x.dev/a): a\n';

describe('normalizeLlmsTxt', () => {
  it('unwraps a code-fenced answer and drops the chatter around it', () => {
    const answer = `Sure! Here is your llms.txt:\n\n\`\`\`markdown\n${FILE}\`\`\`\n\nLet me know if you want changes.`;
    expect(validateLlmsTxt(answer).valid).toBe(false);
    const normalized = normalizeLlmsTxt(answer);
    expect(normalized).toBe(FILE);
    expect(validateLlmsTxt(normalized).valid).toBe(true);
  });

  it('unwraps bare and ~~~ fences, and an unclosed fence', () => {
    expect(normalizeLlmsTxt(`\`\`\`\n${FILE}\`\`\``)).toBe(FILE);
    expect(normalizeLlmsTxt(`~~~md\n${FILE}~~~\n`)).toBe(FILE);
    expect(normalizeLlmsTxt(`\`\`\`markdown\n${FILE}`)).toBe(FILE);
  });

  it('keeps code blocks inside a wrapped file (inner fences come in pairs)', () => {
    const inner =
      '# Site\n\n> Summary.\n\nUse it:\n\n```sh\nnpm i site\n```\n\n## Docs\n\n- [A](https://x.dev/a)\n';
    expect(normalizeLlmsTxt(`\`\`\`markdown\n${inner}\`\`\`\n`)).toBe(inner);
    // Not wrapped at all: the inner block is left alone.
    expect(normalizeLlmsTxt(inner)).toBe(inner);
  });

  it('unwraps a fence whose content starts with chatter before the H1', () => {
    expect(normalizeLlmsTxt(`\`\`\`markdown\nHere is the file:\n\n${FILE}\`\`\`\n`)).toBe(FILE);
  });

  it('drops chatter before the H1 without a fence', () => {
    expect(normalizeLlmsTxt(`Here is your llms.txt:\n\n${FILE}`)).toBe(FILE);
  });

  it('CRLF to LF, trailing spaces, blank-line runs, one trailing newline, no leading blanks', () => {
    const messy = `\r\n\r\n# Site  \r\n\r\n\r\n\r\n> Summary.\t\r\n\r\nInfo.\r\n\r\n\r\n## Docs\r\n\r\n- [A](https://x.dev/a): a   \r\n\r\n\r\n`;
    expect(normalizeLlmsTxt(messy)).toBe(FILE);
    expect(normalizeLlmsTxt(FILE.trimEnd())).toBe(FILE);
    expect(normalizeLlmsTxt(`\uFEFF${FILE}`)).toBe(FILE);
  });

  it('turns * and + bullets into -, fixes a space before the colon, but leaves code and bold text alone', () => {
    const input =
      '# Site\n\n> Summary.\n\n**Bold** intro.\n\n```\n* not a bullet\n\n\n\nkept\n```\n\n## Docs\n\n* [A](https://x.dev/a) : a\n+ [B](https://x.dev/b)\n';
    expect(normalizeLlmsTxt(input)).toBe(
      '# Site\n\n> Summary.\n\n**Bold** intro.\n\n```\n* not a bullet\n\n\n\nkept\n```\n\n## Docs\n\n- [A](https://x.dev/a): a\n- [B](https://x.dev/b)\n',
    );
  });

  it('leaves a text without an H1 in place (validation reports it) and an empty answer empty', () => {
    expect(normalizeLlmsTxt('no heading here\n\n\n')).toBe('no heading here\n');
    expect(normalizeLlmsTxt('  \n\n')).toBe('');
    expect(normalizeLlmsTxt('```\nplain\n```')).toBe('plain\n');
  });
});
