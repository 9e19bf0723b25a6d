/**
 * The e-mails of the notifier, in the recipient's language: one notice (immediate) or a digest (daily, weekly), each
 * ending with unsubscribe links (`${PUBLIC_URL}/notifications/unsubscribe?token=…`) and the way to the preferences.
 */
import { formatLocal } from '../../kernel/worktime/index.ts';
import type { MailMessage } from '../mail/index.ts';
import type { Lang, NotificationDef, Rendered } from './registry.ts';
import { unsubscribeUrl } from './unsubscribe.ts';

export interface MailEnv {
  publicUrl: string;
  secret: string;
}

const base = (env: MailEnv) => env.publicUrl.replace(/\/$/, '');
const abs = (env: MailEnv, link: string | null) => (link ? (/^https?:\/\//.test(link) ? link : `${base(env)}${link.startsWith('/') ? '' : '/'}${link}`) : null);

const T = {
  open: { nb: 'Åpne i Samsvar', en: 'Open in Samsvar' },
  why: {
    nb: (title: string) => `Du får denne e-posten fordi du får varsler om «${title}» på e-post fra Samsvar.`,
    en: (title: string) => `You receive this e-mail because you get notifications of “${title}” by e-mail from Samsvar.`,
  },
  stop: { nb: 'Slutt å få dette på e-post', en: 'Stop getting this by e-mail' },
  prefs: { nb: 'Endre varslene dine', en: 'Change your notifications' },
  digestSubject: {
    nb: (kind: 'daily' | 'weekly', n: number, date: string) => `Samsvar: ${kind === 'daily' ? 'daglig' : 'ukentlig'} sammendrag ${date} – ${n} ${n === 1 ? 'varsel' : 'varsler'}`,
    en: (kind: 'daily' | 'weekly', n: number, date: string) => `Samsvar: ${kind} digest ${date} – ${n} ${n === 1 ? 'notification' : 'notifications'}`,
  },
  digestLead: {
    nb: (kind: 'daily' | 'weekly', n: number) => `Her er ${n === 1 ? 'varselet' : `de ${n} varslene`} du har valgt å få samlet ${kind === 'daily' ? 'daglig' : 'ukentlig'}:`,
    en: (kind: 'daily' | 'weekly', n: number) => `Here ${n === 1 ? 'is the notification' : `are the ${n} notifications`} you chose to get as a ${kind} digest:`,
  },
  digestWhy: {
    nb: 'Du får dette sammendraget fordi du har valgt å få disse varslene samlet på e-post.',
    en: 'You receive this digest because you chose to get these notifications collected by e-mail.',
  },
  stopType: { nb: (title: string) => `Slutt å få «${title}» på e-post`, en: (title: string) => `Stop getting “${title}” by e-mail` },
  stopAll: { nb: 'Slutt å få varsler fra Samsvar på e-post', en: 'Stop getting notifications from Samsvar by e-mail' },
};

/** One notice by e-mail. */
export function noticeMail(env: MailEnv, def: NotificationDef, r: Rendered, lang: Lang, user: { id: string; email: string }, orgId: string | null): MailMessage {
  const link = abs(env, r.link);
  const stop = unsubscribeUrl(env.publicUrl, env.secret, { userId: user.id, typeFilter: def.type, channel: 'email' });
  const text =
    `${r.text}\n` +
    (link ? `\n${T.open[lang]}: ${link}\n` : '') +
    `\n-- \n${T.why[lang](def.title[lang])}\n` +
    `${T.stop[lang]}: ${stop}\n` +
    `${T.prefs[lang]}: ${base(env)}/notifications\n`;
  return { to: user.email, subject: r.subject, text, kind: def.type, orgId };
}

export interface DigestEntry {
  def: NotificationDef;
  rendered: Rendered;
  time: Date;
}

/** Every collected notice in one mail, oldest first, with an unsubscribe link per type and one for all e-mail. */
export function digestMail(env: MailEnv, kind: 'daily' | 'weekly', entries: readonly DigestEntry[], lang: Lang, user: { id: string; email: string }, at: Date): MailMessage {
  const date = formatLocal(at).slice(0, 10);
  const lines: string[] = [T.digestLead[lang](kind, entries.length), ''];
  for (const e of entries) {
    const link = abs(env, e.rendered.link);
    lines.push(`• ${formatLocal(e.time)}  ${e.rendered.title}`);
    if (e.rendered.body) lines.push(`  ${e.rendered.body.replace(/\n+/g, ' ')}`);
    if (link) lines.push(`  ${link}`);
    lines.push('');
  }
  lines.push('-- ', T.digestWhy[lang]);
  const types = [...new Map(entries.map((e) => [e.def.type, e.def])).values()];
  for (const d of types) {
    lines.push(`${T.stopType[lang](d.title[lang])}: ${unsubscribeUrl(env.publicUrl, env.secret, { userId: user.id, typeFilter: d.type, channel: 'email' })}`);
  }
  lines.push(`${T.stopAll[lang]}: ${unsubscribeUrl(env.publicUrl, env.secret, { userId: user.id, typeFilter: '*', channel: 'email' })}`);
  lines.push(`${T.prefs[lang]}: ${base(env)}/notifications`);
  return { to: user.email, subject: T.digestSubject[lang](kind, entries.length, date), text: lines.join('\n') + '\n', kind: `notification.digest.${kind}` };
}
