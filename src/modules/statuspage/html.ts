/**
 * The public status page as server-rendered HTML (T-3.1.1, S-2.3.1, S-2.4.1, S-3.1, S-3.3, S-3.4): no JavaScript,
 * Designsystemet's stylesheet, bokmål by default and English with `?lang=en` (the choice travels in the links, not
 * in a cookie). Every page is a pure function of a snapshot; routes cache the result per snapshot version.
 */
import {
  componentOf,
  isActiveNotice,
  isOpenIncident,
  isUpcomingNotice,
  noticeText,
  pick,
  postText,
  type ComponentState,
  type Lang,
  type SnapComponent,
  type SnapDay,
  type SnapIncident,
  type SnapMonth,
  type SnapNotice,
  type SnapPost,
  type StatusSnapshot,
} from './model.ts';
import { formatClock, formatDate, formatDuration, formatMonth, formatPercent, formatTime, sameOsloDay, T } from './text.ts';
import { incidentImpact, indicatorText, overallIndicator, type Indicator } from './v2.ts';

/** HTML-escapes text. */
export function h(s: string | number | null | undefined): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Plain text as paragraphs (blank lines) and line breaks. */
function prose(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .filter(Boolean)
    .map((p) => `<p class="ds-paragraph">${h(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** A link to a page of the status site in a language. */
export function href(path: string, lang: Lang, hash = ''): string {
  return `${path}${lang === 'en' ? '?lang=en' : ''}${hash}`;
}

export interface RenderOptions {
  lang: Lang;
  /** The snapshot is older than it should be (the database is unreachable): say so. */
  stale?: boolean;
  /** Path of the stylesheet (with its version). */
  stylesheet?: string;
}

const STATE_COLOR: Record<ComponentState, string> = {
  operational: 'success',
  degraded_performance: 'warning',
  partial_outage: 'warning',
  major_outage: 'danger',
  under_maintenance: 'info',
};
const INDICATOR_COLOR: Record<Indicator, string> = { none: 'success', minor: 'warning', major: 'warning', critical: 'danger', maintenance: 'info' };

function stateTag(state: ComponentState, lang: Lang): string {
  return `<span class="ds-tag sp-state sp-state-${state}" data-color="${STATE_COLOR[state]}">${h(T[lang].state[state])}</span>`;
}

function layout(snap: StatusSnapshot, opts: RenderOptions, page: { title: string; path: string; body: string }): string {
  const { lang } = opts;
  const t = T[lang];
  const other: Lang = lang === 'nb' ? 'en' : 'nb';
  const name = pick(snap.page.name, lang);
  const title = page.title === name ? name : `${page.title} – ${name}`;
  const stale = opts.stale ? `<div class="ds-alert" data-color="warning" role="status"><p class="ds-paragraph">${h(t.staleNotice)}</p></div>` : '';
  return `<!doctype html>
<html lang="${lang === 'en' ? 'en' : 'nb'}" data-color-scheme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<link rel="stylesheet" href="${h(opts.stylesheet ?? '/status/assets/style.css')}">
<link rel="alternate" type="application/rss+xml" title="${h(t.rss)}" href="${h(href('/status/feed.rss', lang))}">
<link rel="alternate" type="application/atom+xml" title="${h(t.atom)}" href="${h(href('/status/feed.atom', lang))}">
<link rel="alternate" hreflang="${other}" href="${h(href(page.path, other))}">
</head>
<body>
<a class="ds-skip-link" href="#main">${h(t.skip)}</a>
<header class="sp-header">
<div class="sp-wrap sp-bar">
<a class="sp-brand" href="${h(href('/status', lang))}">${h(name)}</a>
<nav aria-label="${lang === 'nb' ? 'Språk' : 'Language'}"><a class="ds-link" href="${h(href(page.path, other))}" hreflang="${other}" lang="${other}">${h(t.otherLang)}</a></nav>
</div>
</header>
<main id="main" class="sp-wrap" tabindex="-1">
${stale}
${page.body}
</main>
<footer class="sp-wrap sp-footer">
<p class="ds-paragraph" data-size="sm">${h(t.lastUpdated)}: <time datetime="${h(snap.builtAt)}">${h(formatTime(snap.builtAt, lang))}</time></p>
<nav aria-label="${h(t.feeds)}"><ul class="sp-links">
<li><a class="ds-link" href="${h(href('/status', lang))}">${h(t.home)}</a></li>
<li><a class="ds-link" href="${h(href('/status/incidents', lang))}">${h(t.history)}</a></li>
<li><a class="ds-link" href="${h(href('/status/changelog', lang))}">${h(t.changelog)}</a></li>
<li><a class="ds-link" href="${h(href('/status/roadmap', lang))}">${h(t.roadmap)}</a></li>
<li><a class="ds-link" href="${h(href('/status/meetings', lang))}">${h(t.meetings)}</a></li>
</ul></nav>
</footer>
</body>
</html>
`;
}

// ----------------------------------------------------------------------------------------------- availability bars

const DAY_W = 6;
const BAR_W = 4;
const BAR_H = 32;

function dayClass(d: SnapDay): string {
  if (d.availability === null) return 'sp-day-none';
  return `sp-day-${d.worst}`;
}

function dayTitle(d: SnapDay, lang: Lang): string {
  const t = T[lang];
  if (d.availability === null) return `${formatDate(d.date, lang)}: ${t.noWindow}`;
  const down = d.downMs > 0 ? ` (${formatDuration(d.downMs, lang)})` : '';
  return `${formatDate(d.date, lang)}: ${formatPercent(d.availability, lang)} – ${t.state[d.worst]}${down}`;
}

/** Availability over the days, weighted by each day's window (announced maintenance removed). */
export function periodAvailability(days: SnapDay[]): number | null {
  let window = 0;
  let down = 0;
  for (const d of days) {
    if (d.availability === null) continue;
    const w = d.windowMs - d.excludedMs;
    if (w <= 0) continue;
    window += w;
    down += Math.min(w, d.downMs);
  }
  return window > 0 ? (100 * (window - down)) / window : null;
}

/** Inline SVG: one bar per day, coloured by the worst state inside the window; a title per bar; a text alternative. */
export function bars(c: SnapComponent, lang: Lang, historyDays: number): string {
  const t = T[lang];
  const days = c.days;
  if (days.length === 0) return `<p class="ds-paragraph sp-muted" data-size="sm">${h(t.noData)}</p>`;
  const avg = periodAvailability(days);
  const bad = days.filter((d) => d.availability !== null && d.worst !== 'operational').length;
  const label = `${t.uptimeLegend(historyDays)}: ${formatPercent(avg, lang)}${bad ? `; ${bad} ${lang === 'nb' ? (bad === 1 ? 'dag med avvik' : 'dager med avvik') : bad === 1 ? 'day with issues' : 'days with issues'}` : ''}`;
  const rects = days
    .map(
      (d, i) =>
        `<rect x="${i * DAY_W}" y="0" width="${BAR_W}" height="${BAR_H}" rx="1" class="${dayClass(d)}"><title>${h(dayTitle(d, lang))}</title></rect>`,
    )
    .join('');
  return `<figure class="sp-bars">
<svg role="img" aria-label="${h(label)}" viewBox="0 0 ${days.length * DAY_W - (DAY_W - BAR_W)} ${BAR_H}" preserveAspectRatio="none" focusable="false">${rects}</svg>
<figcaption class="sp-bars-caption" data-size="sm"><span>${h(t.daysAgo(days.length))}</span><span>${h(formatPercent(avg, lang))}</span><span>${h(t.today)}</span></figcaption>
</figure>`;
}

// ------------------------------------------------------------------------------------------------ parts

function componentNames(snap: StatusSnapshot, ids: string[], lang: Lang): string {
  return ids.map((id) => h(pick(componentOf(snap, id)?.name, lang) || id)).join(', ');
}

function incidentCard(snap: StatusSnapshot, i: SnapIncident, lang: Lang, headingLevel = 3): string {
  const t = T[lang];
  const hx = `h${headingLevel}`;
  const updates = i.updates
    .map(
      (u) =>
        `<li><p class="ds-paragraph" data-size="sm"><strong>${h(t.incidentStatus[u.status])}</strong> – <time datetime="${h(u.at)}">${h(formatTime(u.at, lang))}</time></p>${prose(u.body)}</li>`,
    )
    .join('');
  const impact = incidentImpact(i);
  return `<article class="ds-card sp-card" data-color="${impact === 'critical' ? 'danger' : impact === 'none' ? 'neutral' : 'warning'}" aria-labelledby="inc-${h(i.id)}">
<${hx} class="ds-heading" data-size="xs" id="inc-${h(i.id)}"><a class="ds-link" href="${h(href(`/status/incidents/${encodeURIComponent(i.ref)}`, lang))}">${h(i.title)}</a></${hx}>
<p class="ds-paragraph" data-size="sm"><span class="ds-tag" data-color="${i.status === 'resolved' ? 'success' : 'warning'}">${h(t.incidentStatus[i.status])}</span>${
    i.components.length ? ` ${h(t.affects)}: ${componentNames(snap, i.components, lang)}` : ''
  }</p>
<ol class="sp-updates">${updates}</ol>
</article>`;
}

function noticeWhen(n: SnapNotice, lang: Lang): string {
  const from = `<time datetime="${h(n.startsAt)}">${h(formatTime(n.startsAt, lang))}</time>`;
  if (!n.endsAt) return from;
  // The same Oslo day: only the end's clock time.
  const end = sameOsloDay(n.startsAt, n.endsAt) ? formatClock(n.endsAt, lang) : formatTime(n.endsAt, lang);
  return `${from}–<time datetime="${h(n.endsAt)}">${h(end)}</time>`;
}

function noticeItem(snap: StatusSnapshot, n: SnapNotice, lang: Lang): string {
  const t = T[lang];
  const text = noticeText(n, lang);
  return `<li class="sp-notice">
<p class="ds-paragraph"><a class="ds-link" href="${h(href(`/status/maintenance/${encodeURIComponent(n.ref)}`, lang))}">${h(text.title)}</a>
<span class="ds-tag" data-color="${n.state === 'in_progress' ? 'info' : n.state === 'cancelled' ? 'neutral' : 'accent'}">${h(t.noticeState[n.state])}</span></p>
<p class="ds-paragraph" data-size="sm">${h(pick(n.className, lang))} · ${noticeWhen(n, lang)}${n.components.length ? ` · ${h(t.affects)}: ${componentNames(snap, n.components, lang)}` : ''}</p>
</li>`;
}

function monthCell(m: SnapMonth | undefined, lang: Lang, current: boolean): string {
  const t = T[lang];
  if (!m) return '<td>–</td>';
  const verdict = m.met === null ? '' : current && m.met ? ` <span class="sp-muted">(${h(t.pending)})</span>` : ` <span class="ds-tag" data-color="${m.met ? 'success' : 'danger'}">${h(m.met ? t.met : t.notMet)}</span>`;
  return `<td>${h(formatPercent(m.availability, lang))}${verdict}</td>`;
}

function monthlyTable(snap: StatusSnapshot, lang: Lang, components = snap.components): string {
  const t = T[lang];
  const months = components[0]?.months.map((m) => m.month) ?? [];
  if (months.length === 0) return `<p class="ds-paragraph">${h(t.noData)}</p>`;
  const rows = components
    .map(
      (c) =>
        `<tr><th scope="row"><a class="ds-link" href="${h(href(`/status/components/${encodeURIComponent(c.id)}`, lang))}">${h(pick(c.name, lang))}</a></th><td>${h(formatPercent(c.target, lang))}</td>${months
          .map((mo, k) => monthCell(c.months.find((m) => m.month === mo), lang, k === 0))
          .join('')}</tr>`,
    )
    .join('');
  return `<div class="sp-table-wrap"><table class="ds-table" data-size="sm">
<caption class="ds-sr-only">${h(t.monthly)}</caption>
<thead><tr><th scope="col">${h(t.component)}</th><th scope="col">${h(t.target)}</th>${months.map((m) => `<th scope="col">${h(formatMonth(m, lang))}</th>`).join('')}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

function subscribeForm(snap: StatusSnapshot, lang: Lang): string {
  const t = T[lang];
  const boxes = snap.components
    .map(
      (c) =>
        `<div class="ds-field"><input class="ds-input" type="checkbox" name="components" value="${h(c.id)}" id="sub-${h(c.id)}"><label class="ds-label" for="sub-${h(c.id)}" data-weight="regular">${h(pick(c.name, lang))}</label></div>`,
    )
    .join('');
  return `<section aria-labelledby="subscribe" class="sp-section">
<h2 class="ds-heading" data-size="sm" id="subscribe">${h(t.subscribe)}</h2>
<p class="ds-paragraph">${h(t.subscribeIntro)}</p>
<form method="post" action="/status/subscribe" class="sp-form">
<input type="hidden" name="lang" value="${lang}">
<div class="ds-field"><label class="ds-label" for="sub-email">${h(t.email)}</label><input class="ds-input" type="email" id="sub-email" name="email" required autocomplete="email"></div>
<fieldset class="ds-fieldset"><legend class="ds-label">${h(t.chooseComponents)}</legend><div class="sp-checks">${boxes}</div></fieldset>
<button class="ds-button" data-variant="primary" type="submit">${h(t.subscribeButton)}</button>
</form>
</section>`;
}

function feedLinks(lang: Lang): string {
  const t = T[lang];
  const links: [string, string][] = [
    [href('/status/feed.rss', lang), t.rss],
    [href('/status/feed.atom', lang), t.atom],
    [href('/status/maintenance.ics', lang), t.ics],
    [href('/status/meetings.ics', lang), t.meetingsIcs],
    [href('/status/changelog.rss', lang), t.changelogRss],
    [href('/api/v2/summary.json', lang), t.apiLink],
  ];
  return `<ul class="sp-links">${links.map(([u, l]) => `<li><a class="ds-link" href="${h(u)}">${h(l)}</a></li>`).join('')}</ul>`;
}

// ------------------------------------------------------------------------------------------------ pages

export function renderHome(snap: StatusSnapshot, opts: RenderOptions): string {
  const { lang } = opts;
  const t = T[lang];
  const indicator = overallIndicator(snap);
  const open = snap.incidents.filter(isOpenIncident);
  const now = snap.notices.filter(isActiveNotice);
  const upcoming = snap.notices.filter(isUpcomingNotice).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const groups = snap.groups
    .map((g) => {
      const items = g.components
        .map((id) => componentOf(snap, id))
        .filter((c): c is SnapComponent => Boolean(c))
        .map(
          (c) => `<li class="sp-component">
<div class="sp-component-head"><a class="ds-link sp-component-name" href="${h(href(`/status/components/${encodeURIComponent(c.id)}`, lang))}">${h(pick(c.name, lang))}</a>${stateTag(c.state, lang)}</div>
${bars(c, lang, snap.historyDays)}
</li>`,
        )
        .join('');
      const heading = g.standalone ? '' : `<h3 class="ds-heading" data-size="xs" id="group-${h(g.id)}">${h(pick(g.name, lang))}</h3>${g.description ? `<p class="ds-paragraph sp-muted" data-size="sm">${h(pick(g.description, lang))}</p>` : ''}`;
      return `<section class="sp-group"${g.standalone ? '' : ` aria-labelledby="group-${h(g.id)}"`}>${heading}<ul class="sp-components">${items}</ul></section>`;
    })
    .join('\n');
  const body = `<h1 class="ds-heading" data-size="lg">${h(pick(snap.page.name, lang))}</h1>
<div class="ds-alert sp-banner" data-color="${INDICATOR_COLOR[indicator]}" role="status"><h2 class="ds-heading" data-size="sm">${h(indicatorText(indicator, lang))}</h2></div>

<section aria-labelledby="active" class="sp-section">
<h2 class="ds-heading" data-size="md" id="active">${h(t.activeIncidents)}</h2>
${open.length ? open.map((i) => incidentCard(snap, i, lang)).join('\n') : `<p class="ds-paragraph">${h(t.noActiveIncidents)}</p>`}
</section>

${now.length ? `<section aria-labelledby="maint-now" class="sp-section"><h2 class="ds-heading" data-size="md" id="maint-now">${h(t.maintenanceNow)}</h2><ul class="sp-list">${now.map((n) => noticeItem(snap, n, lang)).join('')}</ul></section>` : ''}

<section aria-labelledby="components" class="sp-section">
<h2 class="ds-heading" data-size="md" id="components">${h(t.components)}</h2>
<p class="ds-paragraph sp-muted" data-size="sm">${h(t.uptimeLegend(snap.historyDays))}</p>
${groups}
</section>

<section aria-labelledby="maint-next" class="sp-section">
<h2 class="ds-heading" data-size="md" id="maint-next">${h(t.maintenanceUpcoming)}</h2>
${upcoming.length ? `<ul class="sp-list">${upcoming.map((n) => noticeItem(snap, n, lang)).join('')}</ul>` : `<p class="ds-paragraph">${h(t.noMaintenance)}</p>`}
</section>

<section aria-labelledby="monthly" class="sp-section">
<h2 class="ds-heading" data-size="md" id="monthly">${h(t.monthly)}</h2>
<p class="ds-paragraph sp-muted" data-size="sm">${h(t.monthlyIntro)}</p>
${monthlyTable(snap, lang)}
</section>

<section aria-labelledby="more" class="sp-section">
<h2 class="ds-heading" data-size="md" id="more">${h(t.feeds)}</h2>
<ul class="sp-links">
<li><a class="ds-link" href="${h(href('/status/incidents', lang))}">${h(t.history)}</a></li>
<li><a class="ds-link" href="${h(href('/status/changelog', lang))}">${h(t.changelog)}</a></li>
<li><a class="ds-link" href="${h(href('/status/roadmap', lang))}">${h(t.roadmap)}</a></li>
<li><a class="ds-link" href="${h(href('/status/meetings', lang))}">${h(t.meetings)}</a></li>
</ul>
${feedLinks(lang)}
</section>

${subscribeForm(snap, lang)}`;
  return layout(snap, opts, { title: pick(snap.page.name, lang), path: '/status', body });
}

function monthKey(iso: string): string {
  // Oslo month of an instant.
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit' }).formatToParts(d);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

export function renderHistory(snap: StatusSnapshot, opts: RenderOptions): string {
  const { lang } = opts;
  const t = T[lang];
  const byMonth = new Map<string, SnapIncident[]>();
  for (const i of snap.incidents) {
    const k = monthKey(i.reportedAt);
    byMonth.set(k, [...(byMonth.get(k) ?? []), i]);
  }
  const past = snap.notices.filter((n) => n.state === 'completed' || n.state === 'cancelled').sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  const months = [...byMonth.entries()]
    .sort((a, b) => b[0].localeCompare(a[0]))
    .map(
      ([m, list]) =>
        `<section aria-labelledby="m-${m}" class="sp-section"><h2 class="ds-heading" data-size="sm" id="m-${m}">${h(formatMonth(m, lang))}</h2>${list.map((i) => incidentCard(snap, i, lang)).join('\n')}</section>`,
    )
    .join('\n');
  const body = `<h1 class="ds-heading" data-size="lg">${h(t.history)}</h1>
<p class="ds-paragraph">${h(t.historyIntro)}</p>
${months || `<p class="ds-paragraph">${h(t.noHistory)}</p>`}
${past.length ? `<section aria-labelledby="past-maint" class="sp-section"><h2 class="ds-heading" data-size="sm" id="past-maint">${h(t.pastMaintenance)}</h2><ul class="sp-list">${past.map((n) => noticeItem(snap, n, lang)).join('')}</ul></section>` : ''}
<p class="ds-paragraph"><a class="ds-link" href="${h(href('/status', lang))}">${h(t.back)}</a></p>`;
  return layout(snap, opts, { title: t.history, path: '/status/incidents', body });
}

export function renderIncident(snap: StatusSnapshot, opts: RenderOptions, ref: string): string | null {
  const { lang } = opts;
  const t = T[lang];
  const i = snap.incidents.find((x) => x.ref === ref || x.id === ref);
  if (!i) return null;
  const facts = `<dl class="sp-facts">
<dt>${h(t.reported)}</dt><dd><time datetime="${h(i.reportedAt)}">${h(formatTime(i.reportedAt, lang))}</time></dd>
${i.resolvedAt && i.status === 'resolved' ? `<dt>${h(t.resolved)}</dt><dd><time datetime="${h(i.resolvedAt)}">${h(formatTime(i.resolvedAt, lang))}</time></dd>` : ''}
${i.components.length ? `<dt>${h(t.affects)}</dt><dd>${componentNames(snap, i.components, lang)}</dd>` : ''}
</dl>`;
  const updates = i.updates
    .map(
      (u) =>
        `<li><h3 class="ds-heading" data-size="2xs">${h(t.incidentStatus[u.status])} – <time datetime="${h(u.at)}">${h(formatTime(u.at, lang))}</time></h3>${prose(u.body)}</li>`,
    )
    .join('');
  const body = `<p class="ds-paragraph" data-size="sm">${h(t.incident)} ${h(i.ref)}</p>
<h1 class="ds-heading" data-size="lg">${h(i.title)}</h1>
<p class="ds-paragraph"><span class="ds-tag" data-color="${i.status === 'resolved' ? 'success' : 'warning'}">${h(t.incidentStatus[i.status])}</span></p>
${facts}
<section aria-labelledby="updates" class="sp-section"><h2 class="ds-heading" data-size="sm" id="updates">${h(t.updates)}</h2><ol class="sp-updates">${updates}</ol></section>
<p class="ds-paragraph"><a class="ds-link" href="${h(href('/status/incidents', lang))}">${h(t.history)}</a> · <a class="ds-link" href="${h(href('/status', lang))}">${h(t.back)}</a></p>`;
  return layout(snap, opts, { title: i.title, path: `/status/incidents/${encodeURIComponent(i.ref)}`, body });
}

export function renderNotice(snap: StatusSnapshot, opts: RenderOptions, ref: string): string | null {
  const { lang } = opts;
  const t = T[lang];
  const n = snap.notices.find((x) => x.ref === ref || x.id === ref);
  if (!n) return null;
  const text = noticeText(n, lang);
  const apis = n.apis.length
    ? `<section aria-labelledby="apis" class="sp-section"><h2 class="ds-heading" data-size="sm" id="apis">${h(t.affectedApis)}</h2><div class="sp-table-wrap"><table class="ds-table" data-size="sm"><thead><tr><th scope="col">${lang === 'nb' ? 'Metode' : 'Method'}</th><th scope="col">${lang === 'nb' ? 'Sti' : 'Path'}</th><th scope="col">${h(t.sunset)}</th></tr></thead><tbody>${n.apis
        .map((a) => `<tr><td><code>${h(a.method)}</code></td><td><code>${h(a.path)}</code></td><td><time datetime="${h(a.sunsetAt)}">${h(formatTime(a.sunsetAt, lang))}</time></td></tr>`)
        .join('')}</tbody></table></div></section>`
    : '';
  const updates = [...n.updates]
    .reverse()
    .filter((u) => u.body || u.bodyEn)
    .map(
      (u) =>
        `<li><p class="ds-paragraph" data-size="sm"><strong>${h((T[lang].noticeState as Record<string, string>)[u.kind] ?? u.kind)}</strong> – <time datetime="${h(u.at)}">${h(formatTime(u.at, lang))}</time></p>${prose((lang === 'en' && u.bodyEn) || u.body)}</li>`,
    )
    .join('');
  const body = `<p class="ds-paragraph" data-size="sm">${h(pick(n.className, lang))} ${h(n.ref)}</p>
<h1 class="ds-heading" data-size="lg">${h(text.title)}</h1>
<p class="ds-paragraph"><span class="ds-tag" data-color="${n.state === 'in_progress' ? 'info' : n.state === 'cancelled' ? 'neutral' : 'accent'}">${h(t.noticeState[n.state])}</span></p>
<dl class="sp-facts">
<dt>${h(t.when)}</dt><dd>${noticeWhen(n, lang)}</dd>
${n.components.length ? `<dt>${h(t.affects)}</dt><dd>${componentNames(snap, n.components, lang)}</dd>` : ''}
</dl>
${n.late ? `<div class="ds-alert" data-color="warning"><p class="ds-paragraph">${h(t.late)}</p></div>` : ''}
${prose(text.body)}
${apis}
${updates ? `<section aria-labelledby="updates" class="sp-section"><h2 class="ds-heading" data-size="sm" id="updates">${h(t.updates)}</h2><ol class="sp-updates">${updates}</ol></section>` : ''}
<p class="ds-paragraph"><a class="ds-link" href="${h(href('/status/maintenance.ics', lang))}">${h(t.ics)}</a> · <a class="ds-link" href="${h(href('/status', lang))}">${h(t.back)}</a></p>`;
  return layout(snap, opts, { title: text.title, path: `/status/maintenance/${encodeURIComponent(n.ref)}`, body });
}

export function renderComponent(snap: StatusSnapshot, opts: RenderOptions, id: string): string | null {
  const { lang } = opts;
  const t = T[lang];
  const c = componentOf(snap, id);
  if (!c) return null;
  const monthRows = c.months
    .map(
      (m, k) => `<tr><th scope="row">${h(formatMonth(m.month, lang))}</th><td>${h(formatPercent(m.availability, lang))}</td><td>${
        m.met === null ? '–' : k === 0 && m.met ? h(t.pending) : `<span class="ds-tag" data-color="${m.met ? 'success' : 'danger'}">${h(m.met ? t.met : t.notMet)}</span>`
      }</td><td>${h(formatDuration(m.windowMs, lang))}</td><td>${h(formatDuration(m.downMs, lang))}</td><td>${h(formatDuration(m.budgetLeftMs, lang))}</td></tr>`,
    )
    .join('');
  const related = snap.incidents.filter((i) => i.components.includes(c.id)).slice(0, 10);
  const notices = snap.notices.filter((n) => n.components.includes(c.id) && (n.state === 'scheduled' || n.state === 'in_progress'));
  const body = `<h1 class="ds-heading" data-size="lg">${h(pick(c.name, lang))}</h1>
${c.description ? prose(pick(c.description, lang)) : ''}
<dl class="sp-facts">
<dt>${h(t.currentState)}</dt><dd>${stateTag(c.state, lang)}${c.since ? ` ${h(t.since)} <time datetime="${h(c.since)}">${h(formatTime(c.since, lang))}</time>` : ''}</dd>
<dt>${h(t.operatingWindow)}</dt><dd>${h(c.classDescription ? pick(c.classDescription, lang) : (t.windows[c.operatingWindow] ?? c.operatingWindow))}</dd>
<dt>${h(t.target)}</dt><dd>${h(formatPercent(c.target, lang))} (${h(c.clauses.join(', '))})</dd>
</dl>
${bars(c, lang, snap.historyDays)}
<section aria-labelledby="monthly" class="sp-section">
<h2 class="ds-heading" data-size="sm" id="monthly">${h(t.monthly)}</h2>
<p class="ds-paragraph sp-muted" data-size="sm">${h(t.monthlyIntro)}</p>
<div class="sp-table-wrap"><table class="ds-table" data-size="sm"><thead><tr><th scope="col">${lang === 'nb' ? 'Måned' : 'Month'}</th><th scope="col">${h(t.availability)}</th><th scope="col">${h(t.target)} ${h(formatPercent(c.target, lang))}</th><th scope="col">${lang === 'nb' ? 'Åpningstid' : 'Operating time'}</th><th scope="col">${lang === 'nb' ? 'Nedetid' : 'Downtime'}</th><th scope="col">${h(t.budgetLeft)}</th></tr></thead><tbody>${monthRows}</tbody></table></div>
</section>
${c.docs.length ? `<section aria-labelledby="docs" class="sp-section"><h2 class="ds-heading" data-size="sm" id="docs">${h(t.documentation)}</h2><ul class="sp-links">${c.docs.map((d) => `<li><a class="ds-link" href="${h(d.url)}">${h(pick(d.title, lang))}</a></li>`).join('')}</ul></section>` : ''}
${notices.length ? `<section aria-labelledby="maint" class="sp-section"><h2 class="ds-heading" data-size="sm" id="maint">${h(t.maintenanceUpcoming)}</h2><ul class="sp-list">${notices.map((n) => noticeItem(snap, n, lang)).join('')}</ul></section>` : ''}
<section aria-labelledby="hist" class="sp-section"><h2 class="ds-heading" data-size="sm" id="hist">${h(t.history)}</h2>${related.length ? related.map((i) => incidentCard(snap, i, lang, 3)).join('\n') : `<p class="ds-paragraph">${h(t.noHistory)}</p>`}</section>
<p class="ds-paragraph"><a class="ds-link" href="${h(href('/status', lang))}">${h(t.back)}</a></p>`;
  return layout(snap, opts, { title: pick(c.name, lang), path: `/status/components/${encodeURIComponent(c.id)}`, body });
}

function postItem(snap: StatusSnapshot, p: SnapPost, lang: Lang): string {
  const t = T[lang];
  const text = postText(p, lang);
  const meta = [
    t.postKind[p.kind],
    p.version,
    p.roadmapState ? (t.roadmapState[p.roadmapState] ?? p.roadmapState) : null,
    p.target,
    p.components.length ? componentNames(snap, p.components, lang) : null,
  ].filter(Boolean);
  return `<article class="sp-post" id="post-${h(p.id)}" aria-labelledby="post-${h(p.id)}-title">
<h2 class="ds-heading" data-size="xs" id="post-${h(p.id)}-title">${h(text.title)}</h2>
<p class="ds-paragraph sp-muted" data-size="sm"><time datetime="${h(p.publishedAt)}">${h(formatTime(p.publishedAt, lang))}</time> · ${meta.map((m) => h(m)).join(' · ')}</p>
${prose(text.body)}
</article>`;
}

export function renderPosts(snap: StatusSnapshot, opts: RenderOptions, which: 'changelog' | 'roadmap'): string {
  const { lang } = opts;
  const t = T[lang];
  const posts = snap.posts
    .filter((p) => (which === 'roadmap' ? p.kind === 'roadmap' : p.kind !== 'roadmap'))
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  const title = which === 'roadmap' ? t.roadmap : t.changelog;
  const body = `<h1 class="ds-heading" data-size="lg">${h(title)}</h1>
${which === 'changelog' ? `<p class="ds-paragraph"><a class="ds-link" href="${h(href('/status/changelog.rss', lang))}">${h(t.changelogRss)}</a></p>` : ''}
${posts.length ? posts.map((p) => postItem(snap, p, lang)).join('\n') : `<p class="ds-paragraph">${h(t.noPosts)}</p>`}
<p class="ds-paragraph"><a class="ds-link" href="${h(href('/status', lang))}">${h(t.back)}</a></p>`;
  return layout(snap, opts, { title, path: `/status/${which}`, body });
}

export function renderMeetings(snap: StatusSnapshot, opts: RenderOptions): string {
  const { lang } = opts;
  const t = T[lang];
  const items = [...snap.meetings]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map(
      (m) => `<li class="sp-notice">
<p class="ds-paragraph"><strong>${h(m.title)}</strong>${m.cancelled ? ` <span class="ds-tag" data-color="neutral">${h(t.cancelled)}</span>` : ''}</p>
<p class="ds-paragraph" data-size="sm"><time datetime="${h(m.startsAt)}">${h(formatTime(m.startsAt, lang))}</time> – <time datetime="${h(m.endsAt)}">${h(formatTime(m.endsAt, lang))}</time>${m.location ? ` · ${h(t.location)}: ${h(m.location)}` : ''}${m.url ? ` · <a class="ds-link" href="${h(m.url)}">${h(m.url)}</a>` : ''}</p>
${m.description ? prose(m.description) : ''}
</li>`,
    )
    .join('');
  const body = `<h1 class="ds-heading" data-size="lg">${h(t.meetings)}</h1>
<p class="ds-paragraph">${h(t.meetingsIntro)} <a class="ds-link" href="${h(href('/status/meetings.ics', lang))}">${h(t.meetingsIcs)}</a></p>
${items ? `<ul class="sp-list">${items}</ul>` : `<p class="ds-paragraph">${h(t.noMeetings)}</p>`}
<p class="ds-paragraph"><a class="ds-link" href="${h(href('/status', lang))}">${h(t.back)}</a></p>`;
  return layout(snap, opts, { title: t.meetings, path: '/status/meetings', body });
}

export function renderNotFound(snap: StatusSnapshot, opts: RenderOptions, path: string): string {
  const t = T[opts.lang];
  return layout(snap, opts, {
    title: t.notFound,
    path,
    body: `<h1 class="ds-heading" data-size="lg">${h(t.notFound)}</h1><p class="ds-paragraph">${h(t.notFoundText)}</p><p class="ds-paragraph"><a class="ds-link" href="${h(href('/status', opts.lang))}">${h(t.back)}</a></p>`,
  });
}

/** Before any snapshot exists (first start with the database unreachable). */
export function renderUnavailable(lang: Lang, stylesheet = '/status/assets/style.css'): string {
  const t = T[lang];
  return `<!doctype html>
<html lang="${lang}" data-color-scheme="light"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${h(t.unavailable)}</title><link rel="stylesheet" href="${h(stylesheet)}"></head>
<body><main id="main" class="sp-wrap"><h1 class="ds-heading" data-size="lg">${h(t.unavailable)}</h1><p class="ds-paragraph">${h(t.unavailableText)}</p></main></body></html>
`;
}
