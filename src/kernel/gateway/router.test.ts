/** The gateway's route trie and the catalogue compiled from policies/altinn.yaml (T-2.1–T-2.6, T-1.2.2). */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/index.ts';
import { compileCatalogue, fillTemplate, upstreamFor, CatalogueError } from './catalogue.ts';
import { Router, RouteConflict } from './router.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function altinnProducts() {
  const r = parsePolicy(readFileSync(resolve(REPO_ROOT, 'policies/altinn.yaml'), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy.products!;
}

describe('Router', () => {
  const r = new Router<string>()
    .add('GET', '/broker/api/v1/filetransfer', 'list')
    .add('GET', '/broker/api/v1/filetransfer/{id}', 'status')
    .add('POST', '/broker/api/v1/filetransfer/{id}/confirmdownload', 'confirm')
    .add('GET', '/broker/api/v1/filetransfer/special', 'special')
    .add('GET', '/{org}/{app}/instances/{party}/{guid}', 'instance')
    .add('GET', '/files/{rest*}', 'files');

  it('matches static routes and captures parameters', () => {
    expect(r.match('GET', '/broker/api/v1/filetransfer')).toEqual({ route: 'list', params: {} });
    expect(r.match('GET', '/broker/api/v1/filetransfer/abc')).toEqual({ route: 'status', params: { id: 'abc' } });
    expect(r.match('POST', '/broker/api/v1/filetransfer/abc/confirmdownload')).toEqual({ route: 'confirm', params: { id: 'abc' } });
  });

  it('prefers a static segment over a parameter, and backs up when the static branch leads nowhere', () => {
    expect(r.match('GET', '/broker/api/v1/filetransfer/special')?.route).toBe('special');
    // "broker" is a static child of the root, but only the {org}/{app} branch has .../instances/...
    expect(r.match('GET', '/broker/api/instances/1/2')).toEqual({ route: 'instance', params: { org: 'broker', app: 'api', party: '1', guid: '2' } });
  });

  it('captures the rest of the path with a wildcard', () => {
    expect(r.match('GET', '/files/a/b/c')).toEqual({ route: 'files', params: { rest: 'a/b/c' } });
    expect(r.match('GET', '/files')).toBeUndefined();
  });

  it('refuses unknown methods and paths, empty segments and a trailing slash; HEAD falls back to GET', () => {
    expect(r.match('DELETE', '/broker/api/v1/filetransfer/abc')).toBeUndefined();
    expect(r.allowed('/broker/api/v1/filetransfer/abc')).toEqual(['GET']);
    expect(r.match('GET', '/broker/api/v1/filetransfer/')).toBeUndefined();
    expect(r.match('GET', '/broker//api/v1/filetransfer')).toBeUndefined();
    expect(r.match('GET', '')).toBeUndefined();
    expect(r.match('HEAD', '/broker/api/v1/filetransfer')?.route).toBe('list');
  });

  it('refuses conflicting and malformed patterns', () => {
    expect(() => new Router().add('GET', '/a/{x}', 1).add('GET', '/a/{y}', 2)).toThrow(RouteConflict);
    expect(() => new Router().add('GET', '/a/{x*}/b', 1)).toThrow(/last segment/);
    expect(() => new Router().add('GET', '/a/x{y}', 1)).toThrow(/mixes/);
    expect(() => new Router().add('GET', '/a/{x}/{x}', 1)).toThrow(/twice/);
    expect(() => new Router().add('GET', '/a//b', 1)).toThrow(/empty/);
  });
});

describe('catalogue of policies/altinn.yaml', () => {
  const cat = compileCatalogue(altinnProducts());

  it('[T-2.1] [T-2.2] [T-2.3] [T-2.4] [T-2.5] [T-2.6] every product has routes and an upstream per environment', () => {
    expect([...cat.products.keys()].sort()).toEqual(['apps', 'broker', 'correspondence', 'dialogporten', 'events', 'systemuser']);
    for (const p of cat.products.values()) {
      expect(p.routes.length).toBeGreaterThan(0);
      expect(p.upstreams.test).toMatch(/^https:\/\/.*tt02/);
      expect(p.upstreams.production).not.toMatch(/tt02/);
    }
  });

  it('[T-1.2.2] routes carry their scopes; read routes map to event types (T-1.2.4)', () => {
    const m = cat.router.match('POST', '/broker/api/v1/filetransfer/0c8a/confirmdownload')!;
    expect(m.route.product).toBe('broker');
    expect(m.route.scopes).toEqual(['altinn:broker.read']);
    const status = cat.router.match('GET', '/broker/api/v1/filetransfer/0c8a')!;
    expect(status.route.eventTypes).toContain('no.altinn.broker.published');
    expect(cat.router.match('GET', '/dialogporten/api/v1/serviceowner/dialogs')!.route.scopes).toEqual(['digdir:dialogporten.serviceprovider']);
    expect(cat.router.match('POST', '/skd/mva-melding/instances')).toMatchObject({ route: { product: 'apps' }, params: { org: 'skd', app: 'mva-melding' } });
    expect(cat.scopes.has('altinn:events.subscribe')).toBe(true);
  });

  it('fills the apps upstream and service resource from the path', () => {
    const apps = cat.products.get('apps')!;
    expect(fillTemplate(apps.upstreams.test, { org: 'skd', app: 'x' })).toBe('https://skd.apps.tt02.altinn.no');
    expect(fillTemplate(apps.serviceResource!, { org: 'skd', app: 'mva-melding' })).toBe('urn:altinn:resource:app_skd_mva-melding');
    expect(fillTemplate('{org}', {})).toBeUndefined();
  });

  it('lets the configuration override upstreams, most specific first', () => {
    const o = { '*': 'http://all', '*.test': 'http://tests', 'broker.test': 'http://broker-test' };
    expect(upstreamFor('broker', 'test', 'https://x', o)).toBe('http://broker-test');
    expect(upstreamFor('events', 'test', 'https://x', o)).toBe('http://tests');
    expect(upstreamFor('events', 'production', 'https://x', o)).toBe('http://all');
    expect(upstreamFor('events', 'production', 'https://x', {})).toBe('https://x');
    expect(compileCatalogue(altinnProducts(), { '*.test': 'http://127.0.0.1:1/' }).products.get('apps')!.upstreams.test).toBe('http://127.0.0.1:1');
  });

  it('refuses a catalogue with conflicting routes or a placeholder no route fills', () => {
    const base = { name: { nb: 'x', en: 'x' }, description: { nb: 'x', en: 'x' }, clauses: ['T-2.1'] };
    expect(() =>
      compileCatalogue({
        a: { ...base, upstreams: { test: 'https://{org}.t', production: 'https://p' }, routes: [{ method: 'GET', path: '/a/{id}', scopes: ['s'] }] },
        b: { ...base, upstreams: { test: 'https://t', production: 'https://p' }, routes: [{ method: 'GET', path: '/a/{x}', scopes: ['s'] }] },
      }),
    ).toThrow(CatalogueError);
    try {
      compileCatalogue({ a: { ...base, routes: [{ method: 'GET', path: '/a', scopes: ['s'] }] } });
    } catch (e) {
      expect((e as CatalogueError).problems).toEqual(['a: no upstream for the test environment', 'a: no upstream for the production environment']);
    }
  });
});
