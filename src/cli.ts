/** The `samsvar` command. */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ConfigError, configDocs, loadConfig, ROLES, type Config, type ProcessRole } from './config.ts';
import { demoLoginTable, loadDemo } from './demo.ts';
import { formatInstant, formatLocal, parseInstant } from './kernel/worktime/index.ts';
import { computeDue, openIntervals } from './modules/calendars/index.ts';
import { modules } from './modules/index.ts';
import { verifyAudit } from './platform/audit/index.ts';
import { HttpProblem } from './platform/http/problem.ts';
import { checkPolicyText, loadClausesFile, loadPolicy, PolicyError } from './platform/policy/index.ts';
import { closeContext, createContext, startSamsvar } from './server.ts';
import { createLogger } from './platform/http/logger.ts';
import { addMember, createOrganisation, createUser } from './modules/accounts/index.ts';
import { isRole, ORG_KINDS, USER_ROLES, type OrgKind } from './platform/auth/index.ts';
import { ensureWebBuilt } from './webbuild.ts';

const out = (s: string) => process.stdout.write(s + '\n');
const err = (s: string) => process.stderr.write(s + '\n');

function config(overrides: Partial<Config> = {}): Config {
  return loadConfig(process.env, overrides);
}

/** A quiet context for one-shot commands (logs only warnings). */
async function quietContext(cfg: Config) {
  return createContext(cfg, { log: createLogger('warn') });
}

function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  let last = -1;
  return (done: number, total: number) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === last) return;
    last = pct;
    const width = 30;
    const fill = Math.round((pct / 100) * width);
    const line = `${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${pct}% (${done}/${total})`;
    if (tty) process.stderr.write(`\r${line}`);
    else if (pct % 25 === 0) process.stderr.write(line + '\n');
    if (tty && done >= total) process.stderr.write('\n');
  };
}

