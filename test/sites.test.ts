import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOttoError } from '../src/core/errors';
import { allowedSites, checkSite, checkSites, coversPublicSuffix, migrateSites, normalizeAllowedSite, sharedTenantCovered } from '../src/core/site-policy';
import {
  defaultSitesFor,
  describeSite,
  isBound,
  isCanonicalSite,
  matchOrigin,
  migrateLegacySite,
  normalizeSite,
  parseSite,
  readStoredSites,
  siteForOrigin,
} from '../src/core/sites';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isOttoError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

describe('what the user types becomes a canonical binding', () => {
  it.each([
    ['github.com', 'https://github.com'],
    ['  GitHub.COM  ', 'https://github.com'],
    ['https://github.com/login?return_to=%2F#x', 'https://github.com'],
    ['HTTPS://GitHub.com:443/', 'https://github.com'],
    ['github.com:443', 'https://github.com'],
    ['github.com.', 'https://github.com'],
    ['http://intranet.test', 'http://intranet.test'],
    ['http://intranet.test:80', 'http://intranet.test'],
    ['host.example:8443', 'https://host.example:8443'],
    ['http://host.example:8080/x', 'http://host.example:8080'],
    // Written explicitly, port 80 under https stays a port, never a quiet downgrade to http.
    ['intranet.test:80', 'https://intranet.test:80'],
    ['*.Example.com', 'https://*.example.com'],
    ['https://*.example.com:8443', 'https://*.example.com:8443'],
    ['bücher.example', 'https://xn--bcher-kva.example'],
    ['ＧＩＴＨＵＢ.com', 'https://github.com'],
    ['xn--bcher-kva.example', 'https://xn--bcher-kva.example'],
    ['127.0.0.1', 'https://127.0.0.1'],
    ['http://127.0.0.2:51234', 'http://127.0.0.2:51234'],
    ['[::1]', 'https://[::1]'],
    ['[0:0:0:0:0:0:0:1]:8443', 'https://[::1]:8443'],
    ['http://[2001:DB8::1]/', 'http://[2001:db8::1]'],
    ['localhost', 'https://localhost'],
    ['my_host.corp.example', 'https://my_host.corp.example'],
  ])('%j → %j', (typed, canonical) => {
    expect(normalizeSite(typed)).toBe(canonical);
    expect(isCanonicalSite(canonical)).toBe(true);
    expect(normalizeSite(canonical)).toBe(canonical);
  });

  it.each([
    ['', 'siteEmpty'],
    ['   ', 'siteEmpty'],
    ['not a host name', 'siteNotHost'],
    ['exa mple.com', 'siteNotHost'],
    ['github.com\tgitlab.com', 'siteNotHost'],
    ['%', 'siteNotHost'],
    ['git%68ub.com', 'siteNotHost'],
    ['a..b.example', 'siteNotHost'],
    ['a!b.example', 'siteNotHost'],
    ['bank.example$', 'siteNotHost'],
    ['-', 'siteNotHost'],
    ['http://', 'siteNotHost'],
    ['*.*.example.com', 'siteNotHost'],
    ['login.*.example.com', 'siteNotHost'],
    ['::1', 'siteNotHost'],
    ['1.2.3.4.5', 'siteNotHost'],
    ['ftp://files.example', 'siteScheme'],
    ['chrome://settings', 'siteScheme'],
    ['javascript:alert(1)', 'siteScheme'],
    ['github.com@evil.example', 'siteUserinfo'],
    ['https://user:pw@github.com', 'siteUserinfo'],
    ['host.example:99999', 'sitePort'],
    ['host.example:0', 'sitePort'],
    ['host.example:http', 'sitePort'],
    ['*.127.0.0.1', 'siteWildcardIp'],
    ['*.[::1]', 'siteWildcardIp'],
    ['*.com', 'siteWildcardTld'],
    ['*.test', 'siteWildcardTld'],
    ['*.localhost', 'siteWildcardTld'],
  ])('refuses %j (%s)', (typed, code) => {
    expect(codeOf(() => parseSite(typed))).toBe(code);
  });

  it('never puts more than a bounded piece of the input in an error', () => {
    const long = `${'a'.repeat(300)} b`;
    try {
      parseSite(long);
    } catch (e) {
      expect(isOttoError(e, 'siteNotHost') && String(e.params.site).length).toBe(80);
    }
  });

  it('is idempotent and its form parses back to the same parts (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
    const typed = fc.record({
      scheme: fc.constantFrom('', 'https://', 'http://', 'HTTPS://'),
      wildcard: fc.boolean(),
      labels: fc.array(label, { minLength: 2, maxLength: 4 }),
      port: fc.option(fc.integer({ min: 1, max: 65535 })),
      path: fc.constantFrom('', '/', '/login?x=1', '#top'),
    });
    fc.assert(
      fc.property(typed, (t) => {
        const text = `${t.scheme}${t.wildcard ? '*.' : ''}${t.labels.join('.')}${t.port === null ? '' : `:${t.port}`}${t.path}`;
        let site: string;
        try {
          site = normalizeSite(text);
        } catch (e) {
          // Only an all-digit last label (parsed as an IPv4 number) may be refused.
          return isOttoError(e) && /^\d+$/.test(t.labels.at(-1)!);
        }
        const p = parseSite(site);
        const defaultPort = p.scheme === 'https' ? 443 : 80;
        return (
          normalizeSite(site) === site &&
          isCanonicalSite(site) &&
          p.scheme === (t.scheme.toLowerCase() === 'http://' ? 'http' : 'https') &&
          p.wildcard === t.wildcard &&
          (p.port ?? defaultPort) === (t.port ?? defaultPort)
        );
      }),
    );
  });
});

