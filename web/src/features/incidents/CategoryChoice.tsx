import { Fieldset, Paragraph, Radio, ValidationMessage } from '@digdir/designsystemet-react';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import type { CategoryInfo } from './api.ts';
import { incidentMessages } from './messages.ts';
import { CategoryTag, useClockKind } from './Tags.tsx';

type Target = CategoryInfo['targets'][number];

/** "Responstid: 1 arbeidstime(r)" — a target's duration in words, or "tracked without a deadline". */
export function useTargetText(): (target: Target) => string {
  const { t } = useMessages(incidentMessages);
  const kindOf = useClockKind();
  return (target) => {
    const d = target.duration;
    const duration = d ? t(`unit.${d.unit}` as 'unit.hours', { n: d.amount }) : t('target.none');
    return t('target.line', { kind: kindOf(target), duration });
  };
}

type Props = {
  categories: readonly CategoryInfo[];
  value: string;
  onChange: (key: string) => void;
  /** The incident's category now (re-classification marks it). */
  current?: string;
  error?: string;
  name: string;
  legend: string;
  description?: string;
  /** Prefix of the radios' test ids: `<prefix>-A`. */
  testId: string;
};

/** The policy's categories as radios, each with its definition, examples and deadlines [S-2.1]. */
export function CategoryChoice({ categories, value, onChange, current, error, name, legend, description, testId }: Props) {
  const { t, pick } = useMessages(incidentMessages);
  const targetText = useTargetText();
  const sorted = [...categories].sort((a, b) => a.rank - b.rank);
  return (
    <Fieldset>
      <Fieldset.Legend>{legend}</Fieldset.Legend>
      {description && <Fieldset.Description>{description}</Fieldset.Description>}
      <div className="inc-category-choice">
        {sorted.map((c) => (
          <div key={c.key} className="inc-category-option" data-category={c.key} data-selected={value === c.key}>
            <Radio
              name={name}
              value={c.key}
              checked={value === c.key}
              onChange={() => onChange(c.key)}
              label={
                <span className="button-row">
                  <CategoryTag category={c.key} name={c.name} />
                  {current === c.key && <span className="muted">{t('classify.current')}</span>}
                </span>
              }
              description={pick(c.definition)}
              data-testid={`${testId}-${c.key}`}
            />
            {c.examples.length > 0 && (
              <details open>
                <summary className="muted">{t('new.examples')}</summary>
                <ul className="inc-category-option__examples">
                  {c.examples.map((e, i) => (
                    <li key={i}>{pick(e)}</li>
                  ))}
                </ul>
              </details>
            )}
            <div className="inc-category-option__targets">
              {c.targets.map((target) => (
                <Paragraph key={target.id} data-size="sm">
                  <strong>{targetText(target)}</strong>
                  {target.description ? ` – ${pick(target.description)}` : ''}
                </Paragraph>
              ))}
              <ClauseTags ids={[...new Set([...c.clauses, ...c.targets.flatMap((x) => x.clauses)])]} />
            </div>
          </div>
        ))}
      </div>
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Fieldset>
  );
}
