/**
 * The small HTML pages of status subscriptions (bokmål and English), server-rendered so they work without the
 * portal and without JavaScript: the subscribe form and its "check your inbox" answer, confirm (a button: mail
 * scanners prefetch GETs), manage, unsubscribe, and errors. Pure functions of their input.
 */
import type { Policy } from '../../kernel/policy/schema.ts';
import { componentCatalogue } from '../components/catalogue.ts';
import type { Lang } from './channels.ts';
import { escapeHtml as e } from './email.ts';
import type { SubscriptionView } from './service.ts';

const T = {
  title: { nb: 'Abonner på driftsmeldinger', en: 'Subscribe to status updates' },
  intro: {
    nb: 'Få e-post om driftsforstyrrelser og planlagt arbeid, og en påminnelse før planlagt arbeid starter. Velg ingen komponenter for å få alt.',
    en: 'Get e-mail about incidents and planned work, and a reminder before planned work starts. Choose no components to get everything.',
  },
  email: { nb: 'E-postadresse', en: 'E-mail address' },
  components: { nb: 'Komponenter (ingen valgt = alle)', en: 'Components (none chosen = all)' },
  lang: { nb: 'Språk i e-postene', en: 'Language of the e-mails' },
  subscribe: { nb: 'Abonner', en: 'Subscribe' },
  inboxTitle: { nb: 'Sjekk innboksen din', en: 'Check your inbox' },
  inbox: {
    nb: 'Vi har sendt en e-post til adressen du oppga. Åpne lenken i den for å bekrefte abonnementet; uten bekreftelse sender vi ingenting mer.',
    en: 'We have sent an e-mail to the address you gave. Open the link in it to confirm the subscription; without confirmation we send nothing more.',
  },
  confirmTitle: { nb: 'Bekreft abonnementet', en: 'Confirm the subscription' },
  confirmText: { nb: (a: string) => `Bekreft at ${a} skal få driftsmeldinger fra statussiden.`, en: (a: string) => `Confirm that ${a} should get status updates from the status page.` },
  confirm: { nb: 'Bekreft', en: 'Confirm' },
  confirmedTitle: { nb: 'Abonnementet er bekreftet', en: 'Subscription confirmed' },
  confirmed: { nb: (a: string) => `${a} får nå driftsmeldinger fra statussiden.`, en: (a: string) => `${a} now gets status updates from the status page.` },
  manageTitle: { nb: 'Ditt abonnement', en: 'Your subscription' },
  manageFor: { nb: (a: string) => `Abonnement for ${a}.`, en: (a: string) => `Subscription of ${a}.` },
  pending: { nb: 'Abonnementet er ikke bekreftet ennå.', en: 'The subscription is not confirmed yet.' },
  save: { nb: 'Lagre', en: 'Save' },
  saved: { nb: 'Endringene er lagret.', en: 'Your changes are saved.' },
  manage: { nb: 'Endre abonnementet', en: 'Change your subscription' },
  stopLink: { nb: 'Avslutt abonnementet', en: 'Unsubscribe' },
  stopTitle: { nb: 'Avslutt abonnementet', en: 'Unsubscribe' },
  stopText: { nb: (a: string) => `Skal ${a} slutte å få driftsmeldinger fra statussiden?`, en: (a: string) => `Should ${a} stop getting status updates from the status page?` },
  stop: { nb: 'Avslutt', en: 'Unsubscribe' },
  stoppedTitle: { nb: 'Abonnementet er avsluttet', en: 'You are unsubscribed' },
  stopped: { nb: 'Du får ingen flere driftsmeldinger fra statussiden. Du kan abonnere på nytt når som helst.', en: 'You will get no more status updates from the status page. You can subscribe again at any time.' },
  back: { nb: 'Til statussiden', en: 'To the status page' },
  again: { nb: 'Abonner på nytt', en: 'Subscribe again' },
  errorTitle: { nb: 'Det gikk ikke', en: 'That did not work' },
  notFound: {
    nb: 'Lenken er ikke gyldig. Den kan være kuttet av, eller erstattet av en nyere lenke. Bruk lenken i den nyeste e-posten, eller abonner på nytt.',
    en: 'The link is not valid. It may have been cut off, or replaced by a newer one. Use the link in the newest e-mail, or subscribe again.',
  },
};