export function buildCli(): Command {
  const program = new Command('samsvar')
    .description('Samsvar: the Altinn terms of use and service level agreement as software (SLA engine, status page, API gateway).')
    .showHelpAfterError();

  program
    .command('start')
    .description('Start Samsvar: all roles in one process by default, on the embedded database unless DATABASE_URL is set.')
    .addOption(new Option('--roles <roles>', `comma-separated roles to play (${ROLES.join(', ')})`))
    .option('--demo', 'load the demo data (idempotent) and print the demo log-ins')
    .option('--port <port>', 'port of the api role (overrides PORT)')
    .option('--no-web-build', 'do not build the portal when web/dist is missing')
    .action(async (o: { roles?: string; demo?: boolean; port?: string; webBuild: boolean }) => {
      const overrides: Partial<Config> = {};
      if (o.roles) overrides.ROLES = o.roles.split(',').map((r) => r.trim()) as ProcessRole[];
      const cfg = config(overrides);
      for (const r of cfg.ROLES) if (!ROLES.includes(r)) throw new ConfigError('--roles', `"${r}" is not one of ${ROLES.join(', ')}`, 'command line');
      if (o.port) cfg.PORT = Number(o.port);
      // Demo mode for the whole process (e.g. the demo monitors may check Samsvar's own PUBLIC_URL).
      if (o.demo) cfg.DEMO = true;
      if (cfg.ROLES.includes('api') && o.webBuild) await ensureWebBuilt(cfg, (s) => err(s));
      const running = await startSamsvar(cfg, { onReady: ({ detail }) => err(`✓ ${detail}`) });
      if (o.demo || cfg.DEMO) {
        await loadDemo(running.ctx, modules, (l) => err(`  ${l}`));
        const base = running.url ?? cfg.PUBLIC_URL;
        err(`\nDemo log-ins at ${base}/login:\n${demoLoginTable()}\n`);
        err(`Public status page (no log-in): ${base}/status · Statuspage-compatible JSON: ${base}/api/v2/summary.json\n`);
      }
      err(`Samsvar is running (${running.roles.join(', ')}) on ${running.ctx.database.kind === 'pglite' ? `the embedded database in ${cfg.DATA_DIR}` : 'PostgreSQL'}. Ctrl-C stops it.`);
      const shutdown = async (sig: string) => {
        err(`\n${sig}: stopping…`);
        await running.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
    });

  program
    .command('migrate')
    .description('Apply the database migrations (start does this too) and exit.')
    .action(async () => {
      const ctx = await quietContext(config());
      out(`migrations applied: ${await ctx.database.migrationsApplied()} (${ctx.database.kind})`);
      await closeContext(ctx);
    });

  program
    .command('demo')
    .description('Load the demo data (idempotent) and print the demo log-ins.')
    .action(async () => {
      const ctx = await quietContext(config());
      await loadDemo(ctx, modules, out);
      out(`\nDemo log-ins:\n${demoLoginTable()}`);
      await closeContext(ctx);
    });

  program
    .command('config')
    .description('List every configuration key with its default and what it does.')
    .action(() => {
      for (const k of configDocs()) out(`${k.key}${k.default ? ` (default: ${k.default})` : ''}\n    ${k.doc}`);
    });

  const policy = program.command('policy').description('The agreement policy.');
  policy
    .command('check')
    .description('Validate a policy file; errors name the path and what was expected.')
    .argument('<file>', 'policy YAML file')
    .option('--clauses <file>', 'clause register to check clause IDs against', 'policies/clauses.yaml')
    .action((file: string, o: { clauses: string }) => {
      const clauses = loadClausesFile(o.clauses);
      const res = checkPolicyText(readFileSync(file, 'utf8'), file, clauses.clauses.map((c) => c.id));
      if (!res.ok) {
        err(`${file}: ${res.errors.length} error(s)`);
        for (const e of res.errors) err(`  ${e.path || '/'}: ${e.message}`);
        process.exitCode = 1;
        return;
      }
      const p = res.policy;
      out(`${file}: valid — ${p.name.en} (version ${p.version}); calendars: ${Object.keys(p.calendars).join(', ')}`);
    });

  const cal = program.command('calendar').description('Working calendars: due dates and opening hours.');
  cal
    .command('list')
    .description('List the calendars of the policy.')
    .action(() => {
      const cfg = config();
      const rt = loadPolicy(cfg.POLICY_FILE, cfg.CLAUSES_FILE);
      for (const [name, spec] of Object.entries(rt.policy.calendars)) out(`${name.padEnd(12)} ${spec.description ?? ''}`);
    });
  cal
    .command('due')
    .description('Print when something is due, as ISO 8601 with the Oslo offset.')
    .requiredOption('--calendar <name>', 'calendar name (always, servicedesk, abs, tul, …)')
    .requiredOption('--from <instant>', 'start: ISO instant, or local YYYY-MM-DDTHH:mm (Europe/Oslo)')
    .option('--working-days <n>', 'whole working days')
    .option('--working-hours <n>', 'working hours (may be fractional)')
    .option('--hours <n>', 'calendar hours')
    .option('--local', 'also print the Norwegian local time')
    .action((o: { calendar: string; from: string; workingDays?: string; workingHours?: string; hours?: string; local?: boolean }) => {
      const cfg = config();
      const rt = loadPolicy(cfg.POLICY_FILE, cfg.CLAUSES_FILE);
      const num = (v: string | undefined, name: string) => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isFinite(n)) throw new HttpProblem(400, 'validation', `--${name} must be a number, got "${v}"`);
        return n;
      };
      const r = computeDue(rt, o.calendar, {
        from: o.from,
        workingDays: num(o.workingDays, 'working-days'),
        workingHours: num(o.workingHours, 'working-hours'),
        hours: num(o.hours, 'hours'),
      });
      out(o.local ? `${r.due}  (${r.dueLocal})` : r.due);
    });
  cal
    .command('open')
    .description('List the open intervals of a calendar between two dates (local days, inclusive).')
    .requiredOption('--calendar <name>', 'calendar name')
    .requiredOption('--from <date>', 'first day YYYY-MM-DD (or an instant)')
    .requiredOption('--to <date>', 'last day YYYY-MM-DD (or an instant)')
    .action((o: { calendar: string; from: string; to: string }) => {
      const cfg = config();
      const rt = loadPolicy(cfg.POLICY_FILE, cfg.CLAUSES_FILE);
      // A bare date as "to" means the whole of that day.
      const to = /^\d{4}-\d{2}-\d{2}$/.test(o.to) ? formatInstant(parseInstant(o.to) + 36 * 3600_000).slice(0, 10) : o.to;
      const items = openIntervals(rt, o.calendar, o.from, to);
      for (const iv of items) out(`${iv.start}  →  ${iv.end}   ${formatLocal(parseInstant(iv.start))}–${formatLocal(parseInstant(iv.end)).slice(11)}`);
      if (items.length === 0) out('(closed the whole period)');
    });

  const audit = program.command('audit').description('The hash-chained audit log.');
  audit
    .command('verify')
    .description('Recompute the hash chain; exit 1 and name the first bad entry if anything was changed, deleted or reordered. With --file, verify an export offline instead.')
    .option('--file <file>', "an export of a vendor's gateway call records (JSON lines from the portal or /api/v1/audit/exports/gateway-calls), verified offline")
    .action(async (o: { file?: string }) => {
      if (o.file) {
        const { verifyExport } = await import('./platform/audit/export.ts');
        let text: string;
        try {
          text = readFileSync(o.file, 'utf8');
        } catch (e) {
          err(`cannot read ${o.file}: ${(e as Error).message}`);
          process.exitCode = 1;
          return;
        }
        const res = verifyExport(text.split('\n'));
        if (res.ok) {
          out(`export intact: ${res.calls} call records of ${res.vendor!.name} (${res.vendor!.orgNumber}) from ${res.from} to ${res.to}`);
          if (res.firstSeq !== undefined) out(`chain entries ${res.firstSeq}–${res.lastSeq} (${res.batches} batches of calls with others' lines as hashes only, ${res.links} entries of others as hashes only); last hash ${res.lastHash} — compare it with the live log`);
        } else {
          err(`export BROKEN at ${res.badSeq !== undefined ? `entry ${res.badSeq} (line ${res.badLine})` : `line ${res.badLine}`}: ${res.reason}`);
          process.exitCode = 1;
        }
        return;
      }
      const ctx = await quietContext(config());
      const res = await verifyAudit(ctx.db, progressBar('verifying'));
      await closeContext(ctx);
      if (res.ok) out(`audit log intact: ${res.checked} entries, head ${res.headHash}`);
      else {
        err(`audit log BROKEN at entry ${res.firstBadSeq}: ${res.reason} (${res.checked} entries verified before it)`);
        process.exitCode = 1;
      }
    });

  const terms = program.command('terms').description('The terms of use for vendors (T-8): versions and their publication.');
  terms
    .command('publish')
    .description("Publish a version of the terms from a Markdown file; prints its SHA-256 and how many vendors were notified.")
    .requiredOption('--file <file>', 'the terms as Markdown (UTF-8); the SHA-256 is computed from its exact bytes')
    .requiredOption('--version <label>', 'version label, e.g. 2026-1')
    .requiredOption('--title <title>', 'title of the terms')
    .requiredOption('--effective <instant>', 'when it takes effect: ISO instant, or local YYYY-MM-DD[THH:mm] in Europe/Oslo')
    .requiredOption('--change-log <text>', 'what changed (kept in the change log)')
    .action(async (o: { file: string; version: string; title: string; effective: string; changeLog: string }) => {
      const text = readFileSync(o.file, 'utf8');
      const ctx = await quietContext(config());
      try {
        const { publishVersion } = await import('./modules/terms/index.ts');
        const res = await publishVersion(ctx, null, { version: o.version, title: o.title, text, effectiveAt: o.effective, changeLog: o.changeLog }, { actorLabel: 'cli' });
        out(`published terms version ${res.version.version} (effective ${res.version.effectiveAt}, id ${res.version.id})`);
        out(`sha256: ${res.version.sha256}`);
        out(`vendors notified: ${res.vendorsNotified} (${res.addressesNotified} addresses)`);
      } finally {
        await closeContext(ctx);
      }
    });
  terms
    .command('list')
    .description('List the published versions of the terms, newest first.')
    .action(async () => {
      const ctx = await quietContext(config());
      try {
        const { listVersions } = await import('./modules/terms/service.ts');
        const items = await listVersions(ctx);
        for (const v of items) out(`${v.version.padEnd(14)} ${v.status.padEnd(10)} ${v.effectiveAt}  ${v.sha256}  ${v.title}${v.demo ? ' (demo)' : ''}`);
        if (items.length === 0) out('(no versions published)');
      } finally {
        await closeContext(ctx);
      }
    });

  const user = program.command('user').description('Accounts (for bootstrapping a production installation).');
  user
    .command('create')
    .description('Create a user with a password and a role in an organisation (created if missing).')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .requiredOption('--org-number <orgNumber>')
    .option('--org-name <name>', 'name of the organisation if it must be created')
    .option('--org-kind <kind>', `kind of a new organisation (${ORG_KINDS.join(', ')})`, 'operator')
    .requiredOption('--role <role>', USER_ROLES.join(', '))
    .action(async (o: { email: string; name: string; orgNumber: string; orgName?: string; orgKind: string; role: string }) => {
      if (!isRole(o.role)) throw new HttpProblem(400, 'validation', `--role must be one of ${USER_ROLES.join(', ')}`);
      const password = process.env.SAMSVAR_PASSWORD;
      if (!password) throw new HttpProblem(400, 'validation', 'Give the password in the SAMSVAR_PASSWORD environment variable (not on the command line).');
      const ctx = await quietContext(config());
      try {
        await ctx.db.transaction(async (tx) => {
          const { authTables } = await import('./platform/auth/index.ts');
          const { eq } = await import('drizzle-orm');
          const [org] = await tx.select().from(authTables.organisations).where(eq(authTables.organisations.orgNumber, o.orgNumber));
          const orgId =
            org?.id ??
            (await createOrganisation(ctx, null, { orgNumber: o.orgNumber, name: o.orgName ?? o.orgNumber, kinds: [o.orgKind as OrgKind] }, tx)).id;
          const u = await createUser(tx, { label: 'cli' }, { email: o.email, name: o.name, password });
          await addMember(tx, { label: 'cli' }, orgId, u.id, o.role as never);
          out(`created ${u.email} (${o.role}) in ${o.orgNumber}`);
        });
      } finally {
        await closeContext(ctx);
      }
    });

  return program;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (e) {
    if (e instanceof ConfigError) err(`Configuration error: ${e.message}`);
    else if (e instanceof PolicyError) err(e.message);
    else if (e instanceof HttpProblem) err(`Error: ${e.message}${e.errors ? `\n${e.errors.map((x) => `  ${x.field}: ${x.message}`).join('\n')}` : ''}`);
    else err(`Error: ${(e as Error).stack ?? e}`);
    process.exitCode = process.exitCode || 2;
  }
}
