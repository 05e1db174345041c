import { describe, expect, it } from 'vitest';
import { pageRef, resolvePageRefs } from './page-refs.js';

describe('resolvePageRefs', () => {
  const refs = new Map([
    ['p1', 'https://docs.example.org/'],
    ['p12', 'https://docs.example.org/guide/install/'],
  ]);

  it('turns [Title](p12), (@12) and (<p12>) into the pages URLs', () => {
    const answer = '- [Home](p1): start\n- [Install](@12): how\n- [Again](< p12 >)\n';
    const out = resolvePageRefs(answer, refs);
    expect(out.text).toBe(
      '- [Home](https://docs.example.org/): start\n- [Install](https://docs.example.org/guide/install/): how\n- [Again](https://docs.example.org/guide/install/)\n',
    );
    expect(out).toMatchObject({ resolved: 3, unknown: [] });
  });

  it('leaves absolute URLs and unknown references as written (the validator rejects the latter)', () => {
    const answer = '- [A](https://docs.example.org/p12)\n- [B](p99)\n- [C](p012)\n';
    const out = resolvePageRefs(answer, refs);
    expect(out.text).toBe(
      '- [A](https://docs.example.org/p12)\n- [B](p99)\n- [C](https://docs.example.org/guide/install/)\n',
    );
    expect(out.unknown).toEqual(['p99']);
    expect(out.resolved).toBe(1);
  });

  it('numbers pages from p1', () => {
    expect(pageRef(0)).toBe('p1');
    expect(pageRef(11)).toBe('p12');
  });
});
