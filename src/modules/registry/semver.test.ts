/** App library versions compare as semantic versions (S-7.1.2). */
import { describe, expect, it } from 'vitest';
import { compareSemver, isOlder, parseSemver } from './semver.ts';

describe('semver', () => {
  it('[S-7.1.2] compares numerically, not as text', () => {
    expect(isOlder('7.14.0', '8.0.0')).toBe(true);
    expect(isOlder('8.2.1', '8.0.0')).toBe(false);
    expect(isOlder('8.0.0', '8.0.0')).toBe(false);
    expect(compareSemver('8.10.0', '8.9.3')).toBeGreaterThan(0);
    expect(compareSemver('v8.1.0', '8.1.0')).toBe(0);
  });
  it('[S-7.1.2] a pre-release is older than its release; build metadata is ignored', () => {
    expect(isOlder('8.0.0-preview.3', '8.0.0')).toBe(true);
    expect(compareSemver('8.0.0-preview.10', '8.0.0-preview.9')).toBeGreaterThan(0);
    expect(compareSemver('8.0.0-alpha', '8.0.0-alpha.1')).toBeLessThan(0);
    expect(compareSemver('8.0.0+build.7', '8.0.0')).toBe(0);
  });
  it('rejects what is not a version', () => {
    expect(parseSemver('8')).toBeNull();
    expect(parseSemver('latest')).toBeNull();
    expect(() => compareSemver('8.0', '8.0.0')).toThrow(/not a semantic version/);
  });
});
