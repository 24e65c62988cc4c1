import { describe, expect, it } from 'vitest';
import { OttoError } from '../src/core/errors';
import { accountMatchesHost, defaultSitesFor, hostMatches, normalizeSitePattern } from '../src/core/sites';

describe('site binding', () => {
  const aws = defaultSitesFor('Amazon Web Services');

  it('binds well-known issuers to their sign-in hosts', () => {
    expect(aws).toContain('signin.aws.amazon.com');
    expect(defaultSitesFor('GitHub')).toEqual(['github.com']);
    expect(defaultSitesFor('Some Small Shop')).toEqual([]);
  });

  it('matches the exact host and subdomains of wildcard patterns', () => {
    expect(accountMatchesHost(aws, 'signin.aws.amazon.com')).toBe(true);
    expect(accountMatchesHost(aws, 'us-east-1.signin.aws.amazon.com')).toBe(true);
    expect(accountMatchesHost(aws, 'SIGNIN.AWS.AMAZON.COM.')).toBe(true);
    expect(accountMatchesHost(aws, 'd-1234567890.awsapps.com')).toBe(true);
  });

  it.each([
    'signin-aws-amazon.com.example',
    'signin.aws.amazon.com.evil.example',
    'evilsignin.aws.amazon.com',
    'aws.amazon.com',
    'amazon.com',
    'xsignin.aws.amazon.com',
    'awsapps.com',
    'signin.aws.amazon.co',
    '',
  ])('never matches the lookalike %j', (host) => {
    expect(accountMatchesHost(aws, host)).toBe(false);
  });

  it('does not let a wildcard match its own base', () => {
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostMatches('*.example.com', 'a.b.example.com')).toBe(true);
  });

  it('normalizes pasted URLs, case and international names', () => {
    expect(normalizeSitePattern('https://GitHub.com/login?x=1')).toBe('github.com');
    expect(normalizeSitePattern('  *.Okta.com ')).toBe('*.okta.com');
    expect(normalizeSitePattern('bücher.example')).toBe('xn--bcher-kva.example');
    expect(normalizeSitePattern('127.0.0.1:8765')).toBe('127.0.0.1');
  });

  it.each(['', '   ', '*.com', 'http://', 'exa mple.com', '*.*.example.com'])('rejects the pattern %j', (bad) => {
    expect(() => normalizeSitePattern(bad)).toThrow(OttoError);
  });
});
