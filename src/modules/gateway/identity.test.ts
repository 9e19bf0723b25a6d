/** Reading the parties of a call from verified token claims, and the verified-token cache (T-1.2, T-1.2.2). */
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { identityFromClaims, TokenRefused, TokenVerifier } from './identity.ts';

const org = (n: string) => ({ authority: 'iso6523-actorid-upis', ID: `0192:${n}` });
const issuer = { spec: { issuer: 'https://maskinporten.no/', name: 'Maskinporten' }, envMask: 3 };

describe('identityFromClaims', () => {
  it('[T-1.2] the vendor is the supplier when present, the customer the consumer', () => {
    const id = identityFromClaims({ scope: 'a b', client_id: 'c1', consumer: org('974761076'), supplier: org('310000012'), exp: 10 }, issuer);
    expect(id).toMatchObject({ vendorOrgNo: '310000012', customerOrgNo: '974761076', clientId: 'c1', expiresAt: 10_000 });
    expect([...id.scopes]).toEqual(['a', 'b']);
  });

  it('[T-1.2] without a supplier the consumer is the vendor; a system user makes its organisation the customer', () => {
    const id = identityFromClaims(
      {
        consumer: org('310000012'),
        authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: org('974761076'), systemuser_id: ['su-1'] }],
        scp: ['x'],
      },
      issuer,
    );
    expect(id).toMatchObject({ vendorOrgNo: '310000012', customerOrgNo: '974761076', systemUserId: 'su-1' });
    expect(id.scopes.has('x')).toBe(true);
  });

  it('[T-1.2.2] refuses organisation claims that are not "0192:<orgno>"', () => {
    expect(() => identityFromClaims({ consumer: { authority: 'x', ID: '0192:974761076' } }, issuer)).toThrow(TokenRefused);
    expect(() => identityFromClaims({ supplier: org('12') }, issuer)).toThrow(TokenRefused);
    expect(() => identityFromClaims({ authorization_details: [{ type: 'urn:altinn:systemuser' }] }, issuer)).toThrow(/systemuser_org/);
  });
});

describe('TokenVerifier', () => {
  it('[T-1.2.2] verifies a token once and answers repeats from the cache until it expires; never allows HS* or none', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'e1', alg: 'ES256' }] });
    let now = Date.now();
    const v = new TokenVerifier([{ name: 'T', issuer: 'https://t/', environments: ['test'], algorithms: ['ES256'], keys }], { now: () => now, clockToleranceSec: 0 });
    const t = await new SignJWT({ scope: 's', consumer: org('974761076') })
      .setProtectedHeader({ alg: 'ES256', kid: 'e1' })
      .setIssuer('https://t/')
      .setExpirationTime(Math.floor(now / 1000) + 60)
      .sign(privateKey);
    const a = await v.verify(t);
    const b = await v.verify(t);
    expect(b).toBe(a);
    expect(v.verifications).toBe(1);
    expect(v.hits).toBe(1);
    now += 61_000;
    await expect(v.verify(t)).rejects.toMatchObject({ code: 'expired' });
    expect(() => new TokenVerifier([{ name: 'H', issuer: 'h', environments: ['test'], algorithms: ['HS256'], keys }])).toThrow(/not allowed/);
  });
});
