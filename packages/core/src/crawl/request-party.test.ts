import { describe, expect, it } from 'vitest';
import { requestParty, siteOf } from './request-party.js';

describe('requestParty', () => {
  const rules = { siteHosts: ['docs.example.com'] };
  const party = (url: string, allowHosts?: string[]) => requestParty(new URL(url), { ...rules, allowHosts });

  it('a site is a registrable domain; an IP address or localhost is its own site per port', () => {
    expect(siteOf(new URL('https://cdn.example.co.uk/x.js'))).toBe('example.co.uk');
    expect(siteOf(new URL('http://127.0.0.1:8080/'))).toBe('127.0.0.1:8080');
    expect(party('https://cdn.example.com/app.js')).toBe('site');
    expect(requestParty(new URL('http://127.0.0.1:9090/a.js'), { siteHosts: ['127.0.0.1:8080'] })).toBe(
      'third-party',
    );
    expect(requestParty(new URL('http://127.0.0.1:8080/a.js'), { siteHosts: ['127.0.0.1:8080'] })).toBe(
      'site',
    );
  });

  it('well-known trackers are trackers even when a job allows their host; other hosts only when allowed', () => {
    expect(party('https://www.google-analytics.com/analytics.js')).toBe('tracker');
    expect(party('https://www.googletagmanager.com/gtag/js', ['www.googletagmanager.com'])).toBe('tracker');
    expect(party('https://unpkg.com/react.js')).toBe('third-party');
    expect(party('https://unpkg.com/react.js', ['unpkg.com'])).toBe('allowed');
    expect(party('http://api.other.test:8443/data', ['api.other.test:8443'])).toBe('allowed');
    expect(party('http://api.other.test:9000/data', ['api.other.test:8443'])).toBe('third-party');
  });
});
