/**
 * Gate 6 of the gateway: product rules from the policy's `productRules` (T-2.2). A rule names a route of a product
 * and an action:
 *   - flag:   the call goes through; the answer carries `Samsvar-Notice: <clause> "<message>"` and
 *             `Link: <link>; rel="alternate"`, and `samsvar_gateway_product_rule_total{action="flag"}` counts it;
 *   - refuse: 403 problem `product-rule-refused` with the message, the clause and the link.
 * Rules are compiled into a Map by route id once, at gateway start; the check is one Map lookup.
 */
import { Counter } from 'prom-client';
import type { Catalogue, GatewayEnv } from '../../kernel/gateway/index.ts';
import type { ProductRule } from '../../kernel/policy/index.ts';
import type { GatewayPlugin } from '../gateway/proxy.ts';
import { Refusal } from '../gateway/proxy.ts';
import type { GatewayMetrics } from '../gateway/recorder.ts';

interface CompiledRule {
  rule: ProductRule;
  envs: ReadonlySet<GatewayEnv>;
  notice: string;
  link?: string;
}

/** Header values are ASCII: the English message, with quotes and backslashes escaped. */
const quoted = (s: string) => `"${s.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, '\\$&')}"`;

export function compileProductRules(rules: readonly ProductRule[], catalogue: Catalogue): Map<string, CompiledRule> {
  const out = new Map<string, CompiledRule>();
  for (const rule of rules) {
    const product = catalogue.products.get(rule.product);
    if (!product || !product.routes.some((r) => r.id === rule.route)) throw new Error(`product rule ${rule.id}: "${rule.route}" is not a route of product "${rule.product}"`);
    if (out.has(rule.route)) throw new Error(`product rule ${rule.id}: route "${rule.route}" already has a rule`);
    out.set(rule.route, {
      rule,
      envs: new Set(rule.environments ?? ['test', 'production']),
      notice: `${rule.clauses[0]} ${quoted(rule.message.en)}`,
      link: rule.link ? `<${rule.link}>; rel="alternate"` : undefined,
    });
  }
  return out;
}

export function productRulesGate(rules: readonly ProductRule[], catalogue: Catalogue, metrics: GatewayMetrics): GatewayPlugin | undefined {
  const compiled = compileProductRules(rules, catalogue);
  if (!compiled.size) return undefined;
  const hits =
    (metrics.registry.getSingleMetric('samsvar_gateway_product_rule_total') as Counter<'rule' | 'action' | 'env' | 'vendor'> | undefined) ??
    new Counter({
      name: 'samsvar_gateway_product_rule_total',
      help: 'Calls a product rule (gate 6) flagged or refused, by rule, action, environment and vendor (organisation number).',
      labelNames: ['rule', 'action', 'env', 'vendor'],
      registers: [metrics.registry],
    });
  return {
    name: 'product-rules',
    gate(st, rec, headers) {
      const c = compiled.get(st.route.id);
      if (!c || !c.envs.has(st.env)) return;
      hits.inc({ rule: c.rule.id, action: c.rule.action, env: st.env, vendor: rec.vendorOrgNo ?? 'unknown' });
      if (c.rule.action === 'refuse') {
        throw new Refusal(403, 'product-rule-refused', `${c.rule.message.en}${c.rule.link ? ` See ${c.rule.link}.` : ''}`, c.rule.clauses[0], {
          rule: c.rule.id,
          message: c.rule.message,
          ...(c.rule.link ? { link: c.rule.link } : {}),
        }, c.link ? { link: c.link } : {});
      }
      headers['samsvar-notice'] = headers['samsvar-notice'] ? `${headers['samsvar-notice']}, ${c.notice}` : c.notice;
      if (c.link) headers.link = headers.link ? `${headers.link}, ${c.link}` : c.link;
    },
  };
}
