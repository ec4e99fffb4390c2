// The site's security headers: one strict policy for the player, framing refused unless sites are listed, the same
// fields for every server that sends them.
import { contentSecurityPolicy, IVS_ORIGINS, PERMISSIONS_POLICY, securityHeaderFields, securityHeaders } from '../../core/security-headers';

const directives = (policy: string): Record<string, string> =>
  Object.fromEntries(policy.split('; ').map((directive) => [directive.split(' ')[0], directive.slice(directive.indexOf(' ') + 1)]));

describe('contentSecurityPolicy', () => {
  it('refuses everything the page does not use and allows exactly what the IVS player needs', () => {
    expect(contentSecurityPolicy({ embedOrigins: [] })).toBe(
      "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; media-src blob:; " +
        "connect-src 'self' https://*.live-video.net; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('connects to the IVS hosts by default, or to the playback origins given', () => {
    expect(directives(contentSecurityPolicy({ embedOrigins: [] }))['connect-src']).toBe(`'self' ${IVS_ORIGINS.join(' ')}`);
    expect(directives(contentSecurityPolicy({ embedOrigins: [], playbackOrigins: ['http://127.0.0.1:9000'] }))['connect-src']).toBe("'self' http://127.0.0.1:9000");
  });

  it('lets exactly the listed sites frame the page', () => {
    const policy = contentSecurityPolicy({ embedOrigins: ['https://partner.example.org', 'https://*.example.com'] });
    expect(directives(policy)['frame-ancestors']).toBe('https://partner.example.org https://*.example.com');
  });

  it('asks for violation reports only when given where to send them', () => {
    expect(contentSecurityPolicy({ embedOrigins: [] })).not.toContain('report-uri');
    expect(contentSecurityPolicy({ embedOrigins: [], reportUri: '/__csp-reports' }).endsWith('; report-uri /__csp-reports')).toBe(true);
  });
});

describe('securityHeaderFields', () => {
  it('sends HSTS for two years, nosniff, a strict referrer policy, the permissions policy, and X-Frame-Options DENY when no site may embed the page', () => {
    expect(securityHeaderFields(securityHeaders({ embedOrigins: [] }))).toEqual({
      'content-security-policy': contentSecurityPolicy({ embedOrigins: [] }),
      'strict-transport-security': 'max-age=63072000',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-frame-options': 'DENY',
      'permissions-policy': PERMISSIONS_POLICY,
    });
  });

  it('leaves X-Frame-Options out when sites may embed the page: it cannot name them, and would block them in old browsers', () => {
    expect(securityHeaderFields(securityHeaders({ embedOrigins: ['https://partner.example.org'] }))).not.toHaveProperty('x-frame-options');
  });

  it('allows autoplay, fullscreen and picture-in-picture to the page itself and no other feature to anyone', () => {
    const allowed = PERMISSIONS_POLICY.split(', ').filter((entry) => !entry.endsWith('=()'));
    expect(allowed).toEqual(['autoplay=(self)', 'fullscreen=(self)', 'picture-in-picture=(self)']);
  });
});
