import { readFileSync } from 'node:fs';
import { SKIP_SHARED_REASON, sharedFixture } from '@ltx/test-kit';
import { describe, expect, it } from 'vitest';
import { parseLlmsTxt } from './parse.js';
import { validateLlmsTxt } from './validate.js';

/**
 * The real llms.txt files in ../shared/fixtures/llms-txt through the validator; each verdict is recorded here.
 */
const dir = sharedFixture('llms-txt');
const read = (name: string) => readFileSync(sharedFixture('llms-txt', name)!, 'utf8');
const rules = (issues: { rule: string }[]) => [...new Set(issues.map((issue) => issue.rule))];

describe.skipIf(!dir)(`real llms.txt files (${dir ? 'shared fixtures' : SKIP_SHARED_REASON})`, () => {
  it('fasthtml.llms.txt: valid; only warning: its summary is longer than 300 characters', () => {
    const result = validateLlmsTxt(read('fasthtml.llms.txt'));
    expect(result.valid).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => [w.line, w.rule])).toEqual([[3, 'summary-long']]);
    expect(result.parsed?.title).toBe('FastHTML');
    expect(result.parsed?.sections.map((s) => [s.name, s.links.length])).toEqual([
      ['Docs', 3],
      ['API', 2],
      ['Examples', 2],
      ['Optional', 14],
    ]);
  });

  it('llmstxt-org.llms.txt (the spec site): valid, but no info paragraph, so the reference parser loses its summary', () => {
    const result = validateLlmsTxt(read('llmstxt-org.llms.txt'));
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => [w.line, w.rule])).toEqual([[5, 'info-missing']]);
    expect(result.parsed?.summary).toBeNull();
    expect(result.parsed?.info).toMatch(/^> A proposal/);
    expect(validateLlmsTxt(read('llmstxt-org.llms.txt'), { strict: true }).valid).toBe(false);
  });

  it('spec-sample.llms.txt: valid with no warnings (a link without notes is fine)', () => {
    const result = validateLlmsTxt(read('spec-sample.llms.txt'));
    expect(result).toMatchObject({ valid: true, errors: [], warnings: [] });
    expect(result.parsed?.sections.map((s) => s.name)).toEqual(['Docs', 'Examples', 'Optional']);
  });

  it('syncpack.llms.txt: invalid, prose and JSON code blocks under H2s (the reference parser crashes)', () => {
    const text = read('syncpack.llms.txt');
    const result = validateLlmsTxt(text);
    expect(result.valid).toBe(false);
    expect(rules(result.errors)).toEqual(['section-line']);
    // The first offending line is the prose under '## Configuration'.
    expect(result.errors[0]).toMatchObject({ line: 27, rule: 'section-line' });
    expect(result.errors[0]!.message).toContain("in section 'Configuration'");
    const sectionsWithErrors = new Set(result.errors.map((e) => /in section '([^']+)'/.exec(e.message)?.[1]));
    expect([...sectionsWithErrors]).toEqual([
      'Configuration',
      'Incremental Adoption Strategy',
      'Common Patterns',
    ]);
    // Every error line is a line the reference parser would also fail on, and vice versa.
    const parsed = parseLlmsTxt(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.map((e) => e.line)).toEqual(result.errors.map((e) => e.line));
    expect(result.parsed).toBeUndefined();
  });
});