describe('matching a page origin', () => {
  const bank = ['https://bank.example'];

  it('fills only the same scheme, host and port', () => {
    expect(matchOrigin(bank, 'https://bank.example')).toEqual({ kind: 'bound', site: 'https://bank.example' });
    expect(isBound(bank, 'https://bank.example:443')).toBe(true);
    expect(isBound(bank, 'https://BANK.example.')).toBe(true);
    expect(isBound(bank, 'https://bank.example/mfa?x=1')).toBe(true);
  });

  it('tells an http page of an https-bound host apart: never bound, "insecure"', () => {
    expect(matchOrigin(bank, 'http://bank.example')).toEqual({ kind: 'insecure', site: 'https://bank.example' });
    expect(matchOrigin(bank, 'http://bank.example:8080')).toEqual({ kind: 'insecure', site: 'https://bank.example' });
    expect(isBound(bank, 'http://bank.example')).toBe(false);
  });

  it('tells another port of a bound host apart: never bound, "otherPort"', () => {
    expect(matchOrigin(bank, 'https://bank.example:8443')).toEqual({ kind: 'otherPort', site: 'https://bank.example' });
    expect(matchOrigin(['https://bank.example:8443'], 'https://bank.example')).toEqual({ kind: 'otherPort', site: 'https://bank.example:8443' });
    // An http binding does not extend to https of the same host either: another origin.
    expect(matchOrigin(['http://intranet.test'], 'https://intranet.test')).toEqual({ kind: 'otherPort', site: 'http://intranet.test' });
  });

  it('default ports: :443 and :80 are the same origins as none', () => {
    expect(isBound(['https://h.example:443'.replace(':443', '')], 'https://h.example:443')).toBe(true);
    expect(isBound([normalizeSite('https://h.example:443')], 'https://h.example')).toBe(true);
    expect(isBound(['http://h.example'], 'http://h.example:80')).toBe(true);
    expect(isBound(['http://h.example'], 'http://h.example:443')).toBe(false);
    expect(isBound([normalizeSite('h.example:80')], 'http://h.example')).toBe(false);
    expect(isBound([normalizeSite('h.example:80')], 'https://h.example:80')).toBe(true);
  });

  it('an explicit http binding fills its own http origin', () => {
    expect(isBound(['http://127.0.0.2:51234'], 'http://127.0.0.2:51234')).toBe(true);
    expect(isBound(['http://127.0.0.2:51234'], 'http://127.0.0.2:51235')).toBe(false);
    expect(isBound(['http://127.0.0.2:51234'], 'http://127.0.0.3:51234')).toBe(false);
  });

  it('prefers a full match over a near one, and "insecure" over "otherPort"', () => {
    const sites = ['https://bank.example:8443', 'https://bank.example', 'http://bank.example:8080'];
    expect(matchOrigin(sites, 'http://bank.example:8080').kind).toBe('bound');
    expect(matchOrigin(sites, 'http://bank.example:9000')).toEqual({ kind: 'insecure', site: 'https://bank.example' });
  });

  it('wildcards: subdomains only, same scheme and port', () => {
    const w = ['https://*.example.com'];
    expect(isBound(w, 'https://a.example.com')).toBe(true);
    expect(isBound(w, 'https://a.b.example.com')).toBe(true);
    expect(isBound(w, 'https://example.com')).toBe(false);
    expect(isBound(w, 'https://aexample.com')).toBe(false);
    expect(matchOrigin(w, 'http://a.example.com').kind).toBe('insecure');
    expect(matchOrigin(w, 'https://a.example.com:8443').kind).toBe('otherPort');
  });

  it('IDN and IPv6 origins compare in their ASCII form', () => {
    expect(isBound([normalizeSite('bücher.example')], 'https://xn--bcher-kva.example')).toBe(true);
    expect(isBound([normalizeSite('bücher.example')], 'https://bücher.example')).toBe(true);
    expect(isBound(['http://[::1]:8080'], 'http://[::1]:8080')).toBe(true);
    expect(isBound(['http://[::1]:8080'], 'http://[0:0::1]:8080')).toBe(true);
    expect(isBound(['https://[::1]'], 'https://[::2]')).toBe(false);
  });

  it.each([
    'https://signin-aws-amazon.com.example',
    'https://signin.aws.amazon.com.evil.example',
    'https://evilsignin.aws.amazon.com',
    'https://aws.amazon.com',
    'https://amazon.com',
    'https://signin.aws.amazon.co',
    'http://signin.aws.amazon.com',
    'https://signin.aws.amazon.com:8443',
    'file:///signin.aws.amazon.com',
    'chrome-extension://signin.aws.amazon.com',
    'about:blank',
    'null',
    '',
  ])('AWS defaults never match %j', (origin) => {
    expect(isBound(defaultSitesFor('Amazon Web Services'), origin)).toBe(false);
  });

  it('ignores stored text that is not a canonical binding (it never matches)', () => {
    expect(matchOrigin(['bank.example', '*.bank.example', 'https://Bank.example'], 'https://bank.example')).toEqual({ kind: 'none' });
  });

  it('suggests exactly the tab origin', () => {
    expect(siteForOrigin('https://acme.okta.com/signin/verify')).toBe('https://acme.okta.com');
    expect(siteForOrigin('http://127.0.0.1:8765/enroll')).toBe('http://127.0.0.1:8765');
    expect(siteForOrigin('https://h.example:443/')).toBe('https://h.example');
    expect(siteForOrigin('http://[::1]:3000/')).toBe('http://[::1]:3000');
    expect(siteForOrigin('chrome://newtab/')).toBeNull();
    expect(siteForOrigin('')).toBeNull();
    for (const o of ['https://a.example', 'http://127.0.0.1:8765', 'https://xn--bcher-kva.example:8443']) {
      expect(isBound([siteForOrigin(o)!], o)).toBe(true);
    }
  });

  it('describes what a binding means', () => {
    expect(describeSite('https://github.com')).toEqual({ secure: true, wildcard: false, host: 'github.com', port: 443 });
    expect(describeSite('http://intranet.test:8080')).toEqual({ secure: false, wildcard: false, host: 'intranet.test', port: 8080 });
    expect(describeSite('https://*.example.com')).toEqual({ secure: true, wildcard: true, host: 'example.com', port: 443 });
    expect(describeSite('github.com')).toBeNull();
  });
});

