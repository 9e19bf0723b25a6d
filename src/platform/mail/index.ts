/**
 * Outgoing mail as a transactional outbox: a message is written in the same transaction as the act that causes it,
 * then sent through SMTP (nodemailer) by the `mail.flush` job, with retries and backoff. A message that fails
 * every attempt becomes a dead letter (`failed`) that operators see and can replay. Without SMTP_URL messages are
 * `kept` in the outbox, readable in the portal.
 */
import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db, DbOrTx } from '../db/index.ts';
import { defineJob, type JobDef, type Jobs } from '../jobs/index.ts';
import { mailOutbox } from './tables.ts';

export { mailOutbox } from './tables.ts';
export type OutboxRow = typeof mailOutbox.$inferSelect;

/** Seconds to wait after attempt n (1-based) fails; after the last one the message is a dead letter. */
export const MAIL_BACKOFF_SECONDS = [30, 60, 300, 900, 3600, 3 * 3600];
export const MAIL_MAX_ATTEMPTS = MAIL_BACKOFF_SECONDS.length + 1;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind?: string;
  orgId?: string | null;
  /** Extra header fields (e.g. List-Unsubscribe); the standard ones (From, To, Subject, …) cannot be set here. */
  headers?: Record<string, string>;
}

/** Header fields a message may not set itself (the transport sets them). */
const RESERVED_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'subject', 'date', 'message-id', 'sender', 'reply-to', 'content-type', 'content-transfer-encoding', 'mime-version']);

function extraHeaders(h: Record<string, string> | undefined): Record<string, string> | null {
  if (!h) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (!/^[A-Za-z0-9-]+$/.test(k) || RESERVED_HEADERS.has(k.toLowerCase())) throw new Error(`mail header "${k}" may not be set`);
    if (/[\r\n]/.test(v)) throw new Error(`mail header "${k}" contains a line break`);
    out[k] = v;
  }
  return Object.keys(out).length ? out : null;
}

export interface Mailer {
  readonly smtpConfigured: boolean;
  /** Writes the message to the outbox (in the caller's transaction). Call `kick()` after commit. */
  enqueue(tx: DbOrTx, msg: MailMessage): Promise<string>;
  /** Writes many messages to the outbox in one multi-row insert (in the caller's transaction); answers their ids. */
  enqueueMany(tx: DbOrTx, msgs: readonly MailMessage[]): Promise<string[]>;
  /** Asks the worker to send what is due now. Safe to call any time. */
  kick(): Promise<void>;
  /**
   * Sends every due message (the job's body). Without `at`, "due" is judged by the database's clock, so a message
   * committed a moment ago is always due (JavaScript's millisecond clock can lag PostgreSQL's microseconds).
   */
  flush(at?: Date): Promise<{ sent: number; failed: number; retried: number }>;
  replay(db: Db, id: string): Promise<OutboxRow | undefined>;
  list(db: Db, opts: { limit: number; status?: string; before?: Date }): Promise<OutboxRow[]>;
  job: JobDef<{}>;
  close(): void;
}

export function createMailer(opts: { db: Db; smtpUrl?: string; from: string; jobs?: () => Jobs | undefined; now?: () => Date }): Mailer {
  const transport: Transporter | undefined = opts.smtpUrl
    ? nodemailer.createTransport(opts.smtpUrl, { from: opts.from } as never)
    : undefined;
  const now = opts.now ?? (() => new Date());

  const mailer: Mailer = {
    smtpConfigured: Boolean(transport),
    async enqueue(tx, msg) {
      const [id] = await mailer.enqueueMany(tx, [msg]);
      return id;
    },
    async enqueueMany(tx, msgs) {
      if (msgs.length === 0) return [];
      const rows = await tx
        .insert(mailOutbox)
        .values(
          msgs.map((msg) => ({
            to: msg.to,
            subject: msg.subject,
            text: msg.text,
            html: msg.html,
            headers: extraHeaders(msg.headers),
            kind: msg.kind ?? 'general',
            orgId: msg.orgId ?? null,
            status: transport ? 'pending' : 'kept',
          })),
        )
        .returning({ id: mailOutbox.id });
      return rows.map((r) => r.id);
    },
    async kick() {
      const jobs = opts.jobs?.();
      if (!jobs || !transport) return;
      await jobs.send(mailer.job, {}, { singletonKey: 'mail.flush' }).catch(() => undefined);
    },
    async flush(dueAt?: Date) {
      const result = { sent: 0, failed: 0, retried: 0 };
      if (!transport) return result;
      const due = await opts.db
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, dueAt ?? sql`clock_timestamp()`)))
        .orderBy(asc(mailOutbox.nextAttemptAt))
        .limit(100);
      const at = dueAt ?? now();
      for (const m of due) {
        const attempts = m.attempts + 1;
        try {
          await transport.sendMail({ from: opts.from, to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined, headers: m.headers ?? undefined });
          await opts.db
            .update(mailOutbox)
            .set({ status: 'sent', attempts, sentAt: now(), lastError: null })
            .where(eq(mailOutbox.id, m.id));
          result.sent++;
        } catch (e) {
          const dead = attempts >= MAIL_MAX_ATTEMPTS;
          const wait = MAIL_BACKOFF_SECONDS[Math.min(attempts - 1, MAIL_BACKOFF_SECONDS.length - 1)];
          await opts.db
            .update(mailOutbox)
            .set({
              status: dead ? 'failed' : 'pending',
              attempts,
              lastError: String((e as Error).message ?? e).slice(0, 500),
              nextAttemptAt: new Date(at.getTime() + wait * 1000),
            })
            .where(eq(mailOutbox.id, m.id));
          if (dead) result.failed++;
          else result.retried++;
        }
      }
      return result;
    },
    async replay(db, id) {
      const [row] = await db
        .update(mailOutbox)
        .set({ status: transport ? 'pending' : 'kept', attempts: 0, nextAttemptAt: now(), lastError: null })
        .where(and(eq(mailOutbox.id, id), inArray(mailOutbox.status, ['failed', 'kept'])))
        .returning();
      if (row) await mailer.kick();
      return row;
    },
    async list(db, o) {
      const conds = [];
      if (o.status) conds.push(eq(mailOutbox.status, o.status));
      if (o.before) conds.push(sql`${mailOutbox.createdAt} < ${o.before}`);
      return db
        .select()
        .from(mailOutbox)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(desc(mailOutbox.createdAt))
        .limit(o.limit);
    },
    job: defineJob<{}>({
      name: 'mail.flush',
      doc: 'Sends due messages of the mail outbox through SMTP; retries with backoff; dead letters after the last attempt.',
      cron: '* * * * *',
      retryLimit: 1,
      handler: async () => {
        await mailer.flush();
      },
    }),
    close() {
      transport?.close();
    },
  };
  return mailer;
}
