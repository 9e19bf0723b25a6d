import { Checkbox, Fieldset, Tag, ValidationMessage } from '@digdir/designsystemet-react';
import { useMessages } from '../../app/i18n.ts';
import { ORG_KINDS } from '../../app/types.ts';
import type { OrgKind } from '../../app/types.ts';
import { orgMessages } from './messages.ts';

type Props = { value: OrgKind[]; onChange: (kinds: OrgKind[]) => void; error?: string; testIdPrefix: string };

export function KindsFieldset({ value, onChange, error, testIdPrefix }: Props) {
  const { t } = useMessages(orgMessages);
  return (
    <Fieldset>
      <Fieldset.Legend>{t('orgs.kinds')}</Fieldset.Legend>
      <Fieldset.Description>{t('orgs.kindsHint')}</Fieldset.Description>
      {ORG_KINDS.map((kind) => (
        <Checkbox
          key={kind}
          label={t(`kind.${kind}`)}
          value={kind}
          checked={value.includes(kind)}
          onChange={(e) => onChange(e.target.checked ? [...value, kind] : value.filter((k) => k !== kind))}
          aria-invalid={error ? true : undefined}
          data-testid={`${testIdPrefix}-${kind}`}
        />
      ))}
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Fieldset>
  );
}

/** The kinds of an organisation as tags. */
export function KindTags({ kinds, size }: { kinds: readonly OrgKind[]; size?: 'sm' }) {
  const { t } = useMessages(orgMessages);
  return (
    <span className="tag-list">
      {kinds.map((k) => (
        <Tag key={k} data-color="neutral" data-size={size}>
          {t(`kind.${k}`)}
        </Tag>
      ))}
    </span>
  );
}