describe('public-suffix wildcards (tldts)', () => {
  it.each(['https://*.co.uk', 'https://*.github.io', 'https://*.awsapps.com', 'https://*.s3.amazonaws.com', 'https://*.blogspot.com', 'https://*.foo.ck', 'http://*.herokuapp.com:8080'])(
    'refuses %j',
    (site) => {
      expect(coversPublicSuffix(site)).toBe(true);
      expect(codeOf(() => checkSite(site))).toBe('sitePublicSuffix');
    },
  );

  it.each(['https://*.example.co.uk', 'https://*.alice.github.io', 'https://*.acme.okta.com', 'https://*.signin.aws', 'https://*.www.ck', 'https://*.intranet.test', 'https://github.io', 'https://co.uk'])(
    'allows %j',
    (site) => {
      expect(coversPublicSuffix(site)).toBe(false);
      expect(checkSite(site)).toBe(site);
    },
  );

  it('checkSites refuses non-canonical or non-string sites in messages', () => {
    expect(checkSites(['https://github.com', 'http://127.0.0.2:5000'])).toEqual(['https://github.com', 'http://127.0.0.2:5000']);
    expect(codeOf(() => checkSites(['github.com']))).toBe('siteNotHost');
    expect(codeOf(() => checkSites(['https://GitHub.com']))).toBe('siteNotHost');
    expect(codeOf(() => checkSites(['https://github.com:443']))).toBe('siteNotHost');
    expect(codeOf(() => checkSites([42]))).toBe('siteNotHost');
    expect(codeOf(() => checkSites(['https://*.github.io']))).toBe('sitePublicSuffix');
  });

  it('the form check combines syntax and the list', () => {
    expect(normalizeAllowedSite('*.alice.github.io')).toBe('https://*.alice.github.io');
    expect(codeOf(() => normalizeAllowedSite('*.github.io'))).toBe('sitePublicSuffix');
    expect(codeOf(() => normalizeAllowedSite('*.co.uk'))).toBe('sitePublicSuffix');
  });
});

