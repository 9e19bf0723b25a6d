import { Checkbox, Fieldset, Heading } from '@digdir/designsystemet-react';
import { useMessages } from '../../app/i18n.ts';
import type { ComponentClass } from './api.ts';
import { incidentMessages } from './messages.ts';

export function toggle(list: string[], id: string, on: boolean): string[] {
  return on ? [...new Set([...list, id])] : list.filter((x) => x !== id);
}

/** Affected components, grouped by the policy's component classes (used when reporting and when editing). */
export function ComponentChoice({ classes, value, onChange }: { classes: ComponentClass[]; value: string[]; onChange: (next: string[]) => void }) {
  const { t, pick } = useMessages(incidentMessages);
  if (classes.length === 0) return null;
  return (
    <Fieldset>
      <Fieldset.Legend>{t('new.components')}</Fieldset.Legend>
      <Fieldset.Description>{t('new.componentsHint')}</Fieldset.Description>
      {classes.map((c) => (
        <div key={c.id} className="stack">
          <Heading level={3} data-size="2xs">
            {pick(c.name)}
          </Heading>
          <div className="inc-checkbox-grid">
            {c.components.map((comp) => (
              <Checkbox
                key={comp.id}
                label={pick(comp.name)}
                value={comp.id}
                checked={value.includes(comp.id)}
                onChange={(e) => onChange(toggle(value, comp.id, e.target.checked))}
                data-testid={`incident-component-${comp.id}`}
              />
            ))}
          </div>
        </div>
      ))}
    </Fieldset>
  );
}
