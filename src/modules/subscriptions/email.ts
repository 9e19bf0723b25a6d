/**
 * The e-mail channel of status subscriptions (T-3.1.1): one outbox row per recipient, written in one multi-row
 * insert per message, in the recipient's language, as plain text and simple HTML. Every mail carries
 * `List-Unsubscribe` (an HTTPS link and a mailto) and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
 * (RFC 8058), and a footer with the manage and unsubscribe links.
 */
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { MailMessage } from '../../platform/mail/index.ts';
import { defineStatusChannel, type Lang, type StatusContent, type StatusMessage } from './channels.ts';
import { signedSubscriberToken, type SubscriberRow } from './tokens.ts';

/** Rows per insert statement (8 parameters each keeps a statement far below PostgreSQL's 65,535). */
export const MAIL_INSERT_CHUNK = 5000;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const base = (ctx: AppContext) => ctx.config.PUBLIC_URL.replace(/\/$/, '');

export const confirmUrl = (ctx: AppContext, token: string) => `${base(ctx)}/status/subscriptions/confirm?token=${encodeURIComponent(token)}`;
export const manageUrl = (ctx: AppContext, token: string) => `${base(ctx)}/status/subscriptions/manage?token=${encodeURIComponent(token)}`;
export const unsubscribeUrl = (ctx: AppContext, token: string) => `${base(ctx)}/status/unsubscribe?token=${encodeURIComponent(token)}`;

/** The bare address of MAIL_FROM ("Samsvar <samsvar@example.no>" → "samsvar@example.no"). */
export function senderAddress(mailFrom: string): string {
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(mailFrom);
  return (m ? m[1] : mailFrom).trim();
}

