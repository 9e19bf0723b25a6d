/**
 * Gate 6 over HTTP: the policy's product rule for T-2.2 — a vendor listing correspondences (for an overview) is
 * flagged with a pointer to Dialogporten (the policy's default), or refused when the rule says so.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../../test/helpers.ts';
import { loadPolicy } from '../../platform/policy/index.ts';
import { gatewayOf } from '../gateway/index.ts';
import { FJORD_CLIENT, gatewayCall, harness, orgClaim, type Harness } from './testkit.ts';

const LIST = '/test/correspondence/api/v1/correspondence?resourceId=urn:altinn:resource:skd-melding';
const ONE = '/test/correspondence/api/v1/correspondence/0b7c5a1e-0000-4000-8000-000000000003';

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await harness();
}, 60_000);
afterAll(async () => h?.close());

async function vendorToken(server: TestServer) {
  return h.token({ scope: 'altinn:correspondence.read', client_id: FJORD_CLIENT, supplier: orgClaim(server.demo.orgs.fjordregnskap.orgNumber) });
}

async function ruleHits(gw: string, action: string): Promise<number> {
  const text = await (await fetch(`${gw}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('samsvar_gateway_product_rule_total{') && l.includes('rule="correspondenceOverview"') && l.includes(`action="${action}"`) && l.includes('env="test"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('flag (the policy as shipped)', () => {
  let server: TestServer;
  let gw: string;
  beforeAll(async () => {
    server = await h.start();
    gw = gatewayOf(server.ctx)!.url;
    token = await vendorToken(server);
  }, 300_000);

  it('[T-2.2] the shipped policy flags listing correspondences, pointing to Dialogporten', () => {
    const rule = server.ctx.policy.policy.productRules?.find((r) => r.route === 'GET /correspondence/api/v1/correspondence');
    expect(rule).toMatchObject({ product: 'correspondence', action: 'flag', clauses: ['T-2.2'] });
    expect(rule!.link).toMatch(/dialogporten/);
  });

  it('[T-2.2] a vendor listing correspondences gets the answer with a Samsvar-Notice and a Link to Dialogporten, and is counted', async () => {
    const before = await ruleHits(gw, 'flag');
    const res = await gatewayCall(gw, 'GET', LIST, token);
    expect(res.status, res.text).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.headers.get('samsvar-notice')).toMatch(/^T-2\.2 "Use Dialogporten/);
    expect(res.headers.get('link')).toContain('<https://docs.altinn.studio/dialogporten/>; rel="alternate"');
    expect(await ruleHits(gw, 'flag')).toBe(before + 1);
  });

  it('[T-2.2] reading one correspondence is not flagged', async () => {
    const before = await ruleHits(gw, 'flag');
    const res = await gatewayCall(gw, 'GET', ONE, token);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('samsvar-notice')).toBeNull();
    expect(await ruleHits(gw, 'flag')).toBe(before);
  });
});

describe('refuse', () => {
  let server: TestServer;
  let gw: string;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'samsvar-rules-'));
    const file = path.join(dir, 'policy.yaml');
    const text = readFileSync('policies/altinn.yaml', 'utf8');
    const changed = text.replace(/(- id: correspondenceOverview[\s\S]*?action: )flag/, '$1refuse');
    expect(changed).not.toBe(text);
    writeFileSync(file, changed);
    expect(loadPolicy(file, 'policies/clauses.yaml').policy.productRules?.[0]?.action).toBe('refuse');
    server = await h.start({ config: { POLICY_FILE: file } });
    gw = gatewayOf(server.ctx)!.url;
    token = await vendorToken(server);
  }, 300_000);

  it('[T-2.2] with action refuse, listing correspondences is refused with a 403 problem that points to Dialogporten', async () => {
    const before = await ruleHits(gw, 'refuse');
    const res = await gatewayCall(gw, 'GET', LIST, token);
    expect(res.status, res.text).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: 'urn:samsvar:problem:gateway:product-rule-refused', clause: 'T-2.2', rule: 'correspondenceOverview', link: 'https://docs.altinn.studio/dialogporten/' });
    expect(res.body.detail).toMatch(/Use Dialogporten/);
    expect(res.body.message.nb).toMatch(/Dialogporten/);
    expect(res.headers.get('link')).toContain('rel="alternate"');
    expect(await ruleHits(gw, 'refuse')).toBe(before + 1);
    // Other correspondence routes pass.
    expect((await gatewayCall(gw, 'GET', ONE, token)).status).toBe(200);
  });
});
