/**
 * The printable receipt of an acceptance of the terms (T-1.1): one self-contained HTML page (inline CSS only, which the
 * Content-Security-Policy allows), in Norwegian with English subtitles. It names who signed for which organisation,
 * what they stated and attested, which text (version and SHA-256), when (Europe/Oslo) and from where, and the hash of
 * the audit entry that recorded it, so anyone with the audit log can verify it (`samsvar audit verify`).
 */
import { DateTime } from 'luxon';

export interface ReceiptData {
  acceptance: {
    id: string;
    signerName: string;
    signerEmail: string;
    signingAuthority: boolean;
    attestCustomerAgreements: boolean;
    attestAccessControl: boolean;
    attestPlatformTerms: boolean;
    textSha256: string;
    acceptedAt: Date;
    clientIp: string | null;
  };
  version: { version: string; title: string; sha256: string; effectiveAt: Date; demo: boolean };
  org: { name: string; orgNumber: string };
  audit: { seq: number; hash: string } | null;
  publicUrl: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function osloTime(d: Date): string {
  const dt = DateTime.fromJSDate(d, { zone: 'Europe/Oslo' });
  return `${dt.toFormat('dd.MM.yyyy HH:mm:ss')} (${dt.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ")}, Europe/Oslo)`;
}

function orgNo(n: string): string {
  return /^\d{9}$/.test(n) ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : n;
}

export function renderReceipt(d: ReceiptData): string {
  const e = escapeHtml;
  const a = d.acceptance;
  const check = (ok: boolean) => (ok ? '☑' : '☐');
  const row = (nb: string, en: string, value: string) =>
    `<tr><th scope="row">${e(nb)}<span class="en">${e(en)}</span></th><td>${value}</td></tr>`;
  const attest = (ok: boolean, nb: string, en: string, clause: string) =>
    `<li><span class="box" aria-hidden="true">${check(ok)}</span><span>${e(nb)} <span class="clause">(${clause})</span><span class="en">${e(en)}</span></span></li>`;
  return `<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kvittering for aksept av bruksvilkår – ${e(d.org.name)} – versjon ${e(d.version.version)}</title>
<style>
  :root { color-scheme: light; }
  body { font-family: Inter, "Segoe UI", Roboto, Arial, sans-serif; color: #1e2b3c; margin: 0; background: #f4f5f6; }
  main { max-width: 46rem; margin: 2rem auto; background: #fff; padding: 2.5rem 3rem; border: 1px solid #d2d7dd; border-radius: 6px; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.05rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #d2d7dd; padding-bottom: .25rem; }
  .en { display: block; color: #5b6878; font-size: .82em; font-weight: normal; font-style: italic; }
  .sub { color: #5b6878; margin: 0 0 1.5rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: .45rem .5rem; border-bottom: 1px solid #eceff2; }
  th { width: 38%; font-weight: 600; }
  code, .mono { font-family: "JetBrains Mono", Consolas, monospace; font-size: .85em; word-break: break-all; }
  ul.att { list-style: none; padding: 0; margin: 0; }
  ul.att li { display: flex; gap: .6rem; padding: .35rem 0; }
  .box { font-size: 1.2em; line-height: 1; }
  .clause { color: #5b6878; font-size: .85em; }
  .demo { background: #fff4d6; border: 1px solid #e8c46b; padding: .6rem .8rem; border-radius: 4px; margin-bottom: 1rem; }
  .statement { background: #f0f6fb; border-left: 4px solid #1e6fb5; padding: .8rem 1rem; }
  footer { margin-top: 2rem; color: #5b6878; font-size: .85em; }
  @media print { body { background: #fff; } main { border: 0; margin: 0; max-width: none; padding: 0; } }
</style>
</head>
<body>
<main>
  ${d.version.demo ? `<p class="demo"><strong>Demonstrasjon.</strong> Denne versjonen er et sammendrag laget for demodata, ikke Digdirs vilkårstekst.<span class="en">Demonstration: this version is a summary made for demo data, not Digdir's text.</span></p>` : ''}
  <h1>Kvittering for aksept av bruksvilkår<span class="en">Receipt for the acceptance of the terms of use</span></h1>
  <p class="sub">Bruksvilkår for sluttbrukersystemleverandører i Altinn<span class="en">Terms of use for vendors of end-user systems in Altinn</span></p>

  <h2>Virksomhet og signatar<span class="en">Organisation and signer</span></h2>
  <table>
    ${row('Virksomhet', 'Organisation', e(d.org.name))}
    ${row('Organisasjonsnummer', 'Organisation number', `<span class="mono">${e(orgNo(d.org.orgNumber))}</span>`)}
    ${row('Signert av', 'Signed by', `${e(a.signerName)}<br><span class="mono">${e(a.signerEmail)}</span>`)}
  </table>

  <h2>Erklæring om signaturrett<span class="en">Statement of authority</span></h2>
  <p class="statement">${check(a.signingAuthority)} ${e(a.signerName)} erklærer å ha rett til å akseptere bruksvilkårene på vegne av ${e(d.org.name)} <span class="clause">(T-1.1)</span>.
    <span class="en">${e(a.signerName)} states that they may accept the terms of use on behalf of ${e(d.org.name)}.</span></p>

  <h2>Bekreftelser<span class="en">Attestations</span></h2>
  <ul class="att">
    ${attest(a.attestCustomerAgreements, 'Leverandøren har avtaler med sine kunder som dekker bruken av Altinn.', 'The vendor has agreements with its customers that cover the use of Altinn.', 'T-1.2')}
    ${attest(a.attestAccessControl, 'Leverandøren har tilgangsstyring i eget system.', 'The vendor runs access control in its own system.', 'T-1.2')}
    ${attest(a.attestPlatformTerms, 'Vilkårene for Maskinporten og/eller ID-porten er akseptert.', 'The terms of Maskinporten and/or ID-porten are accepted.', 'T-1.2.2')}
  </ul>

  <h2>Vilkårene som ble akseptert<span class="en">The terms accepted</span></h2>
  <table>
    ${row('Versjon', 'Version', e(d.version.version))}
    ${row('Tittel', 'Title', e(d.version.title))}
    ${row('I kraft fra', 'Effective from', e(osloTime(d.version.effectiveAt)))}
    ${row('SHA-256 av teksten', 'SHA-256 of the text', `<code>${e(a.textSha256)}</code>`)}
  </table>

  <h2>Aksepten<span class="en">The acceptance</span></h2>
  <table>
    ${row('Tidspunkt', 'Time', e(osloTime(a.acceptedAt)))}
    ${row('Klientens IP-adresse', 'Client IP address', `<span class="mono">${e(a.clientIp ?? '–')}</span>`)}
    ${row('Aksept-ID', 'Acceptance id', `<code>${e(a.id)}</code>`)}
    ${row('Revisjonslogg (løpenummer og hash)', 'Audit log (sequence and hash)', d.audit ? `nr. ${d.audit.seq}<br><code>${e(d.audit.hash)}</code>` : '–')}
  </table>

  <footer>
    <p>Aksepten er lagret i Samsvar og kan ikke endres eller slettes; en senere versjon erstatter den. Hashen over viser til posten i den hash-kjedede revisjonsloggen og kan kontrolleres med <code>samsvar audit verify</code>.
    <span class="en">The acceptance is stored in Samsvar and cannot be changed or deleted; a later version supersedes it. The hash above refers to the entry in the hash-chained audit log and can be checked with <code>samsvar audit verify</code>.</span></p>
    <p>${e(d.publicUrl)}</p>
  </footer>
</main>
</body>
</html>
`;
}