describe('shared-tenant wildcards the public-suffix list lacks (Okta, Auth0, Salesforce, …)', () => {
  const paramsOf = (site: string) => {
    try {
      checkSite(site);
    } catch (e) {
      if (isOttoError(e)) return { code: e.code, params: e.params };
      throw e;
    }
    return null;
  };

  it.each([
    ['https://*.okta.com', 'okta.com'],
    ['https://*.oktapreview.com', 'oktapreview.com'],
    ['https://*.okta-emea.com', 'okta-emea.com'],
    ['https://*.okta-gov.com', 'okta-gov.com'],
    ['https://*.auth0.com', 'auth0.com'],
    ['https://*.eu.auth0.com', 'eu.auth0.com'],
    ['https://*.onelogin.com', 'onelogin.com'],
    ['https://*.my.salesforce.com', 'my.salesforce.com'],
    // A wildcard over a parent of a shared-tenant domain covers its tenants too.
    ['https://*.salesforce.com', 'my.salesforce.com'],
    ['https://*.my.site.com', 'my.site.com'],
    ['https://*.lightning.force.com', 'lightning.force.com'],
    ['https://*.b2clogin.com', 'b2clogin.com'],
    ['https://*.zendesk.com', 'zendesk.com'],
    ['https://*.atlassian.net', 'atlassian.net'],
    ['https://*.slack.com', 'slack.com'],
    ['http://*.okta.com:8443', 'okta.com'],
  ])('refuses %j (every tenant of %s), with the site and the parent for the message', (site, parent) => {
    expect(sharedTenantCovered(site)).toBe(parent);
    expect(paramsOf(site)).toEqual({ code: 'siteSharedTenant', params: { site, parent } });
    expect(allowedSites([site, 'https://acme.okta.com'])).toEqual(['https://acme.okta.com']);
  });

  it.each([
    'https://acme.okta.com', 'https://okta.com', 'https://*.acme.okta.com', 'https://login.salesforce.com',
    'https://*.acme.my.salesforce.com', 'https://id.atlassian.com', 'https://*.id.atlassian.com', 'https://*.okta.com.example',
    'https://*.notokta.com', 'https://*.example.com',
  ])('allows %j (one tenant, the platform itself, or another domain)', (site) => {
    expect(sharedTenantCovered(site)).toBeNull();
    expect(checkSite(site)).toBe(site);
  });

  it('the form check words it with its own code, and the public-suffix rule still comes first', () => {
    expect(codeOf(() => normalizeAllowedSite('*.okta.com'))).toBe('siteSharedTenant');
    expect(normalizeAllowedSite('acme.okta.com')).toBe('https://acme.okta.com');
    expect(codeOf(() => checkSites(['https://acme.okta.com', 'https://*.oktapreview.com']))).toBe('siteSharedTenant');
    expect(codeOf(() => checkSite('https://*.github.io'))).toBe('sitePublicSuffix');
  });

  it('a wildcard over a shared-tenant parent no longer binds another tenant once opened', () => {
    const opened = migrateSites(['*.okta.com']);
    expect(opened).toEqual([]);
    expect(isBound(opened, 'https://attacker.okta.com')).toBe(false);
    expect(isBound(migrateSites(['*.okta.com', 'acme.okta.com']), 'https://acme.okta.com')).toBe(true);
    expect(isBound(migrateSites(['*.okta.com', 'acme.okta.com']), 'https://attacker.okta.com')).toBe(false);
  });
});

