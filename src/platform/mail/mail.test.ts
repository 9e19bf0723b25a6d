/** Mail through a real local SMTP server (smtp-server), retries with backoff, dead letters and replay. */
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/helpers.ts';
import type { Database } from '../db/index.ts';
import { createMailer, MAIL_MAX_ATTEMPTS, mailOutbox } from './index.ts';

interface Received {
  from: string;
  to: string[];
  data: string;
}

let database: Database;
let smtp: SMTPServer;
let port: number;
const received: Received[] = [];
let refuse = false;

beforeAll(async () => {
  database = await freshDatabase();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c) => (data += c));
      stream.on('end', () => {
        if (refuse) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 451 }));
        received.push({ from: session.envelope.mailFrom ? (session.envelope.mailFrom as { address: string }).address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await database?.close();
});

describe('mail', () => {
  it('sends queued mail through SMTP and marks it sent', async () => {
    const mailer = createMailer({ db: database.db, smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Samsvar <samsvar@test.local>' });
    const id = await mailer.enqueue(database.db, { to: 'person@example.com', subject: 'Hei æøå', text: 'Innhold' });
    const r = await mailer.flush();
    expect(r).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(['person@example.com']);
    expect(received[0].from).toBe('samsvar@test.local');
    expect(received[0].data).toContain('Innhold');
    const [row] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    expect(row.status).toBe('sent');
    expect(row.sentAt).toBeInstanceOf(Date);
    // idempotent: a second flush sends nothing again
    expect((await mailer.flush()).sent).toBe(0);
    mailer.close();
  });

  it('loses nothing while the SMTP server refuses: retries with backoff, then a visible dead letter that can be replayed', async () => {
    refuse = true;
    received.length = 0;
    const mailer = createMailer({ db: database.db, smtpUrl: `smtp://127.0.0.1:${port}`, from: 'samsvar@test.local' });
    const id = await mailer.enqueue(database.db, { to: 'later@example.com', subject: 'Retry', text: 'x' });
    // A second ahead: the row's microsecond timestamp may fall later in the same millisecond as Date.now().
    let t = Date.now() + 1000;
    const waits: number[] = [];
    for (let i = 0; i < MAIL_MAX_ATTEMPTS; i++) {
      await mailer.flush(new Date(t));
      const [row] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
      waits.push(row.nextAttemptAt.getTime() - t);
      t = row.nextAttemptAt.getTime();
      // nothing is due before the backoff has passed
      expect((await mailer.flush(new Date(t - 1))).retried).toBe(0);
    }
    expect(waits.slice(0, 3)).toEqual([30_000, 60_000, 300_000]);
    const [dead] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    expect(dead.status).toBe('failed');
    expect(dead.attempts).toBe(MAIL_MAX_ATTEMPTS);
    expect(dead.lastError).toMatch(/451|mailbox unavailable/);
    expect((await mailer.list(database.db, { limit: 10, status: 'failed' })).map((m) => m.id)).toContain(id);

    refuse = false;
    const replayed = await mailer.replay(database.db, id);
    expect(replayed?.status).toBe('pending');
    expect((await mailer.flush()).sent).toBe(1);
    expect(received.map((m) => m.to[0])).toEqual(['later@example.com']);
    mailer.close();
  });

  it('keeps mail in the outbox when no SMTP server is configured', async () => {
    const mailer = createMailer({ db: database.db, from: 'samsvar@test.local' });
    const id = await mailer.enqueue(database.db, { to: 'kept@example.com', subject: 'Kept', text: 'x' });
    expect(await mailer.flush()).toEqual({ sent: 0, failed: 0, retried: 0 });
    const [row] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    expect(row.status).toBe('kept');
  });

  it('sends through the worker role: an invitation reaches the SMTP server via the mail.flush job', async () => {
    received.length = 0;
    const { startTestServer } = await import('../../../test/helpers.ts');
    const server = await startTestServer({ config: { SMTP_URL: `smtp://127.0.0.1:${port}` }, jobs: true, roles: ['api', 'worker'] });
    try {
      const admin = await server.as('skattAdmin');
      const res = await admin.post(`/api/v1/organisations/${server.demo.orgs.skatt.id}/invitations`, { email: 'ny@skatt.example', role: 'serviceowner-member' });
      expect(res.status).toBe(201);
      const deadline = Date.now() + 20_000;
      while (!received.some((m) => m.to.includes('ny@skatt.example')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const mail = received.find((m) => m.to.includes('ny@skatt.example'));
      expect(mail?.data).toContain('/invitation/inv_');
    } finally {
      await server.stop();
    }
  });
});
