/** Which catalogue routes a notice's APIs name, and the headers they get (T-1.2.6, T-3.1.2). */
import { describe, expect, it } from 'vitest';
import { compileCatalogue } from '../../kernel/gateway/index.ts';
import { loadPolicy } from '../../platform/policy/index.ts';
import { apiCovers, compileDeprecations, patternCovers } from './matcher.ts';

const policy = loadPolicy('policies/altinn.yaml', 'policies/clauses.yaml').policy;
const catalogue = compileCatalogue(policy.products ?? {});
const routes = [...catalogue.products.values()].flatMap((p) => p.routes);
const route = (id: string) => routes.find((r) => r.id === id)!;

describe('matching notice APIs to routes', () => {
  it('[T-1.2.6] compares segment by segment: literals equal, {x} any one segment whatever its name, {x*} the rest', () => {
    expect(patternCovers('/broker/api/v1/filetransfer/{id}', '/broker/api/v1/filetransfer/{fileTransferId}')).toBe(true);
    expect(patternCovers('/broker/api/v1/filetransfer/{id}', '/broker/api/v1/filetransfer/{fileTransferId}/download')).toBe(false);
    expect(patternCovers('/broker/api/v1/filetransfer', '/broker/api/v1/filetransfer/{fileTransferId}')).toBe(false);
    expect(patternCovers('/broker/api/v1/{rest*}', '/broker/api/v1/filetransfer/{fileTransferId}/download')).toBe(true);
    expect(patternCovers('/broker/api/v1/{rest*}', '/broker/api/v1')).toBe(false);
    expect(patternCovers('/correspondence/api/v1/correspondence/upload', '/correspondence/api/v1/correspondence/{correspondenceId}')).toBe(false);
    expect(apiCovers({ method: '*', path: '/broker/api/v1/filetransfer/{id}', sunsetAt: '' }, route('GET /broker/api/v1/filetransfer/{fileTransferId}'))).toBe(true);
    expect(apiCovers({ method: 'POST', path: '/broker/api/v1/filetransfer/{id}', sunsetAt: '' }, route('GET /broker/api/v1/filetransfer/{fileTransferId}'))).toBe(false);
    expect(apiCovers({ product: 'dialogporten', method: '*', path: '/broker/api/v1/filetransfer/{id}', sunsetAt: '' }, route('GET /broker/api/v1/filetransfer/{fileTransferId}'))).toBe(false);
  });

  it('[T-1.2.6] [T-3.1.2] compiles to route ids with RFC 9745 / RFC 8594 values, earliest sunset first; unreadable dates are skipped', () => {
    const published = new Date('2026-03-02T09:00:00Z');
    const m = compileDeprecations(
      [
        { id: 'n1', ref: 'VAR-2026-0001', publishedAt: published, apis: [{ method: '*', path: '/broker/api/v1/{rest*}', sunsetAt: '2026-12-01T00:00:00Z' }] },
        { id: 'n2', ref: 'VAR-2026-0002', publishedAt: published, apis: [{ method: 'GET', path: '/broker/api/v1/filetransfer/{x}', deprecatedAt: '2026-04-01T00:00:00Z', sunsetAt: '2026-09-01T00:00:00Z' }, { method: 'GET', path: '/x', sunsetAt: 'not a date' }] },
      ],
      routes,
      'https://samsvar.example/',
    );
    const list = m.get('GET /broker/api/v1/filetransfer/{fileTransferId}')!;
    expect(list.map((d) => d.ref)).toEqual(['VAR-2026-0002', 'VAR-2026-0001']);
    expect(list[0]).toMatchObject({ deprecation: `@${Date.parse('2026-04-01T00:00:00Z') / 1000}`, sunset: 'Tue, 01 Sep 2026 00:00:00 GMT', link: 'https://samsvar.example/status/maintenance/VAR-2026-0002' });
    expect(list[1].deprecation).toBe(`@${published.getTime() / 1000}`);
    expect(m.get('POST /broker/api/v1/filetransfer')?.map((d) => d.ref)).toEqual(['VAR-2026-0001']);
    expect(m.has('GET /dialogporten/api/v1/enduser/dialogs')).toBe(false);
  });
});