/** RFC 8058 header fields for a mail to `subscriber` (token: the random secret, or a signed token). */
export function unsubscribeHeaders(ctx: AppContext, subscriber: Pick<SubscriberRow, 'id'>, token: string): Record<string, string> {
  const mailto = `mailto:${senderAddress(ctx.config.MAIL_FROM)}?subject=${encodeURIComponent(`unsubscribe status ${subscriber.id}`)}`;
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(ctx, token)}>, <${mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

const F = {
  why: {
    nb: 'Du får denne e-posten fordi du abonnerer på driftsmeldinger fra statussiden.',
    en: 'You receive this e-mail because you subscribed to updates from the status page.',
  },
  manage: { nb: 'Endre abonnementet', en: 'Change your subscription' },
  stop: { nb: 'Avslutt abonnementet', en: 'Unsubscribe' },
};

/** Wraps content in the footer of a subscriber's mail. */
export function renderMail(ctx: AppContext, c: StatusContent, lang: Lang, subscriber: SubscriberRow, token: string, kind: string): MailMessage {
  const manage = manageUrl(ctx, token);
  const stop = unsubscribeUrl(ctx, token);
  const facts = c.facts.map(([k, v]) => `${k}: ${v}`).join('\n');
  const text =
    `${c.lead}\n\n${c.title}\n\n${facts}\n` +
    (c.body ? `\n${c.body}\n` : '') +
    `\n${c.linkLabel}: ${c.link}\n` +
    `\n-- \n${F.why[lang]}\n${F.manage[lang]}: ${manage}\n${F.stop[lang]}: ${stop}\n`;
  const html =
    `<!doctype html><html lang="${lang}"><body style="font-family:system-ui,sans-serif;max-width:640px">` +
    `<p style="color:#555">${escapeHtml(c.lead)}</p><h2>${escapeHtml(c.title)}</h2>` +
    `<table>${c.facts.map(([k, v]) => `<tr><th align="left" style="padding-right:1em">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>` +
    (c.body ? `<p style="white-space:pre-wrap">${escapeHtml(c.body)}</p>` : '') +
    `<p><a href="${escapeHtml(c.link)}">${escapeHtml(c.linkLabel)}</a></p>` +
    `<hr><p style="font-size:small;color:#555">${escapeHtml(F.why[lang])}<br>` +
    `<a href="${escapeHtml(manage)}">${escapeHtml(F.manage[lang])}</a> · <a href="${escapeHtml(stop)}">${escapeHtml(F.stop[lang])}</a></p>` +
    `</body></html>`;
  return { to: subscriber.address, subject: c.subject, text, html, kind, headers: unsubscribeHeaders(ctx, subscriber, token) };
}

export const emailChannel = defineStatusChannel({
  name: 'email',
  doc: 'E-mail through the transactional outbox, one row per recipient, with RFC 8058 one-click unsubscribe.',
  async deliver(ctx: AppContext, tx: DbOrTx, message: StatusMessage, subscribers: readonly SubscriberRow[]): Promise<number> {
    const contents = new Map<Lang, StatusContent>();
    const contentOf = (lang: Lang) => {
      let c = contents.get(lang);
      if (!c) contents.set(lang, (c = message.content(lang)));
      return c;
    };
    const kind = `status.${message.kind}`;
    const mails = subscribers.map((s) => {
      const lang: Lang = s.lang === 'en' ? 'en' : 'nb';
      return renderMail(ctx, contentOf(lang), lang, s, signedSubscriberToken(ctx.secret, s), kind);
    });
    for (let i = 0; i < mails.length; i += MAIL_INSERT_CHUNK) await ctx.mail.enqueueMany(tx, mails.slice(i, i + MAIL_INSERT_CHUNK));
    return mails.length;
  },
});

const C = {
  subject: { nb: 'Bekreft abonnementet på driftsmeldinger', en: 'Confirm your subscription to status updates' },
  lead: {
    nb: 'Noen (forhåpentligvis du) ba om driftsmeldinger og varsler om planlagt arbeid fra statussiden til denne adressen.',
    en: 'Someone (hopefully you) asked for status updates and planned-work notices from the status page to this address.',
  },
  action: { nb: 'Bekreft abonnementet', en: 'Confirm the subscription' },
  ignore: {
    nb: 'Ba du ikke om dette, kan du se bort fra e-posten; uten bekreftelse sender vi ingenting mer.',
    en: 'If you did not ask for this, ignore this e-mail; without confirmation we send nothing more.',
  },
  already: { nb: 'Du abonnerer allerede på driftsmeldinger', en: 'You already subscribe to status updates' },
  alreadyLead: {
    nb: 'Noen ba om å abonnere denne adressen på driftsmeldinger fra statussiden, men den abonnerer allerede. Ingenting er endret.',
    en: 'Someone asked to subscribe this address to status updates from the status page, but it already subscribes. Nothing has changed.',
  },
};

function simpleMail(ctx: AppContext, to: string, lang: Lang, subject: string, lines: string[], action: { label: string; url: string }, subscriber: Pick<SubscriberRow, 'id'>, token: string, kind: string): MailMessage {
  const text = `${lines.join('\n\n')}\n\n${action.label}: ${action.url}\n`;
  const html =
    `<!doctype html><html lang="${lang}"><body style="font-family:system-ui,sans-serif;max-width:640px">` +
    lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('') +
    `<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p></body></html>`;
  return { to, subject, text, html, kind, headers: unsubscribeHeaders(ctx, subscriber, token) };
}

/** The double opt-in mail (carries the random secret itself). */
export function confirmationMail(ctx: AppContext, subscriber: Pick<SubscriberRow, 'id' | 'address'>, lang: Lang, token: string): MailMessage {
  return simpleMail(ctx, subscriber.address, lang, C.subject[lang], [C.lead[lang], C.ignore[lang]], { label: C.action[lang], url: confirmUrl(ctx, token) }, subscriber, token, 'status.confirm');
}

/** To a confirmed subscriber when someone subscribes the address again: nothing changes, here is the manage link. */
export function alreadySubscribedMail(ctx: AppContext, subscriber: SubscriberRow): MailMessage {
  const lang: Lang = subscriber.lang === 'en' ? 'en' : 'nb';
  const token = signedSubscriberToken(ctx.secret, subscriber);
  return simpleMail(ctx, subscriber.address, lang, C.already[lang], [C.alreadyLead[lang]], { label: F.manage[lang], url: manageUrl(ctx, token) }, subscriber, token, 'status.already-subscribed');
}
