import { describe, expect, it } from 'vitest';
import { membersByKind, structureSentence } from './structure-description.js';

describe('structure descriptions (pages without prose)', () => {
  it('names the members listed under kind headings, a few per kind, the rest counted', () => {
    const page = {
      title: 'Module async',
      headings: ['Module async', 'Index', 'Type Aliases', 'Functions', 'Settings'],
      text: 'lib\n\nasync\n\nModule async\n\nIndex\n\nType Aliases\n\nPromiseFactory\n\nFunctions\n\npromiseSequence promisify promisifyNoError wait retry\n\nSettings\n\nMember Visibility\n\nTheme',
    };
    expect(membersByKind(page)).toEqual(
      new Map([
        ['type alias', ['PromiseFactory']],
        ['functions', ['promiseSequence', 'promisify', 'promisifyNoError', 'wait', 'retry']],
      ]),
    );
    expect(structureSentence(page, 200)).toBe(
      'Documents the type alias PromiseFactory, and the functions promiseSequence, promisify, promisifyNoError and 2 more.',
    );
  });

  it('reads members given as headings under a kind heading, generics dropped', () => {
    const page = {
      title: 'Class Queue',
      headings: ['Class Queue<T>', 'Constructors', 'constructor', 'Methods', 'push', 'pop', 'Parameters'],
      text: 'Class Queue<T>\n\nConstructors\n\nconstructor\n\nnew Queue<T>(): Queue<T>\n\nMethods\n\npush\n\npush(item: T): void\n\npop\n\nParameters\n\nitem: T',
    };
    expect(structureSentence(page, 200)).toBe('Documents the methods push and pop.');
  });

  it('falls back to a title that names a code member, never to a topic title', () => {
    expect(structureSentence({ title: 'Type Alias PromiseFactory<T>', headings: [], text: 'x' }, 200)).toBe(
      'Documents the type alias PromiseFactory.',
    );
    expect(structureSentence({ title: 'Function wait', headings: [], text: '' }, 200)).toBe(
      'Documents the function wait.',
    );
    expect(structureSentence({ title: 'Type Conversion', headings: [], text: '' }, 200)).toBe('');
    // A title trimmed to the name keeps the member's kind in its h1.
    expect(
      structureSentence(
        { title: 'Comparer', headings: ['Type Alias Comparer<T>', 'Settings'], text: '' },
        200,
      ),
    ).toBe('Documents the type alias Comparer.');
    expect(structureSentence({ title: 'Module Federation', headings: [], text: '' }, 200)).toBe('');
  });

  it('does not read prose under a kind heading as names', () => {
    const page = {
      title: 'Guide',
      headings: ['Guide', 'Functions'],
      text: 'Guide\n\nFunctions\n\nFunctions are the building blocks of programs\n\nUse them well',
    };
    expect(membersByKind(page).size).toBe(0);
    expect(structureSentence(page, 200)).toBe('');
  });

  it("reads members named with their kind, as Sphinx apidoc heads them ('weac.utils.misc module')", () => {
    const page = {
      title: 'weac.utils package',
      headings: ['weac.utils package', 'Submodules', 'Module contents'],
      text: 'weac.utils package\n\nSubmodules\n\nweac.utils.geldsetzer module\n\ncompute_density()\n\nweac.utils.misc module\n\ndecompose_to_xyz()\n\nisnotebook()\n\nModule contents',
    };
    expect(membersByKind(page)).toEqual(new Map([['modules', ['weac.utils.geldsetzer', 'weac.utils.misc']]]));
    expect(structureSentence(page, 200)).toBe(
      'Documents the modules weac.utils.geldsetzer and weac.utils.misc.',
    );
    // A sentence that ends on the word 'module' is prose, not a member.
    expect(membersByKind({ ...page, text: 'Subpackages\n\nThe module\n\nSee the package' }).size).toBe(0);
  });

  it("a kind named by a plain line (a top bar's 'Class') lists only names that read as code", () => {
    const page = {
      title: 'retrofit2',
      headings: ['Package retrofit2', 'Class Summary'],
      text: 'Overview\n\nPackage\n\nClass\n\nTree Deprecated Index Help\n\nPackage retrofit2\n\nClass Summary',
    };
    expect(membersByKind(page).size).toBe(0);
  });
});
