/**
 * Test support for the event hub: a webhook receiver on 127.0.0.1 that records every request and answers as told,
 * a controllable clock, and a helper that makes a validated subscription. Used by the *.test.ts files only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { rowsOf } from '../db/index.ts';
import { deliverDue } from './delivery.ts';
import { createSubscription, subscriptionSecrets, type SubscriptionInput, type SubscriptionView } from './subscriptions.ts';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Answer after this many milliseconds. */
  delayMs?: number;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Requests to one path (e.g. "/a"), or of one CloudEvents type. */
  at(path: string): Received[];
  ofType(type: string): Received[];
  /** How to answer; default 200 "ok". */
  answer: (r: Received) => Answer;
  /** Requests being answered now, and the most there ever were at once. */
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
  /** Listen again on the same port (after close: the receiver "comes back"). */
  reopen(): Promise<void>;
}

export async function startReceiver(answer?: (r: Received) => Answer): Promise<Receiver> {
  const sockets = new Set<import('node:net').Socket>();
  const recv: Receiver = {
    url: '',
    port: 0,
    received: [],
    at: (p) => recv.received.filter((r) => r.path === p),
    ofType: (t) => recv.received.filter((r) => r.json?.type === t),
    answer: answer ?? (() => ({ status: 200, body: 'ok' })),
    inFlight: 0,
    maxInFlight: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
    reopen: async () => {
      await new Promise<void>((r) => server.listen(recv.port, '127.0.0.1', () => r()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const r: Received = { path: req.url ?? '/', headers: req.headers, body, json };
      recv.received.push(r);
      const a = recv.answer(r);
      if (a.hang) return;
      recv.inFlight++;
      recv.maxInFlight = Math.max(recv.maxInFlight, recv.inFlight);
      setTimeout(() => {
        recv.inFlight--;
        res.writeHead(a.status, a.headers ?? {});
        res.end(a.body ?? '');
      }, a.delayMs ?? 0);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  recv.port = (server.address() as AddressInfo).port;
  recv.url = `http://127.0.0.1:${recv.port}`;
  return recv;
}

/** A clock tests move by hand; starts a second ahead of the wall clock (rows default to the database's now()). */
export function testClock(start = Date.now() + 1000) {
  const c = {
    t: start,
    now: () => c.t,
    advance(ms: number) {
      c.t += ms;
      return c.t;
    },
    set(ms: number) {
      c.t = ms;
      return c.t;
    },
  };
  return c;
}

/** A subscription whose validation the receiver has answered (2xx), with its current secret. */
export async function validatedSubscription(
  ctx: AppContext,
  who: { orgId: string; orgNumber: string },
  input: SubscriptionInput,
): Promise<SubscriptionView & { secret: string }> {
  const s = await createSubscription(ctx, { orgId: who.orgId, consumer: `/org/${who.orgNumber}`, createdBy: '/user/test' }, input);
  await deliverDue(ctx, { now: () => Date.now() + 1000 });
  const [cur] = await subscriptionSecrets(ctx, s.id);
  const [row] = rowsOf<{ validated: boolean }>(await ctx.db.execute(sql`select validated from event_subscriptions where id = ${s.id}`));
  if (!row?.validated) throw new Error(`subscription ${s.id} did not validate`);
  return { ...s, validated: true, secret: cur!.secret };
}

/** Soft-deletes every subscription and cancels what is pending (isolation between tests sharing a database). */
export async function resetSubscriptions(ctx: AppContext): Promise<void> {
  await ctx.db.execute(sql`update event_subscriptions set deleted_at = now() where deleted_at is null`);
  await ctx.db.execute(sql`update event_deliveries set status = 'cancelled' where status = 'pending'`);
}
