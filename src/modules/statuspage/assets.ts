/**
 * The status page's stylesheet: Designsystemet's component CSS and the Digdir theme (the portal's look), followed
 * by the page's own rules (layout, availability bars). Read once and served with a content hash in its URL and a
 * year-long immutable cache. Without the Designsystemet packages (a production install without dev dependencies)
 * the page still works with its own rules alone.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Own rules: layout and the availability bars (colours from Designsystemet's tokens, with fallbacks). */
export const OWN_CSS = `
body{margin:0;font-family:var(--ds-font-family, system-ui, sans-serif);background:var(--ds-color-neutral-background-default,#fff);color:var(--ds-color-neutral-text-default,#1e2b3c)}
.sp-wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
.sp-header{border-bottom:1px solid var(--ds-color-neutral-border-subtle,#d2d5d9);margin-bottom:1.5rem}
.sp-bar{display:flex;justify-content:space-between;align-items:center;min-height:3.5rem;gap:1rem}
.sp-brand{font-weight:600;font-size:1.125rem;color:inherit;text-decoration:none}
.sp-brand:hover,.sp-brand:focus-visible{text-decoration:underline}
main:focus{outline:none}
.sp-banner{margin:1rem 0 2rem}
.sp-section{margin:2.5rem 0}
.sp-group{margin:1.5rem 0}
.sp-components,.sp-list,.sp-links,.sp-updates{list-style:none;margin:0;padding:0}
.sp-component{padding:.75rem 0;border-bottom:1px solid var(--ds-color-neutral-border-subtle,#e6e8eb)}
.sp-component-head{display:flex;justify-content:space-between;align-items:center;gap:1rem;margin-bottom:.5rem}
.sp-component-name{font-weight:500}
.sp-bars{margin:0}
.sp-bars svg{display:block;width:100%;height:2rem}
.sp-bars-caption{display:flex;justify-content:space-between;font-size:.8125rem;color:var(--ds-color-neutral-text-subtle,#5d6b7d);margin-top:.25rem}
.sp-day-operational{fill:var(--ds-color-success-base-default,#068718)}
.sp-day-degraded_performance{fill:var(--ds-color-warning-base-default,#ea9b1b)}
.sp-day-partial_outage{fill:#e46d0a}
.sp-day-major_outage{fill:var(--ds-color-danger-base-default,#c01b1b)}
.sp-day-under_maintenance{fill:var(--ds-color-info-base-default,#0a71c0)}
.sp-day-none{fill:var(--ds-color-neutral-border-subtle,#d2d5d9)}
.sp-bars rect:hover{opacity:.7}
.sp-card{margin:1rem 0;padding:1rem 1.25rem}
.sp-updates>li{margin:.75rem 0;padding-left:.75rem;border-left:3px solid var(--ds-color-neutral-border-subtle,#d2d5d9)}
.sp-notice{padding:.75rem 0;border-bottom:1px solid var(--ds-color-neutral-border-subtle,#e6e8eb)}
.sp-notice p{margin:.125rem 0}
.sp-links{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:.75rem 0}
.sp-muted{color:var(--ds-color-neutral-text-subtle,#5d6b7d)}
.sp-facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0}
.sp-facts dt{font-weight:600}
.sp-facts dd{margin:0}
.sp-table-wrap{overflow-x:auto}
.sp-table-wrap table{width:100%}
.sp-form{display:grid;gap:1rem;max-width:36rem}
.sp-checks{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.25rem 1rem}
.sp-post{padding:1rem 0;border-bottom:1px solid var(--ds-color-neutral-border-subtle,#e6e8eb)}
.sp-footer{margin-top:3rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid var(--ds-color-neutral-border-subtle,#d2d5d9)}
.sp-state{white-space:nowrap}
`;

function readPackageFile(spec: string): string {
  try {
    return readFileSync(require.resolve(spec), 'utf8');
  } catch {
    return '';
  }
}

export interface Stylesheet {
  css: string;
  etag: string;
  /** Versioned path to link to. */
  path: string;
  /** Whether Designsystemet's files were found. */
  designsystemet: boolean;
}

let cached: Stylesheet | undefined;

export function stylesheet(): Stylesheet {
  if (cached) return cached;
  const ds = readPackageFile('@digdir/designsystemet-css');
  const theme = readPackageFile('@digdir/designsystemet-theme/digdir.css');
  const css = [ds, theme, OWN_CSS].filter(Boolean).join('\n');
  const hash = createHash('sha256').update(css).digest('base64url').slice(0, 16);
  cached = { css, etag: `"${hash}"`, path: `/status/assets/style.css?v=${hash}`, designsystemet: Boolean(ds && theme) };
  return cached;
}
