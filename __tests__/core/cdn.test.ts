// The domain-name rule of SITE_DOMAIN and BOOTSTRAP_SITE_DOMAINS.
import { isDomainName } from '../../core/cdn';

describe('isDomainName', () => {
  it.each(['live.example.com', 'example.com', 'a.b.example.co.uk', 'live-2.example.org', 'xn--bcher-kva.example', 'tv.xn--p1ai'])('accepts %s', (name) => {
    expect(isDomainName(name)).toBe(true);
  });

  it.each([
    'Live.Example.com', 'live.example.com.', '*.example.com', 'localhost', 'https://live.example.com', 'live_site.example.com',
    '-live.example.com', 'live-.example.com', 'live..example.com', 'example.123', `${'a'.repeat(64)}.example.com`, `${'a.'.repeat(127)}com`,
  ])('rejects %s', (name) => {
    expect(isDomainName(name)).toBe(false);
  });
});