describe('first-release sites migrate to the https meaning', () => {
  it('turns bare host patterns into https bindings on the default port', () => {
    expect(migrateSites(['github.com', '*.github.com', 'xn--bcher-kva.example', '127.0.0.1', '[::1]'])).toEqual([
      'https://github.com',
      'https://*.github.com',
      'https://xn--bcher-kva.example',
      'https://127.0.0.1',
      'https://[::1]',
    ]);
    expect(migrateLegacySite('signin.aws.amazon.com')).toBe('https://signin.aws.amazon.com');
  });

  it('keeps today\'s form as it is, so reading twice changes nothing', () => {
    const today = ['https://github.com', 'http://127.0.0.2:5000', 'https://*.example.com:8443'];
    expect(migrateSites(today)).toEqual(today);
    const once = migrateSites(['github.com', 'https://github.com', '*.example.org']);
    expect(once).toEqual(['https://github.com', 'https://*.example.org']);
    expect(migrateSites(once)).toEqual(once);
  });

  it('drops what must not fill any more, and text that never was a host, instead of refusing the vault', () => {
    expect(migrateSites(['*.github.io', '*.co.uk', 'bank.example', '*.127.0.0.1', '%%%', 'https://*.awsapps.com', 'ftp://x.example'])).toEqual([
      'https://bank.example',
    ]);
  });

  it('the first release\'s own defaults all carry over except the per-tenant ones', () => {
    const old = ['signin.aws.amazon.com', '*.signin.aws.amazon.com', '*.awsapps.com', '*.signin.aws', '*.okta.com'];
    expect(migrateSites(old)).toEqual(['https://signin.aws.amazon.com', 'https://*.signin.aws.amazon.com', 'https://*.signin.aws']);
  });
});

describe('readStoredSites: the syntax half, for every reader of the vault format', () => {
  it('migrates, normalises and dedupes without the list, and never throws', () => {
    expect(readStoredSites(['github.com', 'https://GitHub.com:443', '*.github.io', '%%%', 'ftp://x.example', 'http://127.0.0.2:5000'])).toEqual([
      'https://github.com',
      'https://*.github.io',
      'http://127.0.0.2:5000',
    ]);
    expect(allowedSites(readStoredSites(['*.github.io', 'alice.github.io']))).toEqual(['https://alice.github.io']);
  });
});

describe('defaults for well-known issuers', () => {
  it('are canonical and allowed', () => {
    for (const issuer of ['AWS', 'GitHub', 'GitLab', 'Google', 'Microsoft', 'Cloudflare', 'DigitalOcean', 'Atlassian', 'npm']) {
      const sites = defaultSitesFor(issuer);
      expect(sites.length).toBeGreaterThan(0);
      expect(checkSites(sites)).toEqual(sites);
    }
    expect(defaultSitesFor('GitHub')).toEqual(['https://github.com']);
    expect(defaultSitesFor('Some Small Shop')).toEqual([]);
  });

  it('bind no host under which every customer gets a name (Okta tenants, AWS Identity Center portals)', () => {
    expect(defaultSitesFor('Okta')).toEqual([]);
    expect(defaultSitesFor('AWS')).not.toContain('https://*.awsapps.com');
    expect(isBound(defaultSitesFor('AWS'), 'https://attacker.awsapps.com')).toBe(false);
    expect(isBound(defaultSitesFor('AWS'), 'https://us-east-1.signin.aws.amazon.com')).toBe(true);
  });
});
