/** The calendar API and CLI give exact answers across holidays, summer hours and DST. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demo: false });
});
afterAll(async () => server?.stop());

const due = async (cal: string, q: string) => {
  const res = await server.client().get(`/api/v1/calendars/${cal}/due?${q}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.due as string;
};

describe('calendar API', () => {
  it('lists the policy calendars', async () => {
    const res = await server.client().get('/api/v1/calendars');
    expect(res.body.items.map((c: any) => c.name)).toEqual(['always', 'servicedesk', 'abs', 'tul']);
  });

  it('[S-2.2.3] 3 working days from the Wednesday before Easter skip Maundy Thursday to Easter Monday', async () => {
    expect(await due('servicedesk', 'from=2026-04-01T10:00&workingDays=3')).toBe('2026-04-09T10:00:00+02:00');
  });

  it('[S-2.2.2] 1 working hour from late on the day before Ascension lands next morning in summer hours', async () => {
    // 13 May 2026 closes 15:45; 14 May is Ascension Day; 15 May has summer hours from 08:00.
    expect(await due('servicedesk', 'from=2026-05-13T15:30:00%2B02:00&workingHours=1')).toBe('2026-05-15T08:45:00+02:00');
  });

  it('[S-2.2.1] 1 calendar hour on the always calendar across the spring DST change', async () => {
    expect(await due('always', 'from=2026-03-29T01:30&hours=1')).toBe('2026-03-29T03:30:00+02:00');
    expect(await due('always', 'from=2026-10-25T02:30:00%2B02:00&hours=1')).toBe('2026-10-25T02:30:00+01:00');
  });

  it('[S-4.1] the user service closes 15:30, 15:00 in summer', async () => {
    expect(await due('abs', 'from=2026-09-16T15:00&workingHours=1')).toBe('2026-09-17T08:30:00+02:00');
    expect(await due('abs', 'from=2026-09-15T14:30&workingHours=1')).toBe('2026-09-16T08:30:00+02:00');
  });

  it('[S-2.4.1] the development window is Monday–Friday 07–20 and does not close on 17 May 2027 (a Monday)', async () => {
    expect(await due('tul', 'from=2027-05-17T19:00&workingHours=2')).toBe('2027-05-18T08:00:00+02:00');
    const open = await server.client().get('/api/v1/calendars/tul/open?from=2026-05-15T00:00&to=2026-05-19T00:00');
    expect(open.body.items).toEqual([
      { start: '2026-05-15T07:00:00+02:00', end: '2026-05-15T20:00:00+02:00' },
      { start: '2026-05-18T07:00:00+02:00', end: '2026-05-18T20:00:00+02:00' },
    ]);
  });

  it('[S-5.1] the month view marks holidays, half days and the summer season', async () => {
    const res = await server.client().get('/api/v1/calendars/servicedesk/days?from=2026-12-23&to=2026-12-27');
    const byDate = Object.fromEntries(res.body.items.map((d: any) => [d.date, d]));
    expect(byDate['2026-12-23'].open).toEqual([{ start: '08:00', end: '15:45' }]);
    expect(byDate['2026-12-24'].open).toEqual([{ start: '08:00', end: '12:00' }]);
    expect(byDate['2026-12-24'].special).toBeTruthy();
    expect(byDate['2026-12-25'].open).toEqual([]);
    expect(byDate['2026-12-25'].holiday).toBeTruthy();
    const summer = await server.client().get('/api/v1/calendars/servicedesk/days?from=2026-05-15&to=2026-05-15');
    expect(summer.body.items[0].season).toBeTruthy();
    expect(summer.body.items[0].open).toEqual([{ start: '08:00', end: '15:00' }]);
  });

  it('answers bad input with problem details that name the field', async () => {
    const c = server.client();
    const none = await c.get('/api/v1/calendars/servicedesk/due?from=2026-04-01T10:00');
    expect(none.status).toBe(400);
    expect(none.body.errors[0].field).toBe('query.workingDays');
    const two = await c.get('/api/v1/calendars/servicedesk/due?from=2026-04-01T10:00&workingDays=1&hours=2');
    expect(two.status).toBe(400);
    const badFrom = await c.get('/api/v1/calendars/servicedesk/due?from=2026-13-45T10:00&workingDays=1');
    expect(badFrom.status).toBe(400);
    expect(badFrom.body.errors[0].field).toBe('query.from');
    const unknown = await c.get('/api/v1/calendars/nope/due?from=2026-04-01T10:00&workingDays=1');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
    const long = await c.get('/api/v1/calendars/tul/days?from=2020-01-01&to=2026-01-01');
    expect(long.status).toBe(400);
  });
});

describe('samsvar calendar (CLI)', () => {
  const run = promisify(execFile);
  const cli = (...args: string[]) => run(process.execPath, ['bin/samsvar.mjs', ...args], { env: { ...process.env, LOG_LEVEL: 'warn' } });

  it('[S-2.2.3] prints the due instant with its Oslo offset', async () => {
    const { stdout } = await cli('calendar', 'due', '--calendar', 'servicedesk', '--from', '2026-04-01T10:00', '--working-days', '3');
    expect(stdout.trim()).toBe('2026-04-09T10:00:00+02:00');
  });

  it('[S-5.1] lists open intervals over Christmas', async () => {
    const { stdout } = await cli('calendar', 'open', '--calendar', 'servicedesk', '--from', '2026-12-24', '--to', '2026-12-28');
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^2026-12-24T08:00:00\+01:00 +→ +2026-12-24T12:00:00\+01:00/);
    expect(lines[1]).toMatch(/^2026-12-28T08:00:00\+01:00/);
    expect(lines).toHaveLength(2);
  });

  it('fails with a clear message and exit code on a bad calendar', async () => {
    await expect(cli('calendar', 'due', '--calendar', 'nope', '--from', '2026-04-01', '--hours', '1')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('The calendar "nope"'),
    });
  });

  it('checks a policy file and names the path of an error', async () => {
    const ok = await cli('policy', 'check', 'policies/altinn.yaml');
    expect(ok.stdout).toContain('valid');
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/samsvar-policy-');
    const { readFileSync } = await import('node:fs');
    writeFileSync(`${dir}/bad.yaml`, readFileSync('policies/altinn.yaml', 'utf8').replace(/calendar: servicedesk/, 'calendar: servicedsk'));
    await expect(cli('policy', 'check', `${dir}/bad.yaml`)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/\/.*calendar.*servicedsk/) });
  });
});