function page(lang: Lang, title: string, body: string): string {
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${e(title)}</title><style>` +
    'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f4f5f6;color:#1e2b3c}' +
    'main{max-width:40rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px}' +
    'h1{font-size:1.5rem}fieldset{border:1px solid #ccd;border-radius:6px;margin:1rem 0}label{display:block;margin:.25rem 0}' +
    'input[type=email]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}' +
    'button{background:#0062ba;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}' +
    '.note{background:#e8f4e8;padding:.5rem 1rem;border-radius:6px}a{color:#0062ba}' +
    `</style></head><body><main><h1>${e(title)}</h1>${body}<p><a href="/status">${e(T.back[lang])}</a></p></main></body></html>`
  );
}

function componentFields(policy: Policy, lang: Lang, chosen: readonly string[]): string {
  const groups = new Map<string, { name: string; items: string[] }>();
  for (const c of componentCatalogue(policy)) {
    const g = groups.get(c.group) ?? { name: c.groupName[lang], items: [] };
    g.items.push(
      `<label><input type="checkbox" name="components" value="${e(c.id)}"${chosen.includes(c.id) ? ' checked' : ''}> ${e(c.name[lang])}</label>`,
    );
    groups.set(c.group, g);
  }
  const inner = [...groups.values()].map((g) => (g.items.length > 1 ? `<p><strong>${e(g.name)}</strong></p>${g.items.join('')}` : g.items.join(''))).join('');
  return `<fieldset><legend>${e(T.components[lang])}</legend>${inner}</fieldset>`;
}

function langFields(lang: Lang, chosen: Lang): string {
  const opt = (v: Lang, label: string) => `<label><input type="radio" name="lang" value="${v}"${chosen === v ? ' checked' : ''}> ${label}</label>`;
  return `<fieldset><legend>${e(T.lang[lang])}</legend>${opt('nb', 'Norsk (bokmål)')}${opt('en', 'English')}</fieldset>`;
}

const tokenQuery = (token: string) => `?token=${encodeURIComponent(token)}`;

export function subscribeFormPage(policy: Policy, lang: Lang): string {
  return page(
    lang,
    T.title[lang],
    `<p>${e(T.intro[lang])}</p><form method="post" action="/status/subscribe">` +
      `<label for="email">${e(T.email[lang])}</label><input id="email" type="email" name="email" required maxlength="254" autocomplete="email">` +
      componentFields(policy, lang, []) +
      langFields(lang, lang) +
      `<button type="submit">${e(T.subscribe[lang])}</button></form>`,
  );
}

export function checkInboxPage(lang: Lang): string {
  return page(lang, T.inboxTitle[lang], `<p>${e(T.inbox[lang])}</p>`);
}

export function confirmPage(v: SubscriptionView, token: string): string {
  const lang = v.lang;
  if (v.state === 'unsubscribed') return unsubscribedPage(lang);
  if (v.state === 'confirmed') return confirmedPage(v, token);
  return page(
    lang,
    T.confirmTitle[lang],
    `<p>${e(T.confirmText[lang](v.address))}</p>` +
      `<form method="post" action="/status/subscriptions/confirm${tokenQuery(token)}"><button type="submit">${e(T.confirm[lang])}</button></form>`,
  );
}

export function confirmedPage(v: SubscriptionView, token: string): string {
  const lang = v.lang;
  if (v.state === 'unsubscribed') return unsubscribedPage(lang);
  return page(
    lang,
    T.confirmedTitle[lang],
    `<p class="note">${e(T.confirmed[lang](v.address))}</p>` +
      `<p><a href="/status/subscriptions/manage${tokenQuery(token)}">${e(T.manage[lang])}</a> · <a href="/status/unsubscribe${tokenQuery(token)}">${e(T.stopLink[lang])}</a></p>`,
  );
}

export function managePage(policy: Policy, v: SubscriptionView, token: string, opts: { saved?: boolean } = {}): string {
  const lang = v.lang;
  if (v.state === 'unsubscribed') return unsubscribedPage(lang);
  return page(
    lang,
    T.manageTitle[lang],
    (opts.saved ? `<p class="note">${e(T.saved[lang])}</p>` : '') +
      `<p>${e(T.manageFor[lang](v.address))}${v.state === 'pending' ? ` ${e(T.pending[lang])}` : ''}</p>` +
      `<form method="post" action="/status/subscriptions/manage${tokenQuery(token)}">` +
      componentFields(policy, lang, v.components) +
      langFields(lang, v.lang) +
      `<button type="submit">${e(T.save[lang])}</button></form>` +
      `<p><a href="/status/unsubscribe${tokenQuery(token)}">${e(T.stopLink[lang])}</a></p>`,
  );
}

export function unsubscribePage(v: SubscriptionView, token: string): string {
  const lang = v.lang;
  if (v.state === 'unsubscribed') return unsubscribedPage(lang);
  return page(
    lang,
    T.stopTitle[lang],
    `<p>${e(T.stopText[lang](v.address))}</p>` +
      `<form method="post" action="/status/unsubscribe${tokenQuery(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
      `<button type="submit">${e(T.stop[lang])}</button></form>`,
  );
}

export function unsubscribedPage(lang: Lang): string {
  return page(lang, T.stoppedTitle[lang], `<p class="note">${e(T.stopped[lang])}</p><p><a href="/status/subscribe?lang=${lang}">${e(T.again[lang])}</a></p>`);
}

const ERR = {
  email: { nb: 'Skriv inn en gyldig e-postadresse.', en: 'Enter a valid e-mail address.' },
  components: { nb: 'En av komponentene finnes ikke. Velg blant dem på skjemaet.', en: 'One of the components does not exist. Choose among those on the form.' },
  lang: { nb: 'Språket må være bokmål eller engelsk.', en: 'The language must be Norwegian or English.' },
  rate: { nb: 'For mange forespørsler. Prøv igjen om en stund.', en: 'Too many requests. Try again in a while.' },
  ended: { nb: 'Abonnementet er avsluttet. Abonner på nytt for å få driftsmeldinger.', en: 'The subscription has ended. Subscribe again to get status updates.' },
};

/** An error as a page: `field` names the form field a 400 is about. */
export function errorPage(lang: Lang, status: number, detail: string, field?: string): string {
  let text = detail;
  if (status === 404) text = T.notFound[lang];
  else if (status === 429) text = ERR.rate[lang];
  else if (status === 409) text = ERR.ended[lang];
  else if (status === 400 && field?.endsWith('.email')) text = ERR.email[lang];
  else if (status === 400 && field?.endsWith('.components')) text = ERR.components[lang];
  else if (status === 400 && field?.endsWith('.lang')) text = ERR.lang[lang];
  const retry = status === 400 || status === 409 ? `<p><a href="/status/subscribe?lang=${lang}">${e(T.title[lang])}</a></p>` : '';
  return page(lang, T.errorTitle[lang], `<p>${e(text)}</p>${retry}`);
}
